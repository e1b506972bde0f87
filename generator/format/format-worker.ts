// A formatting worker thread (see format-pool.ts): formats the files posted to it with formatFile,
// the same function the pipeline calls in-process, so its output is byte for byte the same.
import { parentPort, workerData } from 'node:worker_threads';
import { formatFile, useCodeCache } from './format.js';

interface Job {
  id: number;
  path: string;
  contents: string;
}

useCodeCache((workerData as { codeCacheDir?: string } | null)?.codeCacheDir);

parentPort?.on('message', (job: Job) => {
  formatFile(job.path, job.contents).then(
    (contents) => parentPort?.postMessage({ id: job.id, contents }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
