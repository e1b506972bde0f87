import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type Batch, type FakePortkey } from '../support/fake-portkey/index.js';

let fake: FakePortkey;

beforeAll(async () => {
  fake = await startFakePortkey();
});
afterAll(async () => {
  await fake.close();
});

function auth(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${fake.apiKey}`, ...extra };
}

async function call(
  method: string,
  path: string,
  opts: { body?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const headers = opts.headers ?? auth();
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

const validCreate = {
  input_file_id: 'file-abc123',
  endpoint: '/v1/chat/completions',
  completion_window: '24h',
  metadata: { customer_id: 'user_123456789' },
};

async function createViaApi(over: Record<string, unknown> = {}): Promise<Batch> {
  const r = await call('POST', '/batches', { json: { ...validCreate, ...over } });
  expect(r.status).toBe(200);
  return r.json as Batch;
}

function expectErrorBody(json: any, param: string | null): void {
  expect(json).toMatchObject({ error: { type: 'invalid_request_error', param } });
  expect(typeof json.error.message).toBe('string');
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
}

describe('server basics', () => {
  it('listens on 127.0.0.1 under /v1', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.apiKey).toBe('pk-test-key');
  });

  it('unknown routes get a 404 JSON body, with a trace id', async () => {
    for (const [m, p] of [
      ['GET', '/nope'],
      ['DELETE', '/batches'],
      ['GET', '/batches/x/cancel'],
      ['POST', '/batches/x'],
      ['GET', '/batches/x/output/more'],
    ] as const) {
      const r = await call(m, p);
      expect(r.status, `${m} ${p}`).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/json');
      expect(r.json.error.message).toContain('Unknown route');
      expect(r.headers.get('x-portkey-trace-id')).toBeTruthy();
    }
    const outside = await fetch(fake.url.replace(/\/v1$/, '/batches'), { headers: auth() });
    expect(outside.status).toBe(404);
    expect((await outside.json()).error).toBeDefined();
  });

  it('puts x-portkey-trace-id on every response, echoing the caller’s one', async () => {
    const a = await call('GET', '/batches');
    const b = await call('GET', '/batches');
    expect(a.headers.get('x-portkey-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-portkey-trace-id')).not.toBe(b.headers.get('x-portkey-trace-id'));
    const c = await call('GET', '/batches', { headers: auth({ 'x-portkey-trace-id': 'my-trace-1' }) });
    expect(c.headers.get('x-portkey-trace-id')).toBe('my-trace-1');
    const d = await call('GET', '/batches', { headers: {} });
    expect(d.status).toBe(401);
    expect(d.headers.get('x-portkey-trace-id')).toBeTruthy();
  });

  it('records every request in order with raw url, path, query, headers and body', async () => {
    const before = fake.requests.length;
    await call('POST', '/batches', { json: validCreate, headers: auth({ 'x-extra': 'yes' }) });
    await call('GET', '/batches?limit=2&after=batch_zz%20x');
    const [post, list] = fake.requests.slice(before);
    expect(post).toMatchObject({ method: 'POST', url: '/v1/batches', path: '/v1/batches', query: {} });
    expect(JSON.parse(post!.body)).toEqual(validCreate);
    expect(post!.headers['x-extra']).toBe('yes');
    expect(post!.headers.authorization).toBe('Bearer pk-test-key');
    expect(list).toMatchObject({
      method: 'GET',
      url: '/v1/batches?limit=2&after=batch_zz%20x',
      path: '/v1/batches',
      query: { limit: '2', after: 'batch_zz x' },
      body: '',
    });
  });

  it('records a ../admin path parameter raw, percent-encoded as one segment', async () => {
    const before = fake.requests.length;
    const r = await call('GET', `/batches/${encodeURIComponent('../admin')}`);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toContain("'../admin'");
    const rec = fake.requests[before]!;
    expect(rec.url).toBe('/v1/batches/..%2Fadmin');
    expect(rec.path).toBe('/v1/batches/..%2Fadmin');
    // An unencoded ../ is normalised away by fetch itself and never reaches the batch route.
    await call('GET', '/batches/../admin');
    expect(fake.requests[before + 1]!.url).toBe('/v1/admin');
  });

  it('a second server uses its own key and port', async () => {
    const other = await startFakePortkey({ apiKey: 'pk-other' });
    try {
      expect(other.url).not.toBe(fake.url);
      const ok = await fetch(`${other.url}/batches`, { headers: { 'x-portkey-api-key': 'pk-other' } });
      expect(ok.status).toBe(200);
      const bad = await fetch(`${other.url}/batches`, { headers: { 'x-portkey-api-key': 'pk-test-key' } });
      expect(bad.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('auth', () => {
  it('accepts Authorization: Bearer <key> or x-portkey-api-key', async () => {
    expect((await call('GET', '/batches', { headers: { authorization: 'Bearer pk-test-key' } })).status).toBe(200);
    expect((await call('GET', '/batches', { headers: { authorization: 'bearer pk-test-key' } })).status).toBe(200);
    expect((await call('GET', '/batches', { headers: { 'x-portkey-api-key': 'pk-test-key' } })).status).toBe(200);
    // With x-portkey-api-key present, Authorization is the provider's key.
    const both = await call('GET', '/batches', {
      headers: { 'x-portkey-api-key': 'pk-test-key', authorization: 'Bearer sk-provider' },
    });
    expect(both.status).toBe(200);
  });

  it('rejects a missing or wrong key with 401 and an error body, on every route', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'pk-test-key' },
      { authorization: 'Basic pk-test-key' },
      { 'x-portkey-api-key': 'wrong' },
      { 'x-portkey-api-key': 'wrong', authorization: 'Bearer pk-test-key' },
    ];
    for (const headers of cases) {
      const r = await call('GET', '/batches', { headers });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.json.error).toMatchObject({ type: 'authentication_error' });
      expect(typeof r.json.error.message).toBe('string');
    }
    const seeded = fake.store.createBatch();
    for (const [m, p] of [
      ['POST', '/batches'],
      ['GET', `/batches/${seeded.id}`],
      ['POST', `/batches/${seeded.id}/cancel`],
      ['GET', `/batches/${seeded.id}/output`],
    ] as const) {
      expect((await call(m, p, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    }
    expect(fake.store.getBatch(seeded.id)!.status).toBe('validating');
  });
});

describe('POST /batches', () => {
  it('creates a validating batch', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const r = await call('POST', '/batches', { json: validCreate });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    const b = r.json as Batch;
    expect(b).toMatchObject({
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: 'file-abc123',
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      in_progress_at: null,
      expires_at: null,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { customer_id: 'user_123456789' },
    });
    expect(b.id).toMatch(/^batch_/);
    expect(Math.abs(b.created_at - nowS)).toBeLessThanOrEqual(2);
    const again = await call('GET', `/batches/${b.id}`);
    expect(again.json).toEqual(b);
  });

  it('accepts immediate, other endpoints, no metadata and extra (portkey-managed) fields', async () => {
    const b = await createViaApi({
      completion_window: 'immediate',
      endpoint: '/v1/embeddings',
      metadata: undefined,
      portkey_options: { 'x-portkey-config': 'pc-1' },
    });
    expect(b).toMatchObject({ completion_window: 'immediate', endpoint: '/v1/embeddings', metadata: null });
    expect((await createViaApi({ endpoint: '/v1/completions', metadata: null })).metadata).toBeNull();
  });

  it('rejects bad or missing fields with 400 invalid_request_error', async () => {
    const cases: [Record<string, unknown>, string | null, string][] = [
      [{ input_file_id: undefined }, 'input_file_id', 'missing_required_parameter'],
      [{ endpoint: undefined }, 'endpoint', 'missing_required_parameter'],
      [{ completion_window: undefined }, 'completion_window', 'missing_required_parameter'],
      [{ input_file_id: 42 }, 'input_file_id', 'invalid_type'],
      [{ input_file_id: '' }, 'input_file_id', 'empty_string'],
      [{ endpoint: '/v1/images' }, 'endpoint', 'invalid_value'],
      [{ completion_window: '48h' }, 'completion_window', 'invalid_value'],
      [{ metadata: 'x' }, 'metadata', 'invalid_type'],
      [{ metadata: [1] }, 'metadata', 'invalid_type'],
    ];
    for (const [over, param, code] of cases) {
      const r = await call('POST', '/batches', { json: { ...validCreate, ...over } });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expectErrorBody(r.json, param);
      expect(r.json.error.code).toBe(code);
      expect(r.json.provider).toBe('openai');
    }
    const missing = await call('POST', '/batches', { json: { endpoint: '/v1/chat/completions', completion_window: '24h' } });
    expect(missing.json.error.message).toBe("openai error: Missing required parameter: 'input_file_id'.");
    for (const body of [[], 'str', 7, null]) {
      const r = await call('POST', '/batches', { json: body });
      expect(r.status).toBe(400);
      expectErrorBody(r.json, null);
    }
  });

  it('answers 500 failure for a body that is not JSON', async () => {
    for (const body of ['not json', '{"input_file_id":', '']) {
      const r = await call('POST', '/batches', { body, headers: auth({ 'content-type': 'application/json' }) });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ status: 'failure', message: 'Something went wrong' });
    }
  });
});

describe('GET /batches', () => {
  it('lists newest first with cursor pagination, default limit 20', async () => {
    const own = await startFakePortkey();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) ids.push(own.store.createBatch({ created_at: 1_700_000_000 + i }).id);
      const sameSecondA = own.store.createBatch({ created_at: 1_800_000_000 }).id;
      const sameSecondB = own.store.createBatch({ created_at: 1_800_000_000 }).id;
      const newestFirst = [sameSecondB, sameSecondA, ...[...ids].reverse()];
      const get = async (q: string): Promise<any> => {
        const r = await fetch(`${own.url}/batches${q}`, { headers: { authorization: 'Bearer pk-test-key' } });
        expect(r.status).toBe(200);
        return r.json();
      };
      const p1 = await get('');
      expect(p1.object).toBe('list');
      expect(p1.data.map((b: Batch) => b.id)).toEqual(newestFirst.slice(0, 20));
      expect(p1.first_id).toBe(newestFirst[0]);
      expect(p1.last_id).toBe(newestFirst[19]);
      expect(p1.has_more).toBe(true);
      const p2 = await get(`?after=${p1.last_id}&limit=5`);
      expect(p2.data.map((b: Batch) => b.id)).toEqual(newestFirst.slice(20, 25));
      expect(p2.has_more).toBe(true);
      const p3 = await get(`?after=${p2.last_id}&limit=100`);
      expect(p3.data.map((b: Batch) => b.id)).toEqual(newestFirst.slice(25));
      expect(p3.has_more).toBe(false);
      const p4 = await get(`?after=${newestFirst[26]}`);
      expect(p4).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
      expect((await get('?limit=1')).data).toHaveLength(1);
      expect((await get('?limit=1&after=')).data[0].id).toBe(newestFirst[0]);
      expect((await get('?after=batch_unknown')).data).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('rejects an invalid limit with 400', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '2.5', '']) {
      const r = await call('GET', `/batches?limit=${limit}`);
      expect(r.status, limit).toBe(400);
      expectErrorBody(r.json, 'limit');
    }
    expect((await call('GET', '/batches?limit=100')).status).toBe(200);
  });
});

describe('GET /batches/{id}', () => {
  it('returns the batch or 404 with an error body', async () => {
    const b = fake.store.createBatch({ metadata: { k: 'v' } });
    const r = await call('GET', `/batches/${b.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual(b);
    const missing = await call('GET', '/batches/batch_missing');
    expect(missing.status).toBe(404);
    expectErrorBody(missing.json, null);
    expect(missing.json.error.message).toContain('batch_missing');
  });
});

