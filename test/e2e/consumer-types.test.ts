/**
 * A consumer of the generated portkey-batch package, written as a user would: compiled under `strict`
 * (names, `Batch['status']` a union, the output stream's element type, each error class) and run
 * against the fake upstream. Type-level claims are `@ts-expect-error` lines: if the package's types
 * loosen (say `status` becomes `string`), the directive is unused and compilation fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { runToExit, stopAllProcesses } from '../support/processes.js';
import { CANARY_KEY, PACKAGE_DIR, ROOT, ensureBuilt } from './helpers.js';

const WORK = join(ROOT, '.vitest-tmp', `consumer-${process.pid}`);

const CONSUMER = (pkg: string) => `import {
  AuthenticationError, BadRequestError, ConflictError, InternalServerError, NaftikoError, NotFoundError,
  PermissionDeniedError, PortkeyBatchClient, RateLimitError, UnprocessableEntityError, UpstreamFormatError,
  UpstreamHttpError, UpstreamNetworkError, UpstreamTimeoutError, MissingCredentialError, InvalidRequestError,
  type Batch, type BatchCreateParams, type BatchOutputLine, type BatchStatus,
} from '${pkg}';

const client = new PortkeyBatchClient();
const params: BatchCreateParams = { body: { input_file_id: 'file-1', endpoint: '/v1/embeddings', completion_window: '24h' } };
// @ts-expect-error: completion_window is a union of the document's enum values
const wrong: BatchCreateParams = { body: { input_file_id: 'f', endpoint: '/v1/embeddings', completion_window: '1h' } };
void wrong;
const batch: Batch = await client.batches.create(params);
const status: Batch['status'] = batch.status;
const same: BatchStatus = status;
// @ts-expect-error: 'exploded' is not a batch status
const notAStatus: Batch['status'] = 'exploded';
void notAStatus;
switch (same) {
  case 'validating':
  case 'failed':
  case 'in_progress':
  case 'finalizing':
  case 'completed':
  case 'expired':
  case 'cancelling':
  case 'cancelled':
    break;
  default: {
    const never: never = same; // exhaustive: the union has exactly these members
    void never;
  }
}
console.log('created', batch.id, status);
const again = await client.batches.retrieve({ batch_id: batch.id });
const cancelled = await client.batches.cancel({ batch_id: again.id });
console.log('cancel', cancelled.status);
let listed = 0;
for await (const b of client.batches.listAll({ limit: 1 })) {
  const s: BatchStatus = b.status;
  void s;
  listed++;
}
console.log('listed', listed);
const lines: AsyncIterable<BatchOutputLine> = await client.batches.output({ batch_id: process.argv[2]! });
let count = 0;
for await (const line of lines) {
  const id: string = line.custom_id;
  // @ts-expect-error: a line has no such field
  void line.nope;
  void id;
  count++;
}
console.log('lines', count);
const classes = [NaftikoError, UpstreamHttpError, BadRequestError, AuthenticationError, PermissionDeniedError,
  NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError,
  UpstreamNetworkError, UpstreamTimeoutError, UpstreamFormatError, MissingCredentialError, InvalidRequestError];
/** Every class the error is an instance of, in the order of \`classes\`. */
const chain = (err: unknown): string => classes.filter((c) => err instanceof c).map((c) => c.name).join(',');
// Each status class, a timeout and a body that is not JSON, from a server answering by batch id
// (argv[3]); its x-request-id comes back as requestId, else the one sent (ours-…).
const statuses = new PortkeyBatchClient({ baseUrl: process.argv[3]!, credentials: { PORTKEY_API_KEY: 'k' }, timeoutMs: 500 });
for (const id of ['400', '401', '403', '404', '409', '422', '429', '500', '503', 'slow', 'not-json', '']) {
  try {
    await statuses.batches.retrieve({ batch_id: id }, { requestId: \`ours-\${id}\` });
    console.log('class', id, 'no error');
  } catch (err) {
    console.log('class', id || '(empty)', chain(err), err instanceof NaftikoError ? err.requestId : '');
  }
}
try {
  await new PortkeyBatchClient({ env: {} }).batches.list();
} catch (err) {
  console.log('class no-key', chain(err));
}
try {
  await client.batches.retrieve({ batch_id: 'batch_missing' });
} catch (err) {
  console.log('missing', chain(err));
  if (err instanceof NotFoundError) console.log('status', err.status, typeof err.requestId);
}
try {
  await new PortkeyBatchClient({ credentials: { PORTKEY_API_KEY: 'wrong-key' } }).batches.list();
} catch (err) {
  console.log('auth', err instanceof AuthenticationError, err instanceof NaftikoError);
}
try {
  await client.batches.create({ body: { input_file_id: '', endpoint: '/v1/embeddings', completion_window: '24h' } });
} catch (err) {
  console.log('bad', err instanceof BadRequestError, err instanceof UpstreamHttpError ? err.message : '');
}
try {
  await new PortkeyBatchClient({ baseUrl: 'http://127.0.0.1:9/v1' }).batches.list();
} catch (err) {
  console.log('down', err instanceof UpstreamNetworkError, err instanceof NaftikoError);
}
`;

function compile(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let fake: FakePortkey;
let source: string;
let file: string;

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  mkdirSync(WORK, { recursive: true });
  const target = relative(WORK, join(PACKAGE_DIR, 'dist/index.js')).split('\\').join('/');
  source = CONSUMER(target.startsWith('.') ? target : `./${target}`);
  file = join(WORK, 'consumer.mts');
  writeFileSync(file, source);
}, 180_000);

/** Cleanups of servers a test started. */
const after: Array<() => void> = [];

afterAll(async () => {
  for (const f of after) f();
  await stopAllProcesses();
  await fake?.close();
});

describe('a strict TypeScript consumer of generated/portkey-batch', () => {
  it('compiles under strict, every @ts-expect-error used', () => {
    expect(compile(file)).toEqual([]);
  });

  it('fails to compile when a type claim is false (the check can fail)', () => {
    const broken = join(WORK, 'broken.mts');
    writeFileSync(broken, source.replace("const notAStatus: Batch['status'] = 'exploded';", "const notAStatus: Batch['status'] = 'completed';"));
    expect(compile(broken).join('\n')).toMatch(/Unused '@ts-expect-error' directive/);
  });

  it('runs against the fake upstream: names, stream, pagination and each error class', async () => {
    // Answers GET /batches/<status> with that status; 'slow' never answers, 'not-json' is a 200 of text.
    const statuses = createServer((req, res) => {
      const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      if (id === 'slow') return;
      res.setHeader('x-request-id', `up-${id}`);
      if (id === 'not-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      res.writeHead(Number(id) || 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `status ${id} said no` } }));
    });
    await new Promise<void>((resolve) => statuses.listen(0, '127.0.0.1', resolve));
    after.push(() => {
      statuses.closeAllConnections();
      statuses.close();
    });
    const statusUrl = `http://127.0.0.1:${(statuses.address() as AddressInfo).port}/v1`;
    const withOutput = fake.store.createBatch();
    fake.store.setOutput(withOutput.id, 7);
    const js = join(WORK, 'consumer.mjs');
    writeFileSync(js, ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText);
    const run = await runToExit({
      script: js,
      args: [withOutput.id, statusUrl],
      env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url, NAFTIKO_UPSTREAM_RETRIES: '0' },
      timeoutMs: 20_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^created batch_\S+ validating$/m);
    expect(run.stdout).toMatch(/^cancel cancelling$/m);
    expect(Number(/^listed (\d+)$/m.exec(run.stdout)?.[1])).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(/^lines 7$/m);
    expect(run.stdout).toMatch(/^missing NaftikoError,UpstreamHttpError,NotFoundError$/m);
    expect(run.stdout).toMatch(/^status 404 string$/m);
    expect(run.stdout).toMatch(/^auth true true$/m);
    expect(run.stdout).toMatch(/^bad true portkey-batch\.createbatch: upstream responded with HTTP 400: \S/m);
    expect(run.stdout).toMatch(/^down true true$/m);
    const http = 'NaftikoError,UpstreamHttpError';
    const classLines = run.stdout.split('\n').filter((l) => l.startsWith('class '));
    expect(classLines).toEqual([
      `class 400 ${http},BadRequestError up-400`,
      `class 401 ${http},AuthenticationError up-401`,
      `class 403 ${http},PermissionDeniedError up-403`,
      `class 404 ${http},NotFoundError up-404`,
      `class 409 ${http},ConflictError up-409`,
      `class 422 ${http},UnprocessableEntityError up-422`,
      `class 429 ${http},RateLimitError up-429`,
      `class 500 ${http},InternalServerError up-500`,
      `class 503 ${http},InternalServerError up-503`,
      'class slow NaftikoError,UpstreamNetworkError,UpstreamTimeoutError ours-slow',
      'class not-json NaftikoError,UpstreamFormatError up-not-json',
      expect.stringMatching(/^class \(empty\) NaftikoError,InvalidRequestError/),
      'class no-key NaftikoError,MissingCredentialError',
    ]);
    expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
  });
});
