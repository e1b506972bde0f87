import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { Transport } from '../../packages/runtime/src/transport.js';
import { UpstreamHttpError } from '../../packages/runtime/src/upstream-errors.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { accessLog } from '../../packages/runtime/src/access-log.js';
import { corsMiddleware } from '../../packages/runtime/src/rest-cors.js';
import { errorHandler, sendFailure } from '../../packages/runtime/src/rest-errors.js';
import { readInputs, sendProblems, type InputSpec } from '../../packages/runtime/src/rest-inputs.js';
import { sendUpstream } from '../../packages/runtime/src/rest-passthrough.js';
import { REQUEST_ID_PATTERN, newRequestId, requestIdMiddleware, requestIdOf } from '../../packages/runtime/src/request-id.js';
import { closedPort, memoryStream, raw, sleep, startUpstream, type Upstream } from './helpers.js';


describe('request ids, CORS, access log and body-parser errors', () => {
  let up: Upstream;
  let srv: Upstream;
  const upstreamSaw: Array<{ rid?: string; trace?: string }> = [];
  const logs = memoryStream();
  const log = createLogger('t', () => ['sekrit-key'], logs.stream);

  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      upstreamSaw.push({ rid: req.headers['x-request-id'] as string | undefined, trace: req.headers['x-trace'] as string | undefined });
      if (req.url?.startsWith('/fail')) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'upstream-404' });
        res.end('{"error":"nope"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'upstream-id-1' });
      res.end('{"ok":true}');
    });
    const transport = new Transport({ baseUrl: up.url, retry: { retries: 0 } });
    const traceSpec: InputSpec[] = [{ name: 'trace', source: 'query', wireName: 'trace', schema: { type: 'string' }, required: true }];
    const app = express();
    app.use(requestIdMiddleware());
    app.use(accessLog(log));
    app.use(corsMiddleware({ NAFTIKO_CORS_ORIGINS: 'https://app.example.com, http://localhost:3000/' }));
    app.use(express.json({ limit: '100b' }));
    app.get('/proxy', async (req, res) => {
      try {
        const upstream = await transport.send({ operation: 'op', method: 'GET', path: '/ok' }, { requestId: requestIdOf(res) });
        await sendUpstream(res, upstream);
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    app.get('/fail', async (_req, res) => {
      try {
        await transport.json({ operation: 'op', method: 'GET', path: '/fail' }, { requestId: requestIdOf(res) });
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    app.get('/traced', async (req, res) => {
      const { values, problems } = readInputs(req, traceSpec);
      if (problems.length > 0) return sendProblems(res, problems);
      try {
        const upstream = await transport.send({ operation: 'op', method: 'GET', path: '/ok', headers: { 'x-trace': values.trace as string } });
        await sendUpstream(res, upstream);
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    const down = new Transport({ baseUrl: `http://127.0.0.1:${await closedPort()}`, retry: { retries: 0 } });
    app.get('/down', async (_req, res) => {
      try {
        await down.json({ operation: 'op.down', method: 'GET', path: '/x' }, { requestId: requestIdOf(res) });
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    app.post('/echo', (req, res) => {
      res.json({ got: req.body as unknown });
    });
    app.use(errorHandler(log));
    srv = await startUpstream(app);
  });
  afterAll(async () => {
    await srv.close();
    await up.close();
  });

  it('newRequestId() is a UUID matching the accepted pattern', () => {
    const id = newRequestId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(REQUEST_ID_PATTERN.test(id)).toBe(true);
    expect(newRequestId()).not.toBe(id);
  });

  it('reuses a valid incoming x-request-id, sends it upstream, and keeps it over the upstream one', async () => {
    const r = await raw(srv.url, { path: '/proxy', headers: { 'x-request-id': 'abc.DEF:123_-x' } });
    expect(r.status).toBe(200);
    expect(r.headers['x-request-id']).toBe('abc.DEF:123_-x');
    expect(r.headers['x-upstream-request-id']).toBe('upstream-id-1');
    expect(upstreamSaw.at(-1)?.rid).toBe('abc.DEF:123_-x');
  });

  it('replaces an invalid or oversized incoming id with a fresh UUID', async () => {
    for (const bad of ['has space', 'a/b', 'x'.repeat(129), '<script>']) {
      const r = await raw(srv.url, { path: '/proxy', headers: { 'x-request-id': bad } });
      const id = r.headers['x-request-id'] as string;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(upstreamSaw.at(-1)?.rid).toBe(id);
    }
    const none = await raw(srv.url, { path: '/proxy' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps our x-request-id on an upstream error response too', async () => {
    const r = await raw(srv.url, { path: '/fail', headers: { 'x-request-id': 'mine-1' } });
    expect(r.status).toBe(404);
    expect(r.headers['x-request-id']).toBe('mine-1');
    expect(r.headers['x-upstream-request-id']).toBe('upstream-404');
    expect(JSON.parse(r.body)).toEqual({ error: 'nope' });
  });

  it('maps a too-large JSON body to 413 payload_too_large and bad JSON to 400 invalid_json, without echoing it', async () => {
    const big = await raw(srv.url, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(500) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
    const bad = await raw(srv.url, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"sekret-in-body": ' });
    expect(bad.status).toBe(400);
    const parsed = JSON.parse(bad.body) as { error: { code: string; message: string } };
    expect(parsed.error.code).toBe('invalid_json');
    expect(bad.body).not.toContain('sekret-in-body');
    const ok = await raw(srv.url, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(ok.body)).toEqual({ got: { a: 1 } });
  });

  it('rejects CR/LF from a caller input routed to an upstream header with 400, and the server survives', async () => {
    const before = upstreamSaw.length;
    const r = await raw(srv.url, { path: '/traced?trace=abc%0d%0ax-injected:%201' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('invalid_request');
    const nul = await raw(srv.url, { path: '/traced?trace=abc%00def' });
    expect(nul.status).toBe(400);
    const lf = await raw(srv.url, { path: '/traced?trace=abc%0adef' });
    expect(lf.status).toBe(400);
    expect(upstreamSaw.length).toBe(before);
    const fine = await raw(srv.url, { path: '/traced?trace=abc' });
    expect(fine.status).toBe(200);
    expect(upstreamSaw.at(-1)?.trace).toBe('abc');
  });

  it('failure logs carry the request id', async () => {
    const r = await raw(srv.url, { path: '/down', headers: { 'x-request-id': 'down-1' } });
    expect(r.status).toBe(502);
    expect(r.headers['x-request-id']).toBe('down-1');
    expect(logs.lines().some((l) => l.msg === 'upstream unreachable' && l.requestId === 'down-1')).toBe(true);
  });

  it('CORS: allowed origins get headers, others none; preflight answered with 204', async () => {
    const ok = await raw(srv.url, { path: '/proxy', headers: { origin: 'https://app.example.com' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(ok.headers['access-control-expose-headers']).toContain('x-request-id');
    expect(String(ok.headers.vary)).toMatch(/origin/i);
    const trailing = await raw(srv.url, { path: '/proxy', headers: { origin: 'http://localhost:3000' } });
    expect(trailing.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const other = await raw(srv.url, { path: '/proxy', headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const pre = await raw(srv.url, {
      method: 'OPTIONS',
      path: '/echo',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'Content-Type, X-Custom' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-headers']).toContain('x-custom');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const badPre = await raw(srv.url, {
      method: 'OPTIONS',
      path: '/echo',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(badPre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('CORS is off without NAFTIKO_CORS_ORIGINS and wide open with *', async () => {
    const offApp = express();
    offApp.use(corsMiddleware({}));
    offApp.get('/x', (_req, res) => res.json({}));
    const wildApp = express();
    wildApp.use(corsMiddleware({ NAFTIKO_CORS_ORIGINS: '*' }));
    wildApp.get('/x', (_req, res) => res.json({}));
    const off = await startUpstream(offApp);
    const wild = await startUpstream(wildApp);
    try {
      const a = await raw(off.url, { path: '/x', headers: { origin: 'https://a.example' } });
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
      const pa = await raw(off.url, { method: 'OPTIONS', path: '/x', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } });
      expect(pa.headers['access-control-allow-origin']).toBeUndefined();
      const b = await raw(wild.url, { path: '/x', headers: { origin: 'https://a.example' } });
      expect(b.headers['access-control-allow-origin']).toBe('*');
      const pb = await raw(wild.url, { method: 'OPTIONS', path: '/x', headers: { origin: 'https://a.example', 'access-control-request-method': 'DELETE' } });
      expect(pb.status).toBe(204);
      expect(pb.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await off.close();
      await wild.close();
    }
  });

  it('access log: one line per request with method, path without query, status, duration and requestId; no headers or query', async () => {
    const before = logs.lines().filter((l) => l.msg === 'request').length;
    await raw(srv.url, {
      path: '/proxy?api_key=sekrit-query&x=1',
      headers: { 'x-request-id': 'log-me-1', authorization: 'Bearer top-secret-token', cookie: 'sid=abc' },
    });
    await sleep(20);
    const lines = logs.lines().filter((l) => l.msg === 'request');
    expect(lines.length).toBe(before + 1);
    const line = lines.at(-1)!;
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/proxy', status: 200, requestId: 'log-me-1' });
    expect(typeof line.durationMs).toBe('number');
    const text = logs.text();
    expect(text).not.toContain('sekrit-query');
    expect(text).not.toContain('top-secret-token');
    expect(text).not.toContain('sid=abc');
    expect(text).not.toContain('api_key');
  });
});
