// Transport options out of range are a TypeError naming the option and the accepted range: at
// construction for timeoutMs and maxJsonBytes, at the call for CallOptions.timeoutMs. Never a
// silent default, an immediate timeout or a body limit that refuses everything.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transport } from '../../packages/runtime/src/transport.js';
import { startUpstream, type Upstream } from './helpers.js';

describe('Transport option checks', () => {
  let up: Upstream;
  beforeAll(async () => {
    up = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  afterAll(async () => {
    await up.close();
  });

  it('timeoutMs: 1 to 2147483647, or 0 or Infinity for none; NaN, negative, fractions below 1 and larger values are refused', () => {
    for (const ok of [1, 1.5, 5000, 2_147_483_647, 0, Number.POSITIVE_INFINITY]) {
      expect(() => new Transport({ baseUrl: up.url, timeoutMs: ok }), String(ok)).not.toThrow();
    }
    for (const bad of [Number.NaN, -1, -Infinity, 0.5, 2_147_483_648, '100' as unknown as number]) {
      expect(() => new Transport({ baseUrl: up.url, timeoutMs: bad }), String(bad)).toThrow(
        new TypeError(`timeoutMs must be a number of milliseconds from 1 to 2147483647, or 0 or Infinity for no timeout (got ${String(bad)})`),
      );
    }
  });

  it('maxJsonBytes: a whole number of bytes, at least 1', async () => {
    for (const bad of [Number.NaN, 0, -1, 1.5, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => new Transport({ baseUrl: up.url, maxJsonBytes: bad }), String(bad)).toThrow(
        new TypeError(`maxJsonBytes must be a whole number of bytes from 1 to 9007199254740991 (got ${String(bad)})`),
      );
    }
    const t = new Transport({ baseUrl: up.url, maxJsonBytes: 1024, retry: { retries: 0 } });
    expect(await t.json({ operation: 'op', method: 'GET', path: '/' })).toEqual({ ok: true });
  });

  it('CallOptions.timeoutMs is checked per call: a bad one rejects with a TypeError before anything is sent', async () => {
    const t = new Transport({ baseUrl: up.url, retry: { retries: 0 } });
    const plan = { operation: 'op', method: 'GET', path: '/' };
    for (const bad of [-5, Number.NaN]) {
      await expect(t.json(plan, { timeoutMs: bad })).rejects.toThrow(/^CallOptions\.timeoutMs must be a number of milliseconds from 1 to 2147483647/);
      await expect(t.send(plan, { timeoutMs: bad })).rejects.toBeInstanceOf(TypeError);
    }
    expect(await t.json(plan, { timeoutMs: 0 })).toEqual({ ok: true });
    expect(await t.json(plan, { timeoutMs: 2000 })).toEqual({ ok: true });
  });
});

describe('runtime doc comments', () => {
  it('no declaration carries two stacked doc comments (transport.ts json() had a stale one)', () => {
    const dir = join(import.meta.dirname, '../../packages/runtime/src');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/\*\/\n[ \t]*\/\*\*/);
    }
    const transport = readFileSync(join(dir, 'transport.ts'), 'utf8');
    const doc = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\n\s*async json</.exec(transport)?.[1] ?? '';
    expect(doc).toContain('resolves with the parsed 2xx body');
    expect(doc).toContain('UpstreamHttpError');
  });
});
