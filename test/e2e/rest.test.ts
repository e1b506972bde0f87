/**
 * End-to-end: the generated REST adapter (generated/portkey-batch/dist/rest.js), started as a real
 * process, driven with fetch, in front of the fake Portkey upstream. Asserts both what the caller
 * gets and what reached the upstream.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey, type RecordedRequest } from '../support/fake-portkey/index.js';
import { runToExit, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { raw } from '../support/raw-http.js';
import { CANARY_KEY, MCP_JS, REST_JS, ensureBuilt, sleep } from './helpers.js';

let fake: FakePortkey;
let rest: RunningProcess;
/** Every response body the tests read, for the secret canary check at the end. */
const bodies: string[] = [];
const stderrs: Array<() => string> = [];

const CREATE = { input_file_id: 'file-abc123', endpoint: '/v1/chat/completions', completion_window: '24h' };

async function call(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: any; upstream: RecordedRequest[] }> {
  const before = fake.requests.length;
  // Bounded: a hanging adapter fails the test in seconds, not at the 60 s test timeout.
  const res = await fetch(rest.url + path, {
    method,
    body: init.body,
    headers: init.headers,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  bodies.push(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, upstream: fake.requests.slice(before) };
}

/** A request whose path is sent byte for byte (fetch would normalise %2E%2E away), with no headers but Host. */
async function rawRequest(method: string, path: string, body?: string): Promise<{ status: number; text: string; upstream: RecordedRequest[] }> {
  const before = fake.requests.length;
  const r = await raw(rest.url, { method, path, body });
  bodies.push(r.body);
  return { status: r.status, text: r.body, upstream: fake.requests.slice(before) };
}

const postJson = (path: string, value: unknown) =>
  call('POST', path, { body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  rest = await startServer({
    script: REST_JS,
    env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url },
  });
  stderrs.push(rest.stderr);
});

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

describe('REST adapter: create', () => {
  it('POST /v1/batches → 200; the JSON body, bearer key and path reach the upstream', async () => {
    const r = await postJson('/v1/batches', { ...CREATE, metadata: { team: 'e2e' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toMatchObject({ object: 'batch', status: 'validating', ...CREATE, metadata: { team: 'e2e' } });
    expect(r.json.id).toMatch(/^batch_/);
    expect(r.headers.get('x-portkey-trace-id')).toBeTruthy();

    expect(r.upstream).toHaveLength(1);
    const up = r.upstream[0]!;
    expect(up.method).toBe('POST');
    expect(up.url).toBe('/v1/batches');
    expect(up.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(String(up.headers['content-type'])).toMatch(/^application\/json/);
    expect(JSON.parse(up.body)).toEqual({ ...CREATE, metadata: { team: 'e2e' } });
    expect(fake.store.getBatch(r.json.id)?.status).toBe('validating');
  });

  it('a body the bound OpenAPI document refuses → 400 from the adapter naming each failing place; nothing sent upstream', async () => {
    const secretish = 'sk-live-0123456789abcdef0123456789abcdef';
    const r = await postJson('/v1/batches', {
      endpoint: '/v1/nope',
      completion_window: '24h',
      metadata: { team: 7, [secretish]: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.upstream).toHaveLength(0);
    expect(r.json.error.code).toBe('invalid_request');
    const messages = (r.json.error.details as { message: string; path: string; in: string }[]).map((d) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'body.input_file_id is required',
        'body.endpoint must be one of: /v1/chat/completions, /v1/completions, /v1/embeddings',
        'body.metadata.team must be of type string',
      ]),
    );
    expect(r.json.error.details).toContainEqual({ name: 'body', in: 'body', path: '/endpoint', message: expect.any(String) });
    // The values sent, and a caller's key that may be a token, are not repeated back.
    expect(r.text).not.toContain('/v1/nope');
    expect(r.text).not.toContain(secretish);
  });

  it('a body the document accepts reaches the upstream as sent (its own refusals still pass through)', async () => {
    const ok = await postJson('/v1/batches', { ...CREATE, completion_window: 'immediate', metadata: { a: 'b' } });
    expect(ok.status).toBe(200);
    expect(ok.upstream).toHaveLength(1);
    expect(JSON.parse(ok.upstream[0]!.body)).toEqual({ ...CREATE, completion_window: 'immediate', metadata: { a: 'b' } });
    // A body the document allows but the upstream refuses (an empty file id): the upstream's 400, passed through.
    const empty = await postJson('/v1/batches', { ...CREATE, input_file_id: '' });
    expect(empty.upstream).toHaveLength(1);
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatchObject({ param: 'input_file_id', code: 'empty_string' });
  });

  it('a body that is not JSON → 400 JSON error from the adapter; nothing sent upstream', async () => {
    const r = await call('POST', '/v1/batches', {
      body: '{"input_file_id": "file-1",',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json?.error?.code).toEqual(expect.any(String));
    expect(r.json.error.message).toEqual(expect.any(String));
    expect(r.text).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(r.upstream).toHaveLength(0);
  });

  it('a JSON array is not an object body → 400 naming body', async () => {
    const arr = await postJson('/v1/batches', [CREATE]);
    expect(arr.status).toBe(400);
    expect(arr.json.error.message).toContain('body');
    expect(arr.upstream).toHaveLength(0);
  });

  it('a text/plain body, or one without a content type → 415 saying to send application/json; nothing sent upstream', async () => {
    const plain = await call('POST', '/v1/batches', { body: JSON.stringify(CREATE), headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(plain.json.error).toEqual({
      code: 'unsupported_media_type',
      message: 'This route takes a JSON body: send it with Content-Type: application/json (the request had Content-Type text/plain)',
    });
    expect(plain.upstream).toHaveLength(0);

    // fetch labels a string body text/plain; node:http sends none unless told.
    const untyped = await rawRequest('POST', '/v1/batches', JSON.stringify(CREATE));
    expect(untyped.status).toBe(415);
    expect(JSON.parse(untyped.text).error.message).toContain('(the request had no Content-Type)');
    expect(untyped.upstream).toHaveLength(0);
  });

  it('no body with Content-Type: application/json → 400 "body is required"; nothing sent upstream', async () => {
    const r = await call('POST', '/v1/batches', { headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Invalid request: body is required');
    expect(r.upstream).toHaveLength(0);
  });
});

describe('REST adapter: list', () => {
  it('GET /v1/batches?after&limit → the query reaches the upstream; the page comes back', async () => {
    const ids = [1, 2, 3, 4].map((i) => fake.store.createBatch({ created_at: 2_000_000_000 + i }).id);
    // newest first: ids[3], ids[2], ids[1], ids[0]
    const r = await call('GET', `/v1/batches?after=${ids[3]}&limit=2`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ object: 'list', has_more: true });
    expect(r.json.data.map((b: { id: string }) => b.id)).toEqual([ids[2], ids[1]]);
    expect(r.upstream).toHaveLength(1);
    expect(r.upstream[0]!.method).toBe('GET');
    expect(r.upstream[0]!.path).toBe('/v1/batches');
    expect(r.upstream[0]!.query).toEqual({ after: ids[3], limit: '2' });
    expect(r.upstream[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('without parameters → no query string upstream', async () => {
    const r = await call('GET', '/v1/batches');
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('list');
    expect(r.upstream[0]!.url).toBe('/v1/batches');
  });

  it('limit=abc → 400 naming limit, not sent upstream', async () => {
    const r = await call('GET', '/v1/batches?limit=abc');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('limit');
    expect(r.upstream).toHaveLength(0);
  });

  it('limit=500 → 400 (schema maximum 100), not sent upstream', async () => {
    const r = await call('GET', '/v1/batches?limit=500');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('limit');
    expect(r.upstream).toHaveLength(0);
    const zero = await call('GET', '/v1/batches?limit=0');
    expect(zero.status).toBe(400);
    expect(zero.upstream).toHaveLength(0);
  });
});

describe('REST adapter: retrieve, cancel', () => {
  it('GET /v1/batches/{id} → 200 with the batch', async () => {
    const b = fake.store.createBatch({ metadata: { k: 'v' } });
    const r = await call('GET', `/v1/batches/${b.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual(b);
    expect(r.upstream[0]!.url).toBe(`/v1/batches/${b.id}`);
  });

  it('unknown id → 404 passthrough with the upstream body and trace id', async () => {
    const r = await call('GET', '/v1/batches/batch_does_not_exist');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error: {
        message: "openai error: No batch found with id 'batch_does_not_exist'.",
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
      provider: 'openai',
    });
    expect(r.headers.get('x-portkey-trace-id')).toBeTruthy();
  });

  it('a path parameter "../admin" arrives upstream as ONE encoded segment', async () => {
    const r = await call('GET', '/v1/batches/..%2Fadmin');
    expect(r.upstream).toHaveLength(1);
    expect(r.upstream[0]!.url).toBe('/v1/batches/..%2Fadmin');
    expect(r.status).toBe(404); // the fake knows no batch "../admin"
    expect(r.json.error.message).toContain('../admin');

    const c = await call('POST', '/v1/batches/..%2Fadmin/cancel');
    expect(c.upstream.map((u) => u.url)).toEqual(['/v1/batches/..%2Fadmin/cancel']);
    const o = await call('GET', '/v1/batches/a%3Fb%23c%20d/output');
    expect(o.upstream.map((u) => u.url)).toEqual(['/v1/batches/a%3Fb%23c%20d/output']);
  });

  it('a path parameter ".." is refused by the adapter, never sent upstream', async () => {
    for (const path of ['/v1/batches/%2E%2E', '/v1/batches/%2e%2e/output', '/v1/batches/./cancel']) {
      const r = await rawRequest(path.endsWith('cancel') ? 'POST' : 'GET', path);
      expect(r.upstream, path).toHaveLength(0);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text).error.message, path).toMatch(/must not be/);
    }
  });

  it('POST /v1/batches/{id}/cancel → 200 cancelling; a finished batch → 400 passthrough', async () => {
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'in_progress');
    const r = await call('POST', `/v1/batches/${b.id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: b.id, status: 'cancelling' });
    expect(r.json.cancelling_at).toEqual(expect.any(Number));
    expect(r.upstream[0]!.method).toBe('POST');
    expect(r.upstream[0]!.url).toBe(`/v1/batches/${b.id}/cancel`);
    expect(fake.store.getBatch(b.id)?.status).toBe('cancelling');

    fake.store.setStatus(b.id, 'completed');
    const again = await call('POST', `/v1/batches/${b.id}/cancel`);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: { code: 'batch_not_cancellable' }, provider: 'openai' });

    const unknown = await call('POST', '/v1/batches/batch_nope/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.json.provider).toBe('openai');
  });
});

describe('REST adapter: output', () => {
  it('small output: 200, application/octet-stream kept, JSONL lines intact', async () => {
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'completed');
    fake.store.setOutput(b.id, 40);
    const r = await call('GET', `/v1/batches/${b.id}/output`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    const lines = r.text.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(40);
    expect(JSON.parse(lines[0]!)).toMatchObject({ custom_id: 'request-1', error: null });
    expect(JSON.parse(lines[39]!)).toMatchObject({ custom_id: 'request-40' });
    expect(lines.filter((l) => JSON.parse(l).error !== null)).toHaveLength(2); // one in twenty
  });

  it('no output yet → 404 passthrough', async () => {
    const b = fake.store.createBatch();
    const r = await call('GET', `/v1/batches/${b.id}/output`);
    expect(r.status).toBe(404);
    expect(r.json.provider).toBe('openai');
  });

  it('200k lines (~200 MB) stream through, counted line by line, with bounded adapter RSS', async () => {
    const N = 200_000;
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'completed');
    fake.store.setOutput(b.id, N);

    let maxRss = rest.rssBytes() ?? 0;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, rest.rssBytes() ?? 0);
    }, 20);
    try {
      const res = await fetch(`${rest.url}/v1/batches/${b.id}/output`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-length')).toBeNull();
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let lines = 0;
      let bytes = 0;
      let partial = '';
      let firstLine: string | undefined;
      let lastLine = '';
      let paused = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        const chunk = partial + decoder.decode(value, { stream: true });
        const parts = chunk.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          if (line === '') continue;
          lines++;
          firstLine ??= line;
          lastLine = line;
        }
        // A slow reader for a while: an adapter without backpressure would buffer the upstream now.
        if (!paused && bytes > 20 * 1024 * 1024) {
          paused = true;
          await sleep(2500);
        }
      }
      if (partial !== '') {
        lines++;
        lastLine = partial;
      }
      expect(lines).toBe(N);
      expect(bytes).toBeGreaterThan(150 * 1024 * 1024);
      expect(JSON.parse(firstLine!)).toMatchObject({ custom_id: 'request-1' });
      expect(JSON.parse(lastLine)).toMatchObject({ custom_id: `request-${N}` });
    } finally {
      clearInterval(sampler);
    }
    expect(maxRss).toBeGreaterThan(0);
    expect(maxRss).toBeLessThan(150 * 1024 * 1024);
  }, 90_000);

  it('a caller that disconnects mid-stream stops the upstream stream', async () => {
    const b = fake.store.createBatch();
    let produced = 0;
    let finished = false;
    fake.store.setOutput(b.id, async function* () {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          produced++;
          yield `{"i":${i},"pad":"${'x'.repeat(1000)}"}`;
        }
      } finally {
        finished = true;
      }
    });
    const ac = new AbortController();
    const res = await fetch(`${rest.url}/v1/batches/${b.id}/output`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.cancel().catch(() => undefined);
    const deadline = Date.now() + 5000;
    while (!finished && Date.now() < deadline) await sleep(25);
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(1_000_000);
  });
});

describe('REST adapter: service routes', () => {
  it('GET /healthz → 200 {"status":"ok"}', async () => {
    const r = await call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok' });
    expect(r.upstream).toHaveLength(0);
  });

  it('GET /openapi.json → an OpenAPI 3 document with the 5 operations', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const ops: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item[method] as { operationId?: string; responses?: unknown } | undefined;
        if (!op) continue;
        // Placeholder names are the generator's choice (batchId, batch_id, …): compare the shape.
        ops.push(`${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`);
        expect(op.responses).toBeTypeOf('object');
      }
    }
    expect(ops.sort()).toEqual(
      [
        'GET /v1/batches',
        'GET /v1/batches/{id}',
        'GET /v1/batches/{id}/output',
        'POST /v1/batches',
        'POST /v1/batches/{id}/cancel',
      ].sort(),
    );
    // Every templated path parameter is declared.
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
        const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])]
          .filter((p: { in: string }) => p.in === 'path')
          .map((p: { name: string }) => p.name);
        expect(declared.sort()).toEqual(names.sort());
      }
    }
  });

  it('unknown route → 404 JSON', async () => {
    const r = await call('GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.json.error).toBeDefined();
    expect(r.upstream).toHaveLength(0);
    expect((await call('DELETE', '/v1/nothing-here')).status).toBe(404);
  });

  it('a served path asked with another method → 405 with Allow and a JSON error; nothing sent upstream', async () => {
    const r = await call('DELETE', '/v1/batches');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json.error).toEqual({ code: 'method_not_allowed', message: 'DELETE is not allowed on /v1/batches; allowed: GET, HEAD, POST' });
    expect(r.upstream).toHaveLength(0);
    expect(await call('GET', '/v1/batches/batch_1/cancel')).toMatchObject({ status: 405, upstream: [] });
    expect((await call('GET', '/v1/batches/batch_1/cancel')).headers.get('allow')).toBe('POST');
    expect((await call('PUT', '/v1/batches/batch_1')).headers.get('allow')).toBe('GET, HEAD');
    expect((await call('POST', '/healthz')).status).toBe(405);
    expect((await call('POST', '/openapi.json')).headers.get('allow')).toBe('GET, HEAD');
    const options = await call('OPTIONS', '/v1/batches/batch_1/output');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('REST adapter: failures and secrets', () => {
  it('upstream unreachable (closed port) → 502 JSON', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const down = await startServer({
      script: REST_JS,
      env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: `http://127.0.0.1:${closedPort}/v1` },
    });
    stderrs.push(down.stderr);
    const res = await fetch(`${down.url}/v1/batches/batch_1`);
    const text = await res.text();
    bodies.push(text);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    await down.stop();
  });

  it('SIGTERM lets an in-flight request finish, then the process exits 0', async () => {
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, async function* () {
      for (let i = 0; i < 10; i++) {
        await sleep(100);
        yield `{"i":${i}}`;
      }
    });
    const proc = await startServer({
      script: REST_JS,
      env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url },
    });
    stderrs.push(proc.stderr);
    const pending = fetch(`${proc.url}/v1/batches/${b.id}/output`).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));
    await sleep(300); // the request is in flight (the upstream answers after ~1 s)
    proc.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.text.split('\n').filter((l) => l !== '')).toHaveLength(10);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.stderr()).toContain('"msg":"shutting down"');
  });

  it('missing PORTKEY_API_KEY → exit 1 with one stderr line naming it', async () => {
    const r = await runToExit({
      script: REST_JS,
      args: ['--port', '0', '--host', '127.0.0.1'],
      env: { PORTKEY_BATCH_BASE_URL: fake.url },
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORTKEY_API_KEY');
    expect(r.stdout).toBe('');
  });

  it('the secret never appears in any stderr output or response body (canary)', async () => {
    // A few more error paths whose logs could carry it.
    await call('GET', '/v1/batches?limit=abc');
    await call('POST', '/v1/batches', { body: '{', headers: { 'content-type': 'application/json' } });
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body.includes(CANARY_KEY), body.slice(0, 200)).toBe(false);
    for (const stderr of stderrs) expect(stderr().includes(CANARY_KEY), stderr()).toBe(false);
    // Upstream did see it (so the canary is really in play).
    expect(fake.requests.some((r) => r.headers.authorization === `Bearer ${CANARY_KEY}`)).toBe(true);
  });
});

