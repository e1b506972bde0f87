// readErrorBody: the one bounded, secret-scrubbing reader of upstream error bodies, and the four
// places that pass such bodies on (REST sendUpstream, REST sendFailure via Transport.json, MCP
// toToolResult, REST forward).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardHandler } from '../../packages/runtime/src/forward.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { toToolResult } from '../../packages/runtime/src/mcp.js';
import { ERROR_BODY_MAX_BYTES, readBytesBounded, readErrorBody } from '../../packages/runtime/src/read-body.js';
import type { RequestPlan } from '../../packages/runtime/src/request-plan.js';
import { sendFailure } from '../../packages/runtime/src/rest-errors.js';
import { sendUpstream } from '../../packages/runtime/src/rest-passthrough.js';
import { registerSecrets } from '../../packages/runtime/src/secrets.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import { UpstreamNetworkError } from '../../packages/runtime/src/upstream-errors.js';
import { memoryStream, sleep, startUpstream, type Upstream } from './helpers.js';

const SECRET = 'sk-live-0123456789abcdef';
/** A secret with characters JSON escapes: an upstream answering JSON echoes it escaped. */
const QUOTED = 'pw"with\\quote';
const plan = (path: string): RequestPlan => ({ operation: 'test.op', method: 'GET', path });

/** A body whose secret starts `inside` bytes before byte `cut`, where a bounded read cuts it. */
function straddling(cut: number, inside: number): string {
  return `${'x'.repeat(cut - inside)}${SECRET} and more`;
}

describe('readErrorBody', () => {
  let up: Upstream;
  let closedEarly = false;
  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/echo':
          res.writeHead(401, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: `invalid key ${SECRET}` }));
        case '/escaped':
          res.writeHead(401, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: `invalid password ${QUOTED}` }));
        case '/straddle':
          res.writeHead(500, { 'content-type': 'text/plain' });
          return void res.end(straddling(Number(url.searchParams.get('cut')), Number(url.searchParams.get('inside'))));
        case '/binary':
          res.writeHead(400, { 'content-type': 'application/octet-stream' });
          return void res.end(Buffer.from([0xff, 0xfe, 0x41, 0x80]));
        case '/endless': {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.on('close', () => {
            if (!res.writableFinished) closedEarly = true;
          });
          const chunk = Buffer.alloc(64 * 1024, 0x45);
          const pump = (): void => {
            while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
          };
          return void pump();
        }
        default:
          res.writeHead(404);
          return void res.end();
      }
    });
  });
  afterAll(() => up.close());
  beforeAll(() => registerSecrets(() => [SECRET, QUOTED]));
  afterAll(() => registerSecrets(() => []));

  const send = (path: string) => new Transport({ baseUrl: up.url, retry: { retries: 0 } }).send(plan(path));

  it('replaces a bound secret in the body', async () => {
    const r = await readErrorBody(await send('/echo'));
    expect(r).toMatchObject({ text: '{"error":"invalid key [redacted]"}', truncated: false });
    expect(r.bytes.toString('utf8')).toBe(r.text);
  });

  it('also replaces a secret the upstream JSON-escaped (the old scrubbers let it through)', async () => {
    const r = await readErrorBody(await send('/escaped'));
    expect(r.text).toBe('{"error":"invalid password [redacted]"}');
    expect(r.text).not.toContain(JSON.stringify(QUOTED).slice(1, -1));
  });

  it('stops at the budget, says so and destroys the rest of the stream', async () => {
    const r = await readErrorBody(await send('/endless'), { maxBytes: 1000 });
    expect(r).toMatchObject({ text: 'E'.repeat(1000), truncated: true });
    expect(r.bytes.byteLength).toBe(1000);
    for (let i = 0; i < 50 && !closedEarly; i++) await sleep(20);
    expect(closedEarly).toBe(true);
  });

  it.each([1, 4, 10, SECRET.length - 1])(
    'leaves no start of a secret the cut split (%i characters of it before the cut)',
    async (inside) => {
      // Before, the kept text ended with those characters of the secret: `…xxxsk-live-01` for 10.
      const r = await readErrorBody(await send(`/straddle?cut=1000&inside=${inside}`), { maxBytes: 1000 });
      expect(r.truncated).toBe(true);
      expect(r.text).toBe('x'.repeat(1000 - inside));
      expect(r.bytes.toString('utf8')).toBe(r.text);
    },
  );

  it('keeps a secret the cut left whole, redacted, and the text after it', async () => {
    const r = await readErrorBody(await send(`/straddle?cut=1000&inside=${SECRET.length + 4}`), { maxBytes: 1000 });
    expect(r.text).toBe(`${'x'.repeat(1000 - SECRET.length - 4)}[redacted] and`);
  });

  it('passes a body with nothing to scrub on byte for byte (a binary body survives)', async () => {
    const r = await readErrorBody(await send('/binary'));
    expect([...r.bytes]).toEqual([0xff, 0xfe, 0x41, 0x80]);
  });

  it('reads a Node stream too (a proxied response), with the same rules', async () => {
    const r = await readErrorBody(Readable.from([Buffer.from(`key ${SECRET.slice(0, 12)}`), Buffer.from(`${SECRET.slice(12)} end`)]));
    expect(r.text).toBe('key [redacted] end');
    const cut = await readErrorBody(Readable.from([Buffer.from(`key ${SECRET}`)]), { maxBytes: 10 });
    expect(cut).toMatchObject({ text: 'key ', truncated: true });
  });

  it('reads a fetch response (a web stream) through the same budget', async () => {
    const t = new Transport({ baseUrl: up.url, retry: { retries: 0 }, fetch });
    const r = await readErrorBody(await t.send(plan('/straddle?cut=500&inside=6')), { maxBytes: 500 });
    expect(r).toMatchObject({ text: 'x'.repeat(494), truncated: true });
    expect(ERROR_BODY_MAX_BYTES).toBe(1024 * 1024);
  });
});

