// packages/runtime/src/rest-front.ts: the REST adapter's one front middleware answers exactly as the
// five separate middlewares it replaces (request id, spans, access log, /healthz, Host/Origin check,
// CORS), compared side by side over real loopback servers.
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../../packages/runtime/src/access-log.js';
import { healthHandler } from '../../packages/runtime/src/health.js';
import { corsOriginAllowed, hostCheck, hostPolicy } from '../../packages/runtime/src/host-check.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { requestIdMiddleware } from '../../packages/runtime/src/request-id.js';
import { corsMiddleware } from '../../packages/runtime/src/rest-cors.js';
import { restFront } from '../../packages/runtime/src/rest-front.js';
import { allowedMethods, methodNotAllowed } from '../../packages/runtime/src/rest-methods.js';
import { serverSpans } from '../../packages/runtime/src/tracing.js';
import { memoryStream, raw, sleep, startUpstream, type Upstream } from './helpers.js';

const ENV = { NAFTIKO_CORS_ORIGINS: 'https://app.example.com', NAFTIKO_TEST_HOSTS: 'api.example.com' };
const policy = hostPolicy('NAFTIKO_TEST_HOSTS', '127.0.0.1', ENV);

/**
 * The app as generated before restFront (five layers) or with it; the rest is the same. `cors: false`:
 * the MCP server's app, whose layers had no CORS and an Origin check without the CORS origins.
 */
function app(front: boolean, log: ReturnType<typeof createLogger>, cors = true): express.Express {
  const a = express();
  a.disable('x-powered-by');
  if (front) {
    a.use(restFront(log, { health: 'svc', hosts: policy, env: ENV, ...(cors ? {} : { cors: false }) }));
  } else {
    a.use(requestIdMiddleware());
    a.use(serverSpans());
    a.use(accessLog(log));
    a.get('/healthz', healthHandler('svc'));
    if (cors) {
      a.use(hostCheck(policy, corsOriginAllowed(ENV)));
      a.use(corsMiddleware(ENV));
    } else a.use(hostCheck(policy));
  }
  a.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  a.all('/x', allowedMethods(['GET']));
  a.all('/healthz', allowedMethods(['GET']));
  a.use(methodNotAllowed());
  a.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  return a;
}

const CASES: Array<{ name: string; method?: string; path: string; headers?: Record<string, string> }> = [
  { name: 'GET /x', path: '/x', headers: { 'x-request-id': 'given-1' } },
  { name: 'bad request id replaced', path: '/x', headers: { 'x-request-id': 'bad id!' } },
  { name: 'foreign Host', path: '/x', headers: { host: 'evil.example', 'x-request-id': 'r2' } },
  { name: 'allowed Host', path: '/x?q=1', headers: { host: 'API.example.com', 'x-request-id': 'r3' } },
  { name: 'foreign Origin', path: '/x', headers: { origin: 'https://evil.example', 'x-request-id': 'r4' } },
  { name: 'CORS origin', path: '/x', headers: { origin: 'https://app.example.com', 'x-request-id': 'r5' } },
  {
    name: 'CORS preflight',
    method: 'OPTIONS',
    path: '/x',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Custom', 'x-request-id': 'r6' },
  },
  { name: '/healthz with a foreign Host', path: '/healthz', headers: { host: '10.1.2.3:8080', 'x-request-id': 'r7' } },
  { name: '/HEALTHZ/ (Express matching)', path: '/HEALTHZ/?probe=1', headers: { host: '10.1.2.3', 'x-request-id': 'r8' } },
  { name: 'HEAD /healthz', method: 'HEAD', path: '/healthz', headers: { 'x-request-id': 'r9' } },
  { name: 'POST /healthz, foreign Host', method: 'POST', path: '/healthz', headers: { host: '10.1.2.3', 'x-request-id': 'r10' } },
  { name: 'POST /healthz', method: 'POST', path: '/healthz', headers: { 'x-request-id': 'r11' } },
  { name: '/healthzz is no health check', path: '/healthzz', headers: { host: '10.1.2.3', 'x-request-id': 'r12' } },
  { name: '/healthz/x', path: '/healthz/x', headers: { 'x-request-id': 'r13' } },
  { name: 'unknown path', path: '/nope', headers: { 'x-request-id': 'r14' } },
];

const KEPT_HEADERS = ['content-type', 'cache-control', 'allow', 'vary', 'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers', 'access-control-max-age'];

describe.each([
  { kind: 'REST adapter', cors: true },
  { kind: 'MCP server app (cors: false)', cors: false },
])('restFront, $kind', ({ cors }) => {
  const logs = { before: memoryStream(), after: memoryStream() };
  let before: Upstream;
  let after: Upstream;
  beforeAll(async () => {
    const b = app(false, createLogger('t', () => [], logs.before.stream), cors);
    const a = app(true, createLogger('t', () => [], logs.after.stream), cors);
    before = await startUpstream((req, res) => b(req, res));
    after = await startUpstream((req, res) => a(req, res));
  });
  afterAll(async () => {
    await before.close();
    await after.close();
  });

  it.each(CASES)('$name: same answer as the five middlewares', async (c) => {
    const send = (u: Upstream) => raw(u.url, { method: c.method, path: c.path, headers: c.headers });
    const [old, now] = [await send(before), await send(after)];
    const view = (r: Awaited<ReturnType<typeof raw>>) => ({
      status: r.status,
      body: r.body,
      headers: Object.fromEntries(KEPT_HEADERS.filter((h) => r.headers[h] !== undefined).map((h) => [h, r.headers[h]])),
      requestId: c.headers?.['x-request-id'] === 'bad id!' ? typeof r.headers['x-request-id'] : r.headers['x-request-id'],
    });
    expect(view(now)).toEqual(view(old));
    expect(now.headers['x-request-id']).toBeTruthy();
  });

  it('writes the same access log lines (time and duration aside)', async () => {
    // Log lines are flushed in batches (every 10 ms): wait until both servers have written one per case.
    for (let i = 0; i < 200 && Math.min(logs.after.lines().length, logs.before.lines().length) < CASES.length; i++) await sleep(10);
    const strip = (lines: Array<Record<string, unknown>>) =>
      lines.map(({ time: _t, durationMs: _d, ...rest }) => (rest.requestId && String(rest.requestId).length === 36 ? { ...rest, requestId: 'uuid' } : rest));
    const now = strip(logs.after.lines());
    expect(now.length).toBeGreaterThanOrEqual(CASES.length);
    expect(now).toEqual(strip(logs.before.lines()));
  });

  it('answers /healthz before the Host check, and refuses a foreign Host elsewhere', async () => {
    const health = await raw(after.url, { path: '/healthz', headers: { host: '192.0.2.1' } });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', name: 'svc' });
    const other = await raw(after.url, { path: '/x', headers: { host: '192.0.2.1' } });
    expect(other.status).toBe(403);
    expect(other.body).toContain('forbidden_host');
  });
});
