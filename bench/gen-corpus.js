// Child process: generate every capability file of a corpus directory in one process with the
// compiled pipeline. argv: <corpusDir> [cacheDir]: with a cache directory, the format cache lives in
// <cacheDir>/format and the load cache in <cacheDir>/load (as the CLI lays them out). Prints one JSON
// line with wall time and per-stage timings.
import { join } from 'node:path';
import { generate } from '../dist/generator/pipeline.js';

const [dir, cacheDir] = process.argv.slice(2);
const t0 = performance.now();
const caches = cacheDir ? { formatCacheDir: join(cacheDir, 'format'), loadCacheDir: join(cacheDir, 'load') } : {};
const result = await generate([dir], { cwd: dir, ...caches });
const wallMs = performance.now() - t0;
const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
process.stdout.write(
  JSON.stringify({
    wallMs,
    timings: result.timings,
    inputs: result.files.length,
    packages: result.packages.length,
    files: result.packages.reduce((n, p) => n + p.files.length, 0),
    errors,
    rssMiB: process.memoryUsage().rss / 1048576,
  }) + '\n',
);
