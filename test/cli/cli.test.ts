// The CLI in-process: main(argv, io) with captured output. Exit codes: 0 ok, 1 invalid / drift, 2 usage.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun as Run } from '../support/cli.js';
import { snapshotFiles } from '../support/projects.js';
import { generate } from '../../generator/pipeline.js';

const REPO = join(import.meta.dirname, '../..');
const SEED = 'capabilities/portkey-batch.yaml';

const run = runCli;

/** The drift lines of a --check run (`<kind>: <out>/<pkg>/<path>` plus an optional reason). */
const driftLines = (r: Run): string[] => r.out.filter((l) => /^[a-z-]+: \S+\/portkey-batch\//.test(l));
const driftOf = (r: Run, path: string): string | undefined => driftLines(r).find((l) => l.split(' ')[1] === path);


let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'naftiko-cli-'));
  mkdirSync(join(work, 'capabilities'));
  copyFileSync(join(REPO, SEED), join(work, SEED));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('validate', () => {
  it('the seed: exit 0, one `path:line:col: warning CODE message` line per finding, each hint once, and a summary', async () => {
    const r = await run(['validate', SEED], work);
    expect(r.code).toBe(0);
    const findings = r.out.filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(findings.length).toBeGreaterThan(0);
    for (const l of findings) expect(l).toMatch(/^capabilities\/portkey-batch\.yaml:\d+:\d+: warning NG[A-Z]?\d{3,4} \S.*$/);
    expect(r.out.some((l) => l.startsWith('capabilities/portkey-batch.yaml:36:11: warning NGD101 '))).toBe(true);
    expect(r.out[r.out.length - 1]).toMatch(new RegExp(`^1 file\\(s\\), 0 error\\(s\\), ${findings.length} warning\\(s\\) \\(NGD?\\d+×\\d+( NGD?\\d+×\\d+)*\\)$`));
    expect(r.err).toEqual([]);
  });

  it('prints every finding with its hint line (the docs/ARCHITECTURE.md format); JSON carries the same', async () => {
    const r = await run(['validate', SEED], work);
    const findings = r.out.flatMap((l, i) => (/^\S+:\d+:\d+: (error|warning) [A-Z]+\d+ /.test(l) ? [i] : []));
    expect(findings.length).toBeGreaterThan(5);
    for (const i of findings) expect(r.out[i + 1], r.out[i]).toMatch(/^ {2}hint: \S/);
    expect(r.out.length).toBe(findings.length * 2 + 1);
    const json = JSON.parse((await run(['validate', '--format', 'json', SEED], work)).out.join('\n')) as { files: { diagnostics: { code: string; hint: string }[] }[] };
    const all = json.files[0]!.diagnostics;
    expect(all).toHaveLength(findings.length);
    expect(all.map((d) => `  hint: ${d.hint}`)).toEqual(findings.map((i) => r.out[i + 1]));
  });

  it('-q/--quiet: errors only (with their hints), then the summary counting every finding', async () => {
    mkdirSync(join(work, 'quiet'), { recursive: true });
    copyFileSync(join(work, SEED), join(work, 'quiet/good.yaml'));
    writeFileSync(join(work, 'quiet/bad.yaml'), readFileSync(join(work, SEED), 'utf8').replace('call: portkey-batch.createbatch', 'call: portkey-batch.create-batches'));
    for (const flag of ['-q', '--quiet']) {
      const r = await run(['validate', flag, 'quiet'], work);
      expect(r.code).toBe(1);
      const findings = r.out.filter((l) => /^\S+:\d+:\d+: /.test(l));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/^quiet\/bad\.yaml:\d+:\d+: error NG3001 /);
      expect(r.out[1]).toMatch(/^ {2}hint: Did you mean `portkey-batch\.createbatch`/);
      expect(r.out[r.out.length - 1]).toMatch(/^2 file\(s\), 1 error\(s\), [1-9]\d* warning\(s\) \(NG/);
      expect(r.out).toHaveLength(3);
    }
    const clean = await run(['validate', '-q', SEED], work);
    expect(clean.code).toBe(0);
    expect(clean.out).toEqual([expect.stringMatching(/^1 file\(s\), 0 error\(s\), [1-9]\d* warning\(s\)/)]);
    const json = await run(['validate', '-q', '--format', 'json', 'quiet'], work);
    const doc = JSON.parse(json.out.join('\n')) as { files: { file: string; valid: boolean; diagnostics: { severity: string; hint: string }[] }[] };
    expect(doc.files.map((f) => [f.file, f.valid, f.diagnostics.map((d) => d.severity)])).toEqual([['quiet/bad.yaml', false, ['error']], ['quiet/good.yaml', true, []]]);
  });

  it('--help of each command lists only the exit codes that command returns', async () => {
    const help = async (argv: string[]) => {
      const r = await run(argv, work);
      expect(r.code).toBe(0);
      return r.out.join('\n');
    };
    const validate = await help(['validate', '--help']);
    expect(validate).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*/);
    expect(validate).not.toMatch(/--check|drift/);
    expect(validate).toMatch(/2 {2}usage error.*no capability file/);
    const generate = await help(['generate', '--help']);
    expect(generate).toMatch(/1 {2}invalid input .*drift found by --check/);
    expect(generate).toMatch(/2 {2}usage error.*no capability file/);
    expect(await help(['--help'])).toMatch(/Exit codes:/);
  });

  it('--strict: exit 1, the same findings as errors', async () => {
    const r = await run(['validate', '--strict', SEED], work);
    expect(r.code).toBe(1);
    const findings = r.out.filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(findings.length).toBeGreaterThan(0);
    for (const l of findings) expect(l).toMatch(/: error NG/);
    expect(r.out[r.out.length - 1]).toMatch(/^1 file\(s\), [1-9]\d* error\(s\), 0 warning\(s\)$/);
  });

  it('--format json: one parseable document with files, verdicts and diagnostics', async () => {
    const r = await run(['validate', '--format', 'json', SEED], work);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out.join('\n')) as { files: { file: string; valid: boolean; diagnostics: { file: string; line: number; col: number; severity: string; code: string; message: string; hint: string }[] }[] };
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0]).toMatchObject({ file: SEED, valid: true });
    expect(doc.files[0]!.diagnostics.length).toBeGreaterThan(0);
    expect(doc.files[0]!.diagnostics[0]).toMatchObject({ file: SEED, severity: 'warning', line: expect.any(Number), col: expect.any(Number), code: expect.stringMatching(/^NG/), hint: expect.any(String) });
    const strict = await run(['validate', '--format', 'json', '--strict', SEED], work);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.out.join('\n')) as typeof doc).files[0]!.valid).toBe(false);
  });

  it('a nonexistent path: exit 2 with a message naming it', async () => {
    const r = await run(['validate', 'no/such/file.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('no/such/file.yaml');
  });

  it('an unknown option: exit 2', async () => {
    const r = await run(['validate', '--no-such-option', SEED], work);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/unknown option/i);
    expect((await run(['generate', '--bogus', SEED], work)).code).toBe(2);
    expect((await run(['validate', '--format', 'xml', SEED], work)).code).toBe(2);
    expect((await run(['frobnicate'], work)).code).toBe(2);
  });

  // BUG (generator/cli/main.ts, main): with no command at all, commander prints the help and throws
  // `commander.help`, which main maps to exit 0; docs/ARCHITECTURE.md makes a usage error exit 2 (`--help` itself
  // may stay 0).
  it('no command at all is a usage error: exit 2 (while --help is 0)', async () => {
    expect((await run(['--help'], work)).code).toBe(0);
    expect((await run([], work)).code).toBe(2);
  });

  it('a directory with no capability files: exit 2, naming it', async () => {
    mkdirSync(join(work, 'empty-dir'), { recursive: true });
    const r = await run(['validate', 'empty-dir'], work);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain("no capability files in 'empty-dir'");
  });

  it('an invalid file: exit 1 with an error line', async () => {
    writeFileSync(join(work, 'broken.yaml'), 'a: 1\na: 2\n');
    const r = await run(['validate', 'broken.yaml'], work);
    expect(r.code).toBe(1);
    expect(r.out).toContain('broken.yaml:2:1: error NG1006 The key `a` appears twice in this mapping (first on line 1); YAML keys must be unique.');
  });
});