describe('lifecycle and POST /batches/{id}/cancel', () => {
  it('advances validating → in_progress → finalizing → completed with timestamps', async () => {
    const b = await createViaApi();
    fake.store.setStatus(b.id, 'in_progress');
    let cur = (await call('GET', `/batches/${b.id}`)).json as Batch;
    expect(cur.status).toBe('in_progress');
    expect(cur.in_progress_at).toBeGreaterThanOrEqual(b.created_at);
    expect(cur.expires_at).toBe(b.created_at + 86400);
    expect(cur.request_counts.total).toBeGreaterThan(0);
    expect(fake.store.advance(b.id).status).toBe('finalizing');
    expect(fake.store.advance(b.id).status).toBe('completed');
    cur = (await call('GET', `/batches/${b.id}`)).json as Batch;
    expect(cur.finalizing_at).not.toBeNull();
    expect(cur.completed_at).not.toBeNull();
    expect(cur.output_file_id).toMatch(/^file-/);
    expect(cur.request_counts.completed + cur.request_counts.failed).toBe(cur.request_counts.total);
    expect(() => fake.store.advance(b.id)).toThrow();
  });

  it('failed and expired batches carry their timestamps', async () => {
    const f = fake.store.createBatch();
    fake.store.setStatus(f.id, 'failed');
    const failed = fake.store.getBatch(f.id)!;
    expect(failed.failed_at).not.toBeNull();
    expect(failed.errors?.object).toBe('list');
    const e = fake.store.createBatch();
    fake.store.setStatus(e.id, 'in_progress');
    fake.store.setStatus(e.id, 'expired');
    const expired = fake.store.getBatch(e.id)!;
    expect(expired.expired_at).not.toBeNull();
    expect(expired.request_counts.failed).toBeGreaterThan(0);
  });

  it('cancels validating/in_progress batches: cancelling, then cancelled', async () => {
    for (const start of ['validating', 'in_progress'] as const) {
      const b = await createViaApi();
      fake.store.setStatus(b.id, start);
      const r = await call('POST', `/batches/${b.id}/cancel`);
      expect(r.status).toBe(200);
      expect(r.json.status).toBe('cancelling');
      expect(r.json.cancelling_at).toBeGreaterThanOrEqual(b.created_at);
      expect(r.json.cancelled_at).toBeNull();
      expect((await call('POST', `/batches/${b.id}/cancel`)).json.status).toBe('cancelling');
      fake.store.setStatus(b.id, 'cancelled');
      const after = (await call('GET', `/batches/${b.id}`)).json as Batch;
      expect(after.status).toBe('cancelled');
      expect(after.cancelled_at).not.toBeNull();
    }
  });

  it('cancel sends no body and tolerates one', async () => {
    const b = fake.store.createBatch();
    const r = await call('POST', `/batches/${b.id}/cancel`, { body: 'garbage' });
    expect(r.status).toBe(200);
  });

  it('refuses to cancel a finished batch (400) and a missing one (404)', async () => {
    for (const status of ['completed', 'failed', 'expired', 'cancelled', 'finalizing'] as const) {
      const b = fake.store.createBatch({ status });
      const r = await call('POST', `/batches/${b.id}/cancel`);
      expect(r.status, status).toBe(400);
      expectErrorBody(r.json, null);
      expect(fake.store.getBatch(b.id)!.status).toBe(status);
    }
    const missing = await call('POST', '/batches/batch_missing/cancel');
    expect(missing.status).toBe(404);
    expectErrorBody(missing.json, null);
  });
});

