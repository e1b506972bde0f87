// `naftiko-gen generate --typecheck`: the generated packages are type-checked in memory (ts-morph)
// before anything is written; a type error is reported at the capability element that produced the
// code. Projects live under .vitest-tmp/ inside the repository, so the generated code's imports
// (@naftiko-gen/runtime, express, the MCP SDK, @types/node) resolve from its node_modules as they
// would in a user's repository; the not-installed case runs in the OS temp directory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const REPO = join(import.meta.dirname, '../..');
const SEED = 'capabilities/portkey-batch.yaml';
const TIMEOUT = 120_000; // a type-check takes seconds; more when the machine is shared

const run = runCli;

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** A project directory holding a package.json (its root) and the given capability files. */
function project(parent: string, name: string, files: Record<string, string>): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'capabilities'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }) + '\n');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/**
 * The example capability (`init --example`) with `with: { limit: twenty }` on its REST route and its
 * tool: a literal string for the consumed `limit`, declared `type: integer`. Schema and model accept
 * it; the generated `{ limit: 'twenty' } as BatchListParams` does not compile (TS2352).
 */
function literalMismatch(): string {
  const text = readFileSync(join(REPO, 'templates/example/batches.yaml'), 'utf8');
  const changed = text.replace('limit: rest.limit', 'limit: twenty').replace('limit: tools.limit', 'limit: twenty');
  expect(changed.match(/limit: twenty/g)).toHaveLength(2);
  return changed;
}

/** 1-based line and column of the first key of the list entry on the line `entry` (e.g. `- method: GET`) followed by `next`. */
function entryAt(text: string, entry: string, next: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l, n) => l.trim() === entry && lines[n + 1]?.trim() === next);
  expect(i).toBeGreaterThanOrEqual(0);
  return `${i + 1}:${lines[i]!.indexOf('- ') + 3}`;
}

// The tests of the type-error path provoke one with a literal `with` value of the wrong type. Since the
// route and tool tables (runtime route()/tool(), issue 11), a table entry's arguments are typed `unknown`
// per parameter name, so that construct compiles and no capability construct known to us yields a
// type error any more: these tests are skipped until a new real construct is found (notes/issue-10c.md).
const TYPE_ERROR_CASE_FOUND = false;
if (!TYPE_ERROR_CASE_FOUND) console.log('typecheck: the 4 type-error-path tests are skipped: the route/tool tables made their literal-mismatch construct compile; no other construct known to produce a type error');
const itTypeError = TYPE_ERROR_CASE_FOUND ? it : it.skip;

