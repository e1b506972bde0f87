// A formatting worker thread (see format-pool.ts): formats the files posted to it with formatFile,
// the same function the pipeline calls in-process, so its output is byte for byte the same.
import { parentPort } from 'node:worker_threads';
import { formatFile } from './format.js';

interface Job {
  id: number;
  path: string;
  contents: string;
}

parentPort?.on('message', (job: Job) => {
  formatFile(job.path, job.contents).then(
    (contents) => parentPort?.postMessage({ id: job.id, contents }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