describe('generate', () => {
  it('an unknown --targets entry is a usage error that suggests the nearest target', async () => {
    const r = await run(['generate', SEED, '-o', 'targets-out', '--targets', 'clinet,mcp', '--dry-run'], work);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toBe('naftiko-gen: unknown target(s) clinet (did you mean client?); use client, rest, mcp');
  });

  it('writes the package to -o <out>/<name>/, equal to the in-memory generation', async () => {
    const r = await run(['generate', SEED, '-o', 'out'], work);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out[r.out.length - 1]).toMatch(/^generated 1 package\(s\) in out\/: \d+ written, 0 unchanged, 0 removed/);
    const written = snapshotFiles(join(work, 'out/portkey-batch'));
    expect(Object.keys(written)).toContain('package.json');
    expect(Object.keys(written)).toContain('src/mcp-server.ts');
    // The golden test compares with generated/; here the CLI must write exactly what generate() produces.
    const expected = Object.fromEntries((await generate([SEED], { cwd: work })).packages[0]!.files.map((f) => [f.path, f.contents]));
    expect(written).toEqual(expected);
    // Nothing left behind next to it.
    expect(readdirSync(join(work, 'out'))).toEqual(['portkey-batch']);
  });

  it('--check on fresh output: exit 0', async () => {
    const r = await run(['generate', SEED, '-o', 'out', '--check'], work);
    expect(r.code).toBe(0);
    expect(r.out[r.out.length - 1]).toMatch(/^check: 1 package\(s\), 0 file\(s\) out of date/);
  });

  it('--check after a hand edit: exit 1 and a diff naming the file; a regeneration repairs it', async () => {
    const file = join(work, 'out/portkey-batch/src/rest.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('\n', '\n// hand edit\n'));
    const r = await run(['generate', SEED, '-o', 'out', '--check'], work);
    expect(r.code).toBe(1);
    expect(driftLines(r)).toHaveLength(1);
    expect(driftOf(r, 'out/portkey-batch/src/rest.ts')).toMatch(/^(changed|edited): /);
    const text = r.out.join('\n');
    expect(text).toContain('--- a/src/rest.ts');
    expect(text).toContain('+++ b/src/rest.ts');
    expect(text).toContain('-// hand edit');
    expect(r.out[r.out.length - 1]).toMatch(/1 file\(s\) out of date/);
    // --check wrote nothing.
    expect(readFileSync(file, 'utf8')).toContain('// hand edit');
    const again = await run(['generate', SEED, '-o', 'out'], work);
    expect(again.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect((await run(['generate', SEED, '-o', 'out', '--check'], work)).code).toBe(0);
  });

  it('--check with a stale extra file: exit 1 naming it; generate removes it; dist/ is left alone', async () => {
    writeFileSync(join(work, 'out/portkey-batch/src/stale.ts'), 'export {};\n');
    mkdirSync(join(work, 'out/portkey-batch/dist'), { recursive: true });
    writeFileSync(join(work, 'out/portkey-batch/dist/build.js'), '// build output\n');
    const r = await run(['generate', SEED, '-o', 'out', '--check'], work);
    expect(r.code).toBe(1);
    expect(driftLines(r)).toHaveLength(1);
    expect(driftOf(r, 'out/portkey-batch/src/stale.ts')).toMatch(/^stale: /);
    const again = await run(['generate', SEED, '-o', 'out'], work);
    expect(again.code).toBe(0);
    expect(again.out[again.out.length - 1]).toMatch(/0 written, \d+ unchanged, 1 removed/);
    expect(existsSync(join(work, 'out/portkey-batch/src/stale.ts'))).toBe(false);
    expect(readFileSync(join(work, 'out/portkey-batch/dist/build.js'), 'utf8')).toBe('// build output\n');
  });

  it('--check with a missing file: exit 1', async () => {
    rmSync(join(work, 'out/portkey-batch/README.md'));
    const r = await run(['generate', SEED, '-o', 'out', '--check'], work);
    expect(r.code).toBe(1);
    expect(driftLines(r)).toHaveLength(1);
    expect(driftOf(r, 'out/portkey-batch/README.md')).toMatch(/^missing: /);
    expect((await run(['generate', SEED, '-o', 'out'], work)).code).toBe(0);
  });

  it('an invalid input: exit 1 and the output directory untouched (no partial package)', async () => {
    const before = snapshotFiles(join(work, 'out'));
    expect(Object.keys(before).length).toBeGreaterThan(5);
    // One valid and one invalid capability in the same run: nothing at all is written.
    mkdirSync(join(work, 'mixed'), { recursive: true });
    copyFileSync(join(work, SEED), join(work, 'mixed/other-batch.yaml'));
    writeFileSync(join(work, 'mixed/bad.yaml'), readFileSync(join(work, SEED), 'utf8').replace('call: portkey-batch.createbatch', 'call: nope.op'));
    const r = await run(['generate', 'mixed', '-o', 'out'], work);
    expect(r.code).toBe(1);
    expect(r.out.some((l) => /^mixed\/bad\.yaml:\d+:\d+: error NG3001 /.test(l))).toBe(true);
    expect(r.err.join('\n')).toContain('not generating');
    expect(snapshotFiles(join(work, 'out'))).toEqual(before);
    expect(readdirSync(join(work, 'out')).sort()).toEqual(['portkey-batch']);
    // And into a fresh directory: it is not even created.
    const fresh = await run(['generate', 'mixed/bad.yaml', '-o', 'fresh-out'], work);
    expect(fresh.code).toBe(1);
    expect(existsSync(join(work, 'fresh-out'))).toBe(false);
  });

  it('the seed: dialect warnings are counted in one line, not listed; -q prints nothing', async () => {
    const r = await run(['generate', SEED, '-o', 'out'], work);
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => / warning NGD\d+ /.test(l))).toEqual([]);
    // Without its OpenAPI binding the seed keeps one non-dialect warning (NG3102, a description cut off
    // upstream): listed with its hint, before the note.
    expect(r.out.slice(0, 2).join('\n')).toMatch(/^capabilities\/portkey-batch\.yaml:\d+:\d+: warning NG3102 .*\n {2}hint: /);
    expect(r.out).toHaveLength(4);
    r.out.splice(0, 2);
    expect(r.out[0]).toMatch(new RegExp(`^note: [1-9]\\d* common-dialect warning\\(s\\) not listed \\(NGD101×\\d+.*\\); \`naftiko-gen validate ${SEED}\` lists each with its fix, --strict makes them errors$`));
    expect(r.out[1]).toMatch(/^generated 1 package\(s\) in out\/: /);
    const quiet = await run(['generate', SEED, '-o', 'out', '-q'], work);
    expect([quiet.code, quiet.out, quiet.err]).toEqual([0, [], []]);
  });

  it('warnings about generated behaviour (not dialect) are still listed, each with its hint', async () => {
    mkdirSync(join(work, 'env'), { recursive: true });
    // {{env.X}} without a binds entry: NG3013, a decision about the generated code. Two files, same hint.
    const text = readFileSync(join(work, SEED), 'utf8');
    expect(text).toContain('{{env.PORTKEY_API_KEY}}');
    const unbound = text.replaceAll('{{env.PORTKEY_API_KEY}}', '{{env.OTHER_KEY}}');
    writeFileSync(join(work, 'env/a.yaml'), unbound);
    writeFileSync(join(work, 'env/b.yaml'), unbound);
    const r = await run(['generate', 'env', '-o', 'env-out', '--dry-run'], work);
    expect(r.code, r.err.join('\n')).toBe(0);
    const ng3013 = r.out.flatMap((l, i) => (/ warning NG3013 /.test(l) ? [i] : []));
    expect(ng3013.map((i) => r.out[i]!.split(':')[0])).toEqual(['env/a.yaml', 'env/b.yaml']);
    expect(r.out[ng3013[0]! + 1]).toBe('  hint: Declare it: binds: [{namespace: env, keys: {OTHER_KEY: OTHER_KEY}}].');
    expect(r.out[ng3013[1]! + 1]).toBe(r.out[ng3013[0]! + 1]);
    expect(r.out.filter((l) => / warning NGD/.test(l))).toEqual([]);
  });

  it('a directory with no capability files: exit 2 naming it, for generate and --check alike; nothing written', async () => {
    mkdirSync(join(work, 'no-caps'), { recursive: true });
    writeFileSync(join(work, 'no-caps/notes.txt'), 'not a capability\n');
    for (const extra of [[], ['--check'], ['--dry-run'], ['-q']]) {
      const r = await run(['generate', 'no-caps', '-o', 'no-caps-out', ...extra], work);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err.join('\n')).toMatch(/^naftiko-gen: no capability files in 'no-caps': a directory is scanned for \.yaml and \.yml files/);
      expect(r.out).toEqual([]);
    }
    expect(existsSync(join(work, 'no-caps-out'))).toBe(false);
  });

  it('the compiled launcher: `generate <empty dir> --check` exits 2 (a mistyped directory fails CI)', () => {
    mkdirSync(join(work, 'empty-ci'), { recursive: true });
    const r = spawnSync(process.execPath, [join(REPO, 'bin/naftiko-gen.js'), 'generate', 'empty-ci', '--check', '--quiet'], { cwd: work, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("no capability files in 'empty-ci'");
    expect(r.stdout).toBe('');
  });

  it('with no paths, an empty configured input directory names the config to fix', async () => {
    const dir = join(work, 'configured');
    mkdirSync(join(dir, 'caps'), { recursive: true });
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'] }));
    const r = await run(['generate', '--check'], dir);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(`no capability files in 'caps'`);
    expect(r.err.join('\n')).toContain('naftiko-gen.config.json');
  });

  it('generate with a nonexistent path: exit 2, nothing written', async () => {
    const r = await run(['generate', 'nope.yaml', '-o', 'nope-out'], work);
    expect(r.code).toBe(2);
    expect(existsSync(join(work, 'nope-out'))).toBe(false);
  });
});