function parseLines(text: string): any[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('GET /batches/{id}/output', () => {
  it('404s when there is no output yet, or no batch', async () => {
    const b = await createViaApi();
    const r = await call('GET', `/batches/${b.id}/output`);
    expect(r.status).toBe(404);
    expectErrorBody(r.json, null);
    fake.store.setStatus(b.id, 'in_progress');
    expect((await call('GET', `/batches/${b.id}/output`)).status).toBe(404);
    expect((await call('GET', '/batches/batch_missing/output')).status).toBe(404);
    const cancelledEarly = fake.store.createBatch();
    fake.store.setStatus(cancelledEarly.id, 'cancelled');
    expect((await call('GET', `/batches/${cancelledEarly.id}/output`)).status).toBe(404);
  });

  it('streams N generated JSONL lines as chunked octet-stream with no content-length', async () => {
    const b = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(b.id, 200);
    const r = await call('GET', `/batches/${b.id}/output`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('content-length')).toBeNull();
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    expect(r.headers.get('x-portkey-trace-id')).toBeTruthy();
    const lines = parseLines(r.text);
    expect(lines).toHaveLength(200);
    const failed = lines.filter((l) => l.response === null);
    expect(failed).toHaveLength(10);
    for (const l of failed) expect(l.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    const ok = lines.find((l) => l.response !== null);
    expect(ok).toMatchObject({
      id: expect.stringMatching(/^batch_req_/),
      custom_id: 'request-1',
      response: { status_code: 200, request_id: expect.any(String), body: { object: 'chat.completion' } },
      error: null,
    });
    expect(new Set(lines.map((l) => l.id)).size).toBe(200);
    expect(r.text.length / 200).toBeGreaterThan(800);
    // deterministic
    expect((await call('GET', `/batches/${b.id}/output`)).text).toBe(r.text);
    expect(fake.store.getBatch(b.id)!.request_counts).toEqual({ total: 200, completed: 190, failed: 10 });
    expect(fake.store.getBatch(b.id)!.output_file_id).toMatch(/^file-/);
  });

  it('streams lines from a custom async iterable', async () => {
    const b = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(b.id, async function* () {
      yield '{"id":"batch_req_1","custom_id":"a","response":null,"error":{"code":"x","message":"y"}}';
      yield '{"id":"batch_req_2","custom_id":"b","response":null,"error":{"code":"x","message":"y"}}\n';
    });
    const r = await call('GET', `/batches/${b.id}/output`);
    expect(r.status).toBe(200);
    expect(parseLines(r.text).map((l) => l.custom_id)).toEqual(['a', 'b']);
  });

  it('truncates the stream when the custom source throws', async () => {
    const b = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(b.id, async function* () {
      for (let i = 0; i < 200; i++) yield `{"i":${i},"pad":"${'x'.repeat(1000)}"}`;
      throw new Error('boom');
    });
    const res = await fetch(`${fake.url}/batches/${b.id}/output`, { headers: auth() });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('serves default output for a batch completed through the lifecycle', async () => {
    const b = await createViaApi({ endpoint: '/v1/embeddings' });
    fake.store.advance(b.id);
    fake.store.advance(b.id);
    fake.store.advance(b.id);
    const cur = fake.store.getBatch(b.id)!;
    const r = await call('GET', `/batches/${b.id}/output`);
    expect(r.status).toBe(200);
    const lines = parseLines(r.text);
    expect(lines).toHaveLength(cur.request_counts.total);
    expect(lines.filter((l) => l.error !== null)).toHaveLength(cur.request_counts.failed);
    expect(lines.find((l) => l.response)?.response.body.data[0].object).toBe('embedding');
  });

  it('serves partial results after cancelling an in-progress batch', async () => {
    const b = await createViaApi();
    fake.store.setStatus(b.id, 'in_progress');
    await call('POST', `/batches/${b.id}/cancel`);
    expect((await call('GET', `/batches/${b.id}/output`)).status).toBe(404);
    fake.store.setStatus(b.id, 'cancelled');
    const cur = fake.store.getBatch(b.id)!;
    const r = await call('GET', `/batches/${b.id}/output`);
    expect(r.status).toBe(200);
    const n = parseLines(r.text).length;
    expect(n).toBe(cur.request_counts.completed + cur.request_counts.failed);
    expect(n).toBeLessThan(cur.request_counts.total);
  });

  it('applies backpressure: a stalled reader stops the producer', async () => {
    let pulled = 0;
    const total = 300_000;
    const b = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(b.id, async function* () {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield `{"i":${i},"pad":"${'y'.repeat(1000)}"}`;
      }
    });
    const res = await fetch(`${fake.url}/batches/${b.id}/output`, { headers: auth() });
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 300));
    const a = pulled;
    await new Promise((r) => setTimeout(r, 300));
    expect(pulled).toBe(a); // stalled
    expect(pulled).toBeLessThan(total / 4);
    await reader.cancel();
  });

  it('streams 50 MiB at constant memory', async () => {
    // Warm up (heap growth from a first stream is not a leak), then measure a 50 MiB stream.
    const warm = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(warm.id, 5_000);
    await (await fetch(`${fake.url}/batches/${warm.id}/output`, { headers: auth() })).arrayBuffer();
    const b = fake.store.createBatch({ status: 'completed' });
    fake.store.setOutput(b.id, 56_000);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let bytes = 0;
    let newlines = 0;
    const res = await fetch(`${fake.url}/batches/${b.id}/output`, { headers: auth() });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++;
      if (++n % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(bytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(newlines).toBe(56_000);
    expect(peak - baseline).toBeLessThan(60 * 1024 * 1024);
  }, 60_000);

  it('close() does not hang on an in-flight stream', async () => {
    const own = await startFakePortkey();
    const b = own.store.createBatch({ status: 'completed' });
    own.store.setOutput(b.id, 1_000_000);
    const res = await fetch(`${own.url}/batches/${b.id}/output`, { headers: { 'x-portkey-api-key': own.apiKey } });
    const reader = res.body!.getReader();
    await reader.read();
    await own.close();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) break;
      })(),
    ).rejects.toThrow();
  });
});
