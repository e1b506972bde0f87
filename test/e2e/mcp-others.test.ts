/**
 * End-to-end: the generated MCP server driven by independent clients:
 * - @ai-sdk/mcp (Vercel AI SDK's own protocol implementation) over HTTP and stdio, with and without
 *   its 2026-07-28 protocol discovery;
 * - the @modelcontextprotocol/inspector 2.x CLI (`--cli <url|command> --method …`) over HTTP and stdio.
 * Both declare engines node >= 22 but run on Node 20 for what is used here (checked by these tests).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createMCPClient, type MCPClient } from '@ai-sdk/mcp';
import { StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { baseEnv, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, ROOT, ensureBuilt } from './helpers.js';
import { CREATE_BODY, TOOLS, TOOL_NAMES, outputProblems, textOf, toolListProblems } from './mcp-support.js';

let fake: FakePortkey;
let http: RunningProcess;
const outputs: Array<() => string> = [];

function serverEnv(): Record<string, string> {
  return { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url };
}

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  http = await startServer({ script: MCP_JS, env: serverEnv() });
  outputs.push(http.stderr);
});

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

describe.each([
  { transport: 'http', discovery: true, version: '2026-07-28' },
  { transport: 'http', discovery: false, version: '2025-11-25' },
  { transport: 'stdio', discovery: true, version: '2026-07-28' },
  { transport: 'stdio', discovery: false, version: '2025-11-25' },
] as const)('@ai-sdk/mcp over $transport (protocol discovery: $discovery)', ({ transport, discovery, version }) => {
  let client: MCPClient;
  let logFd: number | undefined;

  beforeAll(async () => {
    if (transport === 'http') {
      client = await createMCPClient({
        transport: { type: 'http', url: `${http.url}/mcp` },
        protocolVersionDiscovery: discovery,
      });
    } else {
      // StdioMCPTransport hands `stderr` to spawn(), which needs a real fd: log to a file.
      const logFile = join(ROOT, '.vitest-tmp', `e2e-ai-sdk-stdio-${String(discovery)}.log`);
      mkdirSync(dirname(logFile), { recursive: true });
      const stderr = openSync(logFile, 'w');
      logFd = stderr;
      outputs.push(() => readFileSync(logFile, 'utf8'));
      const stdio = new StdioMCPTransport({
        command: process.execPath,
        args: [MCP_JS, '--stdio'],
        env: baseEnv(serverEnv()),
        stderr,
      });
      // The client gives `server/discover` 1 s over stdio, counted from spawn: on a loaded 2-core CI
      // machine the child's start-up alone can take that long, and the client then silently falls
      // back to `initialize` (2025-11-25). Waiting for the answer (as it does over HTTP) tests the
      // protocol, not the start-up time (measured in bench/, not asserted here).
      Object.assign(stdio, { waitsForProtocolVersionDiscovery: true });
      client = await createMCPClient({ transport: stdio, protocolVersionDiscovery: discovery });
    }
  });

  afterAll(async () => {
    await client?.close();
    if (logFd !== undefined) closeSync(logFd);
  });

  it(`initializes at ${version}`, () => {
    expect(client.initializeResult.protocolVersion).toBe(version);
    expect(client.serverInfo).toMatchObject({ name: 'portkey-batch-mcp' });
  });

  it('lists the 5 tools with their schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(toolListProblems(tools as never)).toEqual([]);
  });

  it('calls create and retrieve; the batch comes back as structuredContent', async () => {
    const before = fake.requests.length;
    const created: any = await client.callTool({ name: TOOLS.create, arguments: { body: CREATE_BODY } });
    expect(created.isError ?? false).toBe(false);
    expect(created.structuredContent).toMatchObject({ object: 'batch', status: 'validating', ...CREATE_BODY });
    const id = created.structuredContent.id as string;
    const got: any = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: id } });
    expect(got.structuredContent).toEqual(fake.store.getBatch(id));
    // What this client got validates against the outputSchema it listed.
    const { tools } = await client.listTools();
    expect(outputProblems(tools as never, TOOLS.create, created.structuredContent)).toEqual([]);
    expect(outputProblems(tools as never, TOOLS.retrieve, got.structuredContent)).toEqual([]);
    const upstream = fake.requests.slice(before);
    expect(upstream.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/batches', `GET /v1/batches/${id}`]);
    expect(JSON.parse(upstream[0]!.body)).toEqual(CREATE_BODY);
  });

  it('an upstream 404 → isError with status and body; invalid arguments → isError; unknown tool → -32602', async () => {
    const missing: any = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: 'batch_gone' } });
    expect(missing.isError).toBe(true);
    expect(JSON.parse(textOf(missing))).toMatchObject({ status: 404, body: { provider: 'openai' } });

    const before = fake.requests.length;
    const bad: any = await client.callTool({ name: TOOLS.list, arguments: { limit: 1000 } });
    expect(bad.isError).toBe(true);
    expect(fake.requests.length).toBe(before);

    await expect(client.callTool({ name: 'no-such-tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('AI SDK tools(): every tool converts, and execute() reaches the upstream', async () => {
    const tools = await client.tools();
    expect(Object.keys(tools).sort()).toEqual(TOOL_NAMES);
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'in_progress');
    const tool = tools[TOOLS.cancel] as unknown as {
      execute: (args: unknown, opts: { toolCallId: string; messages: unknown[] }) => Promise<any>;
    };
    const out = await tool.execute({ batch_id: b.id }, { toolCallId: 'call-1', messages: [] });
    expect(out.isError ?? false).toBe(false);
    expect(out.structuredContent).toMatchObject({ id: b.id, status: 'cancelling' });
    expect(fake.store.getBatch(b.id)?.status).toBe('cancelling');
  });
});

// ---------------------------------------------------------------------------------------------------
// @modelcontextprotocol/inspector CLI

const require = createRequire(import.meta.url);
const INSPECTOR_PKG = require.resolve('@modelcontextprotocol/inspector/package.json');
const INSPECTOR_JS = join(
  dirname(INSPECTOR_PKG),
  (require(INSPECTOR_PKG) as { bin: Record<string, string> }).bin['mcp-inspector']!,
);

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function inspector(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [INSPECTOR_JS, '--cli', ...args],
      // HOME in a temp dir: the CLI may create ~/.mcp-inspector; never touch the real one.
      { env: baseEnv({ HOME: join(ROOT, '.vitest-tmp', 'inspector-home') }), timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
        outputs.push(() => stdout + stderr);
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

function stdioTarget(): string[] {
  return [
    '-e',
    `PORTKEY_API_KEY=${CANARY_KEY}`,
    '-e',
    `PORTKEY_BATCH_BASE_URL=${fake.url}`,
    '--transport',
    'stdio',
    '--',
    process.execPath,
    MCP_JS,
    '--stdio',
  ];
}

describe('@modelcontextprotocol/inspector CLI', () => {
  it.each(['legacy', 'modern'])('tools/list over HTTP (protocol era %s) → exit 0, the 5 tools', async (era) => {
    const r = await inspector([`${http.url}/mcp`, '--method', 'tools/list', '--protocol-era', era]);
    expect(r.code, r.stderr).toBe(0);
    const { tools } = JSON.parse(r.stdout) as { tools: never[] };
    expect(toolListProblems(tools)).toEqual([]);
  });

  it('tools/list --strict: no error-severity schema portability problem (exit 6 otherwise)', async () => {
    const r = await inspector([`${http.url}/mcp`, '--method', 'tools/list', '--strict']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('tools/call over HTTP: a batch → exit 0 with structuredContent; unknown id → exit 5 (isError)', async () => {
    const b = fake.store.createBatch();
    const ok = await inspector([
      `${http.url}/mcp`,
      '--method',
      'tools/call',
      '--tool-name',
      TOOLS.retrieve,
      '--tool-args-json',
      JSON.stringify({ batch_id: b.id }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).structuredContent).toEqual(b);
    const listed = await inspector([`${http.url}/mcp`, '--method', 'tools/list']);
    const { tools } = JSON.parse(listed.stdout) as { tools: never[] };
    expect(outputProblems(tools, TOOLS.retrieve, JSON.parse(ok.stdout).structuredContent)).toEqual([]);

    const missing = await inspector([
      `${http.url}/mcp`,
      '--method',
      'tools/call',
      '--tool-name',
      TOOLS.retrieve,
      '--tool-args-json',
      JSON.stringify({ batch_id: 'batch_gone' }),
    ]);
    expect(missing.code).toBe(5);
    expect(missing.stdout).toContain('404');
  });

  it('tools/list and tools/call over stdio', async () => {
    const list = await inspector([...stdioTarget().slice(0, -4), '--method', 'tools/list', ...stdioTarget().slice(-4)]);
    expect(list.code, list.stderr).toBe(0);
    expect(toolListProblems((JSON.parse(list.stdout) as { tools: never[] }).tools)).toEqual([]);

    const before = fake.requests.length;
    const call = await inspector([
      ...stdioTarget().slice(0, -4),
      '--method',
      'tools/call',
      '--tool-name',
      TOOLS.list,
      '--tool-args-json',
      JSON.stringify({ limit: 3 }),
      ...stdioTarget().slice(-4),
    ]);
    expect(call.code, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout).structuredContent).toMatchObject({ object: 'list' });
    expect(fake.requests.slice(before).map((r) => r.url)).toEqual(['/v1/batches?limit=3']);
  });
});

describe('secrets', () => {
  it('the key never appears in server stderr or client output (canary)', () => {
    expect(outputs.length).toBeGreaterThan(5);
    // The canary is in play: servers did log (JSON lines), and the key reached the upstream.
    expect(outputs.some((o) => o().includes('"level":"info"'))).toBe(true);
    expect(fake.requests.some((r) => r.headers.authorization === `Bearer ${CANARY_KEY}`)).toBe(true);
    for (const o of outputs) expect(o().includes(CANARY_KEY), o().slice(0, 300)).toBe(false);
  });
});
