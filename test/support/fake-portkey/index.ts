/** Fake Portkey Batch API (https://api.portkey.ai/v1) on loopback, for tests and benchmarks. */
export { startFakePortkey } from './server.js';
export type { FakePortkey, FakePortkeyOptions, FakePortkeyStore, RecordedRequest } from './server.js';
export type { Batch, BatchErrors, BatchRequestCounts, BatchStatus } from './types.js';
export { BATCH_STATUSES } from './types.js';
export { renderOutputLine, generateOutputLines } from './jsonl.js';
