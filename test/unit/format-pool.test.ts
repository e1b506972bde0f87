// The worker pool formats byte for byte as formatFile does in-process (the compiled pool from dist/,
// since workers run the compiled worker script).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/format/format.js';

const ROOT = join(import.meta.dirname, '../..');
type Pool = { format(path: string, contents: string): Promise<string>; idle(): void; close(): Promise<void>; readonly workerCount: number };
type CreatePool = (size?: number, options?: { extraWorkerMinChars?: number; workerScript?: URL }) => Pool;
let createFormatPool: CreatePool;
let pool: Pool;

beforeAll(async () => {
  ({ createFormatPool } = (await import(join(ROOT, 'dist/generator/format/format-pool.js'))) as { createFormatPool: CreatePool });
  pool = createFormatPool(2);
});
afterAll(async () => {
  await pool?.close();
});

/** The seed's generated TypeScript with every line's indentation dropped (unformatted input). */
function messyFiles(): Array<{ path: string; contents: string }> {
  const dir = join(ROOT, 'generated/portkey-batch/src');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: `src/${f}`, contents: readFileSync(join(dir, f), 'utf8').replace(/^\s+/gm, '') }));
}

describe('format pool', () => {
  it('formats like formatFile, in any order of completion', async () => {
    const messy = messyFiles();
    const [viaPool, inProcess] = await Promise.all([
      Promise.all(messy.map((f) => pool.format(f.path, f.contents))),
      Promise.all(messy.map((f) => formatFile(f.path, f.contents))),
    ]);
    expect(messy.length).toBeGreaterThan(3);
    expect(viaPool).toEqual(inProcess);
    expect(viaPool).not.toEqual(messy.map((f) => f.contents)); // the pool did format
  });

  it('idle() starts one more worker while enough is queued; its files are formatted like formatFile', async () => {
    const messy = messyFiles();
    const eager = createFormatPool(1, { extraWorkerMinChars: 1 });
    const never = createFormatPool(1, { extraWorkerMinChars: Number.MAX_SAFE_INTEGER });
    try {
      // Distinct texts (a comment line each), many more than one worker holds at once.
      const jobs = Array.from({ length: 60 }, (_, i) => ({ ...messy[i % messy.length]!, contents: `// ${i}\n${messy[i % messy.length]!.contents}` }));
      const viaEager = Promise.all(jobs.map((f) => eager.format(f.path, f.contents)));
      const viaNever = Promise.all(jobs.map((f) => never.format(f.path, f.contents)));
      eager.idle();
      never.idle();
      eager.idle(); // at most one extra worker
      expect([eager.workerCount, never.workerCount]).toEqual([2, 1]);
      const expected = await Promise.all(jobs.map((f) => formatFile(f.path, f.contents)));
      expect(await viaEager).toEqual(expected);
      expect(await viaNever).toEqual(expected);
    } finally {
      await Promise.all([eager.close(), never.close()]);
    }
  });

  describe('a worker that fails', () => {
    // A stand-in worker: answers with the text upper-cased, and throws (the worker dies) on 'crash'.
    const dir = mkdtempSync(join(tmpdir(), 'format-pool-'));
    const script = pathToFileURL(join(dir, 'worker.mjs'));
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.contents === 'crash') throw new Error('the worker crashed');
  parentPort.postMessage({ id: job.id, contents: job.contents.toUpperCase() });
});
`,
    );
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('leaves the pool: its files fail, the other worker formats what comes next', async () => {
      const two = createFormatPool(2, { workerScript: script });
      try {
        // Small jobs all go to the first worker, which dies on the first: both of its files fail.
        const [crashed, queuedBehind] = await Promise.allSettled([two.format('a.ts', 'crash'), two.format('b.ts', 'b')]);
        expect(crashed).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'the worker crashed' }) });
        expect(queuedBehind.status).toBe('rejected');
        expect(two.workerCount).toBe(1);
        expect(await two.format('c.ts', 'still formatted')).toBe('STILL FORMATTED');
      } finally {
        await two.close();
      }
    });

    it('when none is left, queued and later files fail instead of waiting forever', async () => {
      const one = createFormatPool(1, { workerScript: script });
      try {
        await expect(one.format('a.ts', 'crash')).rejects.toThrow('the worker crashed');
        expect(one.workerCount).toBe(0);
        await expect(one.format('b.ts', 'b')).rejects.toThrow(/every format worker has failed/);
      } finally {
        await one.close();
      }
    });
  });

  it('a file prettier cannot parse rejects with its message', async () => {
    await expect(pool.format('src/bad.ts', 'const = ;')).rejects.toThrow(/Unexpected|expected/i);
  });
});
