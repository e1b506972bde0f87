import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { Transport } from '../../packages/runtime/src/transport.js';
import {
  InvalidRequestError,
  UpstreamFormatError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../packages/runtime/src/upstream-errors.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { healthHandler } from '../../packages/runtime/src/health.js';
import { errorHandler, sendFailure } from '../../packages/runtime/src/rest-errors.js';
import { readInputs, sendProblems, type InputSpec } from '../../packages/runtime/src/rest-inputs.js';
import { sendUpstream } from '../../packages/runtime/src/rest-passthrough.js';
import { serve } from '../../packages/runtime/src/serve.js';
import { memoryStream, removeDir, sleep, startUpstream, transpileRuntime, type Upstream } from './helpers.js';

const specs: InputSpec[] = [
  { name: 'batchId', source: 'path', wireName: 'batch_id', schema: { type: 'string' }, required: true },
  { name: 'limit', source: 'query', wireName: 'limit', schema: { type: 'integer', minimum: 1, maximum: 100 }, required: false },
  { name: 'ratio', source: 'query', wireName: 'ratio', schema: { type: 'number' }, required: false },
  { name: 'verbose', source: 'query', wireName: 'verbose', schema: { type: 'boolean' }, required: false },
  { name: 'tags', source: 'query', wireName: 'tag', schema: { type: 'array', items: { type: 'integer' } }, required: false },
  { name: 'mode', source: 'query', wireName: 'mode', schema: { type: 'string', enum: ['fast', 'slow'] }, required: false },
  { name: 'traceId', source: 'header', wireName: 'X-Trace-Id', schema: { type: 'string' }, required: false },
  { name: 'session', source: 'cookie', wireName: 'sid', schema: { type: 'string' }, required: false },
  { name: 'endpoint', source: 'bodyField', wireName: 'endpoint', schema: { type: 'string', enum: ['/v1/chat/completions', '/v1/embeddings'] }, required: true },
  { name: 'metadata', source: 'bodyField', wireName: 'metadata', schema: { type: 'object' }, required: false },
];

function inputsApp(list: readonly InputSpec[]) {
  const app = express();
  app.use(express.json());
  app.post('/batches/:batch_id', (req, res) => {
    const { values, problems } = readInputs(req, list);
    if (problems.length > 0) return sendProblems(res, problems);
    res.json(values);
  });
  app.use(errorHandler(createLogger('t', () => [], memoryStream().stream)));
  return app;
}

async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const up = await startUpstream(app);
  return { url: up.url, close: () => up.close() };
}

