// 7. Project configuration, --dry-run and --quiet.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, copySeed, run, snapshot, snapshotObject, tempDir } from './helpers.js';

afterAll(cleanupTempDirs);

function workspace(label: string): string {
  const dir = tempDir(label);
  mkdirSync(join(dir, 'caps'));
  copySeed(join(dir, 'caps'));
  return dir;
}

describe('configuration', () => {
  test('naftiko-gen.config.json inputs/out → generate with no paths writes there', async () => {
    const dir = workspace('cfg-file');
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'], out: 'build/gen' }));
    const r = await run(dir, 'generate');
    expect(r.code, r.text).toBe(0);
    expect(r.out.at(-1)).toMatch(/^generated 1 package\(s\) in build\/gen\/: /);
    expect(existsSync(join(dir, 'build/gen/portkey-batch/naftiko-gen.manifest.json'))).toBe(true);
    expect(existsSync(join(dir, 'generated'))).toBe(false);
    // --check with no paths uses the config too.
    expect((await run(dir, 'generate', '--check')).code).toBe(0);
  });

  test('config targets and -o override', async () => {
    const dir = workspace('cfg-targets');
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'], out: 'a', targets: ['client'] }));
    const r = await run(dir, 'generate', '-o', 'b');
    expect(r.code, r.text).toBe(0);
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(existsSync(join(dir, 'b/portkey-batch/src/clients/portkey-batch-client.ts'))).toBe(true);
    expect(existsSync(join(dir, 'b/portkey-batch/src/rest.ts'))).toBe(false);
  });

  test('package.json "naftiko-gen" key works', async () => {
    const dir = workspace('cfg-pkg');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', private: true, 'naftiko-gen': { inputs: ['caps/portkey-batch.yaml'], out: 'pkg-out' } }));
    const r = await run(dir, 'generate');
    expect(r.code, r.text).toBe(0);
    expect(existsSync(join(dir, 'pkg-out/portkey-batch/naftiko-gen.manifest.json'))).toBe(true);
  });

  test('unknown key in naftiko-gen.config.json → exit 2 naming it, nothing written', async () => {
    const dir = workspace('cfg-unknown');
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'], outDir: 'x' }));
    const r = await run(dir, 'generate');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/naftiko-gen\.config\.json: unknown key 'outDir'/);
    expect(readdirSync(dir).sort()).toEqual(['caps', 'naftiko-gen.config.json', 'package.json']);
  });

  test('unknown key in package.json "naftiko-gen" → exit 2 naming it', async () => {
    const dir = workspace('cfg-pkg-unknown');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', 'naftiko-gen': { inputs: ['caps'], target: ['client'] } }));
    const r = await run(dir, 'generate');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain("unknown key 'target'");
  });

  test('invalid JSON config and wrong types → exit 2', async () => {
    const dir = workspace('cfg-bad');
    writeFileSync(join(dir, 'naftiko-gen.config.json'), '{ "inputs": [');
    expect((await run(dir, 'generate')).code).toBe(2);
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: 'caps' }));
    const r = await run(dir, 'generate');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain("'inputs' must be a list of strings");
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'], targets: ['client', 'grpc'] }));
    const t = await run(dir, 'generate');
    expect(t.code).toBe(2);
    expect(t.err.join('\n')).toContain('grpc');
  });

  test('no paths and no config → exit 2', async () => {
    const dir = workspace('cfg-none');
    const r = await run(dir, 'generate');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/no inputs/);
  });
});

describe('--dry-run and --quiet', () => {
  test('--dry-run lists would-write lines and writes nothing', async () => {
    const dir = workspace('dry');
    const before = snapshot(dir);
    const r = await run(dir, 'generate', 'caps', '--dry-run');
    expect(r.code, r.text).toBe(0);
    const lines = r.out.filter((l) => l.startsWith('would write '));
    expect(lines).toContain('would write generated/portkey-batch/src/index.ts');
    expect(lines).toContain('would write generated/portkey-batch/naftiko-gen.manifest.json');
    expect(lines.length).toBeGreaterThan(10);
    expect(snapshot(dir)).toEqual(before);
  });

  test('--dry-run over an existing package changes nothing there either', async () => {
    const dir = workspace('dry-existing');
    expect((await run(dir, 'generate', 'caps')).code).toBe(0);
    writeFileSync(join(dir, 'generated/portkey-batch/stale.txt'), 'x');
    const before = snapshot(dir);
    expect((await run(dir, 'generate', 'caps', '--dry-run', '-o', 'generated')).code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  test('--quiet prints nothing on success (warnings included), -q likewise', async () => {
    const dir = workspace('quiet');
    for (const flag of ['--quiet', '-q']) {
      const r = await run(dir, 'generate', 'caps', flag);
      expect(r.code, r.text).toBe(0);
      expect(r.out).toEqual([]);
      expect(r.err).toEqual([]);
    }
    expect(existsSync(join(dir, 'generated/portkey-batch/naftiko-gen.manifest.json'))).toBe(true);
  });
});

// Same bytes from any directory: headers and the manifest name paths relative to the project root.
describe('project root', () => {
  const header = (dir: string): string => readFileSync(join(dir, 'generated/portkey-batch/src/index.ts'), 'utf8').split('\n')[0]!;
  const manifestInputs = (dir: string): string[] =>
    (JSON.parse(readFileSync(join(dir, 'generated/portkey-batch/naftiko-gen.manifest.json'), 'utf8')) as { inputs: { path: string }[] }).inputs.map((i) => i.path);

  test('from the root, a subdirectory, or with an absolute input path: the same bytes; --check passes from a subdirectory', async () => {
    const dir = tempDir('root-any');
    mkdirSync(join(dir, 'caps'));
    copySeed(join(dir, 'caps'));
    mkdirSync(join(dir, 'sub/deeper'), { recursive: true });
    writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify({ inputs: ['caps'], out: 'generated' }));
    expect((await run(dir, 'generate')).code).toBe(0);
    const fromRoot = snapshotObject(join(dir, 'generated'));
    expect(header(dir)).toBe('// Generated by naftiko-gen 0.1.0 from caps/portkey-batch.yaml.');
    expect(manifestInputs(dir)).toEqual(['caps/portkey-batch.yaml']);

    // The configuration is found from a subdirectory; its paths stay relative to its own directory.
    const check = await run(join(dir, 'sub/deeper'), 'generate', '--check');
    expect(check.code, check.text).toBe(0);
    expect((await run(join(dir, 'sub/deeper'), 'generate')).code).toBe(0);
    expect(snapshotObject(join(dir, 'generated'))).toEqual(fromRoot);

    // Explicit paths from a subdirectory, the input given as an absolute path.
    const abs = await run(join(dir, 'sub'), 'generate', join(dir, 'caps/portkey-batch.yaml'), '-o', '../generated');
    expect(abs.code, abs.text).toBe(0);
    expect(snapshotObject(join(dir, 'generated'))).toEqual(fromRoot);
  });

  test('without a configuration, the nearest package.json above the output directory is the root', async () => {
    const dir = tempDir('root-pkg');
    copySeed(join(dir, 'caps'));
    mkdirSync(join(dir, 'tools'));
    const r = await run(join(dir, 'tools'), 'generate', '../caps/portkey-batch.yaml', '-o', '../generated');
    expect(r.code, r.text).toBe(0);
    expect(header(dir)).toBe('// Generated by naftiko-gen 0.1.0 from caps/portkey-batch.yaml.');
    expect(manifestInputs(dir)).toEqual(['caps/portkey-batch.yaml']);
  });
});
