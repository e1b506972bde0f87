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
  /**
   * Called once the caller has nothing left to do but wait for its files: a pool then starts one
   * more worker (on the core the caller no longer uses) when enough is still queued.
   */
  idle?(): void;
  close(): Promise<void>;
}

/** Formats on the main thread; closing it stores prettier's code cache when the run has one (code-cache.ts). */
export const inProcessFormatter: Formatter = { format: formatFile, close: async () => saveCodeCache() };

interface Job {
  id: number;
  path: string;
  contents: string;
  resolve: (contents: string) => void;
  reject: (err: Error) => void;
}

/**
 * Workers while the main thread emits: one per core but one, at least 1, at most 4. Not one per core
 * from the start: each worker warms prettier up on its own, and on 2 cores two workers cost ~25 % more
 * CPU for the same files with no gain in wall time on a busy machine (notes/issue-12g2.md).
 */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** The compiled worker script; absent when the generator runs from its TypeScript sources (tests). */
const WORKER_URL = new URL('./format-worker.js', import.meta.url);

/**
 * Characters a worker holds at once (at least one file): enough for ~0.2 s of formatting, so it does
 * not run dry between two turns of the main thread's event loop (a capability file's load, validate
 * and emit take ~15 ms, the largest several times more).
 */
const IN_FLIGHT_CHARS = 200_000;

/**
 * Characters still queued from which idle() starts another worker. Below it the warm workers finish
 * before a new one has warmed prettier up (its first files format several times slower than a warm
 * worker's: notes/issue-12gen.md).
 */
export const EXTRA_WORKER_MIN_CHARS = 2_000_000;

export interface PoolOptions {
  /** Prettier's code cache (code-cache.ts), read by the workers. */
  codeCacheDir?: string;
  /** Characters still queued from which idle() starts another worker (default EXTRA_WORKER_MIN_CHARS). */
  extraWorkerMinChars?: number;
  /** The script each worker runs (default: the compiled format-worker.js); tests start one that fails. */
  workerScript?: URL;
}

/**
 * A pool of `size` formatting workers. Jobs wait in one queue and each worker takes the next when it
 * holds less than IN_FLIGHT_CHARS, so the files go to whichever is free and are answered in any order.
 * Workers read prettier's code cache in `codeCacheDir` (if any) and leave writing it to in-process
 * runs: a worker is terminated, not asked when it is done. Falls back to in-process formatting when
 * there is no compiled worker script to start.
 */
export function createFormatPool(size = defaultWorkerCount(), options: PoolOptions = {}): Formatter & { readonly workerCount: number } {
  const { codeCacheDir, extraWorkerMinChars = EXTRA_WORKER_MIN_CHARS, workerScript = WORKER_URL } = options;
  if (!existsSync(fileURLToPath(workerScript))) return { ...inProcessFormatter, workerCount: 0 };
  const queue: Job[] = [];
  let queuedChars = 0;
  let nextId = 0;
  let extraStarted = false;
  type Slot = { worker: Worker; jobs: Map<number, Job>; chars: number };
  const feed = (slot: Slot): void => {
    while (slot.jobs.size === 0 || slot.chars < IN_FLIGHT_CHARS) {
      const job = queue.shift();
      if (!job) return;
      queuedChars -= job.contents.length;
      slot.chars += job.contents.length;
      slot.jobs.set(job.id, job);
      slot.worker.postMessage({ id: job.id, path: job.path, contents: job.contents });
    }
  };
  const start = (): Slot => {
    const slot: Slot = { worker: new Worker(workerScript, { workerData: { codeCacheDir } }), jobs: new Map(), chars: 0 };
    slot.worker.on('message', (m: { id: number; contents?: string; error?: string }) => {
      const job = slot.jobs.get(m.id);
      if (!job) return;
      slot.jobs.delete(m.id);
      slot.chars -= job.contents.length;
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.contents ?? '');
      feed(slot);
    });
    // A worker that failed is gone: its files fail, and it is fed no more (its queue would wait forever);
    // when none is left, neither are the files still queued.
    slot.worker.on('error', (err) => {
      for (const job of slot.jobs.values()) job.reject(err);
      slot.jobs.clear();
      slot.chars = 0;
      workers.splice(workers.indexOf(slot), 1);
      if (workers.length > 0) return;
      for (const job of queue.splice(0)) job.reject(err);
      queuedChars = 0;
    });
    return slot;
  };
  const workers = Array.from({ length: size }, start);
  return {
    get workerCount() {
      return workers.length;
    },
    format(path, contents) {
      return new Promise<string>((resolve, reject) => {
        if (workers.length === 0) return reject(new Error('every format worker has failed'));
        queue.push({ id: nextId++, path, contents, resolve, reject });
        queuedChars += contents.length;
        for (const slot of workers) feed(slot);
      });
    },
    idle() {
      if (extraStarted || queuedChars < extraWorkerMinChars) return;
      extraStarted = true;
      const slot = start();
      workers.push(slot);
      feed(slot);
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
