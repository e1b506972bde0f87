// The worker pool formats byte for byte as formatFile does in-process (the compiled pool from dist/,
// since workers run the compiled worker script).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/format/format.js';

const ROOT = join(import.meta.dirname, '../..');
type Pool = { format(path: string, contents: string): Promise<string>; close(): Promise<void> };
let pool: Pool;

beforeAll(async () => {
  const mod = (await import(join(ROOT, 'dist/generator/format/format-pool.js'))) as { createFormatPool(size?: number): Pool };
  pool = mod.createFormatPool(2);
});
afterAll(async () => {
  await pool?.close();
});

describe('format pool', () => {
  it('formats like formatFile, in any order of completion', async () => {
    const dir = join(ROOT, 'generated/portkey-batch/src');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ path: `src/${f}`, contents: readFileSync(join(dir, f), 'utf8') }));
    // Unformatted input: every line's indentation dropped.
    const messy = files.map((f) => ({ path: f.path, contents: f.contents.replace(/^\s+/gm, '') }));
    const [viaPool, inProcess] = await Promise.all([
      Promise.all(messy.map((f) => pool.format(f.path, f.contents))),
      Promise.all(messy.map((f) => formatFile(f.path, f.contents))),
    ]);
    expect(files.length).toBeGreaterThan(3);
    expect(viaPool).toEqual(inProcess);
    expect(viaPool).not.toEqual(messy.map((f) => f.contents)); // the pool did format
  });

  it('a file prettier cannot parse rejects with its message', async () => {
    await expect(pool.format('src/bad.ts', 'const = ;')).rejects.toThrow(/Unexpected|expected/i);
  });
});
