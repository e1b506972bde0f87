/**
 * End-to-end: NAFTIKO_UPSTREAM_CREDENTIALS=caller on the generated servers (dist/rest.js, dist/mcp.js)
 * against the fake upstream. 50 REST callers and 50 MCP callers, all at once, each with its own key;
 * the fake's records prove that every upstream request carried the key of the caller it was made for
 * (matched by the request id each caller sets), so no request ever borrowed another's (no cross-talk).
 * A request without the header is refused before anything is sent; stdio keeps the environment's key.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { baseEnv, runToExit, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { MCP_JS, REST_JS, ensureBuilt } from './helpers.js';
import { TOOLS, textOf } from './mcp-support.js';

const HEADER = 'x-naftiko-credential-portkey-api-key';
const CALLERS = 50;
const ENV_KEY = 'pk-environment-key-never-used-by-http-callers';

const keyOf = (caller: string): string => `pk-caller-${caller}-${caller.length * 7919}`;
const restCallers = Array.from({ length: CALLERS }, (_, i) => `rest-${i}`);
const mcpCallers = Array.from({ length: CALLERS }, (_, i) => `mcp-${i}`);

let fake: FakePortkey;
let rest: RunningProcess;
let mcp: RunningProcess;
let batchId: string;

function serverEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { PORTKEY_BATCH_BASE_URL: fake.url, NAFTIKO_UPSTREAM_CREDENTIALS: 'caller', NAFTIKO_UPSTREAM_RETRIES: '0', ...extra };
}

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({
    apiKey: 'pk-fake-own-key',
    extraApiKeys: [...restCallers, ...mcpCallers].map(keyOf),
  });
  batchId = fake.store.createBatch().id;
  // No PORTKEY_API_KEY: in caller mode the HTTP servers start without it.
  [rest, mcp] = await Promise.all([
    startServer({ script: REST_JS, args: ['--port', '0'], env: serverEnv() }),
    startServer({ script: MCP_JS, args: ['--port', '0'], env: serverEnv() }),
  ]);
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

async function restCall(caller: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${rest.url}/v1/batches/${batchId}`, {
    headers: { [HEADER]: keyOf(caller), 'x-request-id': caller },
  });
  return { status: res.status, body: await res.text() };
}

async function mcpCall(caller: string): Promise<{ isError: boolean; text: string }> {
  const client = new Client({ name: `caller-${caller}`, version: '0.0.1' });
  const transport = new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`), {
    requestInit: { headers: { [HEADER]: keyOf(caller), 'x-request-id': caller } },
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: batchId } });
    return { isError: result.isError === true, text: textOf(result) };
  } finally {
    await client.close();
  }
}

describe('NAFTIKO_UPSTREAM_CREDENTIALS=caller', () => {
  it('2 × 50 concurrent callers: every upstream request carries its own caller key, none another', async () => {
    const before = fake.requests.length;
    const [restResults, mcpResults] = await Promise.all([
      Promise.all(restCallers.map(restCall)),
      Promise.all(mcpCallers.map(mcpCall)),
    ]);
    for (const r of restResults) expect(r.status, r.body).toBe(200);
    for (const r of mcpResults) expect(r.isError, r.text).toBe(false);
    for (const r of mcpResults) expect(JSON.parse(r.text).id).toBe(batchId);

    const records = fake.requests.slice(before);
    expect(records).toHaveLength(2 * CALLERS);
    const seen = new Set<string>();
    for (const record of records) {
      const caller = record.headers['x-request-id'];
      expect(typeof caller).toBe('string');
      expect(record.headers.authorization).toBe(`Bearer ${keyOf(caller as string)}`);
      // The header itself is not forwarded upstream.
      expect(record.headers[HEADER]).toBeUndefined();
      seen.add(caller as string);
    }
    expect([...seen].sort()).toEqual([...restCallers, ...mcpCallers].sort());
    // The environment's key never travels (it is not even set) and no caller's key leaks into the logs.
    const logs = rest.stderr() + mcp.stderr();
    for (const caller of [...restCallers, ...mcpCallers]) expect(logs).not.toContain(keyOf(caller));
  }, 120_000);

  it('REST: a request without the header is 401 naming it, and nothing is sent upstream', async () => {
    const before = fake.requests.length;
    const res = await fetch(`${rest.url}/v1/batches/${batchId}`);
    const body = (await res.json()) as { error: { code: string; message: string; header: string } };
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('missing_credential');
    expect(body.error.header).toBe(HEADER);
    expect(body.error.message).toContain(HEADER);
    expect(fake.requests.length).toBe(before);
  });

  it('MCP: a tool call without the header is an isError result naming it, nothing sent upstream', async () => {
    const before = fake.requests.length;
    const client = new Client({ name: 'no-credential', version: '0.0.1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`)));
    try {
      // Listing tools needs no upstream credential.
      expect((await client.listTools()).tools.length).toBe(5);
      const result = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: batchId } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(HEADER);
    } finally {
      await client.close();
    }
    expect(fake.requests.length).toBe(before);
  });

  it('the environment key is never used for an HTTP caller without the header, even when set', async () => {
    const withEnv = await startServer({ script: REST_JS, args: ['--port', '0'], env: serverEnv({ PORTKEY_API_KEY: ENV_KEY }) });
    const before = fake.requests.length;
    const res = await fetch(`${withEnv.url}/v1/batches/${batchId}`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(ENV_KEY);
    const ok = await fetch(`${withEnv.url}/v1/batches/${batchId}`, { headers: { [HEADER]: keyOf('rest-0') } });
    expect(ok.status).toBe(200);
    const records = fake.requests.slice(before);
    expect(records.map((r) => r.headers.authorization)).toEqual([`Bearer ${keyOf('rest-0')}`]);
    await withEnv.stop();
  });

  it('stdio has no caller headers: it still requires the environment key at start-up', async () => {
    const run = await runToExit({ script: MCP_JS, args: ['--stdio'], env: serverEnv(), timeoutMs: 15_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing required environment variables: PORTKEY_API_KEY');
  });

  it('the server mode (default) still refuses to start without the environment key', async () => {
    const run = await runToExit({
      script: REST_JS,
      args: ['--port', '0'],
      env: baseEnv({ PORTKEY_BATCH_BASE_URL: fake.url }),
      timeoutMs: 15_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PORTKEY_API_KEY');
  });

  it('an unknown mode is refused at start-up with the accepted values', async () => {
    const run = await runToExit({
      script: REST_JS,
      args: ['--port', '0'],
      env: serverEnv({ NAFTIKO_UPSTREAM_CREDENTIALS: 'callers' }),
      timeoutMs: 15_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NAFTIKO_UPSTREAM_CREDENTIALS="callers" is not valid');
  });
});
