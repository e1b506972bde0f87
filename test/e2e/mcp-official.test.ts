/**
 * End-to-end: the generated MCP server (generated/portkey-batch/dist/mcp.js) driven by the official
 * client, @modelcontextprotocol/client v2, over Streamable HTTP and stdio, in both version
 * negotiation modes (legacy 2025-11-25 handshake, and pinned 2026-07-28), against the fake upstream.
 */
import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey, type RecordedRequest } from '../support/fake-portkey/index.js';
import { baseEnv, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, ensureBuilt, sleep } from './helpers.js';
import { CREATE_BODY, TOOLS, outputProblems, textOf, toolListProblems } from './mcp-support.js';

const MAX_RESULT_BYTES = 65_536;
/** Ever-increasing created_at, so batches seeded by different cases never tie in list order. */
let clock = 2_100_000_000;

let fake: FakePortkey;
let http: RunningProcess;
const stderrs: Array<() => string> = [];
const texts: string[] = [];

function serverEnv(): Record<string, string> {
  return {
    PORTKEY_API_KEY: CANARY_KEY,
    PORTKEY_BATCH_BASE_URL: fake.url,
    NAFTIKO_MCP_MAX_RESULT_BYTES: String(MAX_RESULT_BYTES),
  };
}

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  http = await startServer({ script: MCP_JS, env: serverEnv() });
  stderrs.push(http.stderr);
});

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

type Negotiation = 'legacy' | 'pin';
const CASES: Array<{ transport: 'http' | 'stdio'; negotiation: Negotiation; version: string }> = [
  { transport: 'http', negotiation: 'legacy', version: '2025-11-25' },
  { transport: 'http', negotiation: 'pin', version: '2026-07-28' },
  { transport: 'stdio', negotiation: 'legacy', version: '2025-11-25' },
  { transport: 'stdio', negotiation: 'pin', version: '2026-07-28' },
];

