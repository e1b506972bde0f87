// Prettier's V8 code cache (generator/format/code-cache.ts): the second load is served from the entry
// the first one saved, a rejected or corrupt entry falls back to compiling and is rewritten, the output
// is prettier's own either way, and the cache is off with the other caches (NAFTIKO_GEN_CACHE=off).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheDirBeside } from '../../generator/format/code-cache.js';
import { formatCacheDir } from '../../generator/format/format-cache.js';
import { PRETTIER_OPTIONS } from '../../generator/format/format.js';
import { snapshotFiles } from '../support/projects.js';

const ROOT = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'naftiko-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MESSY = 'export   const  x = {a:1,\nb:"two"}\nexport async function f(a:string):Promise<number>{return a.length}';

// V8 keeps compiled scripts in memory by source: a second load in the same process never reads the
// cache data. So each load runs in a fresh process, through the compiled module (npm run build).
const PROBE = `
import { createRequire } from 'node:module';
const [dist, dir, save, text, options] = process.argv.slice(2);
const { loadScript } = await import(dist);
const require = createRequire(dist);
const [core, babel, estree] = ['prettier/standalone', 'prettier/plugins/babel', 'prettier/plugins/estree'].map((s) => loadScript(require.resolve(s), dir || undefined));
const formatted = await core.exports.format(text, { ...JSON.parse(options), parser: 'babel-ts', plugins: [babel.exports, estree.exports] });
if (save === 'save') for (const s of [core, babel, estree]) s.save();
process.stdout.write(JSON.stringify({ fromCache: [core, babel, estree].map((s) => s.fromCache), formatted }));
`;
const probeFile = join(work, 'probe.mjs');
writeFileSync(probeFile, PROBE);

/** Loads prettier's core and the two plugins through loadScript in a fresh process and formats MESSY. */
function probe(dir: string | undefined, save: boolean): { fromCache: boolean[]; formatted: string } {
  const r = spawnSync(process.execPath, [probeFile, pathToFileURL(join(ROOT, 'dist/generator/format/code-cache.js')).href, dir ?? '', save ? 'save' : '', MESSY, JSON.stringify(PRETTIER_OPTIONS)], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { fromCache: boolean[]; formatted: string };
}

/** What prettier's main entry prints: the reference the scripts must match. */
async function reference(text: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'babel-ts' });
}

describe('prettier code cache', () => {
  it('saves after formatting, then serves the next load from the entries, formatting the same', async () => {
    const dir = join(work, 'hit');
    const unsaved = probe(dir, false);
    expect(unsaved.fromCache).toEqual([false, false, false]);
    expect(unsaved.formatted).toBe(await reference(MESSY));
    expect(existsSync(dir)).toBe(false); // nothing is written before save()
    expect(probe(dir, true).fromCache).toEqual([false, false, false]);
    expect(readdirSync(dir).sort().map((f) => f.replace(/-[0-9a-f]{64}$/, ''))).toEqual(['babel.js', 'estree.js', 'standalone.js']);
    const second = probe(dir, true);
    expect(second.fromCache).toEqual([true, true, true]);
    expect(second.formatted).toBe(await reference(MESSY));
  });

  it('a corrupt or rejected entry is compiled from source as without a cache, and rewritten on save', async () => {
    const dir = join(work, 'rejected');
    probe(dir, true);
    const entries = readdirSync(dir).sort();
    for (const e of entries) writeFileSync(join(dir, e), 'not V8 code cache data');
    const fallback = probe(dir, true);
    expect(fallback.fromCache).toEqual([false, false, false]);
    expect(fallback.formatted).toBe(await reference(MESSY));
    expect(readdirSync(dir).sort()).toEqual(entries);
    for (const e of entries) expect(readFileSync(join(dir, e), 'utf8')).not.toBe('not V8 code cache data');
    expect(probe(dir, false).fromCache).toEqual([true, true, true]);
  });

  it('without a directory nothing is read or written', async () => {
    const plain = probe(undefined, true);
    expect(plain.fromCache).toEqual([false, false, false]);
    expect(plain.formatted).toBe(await reference(MESSY));
    expect(readdirSync(work).sort()).toEqual(['hit', 'probe.mjs', 'rejected']);
  });

  it('an unwritable directory still formats', () => {
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, 'not a directory');
    expect(probe(join(blocked, 'code'), true).formatted).toBe(probe(undefined, false).formatted);
  });

  it('lives beside the format cache and is off with it', () => {
    const project = join(work, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    expect(codeCacheDirBeside(formatCacheDir(project, {}))).toBe(join(project, 'node_modules/.cache/naftiko-gen/code'));
    expect(codeCacheDirBeside(formatCacheDir(project, { NAFTIKO_GEN_CACHE: 'off' }))).toBeUndefined();
  });

  it('the CLI fills it on a cold run, uses it on the next, and writes none with NAFTIKO_GEN_CACHE=off; the bytes do not change', () => {
    const project = join(work, 'cli');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    mkdirSync(join(project, 'capabilities'));
    copyFileSync(join(ROOT, 'capabilities/portkey-batch.yaml'), join(project, 'capabilities/portkey-batch.yaml'));
    writeFileSync(join(project, 'package.json'), '{"name":"p"}\n');
    const cli = (out: string, cache: 'on' | 'off') =>
      spawnSync(process.execPath, [join(ROOT, 'bin/naftiko-gen.js'), 'generate', 'capabilities/portkey-batch.yaml', '-o', out, '-q'], { cwd: project, encoding: 'utf8', env: { ...process.env, NAFTIKO_GEN_CACHE: cache } });
    const code = join(project, 'node_modules/.cache/naftiko-gen/code');
    expect(cli('off', 'off').status).toBe(0);
    expect(existsSync(join(project, 'node_modules/.cache'))).toBe(false);
    expect(cli('cold', 'on').status).toBe(0);
    expect(readdirSync(code)).toHaveLength(3);
    const inodes = () => readdirSync(code).map((e) => statSync(join(code, e)).ino);
    const before = inodes();
    // Only the code cache is kept: the next run formats again, now with prettier's compiled code. An
    // accepted entry is not written again (a rewrite is a rename: a new inode).
    for (const d of ['format', 'load']) rmSync(join(project, 'node_modules/.cache/naftiko-gen', d), { recursive: true, force: true });
    expect(cli('warm', 'on').status).toBe(0);
    expect(inodes()).toEqual(before);
    expect(snapshotFiles(join(project, 'cold'))).toEqual(snapshotFiles(join(project, 'off')));
    expect(snapshotFiles(join(project, 'warm'))).toEqual(snapshotFiles(join(project, 'off')));
  });
});
