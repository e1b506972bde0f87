// Child process: the fake Portkey upstream (compiled from test/support/fake-portkey by run.js),
// seeded with one completed batch for GET retrieve and one batch with a large output.
// argv: <compiledDir> <apiKey> <streamMiB>. Prints one JSON line {url, batchId, streamId, lines, approxBytes} on stdout.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [dir, apiKey, streamMiB] = process.argv.slice(2);
const { startFakePortkey, renderOutputLine } = await import(pathToFileURL(join(dir, 'index.js')).href);

const fake = await startFakePortkey({ apiKey, port: 0 });
const batch = fake.store.createBatch();
fake.store.setStatus(batch.id, 'completed');

// Size the output: average line length over a sample of 2000 lines (+1 for '\n').
const streamBatch = fake.store.createBatch();
const spec = { batchId: streamBatch.id, endpoint: streamBatch.endpoint, createdAt: streamBatch.created_at, total: 2000, failed: 100 };
let sample = 0;
for (let i = 0; i < 2000; i++) sample += Buffer.byteLength(renderOutputLine(spec, i)) + 1;
const avg = sample / 2000;
const lines = Math.max(1, Math.ceil((Number(streamMiB) * 1024 * 1024) / avg));
fake.store.setOutput(streamBatch.id, lines);

// The fake records every request; drop the log so a long benchmark does not grow its heap.
setInterval(() => {
  fake.requests.length = 0;
}, 200).unref();

process.stdout.write(JSON.stringify({ url: fake.url, batchId: batch.id, streamId: streamBatch.id, lines, approxBytes: Math.round(lines * avg) }) + '\n');
const stop = () => void fake.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