describe.each(CASES)('official client v2 over $transport, $negotiation', ({ transport, negotiation, version }) => {
  let client: Client;

  beforeAll(async () => {
    const mode = negotiation === 'pin' ? { pin: '2026-07-28' } : ('legacy' as const);
    client = new Client({ name: 'e2e-official', version: '0.0.1' }, { versionNegotiation: { mode } });
    if (transport === 'http') {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
    } else {
      const t = new StdioClientTransport({
        command: process.execPath,
        args: [MCP_JS, '--stdio'],
        env: baseEnv(serverEnv()),
        stderr: 'pipe',
      });
      let err = '';
      t.stderr?.on('data', (d: Buffer | string) => (err += String(d)));
      stderrs.push(() => err);
      await client.connect(t);
    }
  });

  afterAll(async () => {
    await client?.close();
  });

  async function callTool(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ result: any; text: string; upstream: RecordedRequest[] }> {
    const before = fake.requests.length;
    const result: any = await client.callTool({ name, arguments: args }, { timeout: 20_000 });
    const text = textOf(result);
    texts.push(text);
    return { result, text, upstream: fake.requests.slice(before) };
  }

  it(`negotiates ${version}`, () => {
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    expect(client.getServerVersion()).toMatchObject({ name: 'portkey-batch-mcp' });
  });

  it('tools/list: 5 tools with titles, input schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(toolListProblems(tools as never)).toEqual([]);
    for (const t of tools) expect(t.description, t.name).toBeTruthy();
  });

  it('tools/call structuredContent of every typed tool validates against its listed outputSchema', async () => {
    const { tools } = await client.listTools();
    const created = await callTool(TOOLS.create, { body: CREATE_BODY });
    const id = (created.result.structuredContent as { id: string }).id;
    const results: [string, unknown][] = [
      [TOOLS.create, created.result.structuredContent],
      [TOOLS.retrieve, (await callTool(TOOLS.retrieve, { batch_id: id })).result.structuredContent],
      [TOOLS.list, (await callTool(TOOLS.list, { limit: 2 })).result.structuredContent],
      [TOOLS.cancel, (await callTool(TOOLS.cancel, { batch_id: id })).result.structuredContent],
    ];
    for (const [name, structured] of results) {
      expect(structured, name).toBeTypeOf('object');
      expect(outputProblems(tools as never, name, structured)).toEqual([]);
    }
    // A value outside the schema (an unknown status) is caught: the check can fail.
    expect(outputProblems(tools as never, TOOLS.retrieve, { ...(results[1]![1] as object), status: 'exploded' })).not.toEqual([]);
  });

  it('create → structuredContent; the JSON body and bearer key reach the upstream', async () => {
    const { result, text, upstream } = await callTool(TOOLS.create, { body: CREATE_BODY });
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toMatchObject({ object: 'batch', status: 'validating', ...CREATE_BODY });
    expect(JSON.parse(text)).toEqual(result.structuredContent);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]!.method).toBe('POST');
    expect(upstream[0]!.url).toBe('/v1/batches');
    expect(upstream[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(JSON.parse(upstream[0]!.body)).toEqual(CREATE_BODY);
  });

  it('create with a field the upstream refuses → isError with the upstream 400 status and body', async () => {
    // An empty file id fits the document's schema (no minLength); the upstream refuses it.
    const { result, text } = await callTool(TOOLS.create, { body: { ...CREATE_BODY, input_file_id: '' } });
    expect(result.isError).toBe(true);
    expect(JSON.parse(text)).toMatchObject({
      status: 400,
      body: { error: { param: 'input_file_id', code: 'empty_string' }, provider: 'openai' },
    });
  });

  it("tools/list: create's input schema is the bound document's request body (required, enums, descriptions)", async () => {
    const { tools } = await client.listTools();
    const body = (tools.find((t) => t.name === TOOLS.create)!.inputSchema as any).properties.body;
    expect(body).toMatchObject({
      type: 'object',
      required: ['input_file_id', 'endpoint', 'completion_window'],
      description: expect.stringMatching(/uploaded JSONL file of requests/),
      properties: {
        input_file_id: { type: 'string', description: expect.any(String) },
        endpoint: { type: 'string', enum: ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'] },
        completion_window: { type: 'string', enum: ['24h', 'immediate'] },
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
      },
    });
  });

  it('create with arguments outside the document schema → refused by the server with the reason; nothing reaches the upstream', async () => {
    const before = fake.requests.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...CREATE_BODY, completion_window: '1h' }, /body\/completion_window must be equal to one of the allowed values/],
      [{ input_file_id: CREATE_BODY.input_file_id, endpoint: CREATE_BODY.endpoint }, /completion_window/],
      [{ ...CREATE_BODY, metadata: { n: 1 } }, /metadata/],
    ];
    for (const [body, reason] of cases) {
      const result: any = await client.callTool({ name: TOOLS.create, arguments: { body } });
      expect(result.isError, JSON.stringify(body)).toBe(true);
      expect(textOf(result)).toMatch(reason);
    }
    expect(fake.requests.slice(before)).toEqual([]);
  });

  it('list with after + limit → the query reaches the upstream', async () => {
    const ids = [1, 2, 3].map(() => fake.store.createBatch({ created_at: ++clock }).id);
    const { result, upstream } = await callTool(TOOLS.list, { after: ids[2], limit: 1 });
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toMatchObject({ object: 'list', has_more: true });
    expect(result.structuredContent.data.map((b: { id: string }) => b.id)).toEqual([ids[1]]);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]!.path).toBe('/v1/batches');
    expect(upstream[0]!.query).toEqual({ after: ids[2], limit: '1' });
  });

  it('retrieve → the batch; unknown id → isError with status 404 and the upstream body', async () => {
    const b = fake.store.createBatch();
    const ok = await callTool(TOOLS.retrieve, { batch_id: b.id });
    expect(ok.result.isError ?? false).toBe(false);
    expect(ok.result.structuredContent).toEqual(b);

    const missing = await callTool(TOOLS.retrieve, { batch_id: 'batch_missing' });
    expect(missing.result.isError).toBe(true);
    expect(missing.result.structuredContent).toBeUndefined();
    expect(JSON.parse(missing.text)).toEqual({
      status: 404,
      body: {
        error: {
          message: "openai error: No batch found with id 'batch_missing'.",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
        provider: 'openai',
      },
    });
  });

  it('batch_id "../admin" reaches the upstream as one encoded segment', async () => {
    const { upstream } = await callTool(TOOLS.retrieve, { batch_id: '../admin' });
    expect(upstream.map((u) => u.url)).toEqual(['/v1/batches/..%2Fadmin']);
  });

  it('cancel → cancelling', async () => {
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'in_progress');
    const { result, upstream } = await callTool(TOOLS.cancel, { batch_id: b.id });
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toMatchObject({ id: b.id, status: 'cancelling' });
    expect(upstream[0]!).toMatchObject({ method: 'POST', url: `/v1/batches/${b.id}/cancel` });
  });

  it('output (small) → the JSONL as text', async () => {
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, 20);
    const { result, text } = await callTool(TOOLS.output, { batch_id: b.id });
    expect(result.isError ?? false).toBe(false);
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[19]!)).toMatchObject({ custom_id: 'request-20' });
  });

  it(`output (large) with NAFTIKO_MCP_MAX_RESULT_BYTES=${MAX_RESULT_BYTES} → truncated text with a notice`, async () => {
    const b = fake.store.createBatch();
    fake.store.setOutput(b.id, 5000); // ~5 MB
    const { result, text } = await callTool(TOOLS.output, { batch_id: b.id });
    expect(result.isError ?? false).toBe(false);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(MAX_RESULT_BYTES + 400);
    expect(Buffer.byteLength(text, 'utf8')).toBeGreaterThan(MAX_RESULT_BYTES / 2);
    const lines = text.split('\n');
    const notice = lines.pop()!;
    expect(notice).toMatch(/truncated/i);
    expect(notice).toContain('NAFTIKO_MCP_MAX_RESULT_BYTES');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow(); // cut at a line boundary
  });

  it('invalid arguments → isError results; nothing reaches the upstream', async () => {
    const before = fake.requests.length;
    for (const [name, args] of [
      [TOOLS.retrieve, { batch_id: 5 }],
      [TOOLS.retrieve, {}],
      [TOOLS.list, { limit: 500 }],
      [TOOLS.list, { limit: 'abc' }],
      [TOOLS.create, { body: 'not an object' }],
    ] as const) {
      const result: any = await client.callTool({ name, arguments: args as Record<string, unknown> });
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(textOf(result)).toBeTruthy();
    }
    expect(fake.requests.slice(before)).toEqual([]);
  });

  it('an unknown tool → JSON-RPC error -32602', async () => {
    await expect(client.callTool({ name: 'no-such-tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  // A 2025-11-25 client cancels over HTTP by POSTing notifications/cancelled as a separate request and
  // keeps the original exchange open; the generated server serves legacy traffic statelessly (a fresh
  // server per request), so that notification cannot reach the in-flight call and the upstream fetch
  // goes on. Known gap, reported; `it.fails` turns red the day it is fixed, so the test can be flipped.
  const cancelTest = transport === 'http' && negotiation === 'legacy' ? it.fails : it;
  cancelTest('cancelling a call (abort signal) aborts the upstream request', async () => {
    const b = fake.store.createBatch();
    let produced = 0;
    let stopped = false;
    fake.store.setOutput(b.id, async function* () {
      try {
        // ~10 minutes of slow output: only an abort ends it within the test.
        for (let i = 0; i < 12_000; i++) {
          produced++;
          yield `{"i":${i}}`;
          await sleep(50);
        }
      } finally {
        stopped = true;
      }
    });
    const before = fake.requests.length;
    const ac = new AbortController();
    const call = client.callTool({ name: TOOLS.output, arguments: { batch_id: b.id } }, { signal: ac.signal });
    const settled = call.then(
      () => 'resolved',
      () => 'rejected',
    );
    // Wait until the upstream request is in flight and producing.
    const deadline = Date.now() + 10_000;
    while (produced < 5 && Date.now() < deadline) await sleep(20);
    expect(produced).toBeGreaterThanOrEqual(5);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual([`/v1/batches/${b.id}/output`]);
    ac.abort(new Error('user cancelled'));
    expect(await settled).toBe('rejected');
    const until = Date.now() + 5_000;
    while (!stopped && Date.now() < until) await sleep(25);
    expect(stopped, 'the fake still streams: the upstream request was not aborted').toBe(true);
    expect(produced).toBeLessThan(12_000);
  });
});

describe('MCP server process', () => {
  it('GET /healthz answers on the HTTP server', async () => {
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('rejects a foreign Host header on /mcp (DNS-rebinding protection)', async () => {
    const post = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
        });
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: http.port,
            method: 'POST',
            path: '/mcp',
            headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await post(`127.0.0.1:${http.port}`)).toBe(200); // control: the same request, own host
    expect(await post('evil.example:80')).toBe(403);
  });

  it('the secret never appears in stderr or tool results (canary)', () => {
    expect(texts.length).toBeGreaterThan(20);
    for (const t of texts) expect(t.includes(CANARY_KEY), t.slice(0, 200)).toBe(false);
    for (const s of stderrs) expect(s().includes(CANARY_KEY), s()).toBe(false);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${CANARY_KEY}`)).toBe(true);
  });
});
