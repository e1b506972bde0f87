// The node:http(s) transport: redirects, compressed bodies, the fetch option, stale keep-alive
// sockets, and sendUpstream's one-write path for small bodies.
import { gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../packages/runtime/src/read-body.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import { bodyStream, headerValue, responseHeaders } from '../../packages/runtime/src/upstream-response.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { sendFailure } from '../../packages/runtime/src/rest-errors.js';
import { sendUpstream } from '../../packages/runtime/src/rest-passthrough.js';
import { memoryStream, readAll, startUpstream, type Upstream } from './helpers.js';

describe('Transport over node:http', () => {
  let up: Upstream;
  let other: Upstream;
  const seen: Array<{ url: string; method: string; auth?: string; body: string }> = [];
  beforeAll(async () => {
    other = await startUpstream(async (req, res) => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body: '' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"other":true}');
    });
    up = await startUpstream(async (req, res) => {
      const body = (await readAll(req)).toString('utf8');
      seen.push({ url: req.url ?? '', method: req.method ?? '', auth: req.headers.authorization, body });
      switch (req.url) {
        case '/redirect-303':
          res.writeHead(303, { location: '/target' });
          return void res.end();
        case '/redirect-307':
          res.writeHead(307, { location: '/target' });
          return void res.end();
        case '/redirect-away':
          res.writeHead(302, { location: `${other.url}/elsewhere` });
          return void res.end();
        case '/loop':
          res.writeHead(302, { location: '/loop' });
          return void res.end();
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          return void res.end(gzipSync('{"zipped":true}'));
        case '/small':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '14', 'x-portkey-trace-id': 't1', 'set-cookie': 'a=b' });
          return void res.end('{"small":true}');
        default:
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ method: req.method, body }));
      }
    });
  });
  afterAll(async () => {
    await up.close();
    await other.close();
  });

  it('follows redirects like fetch: 303 → GET without body, 307 keeps method and body', async () => {
    const t = new Transport({ baseUrl: up.url });
    const r303 = await t.json<{ method: string; body: string }>({ operation: 'o', method: 'POST', path: '/redirect-303', body: { kind: 'json', value: { a: 1 } } });
    expect(r303).toEqual({ method: 'GET', body: '' });
    const r307 = await t.json<{ method: string; body: string }>({ operation: 'o', method: 'POST', path: '/redirect-307', body: { kind: 'json', value: { a: 1 } } });
    expect(r307).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('drops credentials on a cross-origin redirect and stops redirect loops', async () => {
    const t = new Transport({ baseUrl: up.url, auth: () => ({ headers: { authorization: 'Bearer sk-x' } }) });
    expect(await t.json({ operation: 'o', method: 'GET', path: '/redirect-away' })).toEqual({ other: true });
    expect(seen.at(-1)).toMatchObject({ url: '/elsewhere', auth: undefined });
    const err = await new Transport({ baseUrl: up.url, retry: { retries: 0 } }).json({ operation: 'o', method: 'GET', path: '/loop' }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('UpstreamNetworkError');
  });

  it('decodes a compressed body the upstream sent anyway', async () => {
    expect(await new Transport({ baseUrl: up.url }).json({ operation: 'o', method: 'GET', path: '/gzip' })).toEqual({ zipped: true });
  });

  it('keeps working with a given fetch', async () => {
    let calls = 0;
    const t = new Transport({
      baseUrl: up.url,
      fetch: (...args: Parameters<typeof fetch>) => {
        calls++;
        return fetch(...args);
      },
    });
    expect(await t.json({ operation: 'o', method: 'POST', path: '/echo', body: { kind: 'text', value: 'hi', contentType: 'text/plain' } })).toEqual({ method: 'POST', body: 'hi' });
    const res = await t.send({ operation: 'o', method: 'GET', path: '/small' });
    expect(headerValue(res, 'x-portkey-trace-id')).toBe('t1');
    expect(responseHeaders(res)['set-cookie']).toBeUndefined();
    expect((await readBody(res)).value).toEqual({ small: true });
    expect(calls).toBe(2);
  });

  it('exposes headers and a web-stream body lazily, and a Node stream via bodyStream()', async () => {
    const t = new Transport({ baseUrl: up.url });
    const a = await t.send({ operation: 'o', method: 'GET', path: '/small' });
    expect(a.headers.get('x-portkey-trace-id')).toBe('t1');
    expect(await new Response(a.body).json()).toEqual({ small: true });
    const b = await t.send({ operation: 'o', method: 'GET', path: '/small' });
    const chunks: Buffer[] = [];
    for await (const c of bodyStream(b)!) chunks.push(c as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ small: true });
  });

  it('keeps working against an upstream that closes idle kept-alive sockets at once', async () => {
    const flaky = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
      res.end('{"ok":true}');
    });
    // The server ignores its keep-alive promise: it closes idle sockets right away, without a hint.
    flaky.server.keepAliveTimeout = 1;
    try {
      const t = new Transport({ baseUrl: flaky.url, retry: { retries: 0 } });
      for (let i = 0; i < 5; i++) {
        expect(await t.json({ operation: 'o', method: 'GET', path: '/x' })).toEqual({ ok: true });
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await flaky.close();
    }
  });

  it('sendUpstream sends a small body with its content-length, and allow-listed headers only', async () => {
    const t = new Transport({ baseUrl: up.url });
    const log = createLogger('t', () => [], memoryStream().stream);
    const app = express();
    app.get('/p', async (_req, res) => {
      try {
        await sendUpstream(res, await t.send({ operation: 'o', method: 'GET', path: '/small' }));
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    const srv = await new Promise<import('node:http').Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    try {
      const port = (srv.address() as import('node:net').AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/p`);
      expect(res.headers.get('content-length')).toBe('14');
      expect(res.headers.get('x-portkey-trace-id')).toBe('t1');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.json()).toEqual({ small: true });
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