describe('the error bodies callers see', () => {
  let up: Upstream;
  let app: Server;
  let appUrl = '';
  const cut = ERROR_BODY_MAX_BYTES;
  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      if (req.url?.includes('straddle')) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        return void res.end(straddling(cut, 10));
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `invalid password ${QUOTED} or key ${SECRET}` }));
    });
    const transport = new Transport({ baseUrl: up.url, retry: { retries: 0 } });
    const log = createLogger('t', () => [], memoryStream().stream);
    const e = express();
    e.get('/raw/:what', async (req, res) => sendUpstream(res, await transport.send(plan(`/${req.params.what}`))));
    e.get('/json/:what', async (req, res) => {
      await transport.json(plan(`/${req.params.what}`)).catch((err: unknown) => sendFailure(res, err, log));
    });
    e.all('/fwd/*rest', forwardHandler({ prefix: '/fwd/', trustedHeaders: [], target: () => ({ baseUrl: up.url }) }, log));
    app = createServer(e);
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await up.close();
    app.closeAllConnections();
    app.close();
  });
  beforeAll(() => registerSecrets(() => [SECRET, QUOTED]));
  afterAll(() => registerSecrets(() => []));

  it.each(['raw', 'json', 'fwd'])('REST (%s): the status, a scrubbed body, no escaped secret', async (kind) => {
    const res = await fetch(`${appUrl}/${kind}/echo`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid password [redacted] or key [redacted]' });
  });

  it.each([
    ['raw', 'true'],
    ['json', null],
    ['fwd', null],
  ])('REST (%s): an oversized body is cut at 1 MiB, without the start of the secret the cut split', async (kind, flag) => {
    const res = await fetch(`${appUrl}/${kind}/straddle`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-naftiko-truncated')).toBe(flag);
    const text = await res.text();
    expect(text).toBe('x'.repeat(cut - 10));
  });

  it('MCP: an error result with the scrubbed body', async () => {
    const t = new Transport({ baseUrl: up.url, retry: { retries: 0 } });
    const r = await toToolResult(await t.send(plan('/echo')), { maxBytes: 10_000 });
    expect(r.isError).toBe(true);
    expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual({ status: 401, body: { error: 'invalid password [redacted] or key [redacted]' } });
    const cutResult = await toToolResult(await t.send(plan('/straddle')), { maxBytes: cut });
    const payload = JSON.parse((cutResult.content[0] as { text: string }).text) as { body: string; truncated: boolean };
    expect(payload.truncated).toBe(true);
    expect(payload.body).toBe('x'.repeat(cut - 10));
  });
});

describe('readBytesBounded', () => {
  /** A stream of `chunks`, each given on its own turn, that notes when it is destroyed. */
  function chunked(chunks: readonly string[]): Readable & { wasDestroyed: () => boolean; pulled: () => number } {
    let i = 0;
    let destroyed = false;
    const stream = new Readable({
      read() {
        setImmediate(() => this.push(i < chunks.length ? Buffer.from(chunks[i++]!) : null));
      },
      destroy(err, cb) {
        destroyed = true;
        cb(err);
      },
    });
    return Object.assign(stream, { wasDestroyed: () => destroyed, pulled: () => i });
  }

  it('a body of exactly the limit is kept whole, not truncated', async () => {
    const got = await readBytesBounded(chunked(['abc', 'def', 'gh']), 8, 'test.op');
    expect(got).toEqual({ bytes: Buffer.from('abcdefgh'), truncated: false });
  });

  it('one byte over the limit: the limit kept, truncated, the stream destroyed there', async () => {
    const stream = chunked(['abc', 'def', 'ghi', 'never read']);
    const got = await readBytesBounded(stream, 8, 'test.op');
    expect(got.bytes.toString()).toBe('abcdefgh');
    expect(got.truncated).toBe(true);
    expect(stream.wasDestroyed()).toBe(true);
    expect(stream.pulled()).toBeLessThan(4);
  });

  it('no stream is an empty body', async () => {
    expect(await readBytesBounded(null, 8, 'test.op')).toEqual({ bytes: Buffer.alloc(0), truncated: false });
  });

  it('an error mid-stream rejects with UpstreamNetworkError naming the operation', async () => {
    const stream = chunked(['abc', 'def']);
    stream.once('data', () => setImmediate(() => stream.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))));
    const err = await readBytesBounded(stream, 100, 'test.op').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamNetworkError);
    expect((err as Error).message).toBe('test.op: the upstream response body could not be read (ECONNRESET)');
  });

  it('an abort mid-stream rejects with the abort itself, not a network error', async () => {
    const stream = chunked(['abc', 'def']);
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    stream.once('data', () => setImmediate(() => stream.destroy(abort)));
    await expect(readBytesBounded(stream, 100, 'test.op')).rejects.toBe(abort);
  });

  it('a stream closed early without an error rejects too (a cut body is not a whole one)', async () => {
    const stream = chunked(['abc', 'def']);
    stream.once('data', () => setImmediate(() => stream.destroy()));
    await expect(readBytesBounded(stream, 100, 'test.op')).rejects.toBeInstanceOf(UpstreamNetworkError);
  });
});
