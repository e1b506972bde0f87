// Running generated packages for real, shared by the corpus suites (test/corpus-run/): write each
// package under a root directory, type-check them all in ONE strict tsc run, start their servers
// against a generic fake upstream: the REST adapter must answer /healthz, /openapi.json (with as many
// operations as the generated rest-app registers routes) and one parameterless GET route; the MCP
// server must list the tools the model declares. Prints a table per file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { isFixedOutput } from '../../generator/model/outputs.js';
import type { CapabilityModel, InboundAuth, OutputField, RestRoute, Template } from '../../generator/model/types.js';
import { generate } from '../../generator/pipeline.js';
import { countCodes } from './corpus.js';
import { startServer, type RunningProcess } from './processes.js';

const REPO = join(import.meta.dirname, '../..');
/** Where tsc emits, under the run's root. */
const OUT = '.out';
const PARALLEL = 4;

export interface Row {
  /** What the report calls the file. */
  label: string;
  /** Directory name under the run's root (package names can clash). */
  key: string;
  rejected?: { codes: string; first: string };
  generateFailure?: string;
  model?: CapabilityModel;
  generated: boolean;
  compileErrors: string[];
  rest?: { started: boolean; routes: number; ops?: number; probe?: string; auth?: string; problems: string[] };
  mcp?: { started: boolean; tools: number; listed?: number; auth?: string; problems: string[] };
}

export type FakeUpstream = { url: string; close(): Promise<void>; requests: { method: string; url: string }[] };

/** A generic upstream: 200 `{"ok":true}` to everything, every request recorded. */
export function startFake(): Promise<FakeUpstream> {
  const requests: { method: string; url: string }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** String literals of `export const NAME: readonly string[] = [...]` in the generated config.ts. */
function configList(source: string, name: string): string[] {
  const m = new RegExp(`export const ${name}[^=]*=\\s*\\[([^\\]]*)\\]`).exec(source);
  if (!m) return [];
  return [...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2] ?? '');
}

/** Environment of a package's servers: fake base URLs, placeholders for every other variable. */
function serverEnv(root: string, r: Row, baseUrl: string): Record<string, string> {
  const env: Record<string, string> = {};
  const model = r.model!;
  const config = readFileSync(join(root, r.key, 'src/config.ts'), 'utf8');
  const placeholder = (name: string): string => (/_BASE_URL$/.test(name) ? baseUrl : `placeholder-${name.toLowerCase()}`);
  for (const name of configList(config, 'REQUIRED_ENV')) env[name] = placeholder(name);
  for (const name of configList(config, 'SECRET_ENV')) env[name] = placeholder(name);
  for (const v of model.env) env[v.name] = v.kind === 'base-url' ? baseUrl : placeholder(v.name);
  for (const c of model.consumes) env[c.baseUrlEnv] = baseUrl;
  const templates = (auth: InboundAuth | undefined): Template[] =>
    !auth || auth.kind === 'other' ? [] : auth.kind === 'bearer' ? [auth.token] : auth.kind === 'apikey' ? [auth.value] : [auth.username, auth.password];
  for (const t of [...templates(model.rest[0]?.auth), ...templates(model.mcp[0]?.auth)])
    for (const p of t.parts) if (p.kind === 'env' && env[p.variable] === undefined) env[p.variable] = placeholder(p.variable);
  return env;
}

function fill(t: Template, env: Record<string, string>): string {
  return t.parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'env' ? (env[p.variable] ?? '') : '')).join('');
}

/** Headers and query string that satisfy the expose's inbound authentication. */
function credentials(auth: InboundAuth | undefined, env: Record<string, string>): { headers: Record<string, string>; query: string } {
  if (!auth || auth.kind === 'other') return { headers: {}, query: '' };
  switch (auth.kind) {
    case 'bearer':
      return { headers: { authorization: `Bearer ${fill(auth.token, env)}` }, query: '' };
    case 'apikey':
      return auth.placement === 'header'
        ? { headers: { [auth.name.toLowerCase()]: fill(auth.value, env) }, query: '' }
        : { headers: {}, query: `${encodeURIComponent(auth.name)}=${encodeURIComponent(fill(auth.value, env))}` };
    case 'basic':
      return { headers: { authorization: `Basic ${Buffer.from(`${fill(auth.username, env)}:${fill(auth.password, env)}`).toString('base64')}` }, query: '' };
  }
}

const withQuery = (url: string, query: string): string => (query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url);

