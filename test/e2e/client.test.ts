/**
 * The generated typed client (generated/portkey-batch/dist/index.js) used as a library, in this
 * process, against the fake Portkey upstream: typed results, error classes, raw streaming, per-call
 * options, credentials.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { CANARY_KEY, PACKAGE_DIR, ensureBuilt } from './helpers.js';

// The package's own types are not visible to this suite's compiler; the names used are checked at run time.
let pkg: any;
let fake: FakePortkey;

beforeAll(async () => {
  await ensureBuilt();
  pkg = await import(pathToFileURL(join(PACKAGE_DIR, 'dist/index.js')).href);
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
}, 180_000);

afterAll(async () => {
  await fake?.close();
});

const client = (options: Record<string, unknown> = {}): any =>
  new pkg.PortkeyBatchClient({ env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url, NAFTIKO_UPSTREAM_RETRIES: '0' }, ...options });

describe('PortkeyBatchClient', () => {
  it('typed calls: create, retrieve, list with a limit, cancel', async () => {
    const c = client();
    const created = await c.batches.create({ body: { input_file_id: 'file-1', endpoint: '/v1/chat/completions', completion_window: '24h' } });
    expect(created).toMatchObject({ object: 'batch', input_file_id: 'file-1' });
    expect(await c.batches.retrieve({ batch_id: created.id })).toMatchObject({ id: created.id });
    const page = await c.batches.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    const before = fake.requests.length;
    await c.batches.cancel({ batch_id: created.id });
    expect(fake.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/batches/${created.id}/cancel`]);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('a non-2xx status is an UpstreamHttpError carrying status, headers and the parsed body', async () => {
    const err = await client().batches.retrieve({ batch_id: 'batch_nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.UpstreamHttpError);
    expect(err.status).toBe(404);
    expect(err.headers['content-type']).toMatch(/json/);
    expect(err.body).toMatchObject({ error: expect.anything() });
  });

  it('raw.* streams the JSONL output line by line', async () => {
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, 2_000);
    const res = await client().raw.batches.output({ batch_id: b.id });
    expect(res.status).toBe(200);
    let lines = 0;
    for await (const line of pkg.iterateJsonLines(res.body)) {
      expect(line).toHaveProperty('custom_id');
      lines += 1;
    }
    expect(lines).toBe(2_000);
  });

  it('a network failure is an UpstreamNetworkError; an aborted call rejects with the reason', async () => {
    const down = client({ baseUrl: 'http://127.0.0.1:9/v1' });
    const err = await down.batches.retrieve({ batch_id: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.UpstreamNetworkError);
    const reason = new Error('caller left');
    const controller = new AbortController();
    controller.abort(reason);
    expect(await client().batches.retrieve({ batch_id: 'b' }, { signal: controller.signal }).catch((e: unknown) => e)).toBe(reason);
  });

  it('credentials passed to the constructor win over the environment', async () => {
    const before = fake.requests.length;
    await client({ env: { PORTKEY_API_KEY: 'env-key-wrong', PORTKEY_BATCH_BASE_URL: fake.url }, credentials: { PORTKEY_API_KEY: CANARY_KEY } }).batches.list();
    expect(fake.requests.slice(before)[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it.each([
    ['unset', {}, {}],
    ['empty', { PORTKEY_API_KEY: '' }, {}],
    ['blank', { PORTKEY_API_KEY: '  ' }, {}],
    ['blank (tab, newline)', { PORTKEY_API_KEY: '\t\n' }, {}],
    ['blank credential option and blank', { PORTKEY_API_KEY: ' ' }, { credentials: { PORTKEY_API_KEY: '   ' } }],
  ])('a %s credential is a MissingCredentialError naming the variable; nothing is sent', async (_label, extra, options) => {
    const before = fake.requests.length;
    const c = new pkg.PortkeyBatchClient({ env: { PORTKEY_BATCH_BASE_URL: fake.url, ...extra }, ...options });
    const err = await c.batches.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.MissingCredentialError);
    expect(err.variable).toBe('PORTKEY_API_KEY');
    expect(err.message).toMatch(/PortkeyBatchClient: PORTKEY_API_KEY is not set/);
    expect(fake.requests.length).toBe(before);
  });

  it('a blank credential option falls back to the environment, as an unset one does', async () => {
    const before = fake.requests.length;
    await client({ credentials: { PORTKEY_API_KEY: '  ' } }).batches.list();
    expect(fake.requests.slice(before)[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('maxJsonBytes and timeoutMs out of range are a TypeError at construction naming the option and the range', () => {
    for (const bad of [Number.NaN, 0, -1]) {
      expect(() => client({ maxJsonBytes: bad }), String(bad)).toThrow(/^maxJsonBytes must be a whole number of bytes from 1 to 9007199254740991 \(got /);
    }
    for (const bad of [-1, Number.NaN]) {
      expect(() => client({ timeoutMs: bad }), String(bad)).toThrow(/^timeoutMs must be a number of milliseconds from 1 to 2147483647, or 0 or Infinity for no timeout \(got /);
    }
    expect(() => client({ timeoutMs: -1 })).toThrow(TypeError);
    expect(() => client({ timeoutMs: 1000, maxJsonBytes: 1024 })).not.toThrow();
  });

  it('a base URL with user:password@ or a query is refused without echoing either', () => {
    for (const baseUrl of ['http://USERX:PWX@127.0.0.1:9/v1', 'http://127.0.0.1:9/v1?api_key=SECRETQ']) {
      const fromOption = (() => {
        try {
          client({ baseUrl });
        } catch (err) {
          return err as Error;
        }
        return undefined;
      })();
      expect(fromOption).toBeInstanceOf(pkg.SettingError);
      expect(fromOption!.message).not.toMatch(/USERX|PWX|SECRETQ/);
    }
    expect(() => client({ env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: 'http://USERX:PWX@127.0.0.1:9/v1' } })).toThrow(
      /^PORTKEY_BATCH_BASE_URL="http:\/\/127\.0\.0\.1:9\/v1" \(credentials omitted\) holds credentials .*auth or binds/,
    );
  });

  it('batches.output streams the JSONL output as parsed lines (two lines and 2,000), never one JSON parse', async () => {
    for (const count of [2, 2_000]) {
      const b = fake.store.createBatch();
      fake.store.setOutput(b.id, count);
      const lines: any[] = [];
      for await (const line of await client().batches.output({ batch_id: b.id })) lines.push(line);
      expect(lines).toHaveLength(count);
      for (const line of lines) expect(line).toHaveProperty('custom_id');
    }
  });

  it('batches.output: no output yet is a NotFoundError before any line; a line over maxLineLength is an UpstreamFormatError', async () => {
    const empty = fake.store.createBatch();
    const err = await client().batches.output({ batch_id: empty.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.NotFoundError);
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, 3);
    const lines = await client().batches.output({ batch_id: b.id }, { maxLineLength: 10 });
    const failure = await (async () => {
      for await (const _ of lines) void _;
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(pkg.UpstreamFormatError);
    expect(failure).toBeInstanceOf(pkg.NaftikoError);
    expect((failure as InstanceType<typeof pkg.UpstreamFormatError>).reason).toBe('too-large');
  });

  it('breaking out of batches.output stops reading', async () => {
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, 50_000);
    let seen = 0;
    for await (const _ of await client().batches.output({ batch_id: b.id })) {
      void _;
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
  });

  it('batches.listAll iterates every batch page by page (after = last_id while has_more)', async () => {
    for (let i = 0; i < 5; i++) fake.store.createBatch();
    const before = fake.requests.length;
    const ids: string[] = [];
    for await (const b of client().batches.listAll({ limit: 2 })) ids.push(b.id);
    const page = await client().batches.list({ limit: 100 });
    expect(ids).toEqual(page.data.map((b: { id: string }) => b.id));
    expect(new Set(ids).size).toBe(ids.length);
    const asked = fake.requests.slice(before, before + Math.ceil(ids.length / 2));
    expect(asked[0]!.url).toBe('/v1/batches?limit=2');
    expect(asked[1]!.url).toBe(`/v1/batches?after=${ids[1]}&limit=2`);
  });

  it('a typed method buffers at most maxJsonBytes', async () => {
    const err = await client({ maxJsonBytes: 64 }).batches.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.UpstreamFormatError);
    expect(err.reason).toBe('too-large');
    expect((await client({ maxJsonBytes: 1_000_000 }).batches.list()).object).toBe('list');
  });
});

describe('errors', () => {
  it('every error the client throws is a NaftikoError; a non-2xx is the subclass of its status, with what the upstream said and its request id', async () => {
    const { createServer } = await import('node:http');
    // A loopback upstream answering /batches/s<status> with that status, an error body and a request id.
    const server = createServer((req, res) => {
      const status = Number(/\/batches\/s(\d+)/.exec(req.url ?? '')?.[1] ?? 500);
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `up-${status}` });
      res.end(JSON.stringify({ error: { message: `said ${status}` } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const c = client({ baseUrl: `http://127.0.0.1:${port}/v1` });
      const cases: [number, string][] = [
        [400, 'BadRequestError'],
        [401, 'AuthenticationError'],
        [403, 'PermissionDeniedError'],
        [404, 'NotFoundError'],
        [409, 'ConflictError'],
        [422, 'UnprocessableEntityError'],
        [429, 'RateLimitError'],
        [503, 'InternalServerError'],
        [418, 'UpstreamHttpError'],
      ];
      for (const [status, name] of cases) {
        const err = await c.batches.retrieve({ batch_id: `s${status}` }).catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(pkg[name]);
        expect(err).toBeInstanceOf(pkg.UpstreamHttpError);
        expect(err).toBeInstanceOf(pkg.NaftikoError);
        expect(err.name).toBe(name);
        expect(err.status).toBe(status);
        expect(err.requestId).toBe(`up-${status}`);
        expect(err.message).toBe(`portkey-batch.retrievebatch: upstream responded with HTTP ${status}: said ${status}`);
      }
      // Without an upstream request id, the one sent is reported.
      const down = await client({ baseUrl: 'http://127.0.0.1:9/v1' }).batches.retrieve({ batch_id: 'b' }).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(pkg.NaftikoError);
      const missing = await new pkg.PortkeyBatchClient({ env: { PORTKEY_BATCH_BASE_URL: fake.url } }).batches.list().catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(pkg.NaftikoError);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a 404 from the fake upstream carries the upstream request id or, without one, the id sent', async () => {
    const err = await client().batches.retrieve({ batch_id: 'batch_nope' }, { requestId: 'ours-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.NotFoundError);
    expect(typeof err.requestId).toBe('string');
    expect(err.message).toMatch(/^portkey-batch\.retrievebatch: upstream responded with HTTP 404: \S/);
  });

  it('the client exposes no secret-bearing member and no request builder', () => {
    const c = client();
    expect('forwardTarget' in c).toBe(false);
    expect(Object.keys(c).sort()).toEqual(['batches', 'raw']);
    expect(Object.keys(pkg).filter((k) => /Request$/.test(k) && typeof pkg[k] === 'function' && !/Error/.test(k))).toEqual([]);
  });
});
