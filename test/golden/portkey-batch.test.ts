// Golden: generated/portkey-batch/ is the snapshot of capabilities/portkey-batch.yaml. Regenerate in
// memory and compare file by file, byte for byte; prove the comparison catches a change; and check that
// the output does not depend on the working directory, TZ or LANG.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmittedFile } from '../../generator/emit/emitted-file.js';
import { generate } from '../../generator/pipeline.js';
import { compareTrees, describeDifferences, readTree } from './compare.js';

const REPO = join(import.meta.dirname, '../..');
const SEED = 'capabilities/portkey-batch.yaml';
const GOLDEN_DIR = join(REPO, 'generated/portkey-batch');

async function generateSeed(cwd = REPO): Promise<EmittedFile[]> {
  const result = await generate([SEED], { cwd });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.packages.map((p) => p.name)).toEqual(['portkey-batch']);
  return result.packages[0]!.files;
}

let files: EmittedFile[];
let onDisk: Map<string, Buffer>;
beforeAll(async () => {
  files = await generateSeed();
  onDisk = readTree(GOLDEN_DIR);
});

describe('golden: generated/portkey-batch', () => {
  it('the committed snapshot exists and is not empty', () => {
    expect(onDisk.size).toBeGreaterThan(5);
    for (const required of ['package.json', 'README.md', 'openapi.json', 'tsconfig.json', 'src/index.ts', 'src/rest.ts', 'src/mcp.ts']) {
      expect(onDisk.has(required), required).toBe(true);
    }
  });

  it('in-memory generation equals the snapshot, file by file', () => {
    const diffs = compareTrees(onDisk, files);
    expect(diffs, describeDifferences(diffs)).toEqual([]);
    expect(files.map((f) => f.path).sort()).toEqual([...onDisk.keys()].sort());
  });

  it('every generated file is marked as generated from the seed', () => {
    for (const f of files) {
      const head = f.contents.slice(0, 400);
      if (f.path.endsWith('.json')) continue; // JSON has no comments: checked below
      expect(head, f.path).toMatch(/[Gg]enerated by naftiko-gen/);
      expect(head, f.path).toContain(SEED);
    }
    expect(files.find((f) => f.path === 'openapi.json')!.contents).toContain('naftiko-gen');
  });
});

describe('golden: the comparison catches change', () => {
  // Baseline: the in-memory generation written to disk and read back with the same readTree used on
  // generated/, so these tests prove the comparison itself, whatever the state of the snapshot.
  let baseline: Map<string, Buffer>;
  let baseDir: string;
  beforeAll(() => {
    baseDir = mkdtempSync(join(tmpdir(), 'naftiko-golden-base-'));
    for (const f of files) {
      mkdirSync(dirname(join(baseDir, f.path)), { recursive: true });
      writeFileSync(join(baseDir, f.path), f.contents);
    }
    baseline = readTree(baseDir);
  });
  afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

  it('the unaltered output compares equal to itself', () => {
    expect(compareTrees(baseline, files)).toEqual([]);
  });

  it('one altered byte in one file', () => {
    const target = files.find((f) => f.path === 'src/mcp-server.ts') ?? files[0]!;
    const i = Math.floor(target.contents.length / 2);
    const c = target.contents[i] === 'x' ? 'y' : 'x';
    const altered = files.map((f) => (f === target ? { path: f.path, contents: f.contents.slice(0, i) + c + f.contents.slice(i + 1) } : f));
    const diffs = compareTrees(baseline, altered);
    expect(diffs).toEqual([{ path: target.path, kind: 'changed', offset: Buffer.byteLength(target.contents.slice(0, i)) }]);
  });

  it('a trailing newline or a changed line ending counts', () => {
    const target = files[0]!;
    expect(compareTrees(baseline, files.map((f) => (f === target ? { ...f, contents: f.contents + '\n' } : f))).map((d) => d.path)).toEqual([target.path]);
    expect(compareTrees(baseline, files.map((f) => (f === target ? { ...f, contents: f.contents.replace(/\n/g, '\r\n') } : f))).map((d) => d.path)).toEqual([target.path]);
  });

  it('a dropped file', () => {
    const dropped = files.find((f) => f.path === 'README.md')!;
    const diffs = compareTrees(baseline, files.filter((f) => f !== dropped));
    expect(diffs).toEqual([{ path: 'README.md', kind: 'stale-on-disk' }]);
  });

  it('a stale extra file on disk, and an extra produced file', () => {
    const withStale = new Map(baseline);
    withStale.set('src/stale.ts', Buffer.from('// left over\n'));
    expect(compareTrees(withStale, files)).toEqual([{ path: 'src/stale.ts', kind: 'stale-on-disk' }]);
    expect(compareTrees(baseline, [...files, { path: 'src/new.ts', contents: 'export {};\n' }])).toEqual([{ path: 'src/new.ts', kind: 'missing-on-disk' }]);
  });

  it('readTree ignores dist/ and node_modules/ but not other directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'naftiko-tree-'));
    try {
      for (const d of ['dist', 'node_modules/x', 'src/dist']) mkdirSync(join(dir, d), { recursive: true });
      copyFileSync(join(REPO, SEED), join(dir, 'dist/a.js'));
      copyFileSync(join(REPO, SEED), join(dir, 'node_modules/x/b.js'));
      copyFileSync(join(REPO, SEED), join(dir, 'src/dist/c.ts'));
      expect([...readTree(dir).keys()]).toEqual(['src/dist/c.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('golden: determinism', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function copySeedInto(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    mkdirSync(join(dir, 'capabilities'), { recursive: true });
    copyFileSync(join(REPO, SEED), join(dir, SEED));
    // The config binding the seed's OpenAPI document goes along: it types the package.
    copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(REPO, 'capabilities/portkey-batch.openapi.yaml'), join(dir, 'capabilities/portkey-batch.openapi.yaml'));
    return dir;
  }

  const asRecord = (list: EmittedFile[]) => Object.fromEntries(list.map((f) => [f.path, f.contents]));

  it('two different working directories give byte-identical output', async () => {
    const a = copySeedInto('naftiko-det-a-');
    const b = copySeedInto('naftiko-determinism-second-dir-');
    const [ga, gb] = [await generateSeed(a), await generateSeed(b)];
    expect(ga.map((f) => f.path)).toEqual(gb.map((f) => f.path));
    expect(asRecord(ga)).toEqual(asRecord(gb));
    for (const f of ga) {
      expect(f.contents, f.path).not.toContain(a);
      expect(f.contents, f.path).not.toContain(tmpdir());
    }
  });

  it('TZ and LANG do not change the output', async () => {
    const saved = { TZ: process.env.TZ, LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      process.env.LANG = 'tr_TR.UTF-8';
      process.env.LC_ALL = 'tr_TR.UTF-8';
      const shifted = await generateSeed(copySeedInto('naftiko-det-tz-'));
      expect(asRecord(shifted)).toEqual(asRecord(files));
      process.env.TZ = 'America/St_Johns';
      process.env.LANG = 'C';
      process.env.LC_ALL = 'C';
      expect(asRecord(await generateSeed())).toEqual(asRecord(files));
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('the same generation twice in one process is identical', async () => {
    expect(asRecord(await generateSeed())).toEqual(asRecord(files));
  });
});
