// `naftiko-gen generate --typecheck`: the generated packages are type-checked in memory (ts-morph)
// before anything is written; a type error is reported at the capability element that produced the
// code. Projects live under .vitest-tmp/ inside the repository, so the generated code's imports
// (@naftiko-gen/runtime, express, the MCP SDK, @types/node) resolve from its node_modules as they
// would in a user's repository; the not-installed case runs in the OS temp directory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { REPO, TYPECHECK_TIMEOUT, exampleCapability, repoTempDir, snapshotFiles, writeProject } from '../support/projects.js';

const SEED = 'capabilities/portkey-batch.yaml';
/** The runtime version generated code pins (the generator's own, as packages/runtime has it). */
const RUNTIME_VERSION = (JSON.parse(readFileSync(join(REPO, 'packages/runtime/package.json'), 'utf8')) as { version: string }).version;

const run = runCli;


/** 1-based line and column of the first key of the list entry on the line `entry` (e.g. `- method: GET`) followed by `next`. */
function entryAt(text: string, entry: string, next: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l, n) => l.trim() === entry && lines[n + 1]?.trim() === next);
  expect(i).toBeGreaterThanOrEqual(0);
  return `${i + 1}:${lines[i]!.indexOf('- ') + 3}`;
}

/** The example's four table entries: its two REST routes and its two tools. */
function exampleEntries(text: string): { routes: string[]; tools: string[] } {
  return {
    routes: [entryAt(text, '- method: GET', 'name: listbatches'), entryAt(text, '- method: GET', 'name: retrievebatch')],
    tools: [entryAt(text, '- name: list-batches', "description: List your organization's batches."), entryAt(text, '- name: retrieve-batch', 'description: Retrieves a batch.')],
  };
}

/**
 * The type-error path, provoked the way it happens in a real repository: the installed
 * @naftiko-gen/runtime is not the version the generator writes for. Capability constructs no longer
 * serve: the literal mismatch the earlier tests used is refused by the model now (NG3140, tested
 * below), and the two constructs found that did not compile were generator bugs, fixed
 * (notes/issue-4002.md; test/cli/typecheck-regressions.test.ts). The copy's declarations are the real runtime's
 * with one change a runtime of another version could have: its route and tool table entries require
 * an `operation` the generated entries do not give (TS2769 at every route(…) and tool(…)).
 */
function installOutdatedRuntime(packageDir: string): void {
  const target = join(packageDir, 'node_modules/@naftiko-gen/runtime');
  mkdirSync(target, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(REPO, 'packages/runtime/package.json'), 'utf8')) as { version: string };
  writeFileSync(join(target, 'package.json'), JSON.stringify({ ...pkg, version: '0.0.1' }, null, 2));
  cpSync(join(REPO, 'packages/runtime/dist'), join(target, 'dist'), { recursive: true });
  for (const [file, anchor] of [['rest-routes.d.ts', 'export interface RouteBase {\n'], ['mcp-tools.d.ts', 'export interface ToolBase {\n']] as const) {
    const path = join(target, 'dist', file);
    const text = readFileSync(path, 'utf8');
    // Fails loudly if the runtime's declarations move: the test must not pass by changing nothing.
    expect(text).toContain(anchor);
    writeFileSync(path, text.replace(anchor, `${anchor}    operation: string;\n`));
  }
}

