// The load cache (generator/load/load-cache.ts) and the position tree it stores (source-map.ts): a
// cached document must answer exactly like a parsed one, and what JSON cannot carry is never stored.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCacheKey, survivesJson } from '../../generator/load/load-cache.js';
import { loadText, type LoadedDocument, type LoadResult } from '../../generator/load/load-file.js';
import type { DocPath } from '../../generator/load/source-map.js';

const work = mkdtempSync(join(tmpdir(), 'naftiko-load-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TEXT = `naftiko: 1.0.0-alpha3
info:
  label: Demo
  tags: [a, b, {k: v}]
capability:
  consumes:
    - namespace: demo
      baseUri: https://example.com
      resources:
        - name: things
          path: /things
          empty:
          operations: []
  exposes: {}
`;

const PATHS: DocPath[] = [
  [],
  ['naftiko'],
  ['info'],
  ['info', 'label'],
  ['info', 'tags'],
  ['info', 'tags', 1],
  ['info', 'tags', 2, 'k'],
  ['info', 'tags', 9],
  ['info', 'missing', 'deeper'],
  ['capability', 'consumes', 0, 'resources', 0, 'empty'],
  ['capability', 'consumes', 0, 'resources', 0, 'empty', 'below'],
  ['capability', 'consumes', 0, 'resources', 0, 'operations', 0],
  ['capability', 'consumes', 'notAnIndex'],
  ['capability', 'exposes', 'x'],
];

function load(text: string, cacheDir?: string): LoadResult {
  return loadText('x.yaml', '/virtual/x.yaml', new TextEncoder().encode(text), cacheDir);
}

function doc(r: LoadResult): LoadedDocument {
  if (!r.ok) throw new Error(`load failed: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.doc;
}

const answers = (d: LoadedDocument) => PATHS.map((p) => [d.map.locate(p), d.map.locateKey(p)]);

describe('load cache', () => {
  it('a cached document has the same data and positions as a parsed one, and comes from the entry', () => {
    const dir = join(work, 'hit');
    const parsed = doc(load(TEXT));
    const filling = doc(load(TEXT, dir));
    expect(readdirSync(dir)).toEqual([loadCacheKey(TEXT)]);
    const cached = doc(load(TEXT, dir));
    expect(cached.data).toEqual(parsed.data);
    expect(JSON.stringify(cached.data)).toBe(JSON.stringify(parsed.data)); // key order too
    expect(answers(filling)).toEqual(answers(parsed));
    expect(answers(cached)).toEqual(answers(parsed));
    // Positions as written in the text (1-based), so a wrong tree cannot agree with itself by accident.
    expect(parsed.map.locate(['info', 'label'])).toEqual({ line: 3, col: 10 });
    expect(parsed.map.locateKey(['info', 'label'])).toEqual({ line: 3, col: 3 });
    expect(parsed.map.locate(['info', 'tags', 2, 'k'])).toEqual({ line: 4, col: 20 });
    expect(parsed.map.locate(['capability', 'consumes', 0, 'resources', 0, 'path'])).toEqual({ line: 11, col: 17 });
    // Proof the answer comes from the entry: change it, see the change.
    const entry = join(dir, loadCacheKey(TEXT));
    const stored = JSON.parse(readFileSync(entry, 'utf8')) as { data: Record<string, unknown> };
    writeFileSync(entry, JSON.stringify({ ...stored, data: { ...stored.data, naftiko: 'from the cache' } }));
    expect(doc(load(TEXT, dir)).data.naftiko).toBe('from the cache');
  });

  it('a malformed entry is a miss, not an error', () => {
    const dir = join(work, 'malformed');
    doc(load(TEXT, dir));
    writeFileSync(join(dir, loadCacheKey(TEXT)), '{"data": [1]');
    expect(doc(load(TEXT, dir)).data).toEqual(doc(load(TEXT)).data);
  });

  it('stores neither failed loads nor documents JSON cannot carry exactly', () => {
    const dir = join(work, 'skip');
    expect(load('a: 1\na: 2\n', dir).ok).toBe(false);
    doc(load('naftiko: 1.0.0-alpha3\nx: &shared {a: 1}\ny: *shared\n', dir)); // alias: one object reached twice
    doc(load('naftiko: 1.0.0-alpha3\nx: .inf\n', dir));
    doc(load('naftiko: 1.0.0-alpha3\nx: -0.0\n', dir));
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('survivesJson accepts plain data only', () => {
    expect(survivesJson({ a: [1, 'x', true, null, { b: 2.5 }], __proto__x: 1 })).toBe(true);
    const shared = { a: 1 };
    expect(survivesJson({ x: shared, y: shared })).toBe(false);
    expect(survivesJson({ x: Number.NaN })).toBe(false);
    expect(survivesJson({ x: -0 })).toBe(false);
    expect(survivesJson({ x: new Date(0) })).toBe(false);
    expect(survivesJson({ x: undefined })).toBe(false);
    expect(survivesJson([1, , 3])).toBe(false); // eslint-disable-line no-sparse-arrays
  });
});
