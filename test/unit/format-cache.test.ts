// The format cache (generator/format/format-cache.ts): a hit is served from disk without formatting,
// the key follows the text and the file kind, a broken cache never stops a run, and a generation with
// a warm cache is byte for byte the generation without one.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedFormatter, formatCacheDir, formatCacheKey } from '../../generator/format/format-cache.js';
import { formatFile } from '../../generator/format/format.js';
import { inProcessFormatter } from '../../generator/format/format-pool.js';
import { generate } from '../../generator/pipeline.js';

const ROOT = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'naftiko-format-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MESSY = 'export   const  x = {a:1,\nb:"two"}';

describe('format cache', () => {
  it('stores what it formats and serves the stored entry afterwards', async () => {
    const dir = join(work, 'hit');
    const cache = cachedFormatter(() => inProcessFormatter, dir);
    const first = await cache.format('src/x.ts', MESSY);
    expect(first).toBe(await formatFile('src/x.ts', MESSY));
    const entry = join(dir, formatCacheKey('src/x.ts', MESSY));
    expect(readdirSync(dir)).toEqual([formatCacheKey('src/x.ts', MESSY)]);
    // Proof the next run's answer comes from the entry: change the entry, see the change.
    writeFileSync(entry, '// served from the cache\n');
    const nextRun = cachedFormatter(() => inProcessFormatter, dir);
    expect(await nextRun.format('src/x.ts', MESSY)).toBe('// served from the cache\n');
  });

  it('formats each distinct text once per run, with or without a cache directory', async () => {
    for (const dir of [undefined, join(work, 'memo')]) {
      const seen: string[] = [];
      const counting = { format: async (path: string, contents: string) => (seen.push(contents), formatFile(path, contents)), close: async () => undefined };
      const cache = cachedFormatter(() => counting, dir);
      const answers = await Promise.all([cache.format('a/src/x.ts', MESSY), cache.format('b/src/x.ts', MESSY), cache.format('src/y.ts', `${MESSY};`), cache.format('x.json', MESSY.slice(0, 0) + '{"a":1}')]);
      expect(answers[0]).toBe(await formatFile('src/x.ts', MESSY));
      expect(answers[1]).toBe(answers[0]);
      expect(seen).toEqual([MESSY, `${MESSY};`, '{"a":1}']);
    }
  });

  it('keys on the text and the kind of file; files prettier does not format bypass it', () => {
    expect(formatCacheKey('src/x.ts', MESSY)).toBe(formatCacheKey('src/other.ts', MESSY));
    expect(formatCacheKey('src/x.ts', MESSY)).not.toBe(formatCacheKey('src/x.ts', `${MESSY};`));
    expect(formatCacheKey('src/x.ts', '{}')).not.toBe(formatCacheKey('x.json', '{}'));
  });

  it('a cache that cannot be written (a file where its directory should be) still formats', async () => {
    const blocked = join(work, 'blocked');
    writeFileSync(blocked, 'not a directory');
    const cache = cachedFormatter(() => inProcessFormatter, join(blocked, 'format'));
    expect(await cache.format('src/x.ts', MESSY)).toBe(await formatFile('src/x.ts', MESSY));
    expect(await cache.format('src/x.ts', MESSY)).toBe(await formatFile('src/x.ts', MESSY));
  });

  it('lives under the project root node_modules/.cache, and is off without node_modules or with NAFTIKO_GEN_CACHE=off', () => {
    const project = join(work, 'project');
    mkdirSync(project);
    expect(formatCacheDir(project, {})).toBeUndefined();
    mkdirSync(join(project, 'node_modules'));
    expect(formatCacheDir(project, {})).toBe(join(project, 'node_modules/.cache/naftiko-gen/format'));
    expect(formatCacheDir(project, { NAFTIKO_GEN_CACHE: 'off' })).toBeUndefined();
  });

  it('generating the seed with cold, then warm caches (format and load) gives the bytes of a run without them', async () => {
    const seed = join(ROOT, 'capabilities/portkey-batch.yaml');
    const dir = join(work, 'seed-cache');
    const loadDir = join(work, 'seed-load-cache');
    const run = async (cached: boolean) => generate([seed], { cwd: ROOT, root: ROOT, ...(cached ? { formatCacheDir: dir, loadCacheDir: loadDir } : {}) });
    const plain = await run(false);
    const cold = await run(true);
    expect(existsSync(dir) && readdirSync(dir).length).toBeGreaterThan(3);
    expect(existsSync(loadDir) && readdirSync(loadDir).length).toBe(2); // the capability and its OpenAPI binding
    const warm = await run(true);
    expect(cold.packages[0]!.files).toEqual(plain.packages[0]!.files);
    expect(warm.packages[0]!.files).toEqual(plain.packages[0]!.files);
    expect(warm.diagnostics).toEqual(plain.diagnostics);
  });
});