async function fetchText(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

/**
 * What is wrong with a mock route's answer to a call without arguments: the body must hold exactly the
 * declared fields, and each constant string field its text ('' when nothing is wrong).
 */
function mockMismatch(fields: readonly OutputField[], text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const keys = Object.keys(body).sort();
  const names = fields.map((f) => f.name).sort();
  if (JSON.stringify(keys) !== JSON.stringify(names)) return `fields ${JSON.stringify(keys)} ≠ declared ${JSON.stringify(names)}`;
  for (const f of fields) {
    if (f.source.kind !== 'value' || f.type !== 'string' || f.source.template.parts.some((p) => p.kind !== 'text')) continue;
    const got = (body as Record<string, unknown>)[f.name];
    if (got !== f.source.template.raw) return `${f.name} is ${JSON.stringify(got)}, declared ${JSON.stringify(f.source.template.raw)}`;
  }
  return '';
}

const firstLine = (s: string): string => s.split('\n').find((l) => l.trim() !== '') ?? s;

async function checkRest(root: string, fake: FakeUpstream, r: Row, env: Record<string, string>): Promise<NonNullable<Row['rest']>> {
  const src = readFileSync(join(root, r.key, 'src/rest-app.ts'), 'utf8');
  // The entries of the route table: route({ method, path, … }) and unimplementedRoute(method, path, …).
  const registered = [...src.matchAll(/\b(?:route\(\s*\{\s*method: '([^']*)',\s*path: '([^']*)'|unimplementedRoute\(\s*'([^']*)',\s*'([^']*)')/g)];
  const out: NonNullable<Row['rest']> = { started: false, routes: registered.length, problems: [] };
  if (registered.length !== r.model!.rest[0]!.routes.length)
    out.problems.push(`rest-app.ts registers ${registered.length} routes, model has ${r.model!.rest[0]!.routes.length}`);
  let server: RunningProcess | undefined;
  try {
    server = await startServer({ script: join(root, OUT, r.key, 'src/rest.js'), env, timeoutMs: 20_000 });
    out.started = true;
    const { headers, query } = credentials(r.model!.rest[0]!.auth, env);
    out.auth = r.model!.rest[0]!.auth?.kind;
    const health = await fetchText(withQuery(`${server.url}/healthz`, query), headers);
    if (health.status !== 200) out.problems.push(`GET /healthz → ${health.status} ${health.text.slice(0, 200)}`);
    const doc = await fetchText(withQuery(`${server.url}/openapi.json`, query), headers);
    if (doc.status !== 200) out.problems.push(`GET /openapi.json → ${doc.status} ${doc.text.slice(0, 200)}`);
    else {
      const paths = (JSON.parse(doc.text) as { paths?: Record<string, Record<string, unknown>> }).paths;
      if (!paths || typeof paths !== 'object') out.problems.push('openapi.json has no paths object');
      else {
        const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
        out.ops = Object.values(paths).reduce((n, item) => n + Object.keys(item).filter((k) => methods.has(k)).length, 0);
        if (out.ops !== registered.length) out.problems.push(`openapi.json has ${out.ops} operations, rest-app.ts registers ${registered.length} routes`);
      }
    }
    // One GET route the caller can hit without arguments, and that runs something (a route that declares
    // neither a call, steps nor fixed outputs answers 501 by design).
    const runs = (rt: RestRoute): boolean => Boolean(rt.call || rt.orchestration || isFixedOutput(rt.output));
    const route = r.model!.rest[0]!.routes.find((rt) => rt.method.toUpperCase() === 'GET' && !rt.expressPath.includes(':') && rt.inputs.every((i) => !i.required) && runs(rt));
    if (route) {
      const before = fake.requests.length;
      const mock = !route.call && !route.orchestration && isFixedOutput(route.output) ? route.output : undefined;
      out.probe = `GET ${route.expressPath}${mock ? ' (mock)' : route.output.kind === 'passthrough' && !route.orchestration ? ' (body)' : ''}`;
      const res = await fetchText(withQuery(`${server.url}${route.expressPath}`, query), headers);
      if (res.status !== 200) out.problems.push(`GET ${route.expressPath} → ${res.status} ${res.text.slice(0, 300)}`);
      else if (mock) {
        // Mock mode: the fixed values are the answer, and nothing is called.
        if (fake.requests.length !== before) out.problems.push(`GET ${route.expressPath} (mock) reached the fake upstream`);
        const wrong = mockMismatch(mock.fields, res.text);
        if (wrong) out.problems.push(`GET ${route.expressPath} (mock) answered ${res.text.slice(0, 200)}: ${wrong}`);
      } else if (fake.requests.length === before) out.problems.push(`GET ${route.expressPath} → 200 without reaching the fake upstream`);
      else if (route.output.kind === 'passthrough' && !route.orchestration) {
        let body: unknown;
        try {
          body = JSON.parse(res.text);
        } catch {
          body = res.text;
        }
        if (JSON.stringify(body) !== '{"ok":true}') out.problems.push(`GET ${route.expressPath} (passthrough) answered ${res.text.slice(0, 200)}, not the fake's body`);
      }
    }
  } catch (err) {
    out.problems.push(`rest: ${firstLine((err as Error).message)}\n${(err as Error).message.split('--- stderr ---')[1]?.trim().split('\n').slice(0, 6).join('\n') ?? ''}`);
  } finally {
    await server?.stop();
  }
  return out;
}

async function checkMcp(root: string, r: Row, env: Record<string, string>): Promise<NonNullable<Row['mcp']>> {
  const expected = r.model!.mcp[0]!.tools.map((t) => t.name).sort();
  const src = readFileSync(join(root, r.key, 'src/mcp-server.ts'), 'utf8');
  // The entries of the tool table: tool({ name, … }) and unimplementedTool({ name, … }, …).
  const registered = [...src.matchAll(/\b(?:tool|unimplementedTool)\(\s*\{\s*name: '([^']*)'/g)].map((m) => m[1]!).sort();
  const out: NonNullable<Row['mcp']> = { started: false, tools: expected.length, problems: [] };
  if (JSON.stringify(registered) !== JSON.stringify(expected))
    out.problems.push(`mcp-server.ts tool table names ${JSON.stringify(registered)} ≠ model ${JSON.stringify(expected)}`);
  let server: RunningProcess | undefined;
  let client: Client | undefined;
  try {
    server = await startServer({ script: join(root, OUT, r.key, 'src/mcp.js'), env, timeoutMs: 20_000 });
    out.started = true;
    const { headers, query } = credentials(r.model!.mcp[0]!.auth, env);
    out.auth = r.model!.mcp[0]!.auth?.kind;
    const health = await fetchText(`${server.url}/healthz`, {});
    if (health.status !== 200) out.problems.push(`MCP GET /healthz → ${health.status}`);
    client = new Client({ name: 'corpus-run', version: '0.0.1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(withQuery(`${server.url}/mcp`, query)), { requestInit: { headers } }));
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      names.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    out.listed = names.length;
    if (JSON.stringify(names.sort()) !== JSON.stringify(expected)) out.problems.push(`tools/list ${JSON.stringify(names)} ≠ expected ${JSON.stringify(expected)}`);
  } catch (err) {
    out.problems.push(`mcp: ${firstLine((err as Error).message)}\n${(err as Error).message.split('--- stderr ---')[1]?.trim().split('\n').slice(0, 6).join('\n') ?? ''}`);
  } finally {
    await client?.close().catch(() => undefined);
    await server?.stop();
  }
  return out;
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}


/** Generates one file into <root>/<key>/ and records the verdict on the row. */
export async function generateRow(root: string, label: string, key: string, path: string, cwd: string): Promise<Row> {
  const r: Row = { label, key, generated: false, compileErrors: [] };
  try {
    const result = await generate([path], { cwd });
    const diags: Diagnostic[] = result.files[0]?.diagnostics ?? [];
    const errors = diags.filter((d) => d.severity === 'error');
    if (errors.length > 0 || !result.files[0]?.model) {
      r.rejected = { codes: countCodes(errors.map((d) => d.code)), first: errors[0] ? `${errors[0].file}:${errors[0].line}:${errors[0].col} ${errors[0].code} ${errors[0].message}` : '(no model, no error)' };
      return r;
    }
    const genErrors = result.diagnostics.filter((d) => d.severity === 'error');
    const pkg = result.packages[0];
    if (genErrors.length > 0 || !pkg) {
      r.generateFailure = genErrors.map((d) => `${d.code} ${d.message}`).join('; ') || 'no package';
      return r;
    }
    r.model = result.files[0].model;
    for (const f of pkg.files) {
      const target = join(root, key, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.contents);
    }
    r.generated = true;
  } catch (err) {
    r.generateFailure = `threw: ${(err as Error).stack ?? String(err)}`;
  }
  return r;
}

/** One strict tsc run over every generated package, emitting to <root>/.out/<key>/src/; returns tsc's output. */
export function compileAll(root: string, rows: Row[]): string {
  const generated = rows.filter((r) => r.generated);
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          composite: false,
          noEmit: false,
          rootDir: '.',
          outDir: './.out',
          types: ['node'],
        },
        include: generated.map((r) => `${r.key}/src/**/*.ts`),
      },
      null,
      2,
    ),
  );
  const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 150_000,
  });
  let compileOutput = `${tsc.stdout ?? ''}${tsc.stderr ?? ''}`;
  if (tsc.error) compileOutput += `\ntsc failed to run: ${tsc.error.message}`;
  for (const line of compileOutput.split('\n')) {
    const r = generated.find((g) => line.startsWith(`${g.key}/`));
    if (r && /error TS\d+/.test(line)) r.compileErrors.push(line);
  }
  for (const r of generated) {
    mkdirSync(join(root, OUT, r.key), { recursive: true });
    copyFileSync(join(root, r.key, 'package.json'), join(root, OUT, r.key, 'package.json'));
    if (existsSync(join(root, r.key, 'openapi.json'))) copyFileSync(join(root, r.key, 'openapi.json'), join(root, OUT, r.key, 'openapi.json'));
  }
  return compileOutput;
}

/** Starts every compiled package's servers (4 at a time) against `fake`, recording what they answer. */
export async function bootAll(root: string, rows: Row[], fake: FakeUpstream): Promise<void> {
  const generated = rows.filter((r) => r.generated);
  await pool(generated, PARALLEL, async (r) => {
    if (!existsSync(join(root, OUT, r.key, 'src/config.js'))) return;
    const env = serverEnv(root, r, fake.url);
    if (existsSync(join(root, OUT, r.key, 'src/rest.js')) && r.model!.rest.length > 0) r.rest = await checkRest(root, fake, r, env);
    if (existsSync(join(root, OUT, r.key, 'src/mcp.js')) && r.model!.mcp.length > 0) r.mcp = await checkMcp(root, r, env);
  });
}

/** Prints the per-file table, the totals and tsc's errors grouped by cause. */
export function printReport(rows: Row[], compileOutput: string, fake: FakeUpstream): void {
  const table = rows.map((r) => {
    const cols = [r.label.slice(0, 84).padEnd(84)];
    if (r.rejected) cols.push(`rejected ${r.rejected.codes}`.padEnd(40), `first: ${r.rejected.first}`);
    else if (!r.generated) cols.push(`GENERATE FAILED: ${firstLine(r.generateFailure ?? '')}`);
    else {
      cols.push(
        'gen',
        (r.compileErrors.length ? `tsc ${r.compileErrors.length} err` : 'tsc ok').padEnd(11),
        (r.rest ? `rest ${r.rest.started ? 'up' : 'DOWN'} ${r.rest.routes} routes/${r.rest.ops ?? '?'} ops` : 'rest -').padEnd(26),
        (r.mcp ? `mcp ${r.mcp.started ? 'up' : 'DOWN'} ${r.mcp.listed ?? '?'}/${r.mcp.tools} tools` : 'mcp -').padEnd(22),
        (r.rest?.probe ?? '-').slice(0, 40).padEnd(40),
        `auth ${r.rest?.auth ?? '-'}/${r.mcp?.auth ?? '-'}`.padEnd(18),
        [...(r.rest?.problems ?? []), ...(r.mcp?.problems ?? [])].map(firstLine).join(' | '),
      );
    }
    return cols.join(' ');
  });
  const gen = rows.filter((r) => r.generated);
  console.log(
    [
      ...table,
      `${rows.length} files: ${rows.filter((r) => r.rejected).length} rejected, ${gen.length} generated, ${gen.filter((r) => r.compileErrors.length === 0).length} compiled cleanly, ` +
        `${gen.filter((r) => r.rest?.started).length}/${gen.filter((r) => r.rest).length} REST started, ${gen.filter((r) => r.mcp?.started).length}/${gen.filter((r) => r.mcp).length} MCP started, ` +
        `${gen.filter((r) => r.rest?.probe).length} GET routes probed (${gen.filter((r) => r.rest?.probe?.endsWith('(body)')).length} body-checked), fake upstream saw ${fake.requests.length} requests.`,
    ].join('\n'),
  );
  if (compileOutput.trim()) {
    // Compile errors grouped by cause (TS code + message), with every file:line that shows it.
    const groups = new Map<string, string[]>();
    for (const line of compileOutput.split('\n')) {
      const m = /^(.*?\(\d+,\d+\)): error (TS\d+: .*)$/.exec(line);
      if (!m) continue;
      groups.set(m[2]!, [...(groups.get(m[2]!) ?? []), m[1]!]);
    }
    console.log(
      [`--- tsc: ${[...groups.values()].flat().length} errors in ${groups.size} groups ---`, ...[...groups].map(([cause, at]) => `${cause}\n    ${at.join('\n    ')}`)].join('\n') +
        `\n--- raw tsc output ---\n${compileOutput}`,
    );
  }
}
