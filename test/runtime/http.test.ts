import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { iterateJsonLines } from '../../packages/runtime/src/json-lines.js';
import { readBody } from '../../packages/runtime/src/read-body.js';
import { buildUrl, type RequestPlan } from '../../packages/runtime/src/request-plan.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import {
  InvalidRequestError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../packages/runtime/src/upstream-errors.js';
import { closedPort, readAll, sleep, startUpstream, type Upstream } from './helpers.js';

const plan = (p: Partial<RequestPlan> & { path: string }): RequestPlan => ({ operation: 'test.op', method: 'GET', ...p });

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    return (err as InvalidRequestError).problems;
  }
  throw new Error('expected InvalidRequestError');
}

describe('buildUrl', () => {
  const base = 'https://api.example.com/v1';

  it('joins base and template, tolerating a trailing slash', () => {
    expect(buildUrl(`${base}/`, '/batches')).toBe('https://api.example.com/v1/batches');
    expect(buildUrl(base, 'batches')).toBe('https://api.example.com/v1/batches');
    expect(buildUrl('http://h:8080', '/x')).toBe('http://h:8080/x');
  });

  it('encodes every path parameter as one segment', () => {
    expect(buildUrl(base, '/batches/{batch_id}', { batch_id: '../admin' })).toBe('https://api.example.com/v1/batches/..%2Fadmin');
    expect(buildUrl(base, '/batches/{batch_id}', { batch_id: 'a b' })).toBe('https://api.example.com/v1/batches/a%20b');
    expect(buildUrl(base, '/batches/{batch_id}', { batch_id: 'é✓' })).toBe('https://api.example.com/v1/batches/%C3%A9%E2%9C%93');
    expect(buildUrl(base, '/b/{id}/x', { id: 'a?b#c&d/e' })).toBe('https://api.example.com/v1/b/a%3Fb%23c%26d%2Fe/x');
    expect(buildUrl(base, '/b/{id}', { id: 42 })).toBe('https://api.example.com/v1/b/42');
    expect(buildUrl(base, '/b/{{id}}/cancel', { id: 'x' })).toBe('https://api.example.com/v1/b/x/cancel');
    // Percent-encoded dots are not decoded back by URL parsing of the result.
    const u = new URL(buildUrl(base, '/batches/{id}', { id: '%2e%2e' }));
    expect(u.pathname).toBe('/v1/batches/%252e%252e');
  });

  it('rejects dot segments, missing and empty parameters', () => {
    expect(problemsOf(() => buildUrl(base, '/b/{id}', { id: '..' }))[0]).toMatch(/"id" must not be "\." or "\.\."/);
    expect(problemsOf(() => buildUrl(base, '/b/{id}', { id: '.' }))).toHaveLength(1);
    expect(problemsOf(() => buildUrl(base, '/b/{id}', {}))[0]).toMatch(/"id" is required/);
    expect(problemsOf(() => buildUrl(base, '/b/{id}', { id: '' }))[0]).toMatch(/must not be empty/);
    expect(problemsOf(() => buildUrl(base, '/{a}/{b}', {}))).toHaveLength(2);
    expect(problemsOf(() => buildUrl('not a url', '/x'))).toHaveLength(1);
    expect(problemsOf(() => buildUrl('file:///etc', '/x'))).toHaveLength(1);
  });

  it('builds the query: arrays repeat, null/undefined omitted, everything encoded', () => {
    const url = buildUrl(base, '/batches', undefined, {
      limit: 20,
      after: undefined,
      before: null,
      tag: ['a', 'b c'],
      flag: false,
      'we&ird=': 'x&y=z',
      uni: 'é',
    });
    expect(url).toBe('https://api.example.com/v1/batches?limit=20&tag=a&tag=b%20c&flag=false&we%26ird%3D=x%26y%3Dz&uni=%C3%A9');
    expect(buildUrl(base, '/batches', undefined, { a: undefined })).toBe('https://api.example.com/v1/batches');
  });
});

describe('Transport construction', () => {
  it('fails fast on a base URL that is not absolute http(s), without echoing it', () => {
    expect(() => new Transport({ baseUrl: 'api.portkey.ai/v1' })).toThrow(TypeError);
    expect(() => new Transport({ baseUrl: 'ftp://user:pw@host/' })).toThrow(/must be an absolute http/);
    try {
      new Transport({ baseUrl: 'ftp://user:s3cret@host/' });
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cret');
    }
    expect(() => new Transport({ baseUrl: 'https://api.portkey.ai/v1/' })).not.toThrow();
  });
});

