/**
 * Hostile capability files through the real CLI (`naftiko-gen generate <file> -o <out>`). Each input
 * must end in a diagnostic (exit 1, no output directory) or in a package that type-checks (one strict
 * tsc run over every accepted case), whose strings round-trip exactly, and whose modules can be
 * imported and instantiated without running injected code. Never a crash, a stack trace or a partly
 * written output directory.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileCases, type HostileCase } from './cases.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = join(ROOT, 'bin/naftiko-gen.js');
const OUT = join(ROOT, '.vitest-tmp/hostile');
const INPUTS = join(ROOT, '.vitest-tmp/hostile-inputs');
const DIST = join(ROOT, '.vitest-tmp/hostile-dist');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runNode(args: string[], cwd: string, timeoutMs = 90_000): Promise<Run> {
  const start = Date.now();
  return new Promise((res) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
        res({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
          ms: Date.now() - start,
        });
      },
    );
  });
}

async function pool<T, R>(items: readonly T[], n: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const k = next++;
        out[k] = await work(items[k]!);
      }
    }),
  );
  return out;
}

const CASES = hostileCases();
const runs = new Map<string, Run>();
const tscErrors = new Map<string, string[]>();
const imports = new Map<string, Run>();
let tscOutput = '';

/** All string literal values (cooked) in a TypeScript source. */
function stringLiterals(file: string): Set<string> {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function jsonStrings(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, into);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.add(k), jsonStrings(v, into));
  return into;
}

const IMPORT_PROBE = `
const dir = process.argv[1];
const { pathToFileURL } = await import('node:url');
const u = (f) => pathToFileURL(dir + '/' + f).href;
const config = await import(u('config.js'));
await import(u('index.js'));
const clients = config.createClients({});
const mcp = await import(u('mcp-server.js'));
const server = mcp.buildMcpServer(clients, { maxResultBytes: 1000 });
const rest = await import(u('rest-app.js'));
const noop = () => {};
rest.createRestApp(clients, { info: noop, warn: noop, error: noop });
const tools = server._registeredTools ? Object.keys(server._registeredTools) : null;
process.stdout.write('IMPORTED ' + JSON.stringify(tools) + '\\n');
`;

beforeAll(async () => {
  for (const d of [OUT, INPUTS, DIST]) rmSync(d, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  mkdirSync(INPUTS, { recursive: true });
  // Sequential: concurrent runs into one out dir interfere (see the concurrency test below).
  await pool(CASES, 1, async (c) => {
    const file = join(INPUTS, c.name + (c.ext ?? '.yaml'));
    writeFileSync(file, c.content);
    runs.set(c.name, await runNode([CLI, 'generate', file, '-o', OUT, '-q'], ROOT));
  });
  const accepted = CASES.filter((c) => runs.get(c.name)?.code === 0 && existsSync(join(OUT, c.name, 'src')));
  if (accepted.length > 0) {
    writeFileSync(
      join(OUT, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          outDir: DIST,
          rootDir: '.',
          types: ['node'],
        },
        include: ['*/src/**/*.ts'],
      }),
    );
    const r = await runNode([TSC, '-p', join(OUT, 'tsconfig.json'), '--pretty', 'false'], OUT, 180_000);
    tscOutput = r.stdout + r.stderr;
    for (const line of tscOutput.split('\n')) {
      const m = /^([^/\s][^/]*)\/src\//.exec(line);
      if (m && / error TS\d+/.test(line)) tscErrors.set(m[1]!, [...(tscErrors.get(m[1]!) ?? []), line]);
    }
    await pool(accepted, 6, async (c) => {
      const srcDist = join(DIST, c.name, 'src');
      if (!existsSync(join(srcDist, 'mcp-server.js'))) return;
      // rest-app.js reads ../openapi.json beside its dist folder.
      copyFileSync(join(OUT, c.name, 'openapi.json'), join(DIST, c.name, 'openapi.json'));
      imports.set(c.name, await runNode(['--input-type=module', '-e', IMPORT_PROBE, srcDist], ROOT, 30_000));
    });
  }
}, 600_000);