let inside: string;
let outside: string;
beforeAll(() => {
  inside = repoTempDir('typecheck-');
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
      const dir = writeProject(inside, 'seed', {});
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      const checked = await run(['generate', 'capabilities', '--typecheck', '-o', 'checked'], dir);
      expect(checked.err).toEqual([]);
      expect(checked.code).toBe(0);
      expect(checked.out.find((l) => l.startsWith('typecheck: '))).toMatch(/^typecheck: 1 package\(s\), 0 error\(s\) \(\d+ ms\)$/);
      const plain = await run(['generate', 'capabilities', '-o', 'plain'], dir);
      expect(plain.code).toBe(0);
      const written = snapshotFiles(join(dir, 'checked'));
      expect(Object.keys(written)).toContain('portkey-batch/src/mcp-server.ts');
      expect(written).toEqual(snapshotFiles(join(dir, 'plain')));
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    '--check --typecheck over the checked-in generated/ passes (what CI can run)',
    async () => {
      const r = await run(['generate', '--check', '--typecheck', '-q'], REPO);
      expect(r.out.concat(r.err).filter((l) => / error NG/.test(l))).toEqual([]);
      expect(r.code).toBe(0);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'the literal-mismatch construct is refused before type-checking: NG3140 from the model, no NG4002',
    async () => {
      const text = exampleCapability().replace('limit: rest.limit', 'limit: twenty');
      const dir = writeProject(inside, 'literal', { 'capabilities/batches.yaml': text });
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      const line = text.split('\n').findIndex((l) => l.trim() === 'limit: twenty') + 1;
      expect(r.out.filter((l) => / error NG/.test(l))).toEqual([expect.stringMatching(new RegExp(`^capabilities/batches\\.yaml:${line}:18: error NG3140 'with' gives 'limit' the string 'twenty'`))]);
      expect(r.out.find((l) => l.startsWith('typecheck: '))).toBeUndefined(); // nothing left to type-check
      expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'an installed runtime of another version: NG4002 at each route and tool entry, naming the generated line; nothing written',
    async () => {
      const text = exampleCapability();
      const dir = writeProject(inside, 'outdated', { 'capabilities/batches.yaml': text });
      installOutdatedRuntime(dir);
      // An earlier output must survive untouched.
      mkdirSync(join(dir, 'generated/batches'), { recursive: true });
      writeFileSync(join(dir, 'generated/batches/KEEP.md'), 'earlier output\n');
      const before = snapshotFiles(join(dir, 'generated'));
      const r = await run(['generate', 'capabilities', '--typecheck'], dir);
      expect(r.code).toBe(1);
      const { routes, tools } = exampleEntries(text);
      const error = (at: string, file: string): RegExp => new RegExp(`^capabilities/batches\\.yaml:${at}: error NG4002 The generated generated/batches/src/${file}:\\d+:\\d+ does not type-check: TS2769 No overload matches this call\\.`);
      expect(r.out.filter((l) => / error NG/.test(l))).toEqual([
        expect.stringMatching(error(routes[0]!, 'rest-app\\.ts')),
        expect.stringMatching(error(routes[1]!, 'rest-app\\.ts')),
        expect.stringMatching(error(tools[0]!, 'mcp-server\\.ts')),
        expect.stringMatching(error(tools[1]!, 'mcp-server\\.ts')),
      ]);
      expect(r.err.join('\n')).toMatch(/not generating: 1 file\(s\), 4 error\(s\)/);
      // The hint names the cause: the installed runtime's version and place, and the command that fixes it.
      const hints = r.out.filter((l) => l.startsWith('  hint: The installed '));
      expect(hints.length).toBeGreaterThan(0);
      expect(hints[0]).toBe(
        `  hint: The installed @naftiko-gen/runtime is 0.0.1 (node_modules/@naftiko-gen/runtime/package.json), but this code is generated for ${RUNTIME_VERSION}: the error most likely comes from that difference. Install the matching version (npm i -E @naftiko-gen/runtime@${RUNTIME_VERSION}) and run again. Nothing was written.`,
      );
      expect(r.out.some((l) => l.includes('report it as a naftiko-gen bug'))).toBe(false);
      expect(snapshotFiles(join(dir, 'generated'))).toEqual(before);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'the generated line in the message holds the offending table entry',
    async () => {
      const dir = writeProject(inside, 'line', { 'capabilities/batches.yaml': exampleCapability() });
      installOutdatedRuntime(dir);
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      // Generate without the flag to read the files the positions refer to.
      expect((await run(['generate', 'capabilities', '-o', 'out'], dir)).code).toBe(0);
      const lines = r.out.filter((x) => / error NG4002 /.test(x));
      expect(lines).toHaveLength(4);
      for (const l of lines) {
        // TypeScript reports TS2769 at the call or at its argument: both on the `route({` / `tool({` line.
        const [, path, line] = / The generated (\S+):(\d+):\d+ /.exec(l)!;
        const code = readFileSync(join(dir, path!), 'utf8').split('\n')[Number(line) - 1]!;
        expect(code.trim()).toBe(path!.endsWith('rest-app.ts') ? 'route({' : 'tool({');
      }
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    "two capabilities in one run (one project): the error is the failing package's only; nothing is written for either",
    async () => {
      // Only the example's package has the other runtime installed (npm install run inside it earlier);
      // the seed resolves the repository's own.
      const dir = writeProject(inside, 'two', { 'capabilities/batches.yaml': exampleCapability() });
      copyFileSync(join(REPO, SEED), join(dir, SEED));
      installOutdatedRuntime(join(dir, 'out/batches'));
      const before = snapshotFiles(join(dir, 'out'));
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      expect(errors).toHaveLength(4);
      for (const l of errors) expect(l).toMatch(/^capabilities\/batches\.yaml:\d+:\d+: error NG4002 The generated out\/batches\//);
      expect(r.out.find((l) => l.startsWith('typecheck: '))).toMatch(/^typecheck: 2 package\(s\), 4 error\(s\)/);
      expect(snapshotFiles(join(dir, 'out'))).toEqual(before);
      expect(existsSync(join(dir, 'out/portkey-batch'))).toBe(false);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'code that cannot be traced (capability text holding the marker characters) is reported at line 1 with the generated position',
    async () => {
      // The tool's description carries a closing marker of its own: mcp-server.ts keeps no ranges, the
      // REST adapter still does.
      const text = exampleCapability().replace("- name: list-batches\n      description: List", "- name: list-batches\n      description: \uE0020\uE003 List");
      expect(text).toContain('\uE002');
      const dir = writeProject(inside, 'untraced', { 'capabilities/batches.yaml': text });
      installOutdatedRuntime(dir);
      const r = await run(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.code).toBe(1);
      const errors = r.out.filter((l) => / error NG/.test(l));
      const routes = [entryAt(text, '- method: GET', 'name: listbatches'), entryAt(text, '- method: GET', 'name: retrievebatch')];
      const untraced = /^capabilities\/batches\.yaml:1:1: error NG4002 The generated out\/batches\/src\/mcp-server\.ts:\d+:\d+ does not type-check: TS2769 .* \(not traced to one element of the capability\)$/;
      expect(errors.filter((l) => / out\/batches\/src\/mcp-server\.ts:/.test(l))).toEqual([expect.stringMatching(untraced), expect.stringMatching(untraced)]);
      expect(errors.filter((l) => / out\/batches\/src\/rest-app\.ts:/.test(l))).toEqual(routes.map((at) => expect.stringMatching(new RegExp(`^capabilities/batches\\.yaml:${at}: error NG4002 The generated out/batches/src/rest-app\\.ts:`))));
      expect(errors).toHaveLength(4);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'outside any node_modules: one NG4003 naming what to install, no flood of TS2307; nothing written',
    async () => {
      const dir = writeProject(outside, 'fresh', {});
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
    TYPECHECK_TIMEOUT,
  );

  it(
    'ts-morph is loaded only with --typecheck (a plain generate does not pay for it)',
    () => {
      // A module hook that refuses to resolve ts-morph: plain generate must not notice it.
      const dir = writeProject(inside, 'lazy', {});
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
    TYPECHECK_TIMEOUT,
  );
});