describe('start-up failures: one line saying what to change, exit 1, never a stack trace', () => {
  /** Runs a server entry to its exit; returns its non-empty stderr lines. */
  async function startFails(script: string, args: string[], env: Record<string, string>): Promise<string[]> {
    const r = await runToExit({ script, args, env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url, ...env } });
    stderrs.push(() => r.stderr);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/Error:|node:internal/);
    return r.stderr.split('\n').filter((l) => l.trim() !== '');
  }

  /** The one JSON error line a server logs when it cannot listen. */
  function listenFailure(lines: string[]): Record<string, unknown> {
    const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((rec) => rec.level === 'error');
    expect(errors).toHaveLength(1);
    return errors[0]!;
  }

  let busy: import('node:net').Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = createServer();
    busyPort = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)));
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it.each([
    ['rest', REST_JS],
    ['mcp', MCP_JS],
  ])('%s: a port in use → "port N on 127.0.0.1 is in use; pass --port N"', async (_name, script) => {
    const rec = listenFailure(await startFails(script, ['--port', String(busyPort), '--host', '127.0.0.1'], {}));
    expect(rec).toMatchObject({
      msg: `port ${busyPort} on 127.0.0.1 is in use; pass --port N (a free port, or 0 to pick one)`,
      code: 'EADDRINUSE',
      port: busyPort,
    });
  });

  it.each([
    ['rest', REST_JS, { NAFTIKO_REST_ALLOWED_HOSTS: 'api.example.com' }],
    ['mcp', MCP_JS, { NAFTIKO_MCP_ALLOWED_HOSTS: 'mcp.example.com' }],
  ])('%s: --host 203.0.113.9 (not an address of this machine) → "pass --host"', async (_name, script, env) => {
    const rec = listenFailure(await startFails(script, ['--port', '0', '--host', '203.0.113.9'], env));
    expect(rec).toMatchObject({ code: 'EADDRNOTAVAIL', msg: expect.stringMatching(/^203\.0\.113\.9 is not an address of this machine; pass --host/) });
  });

  it.each([
    ['rest', 'NAFTIKO_REST_MAX_BODY', 'huge', 'expected a size in bytes'],
    ['rest', 'NAFTIKO_UPSTREAM_TIMEOUT_MS', 'abc', 'expected a whole number of milliseconds'],
    ['rest', 'NAFTIKO_CORS_ORIGINS', 'app.example.com', 'expected * (any origin) or a comma-separated list of origins'],
    ['mcp', 'NAFTIKO_UPSTREAM_RETRIES', '-1', 'expected a whole number from 0 to 100'],
    ['mcp', 'NAFTIKO_MCP_MAX_RESULT_BYTES', '1k', 'expected a size in bytes'],
    // Checked by requireEnv only once the entries pass BASE_URL_ENV (generator/emit/server-entry.ts).
    ['rest', 'PORTKEY_BATCH_BASE_URL', 'localhost:4010', 'expected http(s)://host[:port][/path]'],
    ['mcp', 'PORTKEY_BATCH_BASE_URL', 'localhost:4010', 'expected http(s)://host[:port][/path]'],
  ])('%s: %s=%s → one line naming the variable and the accepted form', async (name, variable, value, expected) => {
    const lines = await startFails(name === 'rest' ? REST_JS : MCP_JS, ['--port', '0'], { [variable]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`portkey-batch-${name}: ${variable}=${JSON.stringify(value)} `);
    expect(lines[0]).toContain(expected);
    expect(lines[0]).toMatch(/ — fix or unset it and restart$/);
  });
});
