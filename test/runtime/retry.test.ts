import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyText } from '../../packages/runtime/src/read-body.js';
import type { RequestPlan } from '../../packages/runtime/src/request-plan.js';
import { parseRetryAfter } from '../../packages/runtime/src/retry-policy.js';
import { Transport, type TransportOptions } from '../../packages/runtime/src/transport.js';
import {
  InvalidRequestError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../packages/runtime/src/upstream-errors.js';
import { readAll, sleep, startUpstream, type Upstream } from './helpers.js';

const plan = (p: Partial<RequestPlan> & { path: string }): RequestPlan => ({ operation: 'test.op', method: 'GET', ...p });

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, capped, ignoring junk', () => {
    expect(parseRetryAfter('2', 5000)).toBe(2000);
    expect(parseRetryAfter('60', 5000)).toBe(5000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:03 GMT', 5000, now)).toBe(3000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', 5000, now)).toBe(0);
    expect(parseRetryAfter('soon', 5000)).toBeUndefined();
    expect(parseRetryAfter('-1', 5000)).toBeUndefined();
    expect(parseRetryAfter(null, 5000)).toBeUndefined();
  });
});

describe('Transport retries against a real upstream', () => {
  let up: Upstream;
  const hits = new Map<string, number>();
  const seenRequestIds: Array<string | undefined> = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    up = await startUpstream(async (req, res) => {
      const body = (await readAll(req)).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://x');
      const key = u.pathname + (u.searchParams.get('k') ?? '');
      const n = (hits.get(key) ?? 0) + 1;
      hits.set(key, n);
      const fail = Number(u.searchParams.get('fail') ?? '0');
      switch (u.pathname) {
        case '/flaky': {
          // Fails `fail` times with `status` (and a sizeable body that must be drained/cancelled), then 200.
          if (n <= fail) {
            const status = Number(u.searchParams.get('status') ?? '503');
            const headers: Record<string, string> = { 'content-type': 'text/plain' };
            const ra = u.searchParams.get('ra');
            if (ra) headers['retry-after'] = ra;
            res.writeHead(status, headers);
            res.end('x'.repeat(Number(u.searchParams.get('size') ?? '10')));
            return;
          }
          bodies.push(body);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ attempt: n, body }));
          return;
        }
        case '/reset':
          if (n <= fail) {
            req.socket.destroy();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ attempt: n }));
          return;
        case '/always': {
          const headers: Record<string, string> = {};
          const ra = u.searchParams.get('ra');
          if (ra) headers['retry-after'] = ra;
          res.writeHead(Number(u.searchParams.get('status') ?? '503'), headers);
          res.end('busy');
          return;
        }
        case '/rid':
          seenRequestIds.push(req.headers['x-request-id'] as string | undefined);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
          return;
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  afterAll(() => up.close());

  const transport = (o: Partial<TransportOptions> = {}) =>
    new Transport({ baseUrl: up.url, retry: { minDelayMs: 10, maxDelayMs: 50 }, ...o });
  let seq = 0;
  const k = (): string => `t${++seq}`;

  it('retries an idempotent GET after 503 and 502, then returns the success', async () => {
    const key = k();
    const r = await transport().json<{ attempt: number }>(plan({ path: '/flaky', query: { k: key, fail: 2, status: 502 } }));
    expect(r.attempt).toBe(3);
    expect(hits.get(`/flaky${key}`)).toBe(3);
  });

  it('uses 2 retries by default and surfaces the last failure', async () => {
    const key = k();
    const err = await transport()
      .json(plan({ path: '/flaky', query: { k: key, fail: 5, status: 500 } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect((err as UpstreamHttpError).status).toBe(500);
    expect(hits.get(`/flaky${key}`)).toBe(3);
  });

  it('retries each of 408, 429, 500, 502, 503, 504 but never 404 or 501', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const key = k();
      const r = await transport().json<{ attempt: number }>(plan({ path: '/flaky', query: { k: key, fail: 1, status } }));
      expect(r.attempt, String(status)).toBe(2);
    }
    for (const status of [404, 501]) {
      const key = k();
      const res = await transport().send(plan({ path: '/flaky', query: { k: key, fail: 1, status } }));
      expect(res.status).toBe(status);
      await res.body?.cancel();
      expect(hits.get(`/flaky${key}`)).toBe(1);
    }
  });

  it('does not retry POST unless the plan says idempotent; PUT/DELETE are retried', async () => {
    const key = k();
    const res = await transport().send(plan({ method: 'POST', path: '/flaky', query: { k: key, fail: 1 }, body: { kind: 'json', value: { a: 1 } } }));
    expect(res.status).toBe(503);
    await res.body?.cancel();
    expect(hits.get(`/flaky${key}`)).toBe(1);

    const key2 = k();
    const ok = await transport().json<{ attempt: number; body: string }>(
      plan({ method: 'POST', idempotent: true, path: '/flaky', query: { k: key2, fail: 1 }, body: { kind: 'json', value: { a: 1 } } }),
    );
    expect(ok).toEqual({ attempt: 2, body: '{"a":1}' }); // the body is sent again, whole

    for (const method of ['PUT', 'DELETE']) {
      const key3 = k();
      const r = await transport().json<{ attempt: number }>(plan({ method, path: '/flaky', query: { k: key3, fail: 1 } }));
      expect(r.attempt).toBe(2);
    }
    const key4 = k();
    const no = await transport().send(plan({ method: 'GET', idempotent: false, path: '/flaky', query: { k: key4, fail: 1 } }));
    expect(no.status).toBe(503);
    await no.body?.cancel();
  });

  it('retries: 0 disables retrying', async () => {
    const key = k();
    const res = await transport({ retry: { retries: 0 } }).send(plan({ path: '/flaky', query: { k: key, fail: 1 } }));
    expect(res.status).toBe(503);
    await res.body?.cancel();
    expect(hits.get(`/flaky${key}`)).toBe(1);
  });

  it('retries network errors (connection reset) for idempotent requests only', async () => {
    const key = k();
    const r = await transport().json<{ attempt: number }>(plan({ path: '/reset', query: { k: key, fail: 1 } }));
    expect(r.attempt).toBe(2);

    const key2 = k();
    const err = await transport()
      .json(plan({ method: 'POST', path: '/reset', query: { k: key2, fail: 1 }, body: { kind: 'json', value: {} } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamNetworkError);
    expect(hits.get(`/reset${key2}`)).toBe(1);
  });

  it('honours Retry-After in seconds, capped at maxDelayMs', async () => {
    const key = k();
    let started = Date.now();
    await transport({ retry: { minDelayMs: 10, maxDelayMs: 5000 } }).json(plan({ path: '/flaky', query: { k: key, fail: 1, ra: '1' } }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    const key2 = k();
    started = Date.now();
    await transport({ retry: { minDelayMs: 10, maxDelayMs: 300 } }).json(plan({ path: '/flaky', query: { k: key2, fail: 1, ra: '120' } }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const key = k();
    const at = new Date(Date.now() + 2000).toUTCString(); // second precision: waits ~1-2 s
    const started = Date.now();
    await transport({ retry: { minDelayMs: 10, maxDelayMs: 5000 } }).json(plan({ path: '/flaky', query: { k: key, fail: 1, ra: at } }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('drains or cancels a large failed body before retrying', async () => {
    const key = k();
    const r = await transport().json<{ attempt: number }>(plan({ path: '/flaky', query: { k: key, fail: 2, size: 2_000_000 } }));
    expect(r.attempt).toBe(3);
  });

  it('keeps the total time within the timeout: no retry whose wait would overrun it', async () => {
    const key = k();
    let started = Date.now();
    const res = await transport({ timeoutMs: 500, retry: { retries: 5, maxDelayMs: 5000 } }).send(
      plan({ path: '/always', query: { k: key, ra: '3' } }),
    );
    expect(res.status).toBe(503);
    await res.body?.cancel();
    // Waiting out Retry-After: 3 would take 3 s; generous bound for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits.get(`/always${key}`)).toBe(1);

    const key2 = k();
    started = Date.now();
    // The last attempt either answers 503 or (on a slow machine) runs into the shared timeout.
    const res2 = await transport({ timeoutMs: 800, retry: { retries: 1000, minDelayMs: 20, maxDelayMs: 100 } })
      .send(plan({ path: '/always', query: { k: key2 } }))
      .catch((e: unknown) => e);
    if (res2 instanceof UpstreamTimeoutError) expect(res2.timeoutMs).toBe(800);
    else {
      expect((res2 as { status: number }).status).toBe(503);
      await readBodyText(res2 as Parameters<typeof readBodyText>[0]);
    }
    const elapsed = Date.now() - started;
    // 1000 retries at 20-100 ms would take far longer; the 800 ms budget plus scheduling slack.
    expect(elapsed).toBeLessThan(2500);
    expect(hits.get(`/always${key2}`)!).toBeGreaterThan(2);
  });

  it('never retries after the caller aborted (also mid-backoff)', async () => {
    const key = k();
    const controller = new AbortController();
    const reason = new Error('caller left');
    const p = transport({ retry: { minDelayMs: 10, maxDelayMs: 5000 } })
      .json(plan({ path: '/flaky', query: { k: key, fail: 1, ra: '2' } }), { signal: controller.signal })
      .catch((e: unknown) => e);
    await sleep(300);
    controller.abort(reason);
    const started = Date.now();
    expect(await p).toBe(reason);
    // The backoff would last 2 s; the abort must end it at once (slack for a loaded machine).
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(50);
    expect(hits.get(`/flaky${key}`)).toBe(1);
  });

  it('send() retries too and hands back the final streamable body', async () => {
    const key = k();
    const res = await transport().send(plan({ path: '/flaky', query: { k: key, fail: 1 } }));
    expect(res.status).toBe(200);
    expect(JSON.parse((await readBodyText(res)).text)).toEqual({ attempt: 2, body: '' });
  });

  it('sends CallOptions.requestId as x-request-id and rejects CR/LF in it', async () => {
    await transport().json(plan({ path: '/rid' }), { requestId: 'req-123' });
    expect(seenRequestIds.at(-1)).toBe('req-123');
    await expect(transport().json(plan({ path: '/rid' }), { requestId: 'a\r\nx-evil: 1' })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(seenRequestIds).toHaveLength(1);
  });
});
