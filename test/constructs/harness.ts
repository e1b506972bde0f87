/**
 * Harness of the construct suites: generate one fixture (test/fixtures/constructs/<name>.yaml) with
 * the in-process pipeline into .vitest-tmp/constructs/<name>/, compile it with tsc, start its
 * servers against a fake upstream, connect the official MCP client, and record a results row.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generate } from '../../generator/pipeline.js';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { baseEnv, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

const run = promisify(execFile);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/constructs');
export const OUT = join(ROOT, '.vitest-tmp/constructs');
const RESULTS = join(OUT, '_results');

export interface BuiltFixture {
  name: string;
  /** The package directory (.vitest-tmp/constructs/<outName>). */
  dir: string;
  files: string[];
  diagnostics: Diagnostic[];
  /** tsc output when type-checking failed ('' when it compiled cleanly). */
  tscErrors: string;
  restJs: string;
  mcpJs: string;
  /** Contents of a generated file (path relative to the package). */
  source(path: string): string;
}

/**
 * Generates `test/fixtures/constructs/<file>` (default `<name>.yaml`), writes the package to
 * .vitest-tmp/constructs/<name>/, and compiles it. Throws with the diagnostics or tsc output.
 */
export async function buildFixture(name: string, file = `${name}.yaml`, openapi?: Record<string, string>): Promise<BuiltFixture> {
  const input = relative(ROOT, join(FIXTURES, file));
  // OpenAPI bindings (namespace → file in test/fixtures/constructs) replace the repository's config.
  const config = openapi ? { dir: FIXTURES, openapi } : undefined;
  const result = await generate([input], { cwd: ROOT, ...(config ? { config } : {}) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || result.packages.length === 0) {
    throw new Error(
      `generate ${input} failed:\n${result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`).join('\n')}`,
    );
  }
  const pkg = result.packages[0]!;
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  for (const f of pkg.files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.contents);
  }
  // tsc emits JavaScript even when type-checking fails (noEmitOnError is off): type errors are
  // kept in tscErrors and asserted by compileTest(), so one type error does not hide every
  // behaviour of the fixture. A missing dist/ (syntax errors, crash) still throws here.
  let tscErrors = '';
  try {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    tscErrors = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
  }
  if (!existsSync(join(dir, 'dist/index.js'))) {
    throw new Error(`tsc -p ${relative(ROOT, dir)} emitted no dist/index.js:\n${tscErrors}`);
  }
  return {
    tscErrors,
    name,
    dir,
    files: pkg.files.map((f) => f.path),
    diagnostics: result.diagnostics,
    restJs: join(dir, 'dist/rest.js'),
    mcpJs: join(dir, 'dist/mcp.js'),
    source: (path) => readFileSync(join(dir, path), 'utf8'),
  };
}

/** Registers the test "client: the generated package type-checks with tsc". */
export function compileTest(fx: () => BuiltFixture | undefined): void {
  it('client: the generated package type-checks with tsc (no errors)', () => {
    const built = fx();
    expect(built, 'the fixture was not built').toBeDefined();
    expect(built!.tscErrors).toBe('');
  });
}

export function startRest(fx: BuiltFixture, env: Record<string, string | undefined>): Promise<RunningProcess> {
  return startServer({ script: fx.restJs, env, cwd: fx.dir });
}

export function startMcp(
  fx: BuiltFixture,
  env: Record<string, string | undefined>,
  args: string[] = [],
): Promise<RunningProcess> {
  return startServer({ script: fx.mcpJs, env, cwd: fx.dir, args });
}

/** The official MCP client (v2) over Streamable HTTP at <url>/mcp. */
export async function connectMcp(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'constructs', version: '0.0.1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}

/** Text of the first text content item of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.find((c) => c.type === 'text')?.text ?? '';
}

export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

// ---------------------------------------------------------------- results table

interface TaskLike {
  name: string;
  type: string;
  tasks?: TaskLike[];
  result?: { state?: string };
}

function collect(task: TaskLike, out: TaskLike[]): TaskLike[] {
  if (task.type === 'test') out.push(task);
  for (const t of task.tasks ?? []) collect(t, out);
  return out;
}

function column(tests: TaskLike[], prefix: string): string {
  const mine = tests.filter((t) => t.name.toLowerCase().startsWith(prefix));
  if (mine.length === 0) return 'n/a';
  const passed = mine.filter((t) => t.result?.state === 'pass').length;
  const failed = mine.filter((t) => t.result?.state === 'fail').length;
  if (passed === mine.length) return `ok (${passed})`;
  if (failed === 0) return `not run (${mine.length})`;
  return `FAIL ${failed}/${mine.length}`;
}

/**
 * Records one row of the results table from the finished tests of `suite` (tests named `rest …`
 * count for REST, `mcp …` for MCP, `client …` for the client) and prints every row recorded so far.
 * Call it from afterAll((suite) => reportRow('a-steps', suite, 'notes')).
 */
export function reportRow(fixture: string, suite: unknown, notes = ''): void {
  const tests = collect(suite as TaskLike, []);
  const suiteErrors = ((suite as { result?: { errors?: Array<{ message?: string }> } }).result?.errors ?? [])
    .map((e) => (e.message ?? '').split('\n').slice(0, 2).join(' '))
    .filter(Boolean);
  const failed = tests.filter((t) => t.result?.state === 'fail').map((t) => t.name);
  const client = column(tests, 'client');
  const row = {
    fixture,
    rest: column(tests, 'rest'),
    mcp: column(tests, 'mcp'),
    notes: [
      client !== 'n/a' ? `client ${client}` : '',
      notes,
      failed.length ? `failed: ${failed.map((n) => n.slice(0, 60)).join('; ')}` : '',
      suiteErrors.length ? `setup: ${suiteErrors.join('; ').slice(0, 160)}` : '',
    ]
      .filter(Boolean)
      .join(' | '),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${fixture}.json`), JSON.stringify(row));
  console.log(renderTable());
}