describe('hostile capability files', () => {
  it('has at least 30 kinds of hostile input', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as [string, HostileCase]))('%s: diagnostic or compiling, round-tripping output', (name, c) => {
    const r = runs.get(name)!;
    const outDir = join(OUT, name);
    const report = `exit ${r.code} signal ${r.signal} in ${r.ms} ms\n--- stderr ---\n${r.stderr.slice(0, 3000)}\n--- stdout ---\n${r.stdout.slice(0, 1000)}`;
    expect(r.signal, report).toBeNull();
    expect([0, 1], report).toContain(r.code);
    // Never a stack trace or an internal error.
    expect(r.stderr + r.stdout, report).not.toMatch(/\n\s+at .+[:(].*\d+:\d+\)?/);
    expect(r.stderr + r.stdout, report).not.toMatch(/\b(TypeError|RangeError|ReferenceError|internal error)\b/i);
    if (c.expect === 'diagnostic') expect(r.code, report).toBe(1);
    if (r.code === 1) {
      expect(r.stderr + r.stdout, report).toMatch(/:\d+:\d+: error [A-Z]+\d+ /);
      expect(existsSync(outDir), `${name}: output directory created despite exit 1`).toBe(false);
      return;
    }
    // Accepted: a complete package that compiles.
    for (const f of ['src/mcp-server.ts', 'src/rest-app.ts', 'src/config.ts', 'openapi.json', 'package.json']) {
      expect(existsSync(join(outDir, f)), `${name}: missing ${f}`).toBe(true);
    }
    expect(tscErrors.get(name) ?? [], `${name}: tsc errors`).toEqual([]);
    const probe = imports.get(name);
    expect(probe, `${name}: not compiled to JS (tsc output:\n${tscOutput.slice(0, 2000)})`).toBeDefined();
    expect(probe!.code, `${name}: importing the package: exit ${probe!.code}\n${probe!.stderr.slice(0, 3000)}`).toBe(0);
    expect(probe!.stdout).toMatch(/^IMPORTED /m);
    // Round trip of the hostile strings.
    const mcpLits = stringLiterals(join(outDir, 'src/mcp-server.ts'));
    for (const s of c.mcpStrings ?? []) {
      expect(mcpLits.has(s), `${name}: ${JSON.stringify(s)} not a string literal of mcp-server.ts`).toBe(true);
    }
    let openapi: unknown;
    expect(() => (openapi = JSON.parse(readFileSync(join(outDir, 'openapi.json'), 'utf8')))).not.toThrow();
    const oaStrings = jsonStrings(openapi);
    for (const s of c.openapiStrings ?? []) {
      expect(oaStrings.has(s), `${name}: ${JSON.stringify(s)} not a string of openapi.json`).toBe(true);
    }
  });

  it('registers distinct MCP tools for distinct names, or reports the collision', () => {
    const cases: Array<[string, number]> = [
      ['tool-collide-kebab-snake', 2],
      ['tool-collide-camel-pascal', 2],
      ['tool-reserved-proto', 5],
      ['tool-long-500', 2],
    ];
    const problems: string[] = [];
    for (const [name, n] of cases) {
      if (runs.get(name)?.code !== 0) continue;
      const out = imports.get(name)?.stdout ?? '';
      const m = /^IMPORTED (.*)$/m.exec(out);
      if (!m) continue;
      const tools = JSON.parse(m[1]!) as string[] | null;
      if (tools && tools.length !== n) problems.push(`${name}: ${tools.length} tools registered, ${n} declared: ${JSON.stringify(tools)}`);
      if (tools) for (const t of tools) if (t.length > 64 || !/^[A-Za-z0-9_.-]+$/.test(t)) problems.push(`${name}: tool name ${JSON.stringify(t)}`);
    }
    expect(problems).toEqual([]);
  });

  it('a duplicate tool name is a diagnostic (error, or a warning naming the rename)', async () => {
    const r = runs.get('tool-duplicate')!;
    if (r.code === 1) return;
    const v = await runNode([CLI, 'validate', join(INPUTS, 'tool-duplicate.yaml')], ROOT);
    expect(v.stdout + v.stderr).toMatch(/same-tool.*same-tool2/);
  });

  it('concurrent generate runs into one output directory each leave a complete package', async () => {
    const dir = join(ROOT, '.vitest-tmp/hostile-concurrent');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'in'), { recursive: true });
    const names = Array.from({ length: 8 }, (_, k) => `cap${k}`);
    for (const n of names) writeFileSync(join(dir, 'in', n + '.yaml'), hostileCases()[0]!.content);
    const problems: string[] = [];
    for (let round = 0; round < 3; round++) {
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      const results = await Promise.all(names.map((n) => runNode([CLI, 'generate', join(dir, 'in', n + '.yaml'), '-o', join(dir, 'out'), '-q'], ROOT)));
      const expected = readdirSync(join(OUT, 'desc-comment-close'), { recursive: true }).length;
      names.forEach((n, k) => {
        const r = results[k]!;
        if (r.code !== 0) problems.push(`round ${round} ${n}: exit ${r.code} ${r.stderr.slice(0, 300)}`);
        const pkg = join(dir, 'out', n);
        const count = existsSync(pkg) ? readdirSync(pkg, { recursive: true }).length : 0;
        if (count !== expected) problems.push(`round ${round} ${n}: ${count} entries, expected ${expected}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('leaves no temporary or partial directories beside the packages', () => {
    const accepted = new Set(CASES.filter((c) => runs.get(c.name)?.code === 0).map((c) => c.name));
    const extra = readdirSync(OUT).filter((e) => e !== 'tsconfig.json' && !accepted.has(e));
    expect(extra).toEqual([]);
  });

  it('a huge input finishes in bounded time', () => {
    expect(runs.get('ten-megabytes')!.ms).toBeLessThan(30_000);
    expect(runs.get('alias-bomb')!.ms).toBeLessThan(30_000);
    expect(runs.get('deep-nesting-1000')!.ms).toBeLessThan(30_000);
  });
});