describe('readInputs', () => {
  let srv: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    srv = await listen(inputsApp(specs));
  });
  afterAll(() => srv.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${srv.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('coerces path/query/header/cookie strings and reads body fields', async () => {
    const res = await post(
      '/batches/b%20x?limit=20&ratio=0.5&verbose=true&tag=1&tag=2&mode=fast',
      { endpoint: '/v1/embeddings', metadata: { a: 1 } },
      { 'x-trace-id': 't-1', cookie: 'other=1; sid=s%201' },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      batchId: 'b x',
      limit: 20,
      ratio: 0.5,
      verbose: true,
      tags: [1, 2],
      mode: 'fast',
      traceId: 't-1',
      session: 's 1',
      endpoint: '/v1/embeddings',
      metadata: { a: 1 },
    });
  });

  it('leaves absent optional inputs out; a single repeated-key value still makes an array', async () => {
    const res = await post('/batches/b1?tag=7', { endpoint: '/v1/embeddings' });
    expect(await res.json()).toEqual({ batchId: 'b1', tags: [7], endpoint: '/v1/embeddings' });
  });

  it('reports every problem with name, location and message (400 invalid_request)', async () => {
    const res = await post('/batches/b1?limit=abc&ratio=x&verbose=maybe&tag=1&tag=z&mode=medium', { endpoint: 5, metadata: [1] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: Array<{ name: string; in: string; message: string }> } };
    expect(body.error.code).toBe('invalid_request');
    const byName = Object.fromEntries(body.error.details.map((d) => [d.name, d]));
    expect(byName.limit).toEqual({ name: 'limit', in: 'query', message: 'limit must be an integer' });
    expect(byName.ratio?.message).toBe('ratio must be a number');
    expect(byName.verbose?.message).toBe('verbose must be true or false');
    expect(byName.tag?.message).toMatch(/items must be an integer/);
    expect(byName.mode?.message).toBe('mode must be one of: fast, slow');
    expect(byName.endpoint).toMatchObject({ in: 'bodyField', message: 'endpoint must be a string' });
    expect(byName.metadata?.message).toBe('metadata must be an object');
    expect(body.error.message).toMatch(/^Invalid request: /);
    expect(body.error.message).toContain('limit must be an integer');
  });

  it('checks required, minimum/maximum and single-valued keys', async () => {
    let res = await post('/batches/b1?limit=0', {});
    let body = (await res.json()) as { error: { details: Array<{ name: string; message: string }> } };
    expect(body.error.details).toEqual([
      { name: 'limit', in: 'query', message: 'limit must be at least 1' },
      { name: 'endpoint', in: 'bodyField', message: 'endpoint is required' },
    ]);
    res = await post('/batches/b1?limit=101&limit=3', { endpoint: '/v1/embeddings' });
    body = (await res.json()) as { error: { details: Array<{ name: string; message: string }> } };
    expect(body.error.details[0]?.message).toBe('limit must be given once');
    res = await post('/batches/b1?limit=101', { endpoint: '/v1/embeddings' });
    body = (await res.json()) as { error: { details: Array<{ name: string; message: string }> } };
    expect(body.error.details[0]?.message).toBe('limit must be at most 100');
    res = await post('/batches/b1?limit=1.5', { endpoint: '/v1/embeddings' });
    body = (await res.json()) as { error: { details: Array<{ name: string; message: string }> } };
    expect(body.error.details[0]?.message).toBe('limit must be an integer');
  });

  it('reads and validates a whole JSON body', async () => {
    const s = await listen(
      inputsApp([{ name: 'body', source: 'body', wireName: 'body', schema: { type: 'object' }, required: true }]),
    );
    try {
      let res = await fetch(`${s.url}/batches/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1]}' });
      expect(await res.json()).toEqual({ body: { a: [1] } });
      res = await fetch(`${s.url}/batches/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
      expect(res.status).toBe(400);
      res = await fetch(`${s.url}/batches/x`, { method: 'POST' });
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('body is required');
      // Broken JSON reaches errorHandler → 400 invalid_json, not 500.
      res = await fetch(`${s.url}/batches/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    } finally {
      await s.close();
    }
  });
});

describe('sendUpstream', () => {
  const TOTAL = 100 * 1024 * 1024;
  let up: Upstream;
  let adapter: { url: string; close(): Promise<void> };
  let infiniteClosed = false;
  let upstreamWritten = 0;

  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      if (req.url === '/v1/big') {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'x-portkey-trace-id': 'trace-big',
          'set-cookie': 'a=b',
          connection: 'keep-alive',
          'x-internal-secret': 'nope',
        });
        const chunk = Buffer.alloc(256 * 1024, 0x7a);
        let sent = 0;
        const pump = (): void => {
          while (sent < TOTAL && !res.destroyed) {
            sent += chunk.length;
            upstreamWritten += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      if (req.url === '/v1/infinite') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.on('close', () => {
          infiniteClosed = true;
        });
        const chunk = Buffer.alloc(64 * 1024, 0x31);
        const pump = (): void => {
          while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
        };
        pump();
        return;
      }
      if (req.url === '/v1/fail-mid') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(Buffer.alloc(1024, 0x31));
        setTimeout(() => res.destroy(), 50);
        return;
      }
      if (req.url === '/v1/notfound') {
        res.writeHead(404, { 'content-type': 'application/json', 'content-length': '21', 'retry-after': '3' });
        res.end('{"error":"not found"}');
        return;
      }
      res.writeHead(204);
      res.end();
    });
    const transport = new Transport({ baseUrl: `${up.url}/v1` });
    const log = createLogger('t', () => [], memoryStream().stream);
    const app = express();
    app.get('/proxy/:what', async (req, res) => {
      try {
        const upstream = await transport.send({ operation: 'p', method: 'GET', path: '/{what}', pathParams: { what: req.params.what } });
        await sendUpstream(res, upstream);
      } catch (err) {
        sendFailure(res, err, log);
      }
    });
    adapter = await listen(app);
  });
  afterAll(async () => {
    await adapter.close();
    await up.close();
  });

  it('streams a 100 MiB body with bounded memory, keeping content-type and allow-listed headers only', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const res = await fetch(`${adapter.url}/proxy/big`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-portkey-trace-id')).toBe('trace-big');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-internal-secret')).toBeNull();
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    let bytes = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    clearInterval(sampler);
    expect(bytes).toBe(TOTAL);
    // Upstream, adapter and client share this process: buffering the body would add well over
    // 100 MiB of RSS (measured: ~270 MiB); streaming stays far below (the rest is lazy GC).
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('applies backpressure: while the client pauses, the upstream cannot run ahead', async () => {
    upstreamWritten = 0;
    const res = await fetch(`${adapter.url}/proxy/big`);
    const reader = res.body!.getReader();
    await reader.read();
    await sleep(500); // a buffering proxy would have pulled all 100 MiB by now
    expect(upstreamWritten).toBeLessThan(32 * 1024 * 1024);
    await reader.cancel();
  });

  it('passes an upstream error status, body and safe headers through', async () => {
    const res = await fetch(`${adapter.url}/proxy/notfound`);
    expect(res.status).toBe(404);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ error: 'not found' });
    const empty = await fetch(`${adapter.url}/proxy/empty`);
    expect(empty.status).toBe(204);
  });

  it('a client disconnect cancels the upstream body', async () => {
    infiniteClosed = false;
    const ac = new AbortController();
    const res = await fetch(`${adapter.url}/proxy/infinite`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    for (let i = 0; i < 100 && !infiniteClosed; i++) await sleep(20);
    expect(infiniteClosed).toBe(true);
  });

  it('an upstream failure mid-body aborts the client response', async () => {
    const res = await fetch(`${adapter.url}/proxy/fail-mid`);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });
});

describe('sendFailure', () => {
  const SECRET = 'sk-canary-do-not-leak';
  let srv: { url: string; close(): Promise<void> };
  const logs = memoryStream();
  beforeAll(async () => {
    const log = createLogger('t', () => [SECRET], logs.stream);
    const app = express();
    const errors: Record<string, () => unknown> = {
      invalid: () => new InvalidRequestError(['path parameter "id" must not be "." or ".."']),
      timeout: () => new UpstreamTimeoutError('op', 1234),
      network: () => new UpstreamNetworkError('op', 'op: could not reach the upstream service (ECONNREFUSED)'),
      http: () =>
        new UpstreamHttpError('op', 429, { 'content-type': 'application/json', 'retry-after': '9', 'x-portkey-trace-id': 't' }, { error: { message: 'slow down' } }),
      httptext: () => new UpstreamHttpError('op', 502, { 'content-type': 'text/html' }, '<b>bad gateway</b>'),
      httpempty: () => new UpstreamHttpError('op', 503, {}, undefined),
      notjson: () => new UpstreamFormatError('op', 200, 'text/html', 'not-json', 1024),
      boom: () => new Error(`database password is ${SECRET}`),
      string: () => 'a thrown string',
    };
    app.get('/fail/:kind', (req, res) => sendFailure(res, errors[req.params.kind]!(), log));
    app.get('/gone', (_req, res) => {
      res.once('close', () => sendFailure(res, new Error('the caller closed the connection'), log));
    });
    app.get('/late', (_req, res) => {
      res.status(200).write('partial');
      sendFailure(res, new Error('after headers'), log);
    });
    srv = await listen(app);
  });
  afterAll(() => srv.close());

  const get = async (kind: string) => {
    const res = await fetch(`${srv.url}/fail/${kind}`);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('maps each error type to its status and JSON body', async () => {
    let r = await get('invalid');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.code).toBe('invalid_request');
    expect(JSON.parse(r.text).error.message).toContain('must not be');
    r = await get('timeout');
    expect(r.status).toBe(504);
    expect(JSON.parse(r.text).error).toEqual({ code: 'upstream_timeout', message: 'The upstream service did not respond within 1234 ms' });
    r = await get('network');
    expect(r.status).toBe(502);
    expect(JSON.parse(r.text).error.code).toBe('upstream_unreachable');
    r = await get('http');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('9');
    expect(r.headers.get('x-portkey-trace-id')).toBe('t');
    expect(JSON.parse(r.text)).toEqual({ error: { message: 'slow down' } });
    r = await get('httptext');
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toBe('<b>bad gateway</b>');
    r = await get('httpempty');
    expect(r.status).toBe(503);
    expect(r.text).toBe('');
    r = await get('notjson');
    expect(r.status).toBe(502);
    expect(JSON.parse(r.text).error.code).toBe('upstream_invalid_body');
  });

  it('anything else is a generic 500: no stack, no secret (also not in the log)', async () => {
    for (const kind of ['boom', 'string']) {
      const r = await get(kind);
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain('at ');
    }
    expect(logs.text()).toContain('database password is [redacted]');
    expect(logs.text()).not.toContain(SECRET);
  });

  it('a caller that went away is logged at info, not as an unhandled error', async () => {
    const before = logs.lines().length;
    const ac = new AbortController();
    const pending = fetch(`${srv.url}/gone`, { signal: ac.signal }).catch(() => undefined);
    await sleep(50);
    ac.abort();
    await pending;
    for (let i = 0; i < 50 && logs.lines().length === before; i++) await sleep(20);
    const added = logs.lines().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ level: 'info', msg: 'request abandoned by the caller' });
  });

  it('after headers were sent it destroys the connection instead of writing JSON', async () => {
    await expect(fetch(`${srv.url}/late`).then((r) => r.text())).rejects.toThrow();
  });
});

describe('healthHandler', () => {
  it('answers GET /healthz', async () => {
    const app = express();
    app.get('/healthz', healthHandler('portkey-batch'));
    const s = await listen(app);
    try {
      const res = await fetch(`${s.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', name: 'portkey-batch' });
    } finally {
      await s.close();
    }
  });
});

describe('serve', () => {
  it('binds port 0, lets an in-flight request finish on close, then refuses connections', async () => {
    const logs = memoryStream();
    const app = express();
    app.get('/slow', async (_req, res) => {
      await sleep(300);
      res.json({ done: true });
    });
    const running = await serve(app, { name: 'svc', port: 0, host: '127.0.0.1', log: createLogger('svc', () => [], logs.stream) });
    expect(running.port).toBeGreaterThan(0);
    expect(running.host).toBe('127.0.0.1');
    const inflight = fetch(`http://127.0.0.1:${running.port}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await sleep(50);
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await inflight).toEqual({ status: 200, body: { done: true } });
    await expect(fetch(`http://127.0.0.1:${running.port}/slow`)).rejects.toThrow();
    expect(logs.lines()[0]).toMatchObject({ level: 'info', msg: 'listening', port: running.port });
  });

  it('bounds shutdown: a request slower than shutdownTimeoutMs is cut', async () => {
    const app = express();
    app.get('/hang', () => undefined);
    const running = await serve(app, {
      name: 'svc',
      port: 0,
      host: '127.0.0.1',
      log: createLogger('svc', () => [], memoryStream().stream),
      shutdownTimeoutMs: 200,
    });
    const hung = fetch(`http://127.0.0.1:${running.port}/hang`).catch((e: unknown) => e);
    await sleep(50);
    const started = Date.now();
    await running.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hung).toBeInstanceOf(Error);
  });

  it('rejects when the port is taken (onListenError: reject; see serve-listen.test.ts)', async () => {
    const a = await serve(express(), { name: 'a', port: 0, host: '127.0.0.1', log: createLogger('a', () => [], memoryStream().stream) });
    try {
      await expect(
        serve(express(), {
          name: 'b',
          port: a.port,
          host: '127.0.0.1',
          log: createLogger('b', () => [], memoryStream().stream),
          onListenError: 'reject',
        }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('is in use; pass --port N') });
    } finally {
      await a.close();
    }
  });

  it('on SIGTERM finishes the in-flight request and exits 0 (child process)', async () => {
    const dir = transpileRuntime();
    const script = `
      import express from 'express';
      import { serve } from ${JSON.stringify(join(dir, 'serve.js'))};
      import { createLogger } from ${JSON.stringify(join(dir, 'log.js'))};
      const app = express();
      app.get('/slow', (_req, res) => setTimeout(() => res.json({ done: true }), 400));
      const r = await serve(app, { name: 'svc', port: 0, host: '127.0.0.1', log: createLogger('svc', () => []) });
      process.stdout.write(String(r.port) + '\\n');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const inflight = new Promise<string>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/slow' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    try {
      await sleep(100);
      child.kill('SIGTERM');
      expect(await inflight).toBe('{"done":true}');
      expect(await exited).toBe(0);
      expect(stderr).toContain('"msg":"shutting down"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      removeDir(dir);
    }
  });
});