export function renderTable(): string {
  if (!existsSync(RESULTS)) return '';
  const rows = readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as Record<string, string>);
  const head = ['fixture', 'REST ok', 'MCP ok', 'notes'];
  const body = rows.map((r) => [r.fixture!, r.rest!, r.mcp!, r.notes!]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------- suite lifecycle

export interface UseConstructOptions {
  /** Fixture file under test/fixtures/constructs/ (default `<name>.yaml`). */
  file?: string;
  /** Notes column of the results table. */
  notes?: string;
  /** Start `dist/rest.js` (default true). */
  rest?: boolean;
  /** Start `dist/mcp.js` over HTTP (true, the default), spawn it over stdio ('stdio'), or not at all. */
  mcp?: boolean | 'stdio';
  /** Connect the official MCP client to the MCP server (default: whenever mcp is started). */
  client?: boolean;
  /** OpenAPI documents bound to consumed namespaces (namespace → file in test/fixtures/constructs). */
  openapi?: Record<string, string>;
  /** Names of the fake upstreams to start (default one, `fake`); the first is also `ctx.fake`. */
  upstreams?: string[];
  /** Configures the fake upstream routes before the servers start. */
  routes?: (fake: FakeUpstream, fakes: Record<string, FakeUpstream>) => void;
  /** Environment of the generated servers (base URLs, secrets). */
  env?: (fake: FakeUpstream, fakes: Record<string, FakeUpstream>) => Record<string, string | undefined>;
  /** Extra setup, run last in beforeAll. */
  setup?: (ctx: ConstructContext) => void | Promise<void>;
}

/** What a construct suite uses; the getters are valid once beforeAll has run. */
export interface ConstructContext {
  readonly fx: BuiltFixture;
  /** The first (usually only) fake upstream. */
  readonly fake: FakeUpstream;
  readonly fakes: Record<string, FakeUpstream>;
  readonly rest: RunningProcess;
  readonly mcp: RunningProcess;
  readonly client: Client;
  /** Everything a stdio MCP server wrote to stderr so far. */
  readonly stdioStderr: string;
}

/**
 * Registers the beforeAll/afterAll of one construct suite: build the fixture, start the fake
 * upstream(s) with their routes, start the REST/MCP servers, connect the MCP client; afterwards
 * close the client, stop every process and fake, and record the results row.
 */
export function useConstruct(name: string, opts: UseConstructOptions = {}): ConstructContext {
  const { rest: wantRest = true, mcp: wantMcp = true, upstreams = ['fake'] } = opts;
  const wantClient = opts.client ?? wantMcp !== false;
  let fx: BuiltFixture | undefined;
  const fakes: Record<string, FakeUpstream> = {};
  let rest: RunningProcess | undefined;
  let mcp: RunningProcess | undefined;
  let client: Client | undefined;
  let stdioStderr = '';

  const ctx: ConstructContext = {
    get fx() {
      return fx!;
    },
    get fake() {
      return fakes[upstreams[0]!]!;
    },
    fakes,
    get rest() {
      return rest!;
    },
    get mcp() {
      return mcp!;
    },
    get client() {
      return client!;
    },
    get stdioStderr() {
      return stdioStderr;
    },
  };

  beforeAll(async () => {
    fx = await buildFixture(name, opts.file, opts.openapi);
    for (const n of upstreams) fakes[n] = await startFakeUpstream();
    const first = fakes[upstreams[0]!]!;
    opts.routes?.(first, fakes);
    const env = opts.env?.(first, fakes) ?? {};
    if (wantRest) rest = await startRest(fx, env);
    if (wantMcp === 'stdio') {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [fx.mcpJs],
        cwd: fx.dir,
        env: baseEnv(env),
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (d: Buffer | string) => (stdioStderr += String(d)));
      client = new Client({ name: 'constructs', version: '0.0.1' });
      await client.connect(transport);
    } else if (wantMcp) {
      mcp = await startMcp(fx, env);
      if (wantClient) client = await connectMcp(mcp.url);
    }
    await opts.setup?.(ctx);
  });

  afterAll(async ({}, suite) => {
    await client?.close();
    await stopAllProcesses();
    for (const n of upstreams) await fakes[n]?.close();
    reportRow(name, suite, opts.notes);
  });

  return ctx;
}