let inside: string;
let outside: string;
beforeAll(() => {
  mkdirSync(join(REPO, '.vitest-tmp'), { recursive: true });
  inside = mkdtempSync(join(REPO, '.vitest-tmp', 'typecheck-'));
  outside = mkdtempSync(join(tmpdir(), 'naftiko-typecheck-'));
});
afterAll(() => {
  rmSync(inside, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('generate --typecheck', () => {
  it('generate --help lists the flag', async () => {
    const r = await run(['generate', '--help'], REPO);
    expect(r.out.join('\n')).toMatch(/--typecheck\s+type-check each generated package in memory/);
  });

  it(
    'the seed type-checks clean; the command still writes, the same bytes as without the flag',
    async () => {
      const dir = project(inside, 'seed', {});
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      const checked = await run(['generate', 'capabilities', '--typecheck', '-o', 'checked'], dir);
      expect(checked.err).toEqual([]);
      expect(checked.code).toBe(0);
      expect(checked.out.find((l) => l.startsWith('typecheck: '))).toMatch(/^typecheck: 1 package\(s\), 0 error\(s\) \(\d+ ms\)$/);
      const plain = await run(['generate', 'capabilities', '-o', 'plain'], dir);
      expect(plain.code).toBe(0);
      const written = snapshot(join(dir, 'checked'));
      expect(Object.keys(written)).toContain('portkey-batch/src/mcp-server.ts');
      expect(written).toEqual(snapshot(join(dir, 'plain')));
    },
    TIMEOUT,
  );

  it(
    '--check --typecheck over the checked-in generated/ passes (what CI can run)',
    async () => {
      const r = await run(['generate', '--check', '--typecheck', '-q'], REPO);
      expect(r.out.concat(r.err).filter((l) => / error NG/.test(l))).toEqual([]);
      expect(r.code).toBe(0);
    },
    TIMEOUT,
  );

  itTypeError(
    'a literal `with` value of the wrong type: NG4002 at the route and at the tool, naming the generated line; nothing written',
    async () => {
      const text = literalMismatch();
      const dir = project(inside, 'mismatch', { 'capabilities/batches.yaml': text });
      // An earlier output must survive untouched.
      mkdirSync(join(dir, 'generated/batches'), { recursive: true });
      writeFileSync(join(dir, 'generated/batches/KEEP.md'), 'earlier output\n');
      const before = snapshot(join(dir, 'generated'));
      const r = await run(['generate', 'capabilities', '--typecheck'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      const route = entryAt(text, '- method: GET', 'name: listbatches');
      const tool = entryAt(text, '- name: list-batches', "description: List your organization's batches.");
      expect(errors).toEqual([
        expect.stringMatching(new RegExp(`^capabilities/batches\\.yaml:${route}: error NG4002 The generated generated/batches/src/rest-app\\.ts:\\d+:\\d+ does not type-check: TS2352 Conversion of type '\\{ limit: string; \\}' to type 'BatchListParams' may be a mistake`)),
        expect.stringMatching(new RegExp(`^capabilities/batches\\.yaml:${tool}: error NG4002 The generated generated/batches/src/mcp-server\\.ts:\\d+:\\d+ does not type-check: TS2352 `)),
      ]);
      expect(r.err.join('\n')).toMatch(/not generating: 1 file\(s\), 2 error\(s\)/);
      expect(snapshot(join(dir, 'generated'))).toEqual(before);
    },
    TIMEOUT,
  );

  itTypeError(
    'the generated line in the message holds the offending code',
    async () => {
      const text = literalMismatch();
      const dir = project(inside, 'line', { 'capabilities/batches.yaml': text });
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      // Generate without the flag to read the files the positions refer to.
      expect((await run(['generate', 'capabilities', '-o', 'out'], dir)).code).toBe(0);
      for (const l of r.out.filter((x) => / error NG4002 /.test(x))) {
        const [, path, line] = / The generated (\S+):(\d+):\d+ /.exec(l)!;
        const code = readFileSync(join(dir, path!), 'utf8').split('\n')[Number(line) - 1]!;
        expect(code).toContain("{ limit: 'twenty' } as BatchListParams");
      }
    },
    TIMEOUT,
  );

  itTypeError(
    'two capabilities in one run (one project): the error is the failing package\'s only; nothing is written for either',
    async () => {
      const dir = project(inside, 'two', { 'capabilities/batches.yaml': literalMismatch() });
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      expect(errors).toHaveLength(2);
      for (const l of errors) expect(l).toMatch(/^capabilities\/batches\.yaml:\d+:\d+: error NG4002 The generated out\/batches\//);
      expect(r.out.find((l) => l.startsWith('typecheck: '))).toMatch(/^typecheck: 2 package\(s\), 2 error\(s\)/);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    TIMEOUT,
  );

  itTypeError(
    'code that cannot be traced (capability text holding the marker characters) is reported at line 1 with the generated position',
    async () => {
      // The tool's description carries a closing marker of its own: mcp-server.ts keeps no ranges, the
      // REST adapter still does.
      const text = literalMismatch().replace("- name: list-batches\n      description: List", "- name: list-batches\n      description: \uE0020\uE003 List");
      expect(text).toContain('\uE002');
      const dir = project(inside, 'untraced', { 'capabilities/batches.yaml': text });
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      const route = entryAt(text, '- method: GET', 'name: listbatches');
      expect(errors).toEqual([
        expect.stringMatching(/^capabilities\/batches\.yaml:1:1: error NG4002 The generated out\/batches\/src\/mcp-server\.ts:\d+:\d+ does not type-check: TS2352 .* \(not traced to one element of the capability\)$/),
        expect.stringMatching(new RegExp(`^capabilities/batches\\.yaml:${route}: error NG4002 The generated out/batches/src/rest-app\\.ts:`)),
      ]);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'outside any node_modules: one NG4003 naming what to install, no flood of TS2307; nothing written',
    async () => {
      const dir = project(outside, 'fresh', {});
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      const r = await run(['generate', 'capabilities', '--typecheck'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      expect(errors).toHaveLength(1);
      // Packages, not every subpath imported (@naftiko-gen/runtime/client, /server, /mcp are one install).
      expect(errors[0]).toMatch(/^capabilities\/portkey-batch\.yaml:1:1: error NG4003 Cannot type-check generated\/portkey-batch: @modelcontextprotocol\/server, @naftiko-gen\/runtime, @types\/node, express cannot be resolved from where it would be written\.$/);
      expect(r.out.join('\n')).toMatch(/hint: Install the generated package's dependencies/);
      expect(r.out.join('\n')).not.toMatch(/TS2307/);
      expect(existsSync(join(dir, 'generated'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'ts-morph is loaded only with --typecheck (a plain generate does not pay for it)',
    () => {
      // A module hook that refuses to resolve ts-morph: plain generate must not notice it.
      const dir = project(inside, 'lazy', {});
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      writeFileSync(join(dir, 'hooks.mjs'), "export async function resolve(specifier, context, next) {\n  if (specifier === 'ts-morph') throw new Error('ts-morph was loaded');\n  return next(specifier, context);\n}\n");
      writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
      const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(REPO, 'bin/naftiko-gen.js'), 'generate', 'capabilities', '--dry-run', '-q', ...args], { cwd: dir, encoding: 'utf8' });
      const plain = cli();
      expect(plain.stderr).not.toMatch(/ts-morph was loaded/);
      expect(plain.status).toBe(0);
      const typecheck = cli('--typecheck');
      expect(typecheck.stderr).toMatch(/ts-morph was loaded/);
      expect(typecheck.status).toBe(1);
    },
    TIMEOUT,
  );
});