describe('Transport against a real upstream', () => {
  let up: Upstream;
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    up = await startUpstream(async (req, res) => {
      const body = (await readAll(req)).toString('utf8');
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const u = new URL(req.url ?? '/', 'http://x');
      switch (u.pathname) {
        case '/v1/json':
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-portkey-trace-id': 't-1' });
          res.end(JSON.stringify({ ok: true, n: 1 }));
          return;
        case '/v1/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('{"looks":"like json"} but is text');
          return;
        case '/v1/octet-json':
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end('[1,2,3]');
          return;
        case '/v1/empty':
          res.writeHead(204);
          res.end();
          return;
        case '/v1/missing':
          res.writeHead(404, {
            'content-type': 'application/json',
            'set-cookie': 'session=abc; HttpOnly',
            'x-portkey-trace-id': 'trace-404',
          });
          res.end(JSON.stringify({ error: { message: 'No batch found', type: 'invalid_request_error' } }));
          return;
        case '/v1/crash':
          res.writeHead(500, { 'content-type': 'text/html' });
          res.end('<h1>oops</h1>');
          return;
        case '/v1/slow-headers':
          setTimeout(() => {
            if (!res.destroyed) res.end('late');
          }, 2000);
          return;
        case '/v1/slow-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"partial":');
          setTimeout(() => {
            if (!res.destroyed) res.end('1}');
          }, 2000);
          return;
        default:
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ echo: true }));
      }
    });
  });
  afterAll(() => up.close());

  const transport = (extra: Partial<ConstructorParameters<typeof Transport>[0]> = {}) =>
    new Transport({ baseUrl: `${up.url}/v1/`, ...extra });

  it('sends the encoded path exactly as built (../admin stays one segment)', async () => {
    await transport().json(plan({ path: '/batches/{id}', pathParams: { id: '../admin' } }));
    expect(seen.at(-1)?.url).toBe('/v1/batches/..%2Fadmin');
  });

  it('parses JSON, text, octet-stream JSON and empty bodies', async () => {
    const t = transport();
    expect(await t.json(plan({ path: '/json' }))).toEqual({ ok: true, n: 1 });
    expect(await t.json(plan({ path: '/text' }))).toBe('{"looks":"like json"} but is text');
    expect(await t.json(plan({ path: '/octet-json' }))).toEqual([1, 2, 3]);
    expect(await t.json(plan({ path: '/empty' }))).toBeUndefined();
  });

  it('send() resolves for any status with the body unconsumed', async () => {
    const res = await transport().send(plan({ path: '/missing' }));
    expect(res.status).toBe(404);
    expect(res.ok).toBe(false);
    expect(res.operation).toBe('test.op');
    expect(res.headers.get('x-portkey-trace-id')).toBe('trace-404');
    expect(res.body).not.toBeNull();
    const { value } = await readBody(res);
    expect(value).toEqual({ error: { message: 'No batch found', type: 'invalid_request_error' } });
  });

  it('json() throws UpstreamHttpError with status, headers (no set-cookie) and parsed body', async () => {
    const err = await transport()
      .json(plan({ path: '/missing' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    const e = err as UpstreamHttpError;
    expect(e.status).toBe(404);
    expect(e.operation).toBe('test.op');
    expect(e.body).toEqual({ error: { message: 'No batch found', type: 'invalid_request_error' } });
    expect(e.headers['x-portkey-trace-id']).toBe('trace-404');
    expect(e.headers['content-type']).toBe('application/json');
    expect(Object.keys(e.headers).some((k) => k.includes('cookie'))).toBe(false);
    expect(e.message).toContain('404');

    const crash = (await transport()
      .json(plan({ path: '/crash' }))
      .catch((x: unknown) => x)) as UpstreamHttpError;
    expect(crash.status).toBe(500);
    expect(crash.body).toBe('<h1>oops</h1>');
  });

  it('sends JSON, text, form and multipart bodies with the right content-type', async () => {
    const t = transport();
    await t.json(plan({ method: 'POST', path: '/batches', body: { kind: 'json', value: { input_file_id: 'f', n: 1 } } }));
    let s = seen.at(-1)!;
    expect(s.method).toBe('POST');
    expect(s.headers['content-type']).toBe('application/json');
    expect(JSON.parse(s.body)).toEqual({ input_file_id: 'f', n: 1 });

    await t.json(plan({ method: 'POST', path: '/t', body: { kind: 'text', value: 'a,b', contentType: 'text/csv' } }));
    s = seen.at(-1)!;
    expect(s.headers['content-type']).toBe('text/csv');
    expect(s.body).toBe('a,b');

    await t.json(plan({ method: 'POST', path: '/f', body: { kind: 'form', value: { a: 'x y', b: [1, 2], c: null } } }));
    s = seen.at(-1)!;
    expect(s.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(s.body).toBe('a=x+y&b=1&b=2');

    await t.json(
      plan({ method: 'POST', path: '/m', body: { kind: 'multipart', value: { purpose: 'batch', file: new Blob(['{"a":1}\n']) } } }),
    );
    s = seen.at(-1)!;
    expect(s.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(s.body).toContain('name="purpose"');
    expect(s.body).toContain('{"a":1}');
  });

  it('applies headers, cookies, auth (evaluated per request) and call headers', async () => {
    let key = 'key-1';
    const t = transport({ auth: () => ({ headers: { authorization: `Bearer ${key}` }, query: { api_key: key } }), userAgent: 'naftiko-test/1' });
    await t.json(plan({ path: '/h', headers: { 'x-trace': 7, 'x-skip': undefined }, cookies: { sid: 'a b;c' } }), {
      headers: { 'x-call': 'yes' },
    });
    let s = seen.at(-1)!;
    expect(s.headers.authorization).toBe('Bearer key-1');
    expect(s.headers['x-trace']).toBe('7');
    expect(s.headers['x-skip']).toBeUndefined();
    expect(s.headers['x-call']).toBe('yes');
    expect(s.headers['user-agent']).toBe('naftiko-test/1');
    expect(s.headers.cookie).toBe('sid=a%20b%3Bc');
    expect(s.url).toBe('/v1/h?api_key=key-1');
    key = 'key-2';
    await t.json(plan({ path: '/h' }));
    s = seen.at(-1)!;
    expect(s.headers.authorization).toBe('Bearer key-2');
  });

  it('rejects CR/LF/NUL in header values without echoing the value', async () => {
    const secret = 'sk-canary-123';
    const t = transport({ auth: () => ({ headers: { authorization: `Bearer ${secret}\r\nx-evil: 1` } }) });
    const err = (await t.json(plan({ path: '/h' })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.message).not.toContain(secret);
    expect(err.problems.join(' ')).toMatch(/authorization.*forbidden character/);
    const err2 = (await transport()
      .json(plan({ path: '/h', headers: { 'x-a': 'v\0' } }))
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(err2).toBeInstanceOf(InvalidRequestError);
  });

  it('rejects a missing or dot-segment path parameter before sending', async () => {
    const before = seen.length;
    await expect(transport().send(plan({ path: '/batches/{id}', pathParams: { id: '..' } }))).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(transport().send(plan({ path: '/batches/{id}' }))).rejects.toBeInstanceOf(InvalidRequestError);
    expect(seen.length).toBe(before);
  });

  it('times out waiting for headers → UpstreamTimeoutError', async () => {
    const started = Date.now();
    const err = await transport({ timeoutMs: 150 })
      .send(plan({ path: '/slow-headers' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamTimeoutError);
    expect(err).toBeInstanceOf(UpstreamNetworkError);
    expect((err as UpstreamTimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - started).toBeLessThan(1500);
    // Per-call override.
    const err2 = await transport()
      .send(plan({ path: '/slow-headers' }), { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(UpstreamTimeoutError);
  });

  it('json() bounds the whole exchange, send() only the headers', async () => {
    const err = await transport({ timeoutMs: 200 })
      .json(plan({ path: '/slow-body' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamTimeoutError);
    const res = await transport({ timeoutMs: 200 }).send(plan({ path: '/slow-body' }));
    expect(res.status).toBe(200);
    await sleep(300); // past the timeout: the body must still arrive
    const { value } = await readBody(res);
    expect(value).toEqual({ partial: 1 });
  });

  it('a caller abort is rethrown as is, not as a timeout', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await transport({ timeoutMs: 5000 })
      .send(plan({ path: '/slow-headers' }), { signal: ac.signal })
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UpstreamNetworkError);
    expect((err as Error).name).toBe('AbortError');

    const reason = new Error('mine');
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(reason), 50);
    await expect(transport().json(plan({ path: '/slow-headers' }), { signal: ac2.signal })).rejects.toBe(reason);

    const ac3 = new AbortController();
    ac3.abort();
    await expect(transport().send(plan({ path: '/json' }), { signal: ac3.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a closed port → UpstreamNetworkError (not a timeout), message without the URL', async () => {
    const port = await closedPort();
    const t = new Transport({ baseUrl: `http://127.0.0.1:${port}/v1`, auth: () => ({ query: { key: 'sk-secret' } }) });
    const err = await t.json(plan({ path: '/x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamNetworkError);
    expect(err).not.toBeInstanceOf(UpstreamTimeoutError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as Error).message).not.toContain('sk-secret');
    expect((err as UpstreamNetworkError).operation).toBe('test.op');
  });
});

describe('readBody', () => {
  let up: Upstream;
  let closedEarly = false;
  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      if (req.url === '/big') {
        // 64 MiB, produced lazily; the reader must stop early and the stream get cancelled.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        res.on('close', () => {
          if (!res.writableFinished) closedEarly = true;
        });
        const pump = (): void => {
          while (sent < 1024) {
            sent++;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      if (req.url === '/utf8') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('ééé'); // 6 bytes
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"a":1}');
    });
  });
  afterAll(() => up.close());

  it('reads a small body whole and parses it', async () => {
    const res = await new Transport({ baseUrl: up.url }).send(plan({ path: '/small' }));
    expect(await readBody(res, 100)).toEqual({ value: { a: 1 }, truncated: false, bytes: 7 });
  });

  it('stops at maxBytes, reports truncation and cancels the rest of the stream', async () => {
    const res = await new Transport({ baseUrl: up.url }).send(plan({ path: '/big' }));
    const r = await readBody(res, 1000);
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(1000);
    expect(r.value).toBe('a'.repeat(1000));
    for (let i = 0; i < 50 && !closedEarly; i++) await sleep(20);
    expect(closedEarly).toBe(true);
  });

  it('never cuts a UTF-8 character in half', async () => {
    const res = await new Transport({ baseUrl: up.url }).send(plan({ path: '/utf8' }));
    const r = await readBody(res, 3);
    expect(r).toEqual({ value: 'é', truncated: true, bytes: 2 });
    const res2 = await new Transport({ baseUrl: up.url }).send(plan({ path: '/utf8' }));
    expect(await readBody(res2, 6)).toEqual({ value: 'ééé', truncated: false, bytes: 6 });
  });
});

describe('iterateJsonLines', () => {
  async function* chunks(parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
    for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
  }
  async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const v of it) out.push(v);
    return out;
  }

  it('handles lines split across chunks, CRLF, blank lines and a last line without newline', async () => {
    const euro = new TextEncoder().encode('"€"'); // 5 bytes: split the 3-byte character across chunks
    const parts: Array<string | Uint8Array> = [
      '{"id":"batch_req_1","custom_id":"a"}\r\n{"id":"bat',
      'ch_req_2"}\n',
      '\n\r\n   \n',
      '{"x":',
      euro.subarray(0, 2),
      euro.subarray(2),
      '}\n[1,2]\r',
      '\n42',
    ];
    expect(await collect(iterateJsonLines(chunks(parts)))).toEqual([
      { id: 'batch_req_1', custom_id: 'a' },
      { id: 'batch_req_2' },
      { x: '€' },
      [1, 2],
      42,
    ]);
  });

  it('works on a ReadableStream and stops (cancelling the source) on break', async () => {
    let pulled = 0;
    let cancelled = false;
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(enc.encode(`{"n":${pulled}}\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const got: unknown[] = [];
    for await (const v of iterateJsonLines(stream)) {
      got.push(v);
      if (got.length === 3) break;
    }
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('refuses a line longer than maxLineLength instead of growing without bound', async () => {
    await expect(collect(iterateJsonLines(chunks(['{"a":1}\n', '"', 'x'.repeat(50), 'y'.repeat(50)]), { maxLineLength: 64 }))).rejects.toThrow(
      /line 2 .* longer than 64/,
    );
  });

  it('reports the line number of an invalid line', async () => {
    await expect(collect(iterateJsonLines(chunks(['{"a":1}\n', 'nope\n'])))).rejects.toThrow(/line 2/);
  });

  it('streams a real application/octet-stream JSONL response', async () => {
    const up = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let i = 0;
      const tick = (): void => {
        if (i >= 2000) return void res.end(`{"id":"last"}`);
        const line = JSON.stringify({ id: `batch_req_${i}`, response: { status_code: 200 }, error: null });
        i++;
        // Write each line in two pieces to force splits at arbitrary offsets.
        res.write(line.slice(0, 7));
        res.write(`${line.slice(7)}\n`);
        setImmediate(tick);
      };
      tick();
    });
    try {
      const res = await new Transport({ baseUrl: up.url }).send(plan({ path: '/batches/b/output' }));
      let count = 0;
      let last: unknown;
      for await (const v of iterateJsonLines(res.body!)) {
        count++;
        last = v;
      }
      expect(count).toBe(2001);
      expect(last).toEqual({ id: 'last' });
    } finally {
      await up.close();
    }
  });
});
