// Formatting in worker threads, for runs over many capability files: prettier is most of a
// generation's time (bench/RESULTS.md), and jobs posted to workers are formatted while the main
// thread loads, validates and emits the next files. A single file is formatted in-process
// (formatFile): starting a worker and loading prettier in it would cost more than it saves.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatFile, saveCodeCache } from './format.js';

/** Inputs from which generate() formats in workers. */
export const POOL_MIN_INPUTS = 8;

/** Formats files; `close()` ends the workers. */
export interface Formatter {
  format(path: string, contents: string): Promise<string>;
  close(): Promise<void>;
}

/** Formats on the main thread; closing it stores prettier's code cache when the run has one (code-cache.ts). */
export const inProcessFormatter: Formatter = { format: formatFile, close: async () => saveCodeCache() };

interface Pending {
  resolve: (contents: string) => void;
  reject: (err: Error) => void;
}

/**
 * Workers: one per core but one (the main thread keeps loading and emitting), at least 1, at most 4.
 * Not one per core: each worker warms prettier up on its own, and on 2 cores two workers cost ~25 %
 * more CPU for the same files with no gain in wall time on a busy machine (notes/issue-12g2.md).
 */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** The compiled worker script; absent when the generator runs from its TypeScript sources (tests). */
const WORKER_URL = new URL('./format-worker.js', import.meta.url);

/**
 * A pool of `size` formatting workers; each job goes to the worker with the fewest characters
 * outstanding (files differ widely in size) and is answered in any order. Workers read prettier's code
 * cache in `codeCacheDir` (if any) and leave writing it to in-process runs: a worker is terminated, not
 * asked when it is done. Falls back to in-process formatting when there is no compiled worker script.
 */
export function createFormatPool(size = defaultWorkerCount(), codeCacheDir?: string): Formatter {
  if (!existsSync(fileURLToPath(WORKER_URL))) return inProcessFormatter;
  const pending = new Map<number, Pending & { worker: number; size: number }>();
  const outstanding = new Array<number>(size).fill(0);
  let nextId = 0;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(WORKER_URL, { workerData: { codeCacheDir } });
    worker.on('message', (m: { id: number; contents?: string; error?: string }) => {
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      outstanding[job.worker]! -= job.size;
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.contents ?? '');
    });
    worker.on('error', (err) => {
      for (const job of pending.values()) job.reject(err);
      pending.clear();
    });
    return worker;
  });
  return {
    format(path, contents) {
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        const worker = outstanding.indexOf(Math.min(...outstanding));
        outstanding[worker]! += contents.length;
        pending.set(id, { resolve, reject, worker, size: contents.length });
        workers[worker]!.postMessage({ id, path, contents });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
