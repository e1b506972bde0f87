import { PassThrough } from 'node:stream';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startUpstream } from './helpers.js';
import { RELAY_COLLECT_BYTES, exposedCollector, relayCounter } from '../../packages/runtime/src/relay-memory.js';

describe('relayCounter', () => {
  it('asks for one minor collection per RELAY_COLLECT_BYTES relayed, across calls', () => {
    const calls: unknown[] = [];
    const note = relayCounter((o) => calls.push(o));
    const chunk = 64 * 1024;
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk) note(chunk);
    // 10 MiB in 64 KiB chunks: at 4 MiB and 8 MiB.
    expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }]);
    expect(RELAY_COLLECT_BYTES).toBe(4 * 1024 * 1024);
  });

  it('counts bytes, not calls: one large chunk triggers at once', () => {
    let n = 0;
    const note = relayCounter(() => n++, 1000);
    note(999);
    expect(n).toBe(0);
    note(1);
    expect(n).toBe(1);
    note(5000);
    expect(n).toBe(2);
  });

  it('does nothing without a collector', () => {
    const note = relayCounter(undefined, 1);
    expect(() => note(10)).not.toThrow();
  });
});

describe('countRelayed and the relaying paths', () => {
  const saved = (globalThis as { gc?: unknown }).gc;
  afterEach(() => {
    (globalThis as { gc?: unknown }).gc = saved;
    vi.resetModules();
  });

  it('uses the gc node exposes, and the piped data still arrives whole and in order', async () => {
    const calls: unknown[] = [];
    (globalThis as { gc?: unknown }).gc = (o: unknown) => calls.push(o);
    expect(exposedCollector()).toBe((globalThis as { gc?: unknown }).gc);
    vi.resetModules();
    const { countRelayed } = await import('../../packages/runtime/src/relay-memory.js');
    const source = new PassThrough();
    const sink = new PassThrough();
    countRelayed(source);
    source.pipe(sink);
    const received: Buffer[] = [];
    sink.on('data', (c: Buffer) => received.push(c));
    const chunks = Array.from({ length: 80 }, (_, i) => Buffer.alloc(64 * 1024, i));
    for (const c of chunks) source.write(c);
    source.end();
    await new Promise((r) => sink.on('end', r));
    expect(Buffer.concat(received).equals(Buffer.concat(chunks))).toBe(true);
    // 5 MiB relayed: one collection at 4 MiB.
    expect(calls).toEqual([{ type: 'minor' }]);
  });

  it('finds no collector when node does not expose gc', () => {
    (globalThis as { gc?: unknown }).gc = undefined;
    expect(exposedCollector()).toBeUndefined();
  });

  it('sendUpstream: 10 MiB streamed through a REST route asks for two minor collections', async () => {
    const calls: unknown[] = [];
    (globalThis as { gc?: unknown }).gc = (o: unknown) => calls.push(o);
    vi.resetModules();
    const { sendUpstream } = await import('../../packages/runtime/src/rest-passthrough.js');
    const { Transport } = await import('../../packages/runtime/src/transport.js');
    const total = 10 * 1024 * 1024;
    const up = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(total, 0x61));
    });
    const transport = new Transport({ baseUrl: `${up.url}/v1` });
    const app = express();
    app.get('/out', async (_req, res) => sendUpstream(res, await transport.send({ operation: 'o', method: 'GET', path: '/o' })));
    const adapter = await startUpstream(app);
    try {
      const body = await (await fetch(`${adapter.url}/out`)).arrayBuffer();
      expect(body.byteLength).toBe(total);
      expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }]);
    } finally {
      await adapter.close();
      await up.close();
    }
  });
});
