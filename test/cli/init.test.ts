// naftiko-gen init: writes the config, the two scripts and (--example) a capability that generates;
// a second run changes nothing; what differs is kept unless --force.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, run, snapshot, tempDir } from '../regeneration/helpers.js';

afterAll(cleanupTempDirs);

function project(label: string, pkg: Record<string, unknown> = { name: 'app', version: '1.0.0' }, indent = 2): string {
  const dir = tempDir(label);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, indent) + '\n');
  return dir;
}
const pkgOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> } & Record<string, unknown>;

describe('naftiko-gen init', () => {
  it('writes the config, adds the scripts and an example that generates and checks clean', async () => {
    const dir = project('init-fresh', { name: 'app', version: '1.0.0', scripts: { test: 'vitest' } }, 4);
    const r = await run(dir, 'init', '--example');
    expect(r.code, r.text).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'naftiko-gen.config.json'), 'utf8'))).toEqual({ inputs: ['capabilities'], out: 'generated' });
    expect(pkgOf(dir).scripts).toEqual({ test: 'vitest', generate: 'naftiko-gen generate', 'check:generated': 'naftiko-gen generate --check' });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/); // its indentation kept
    expect(existsSync(join(dir, 'capabilities/batches.yaml'))).toBe(true);
    const g = await run(dir, 'generate');
    expect(g.code, g.text).toBe(0);
    expect(existsSync(join(dir, 'generated/batches/src/index.ts'))).toBe(true);
    expect((await run(dir, 'generate', '--check')).code).toBe(0);
  });

  it('is idempotent: a second run writes nothing', async () => {
    const dir = project('init-twice');
    expect((await run(dir, 'init', '--example')).code).toBe(0);
    const before = snapshot(dir);
    const r = await run(dir, 'init', '--example');
    expect(r.code, r.text).toBe(0);
    expect(r.out.filter((l) => l.startsWith('unchanged:'))).toHaveLength(4);
    expect(snapshot(dir)).toEqual(before);
  });

  it('never overwrites without --force, and says what it kept', async () => {
    const dir = project('init-keep', { name: 'app', scripts: { generate: 'make gen' } });
    writeFileSync(join(dir, 'naftiko-gen.config.json'), '{"inputs":["specs"]}\n');
    const r = await run(dir, 'init');
    expect(r.code).toBe(1);
    expect(r.out).toContain('kept naftiko-gen.config.json (differs from what init writes; --force replaces it)');
    expect(r.out).toContain('kept script "generate": make gen (differs from what init writes; --force replaces it)');
    expect(readFileSync(join(dir, 'naftiko-gen.config.json'), 'utf8')).toBe('{"inputs":["specs"]}\n');
    expect(pkgOf(dir).scripts).toEqual({ generate: 'make gen', 'check:generated': 'naftiko-gen generate --check' });
    const f = await run(dir, 'init', '--force');
    expect(f.code, f.text).toBe(0);
    expect(pkgOf(dir).scripts?.generate).toBe('naftiko-gen generate');
    expect(JSON.parse(readFileSync(join(dir, 'naftiko-gen.config.json'), 'utf8'))).toEqual({ inputs: ['capabilities'], out: 'generated' });
  });

  it('leaves a package.json "naftiko-gen" key as the configuration', async () => {
    const dir = project('init-key', { name: 'app', 'naftiko-gen': { inputs: ['caps'] } });
    const r = await run(dir, 'init');
    expect(r.code, r.text).toBe(0);
    expect(existsSync(join(dir, 'naftiko-gen.config.json'))).toBe(false);
    expect(pkgOf(dir)['naftiko-gen']).toEqual({ inputs: ['caps'] });
  });

  it('outside an npm project: exit 2 naming the fix', async () => {
    const dir = tempDir('init-none');
    rmSync(join(dir, 'package.json'));
    const r = await run(dir, 'init');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/no package\.json in .*npm init -y/);
  });
});
