/** The loopback HTTP server: records every request, sets the trace id, dispatches to routes. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendGatewayFailure } from './http-util.js';
import { route } from './routes.js';
import { BatchStore } from './store.js';
import type { Batch, BatchStatus, OutputSource } from './types.js';

export interface FakePortkeyOptions {
  /** Portkey API key the fake accepts (default 'pk-test-key'). */
  apiKey?: string;
  /** More keys it accepts besides apiKey (e.g. one per caller, for per-caller credential tests). */
  extraApiKeys?: readonly string[];
  /** Port on 127.0.0.1 (default 0 = ephemeral). */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** Raw path + query exactly as received (not normalised, still percent-encoded). */
  url: string;
  /** Raw path without the query (still percent-encoded). */
  path: string;
  /** Decoded query parameters (first value of each name). */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakePortkeyStore {
  /** Seed a batch directly (defaults: a fresh `validating` batch with a generated id). */
  createBatch(partial?: Partial<Batch>): Batch;
  /** Move a batch to `status`, filling timestamps, request counts and file ids. */
  setStatus(id: string, status: BatchStatus): void;
  /**
   * Give a batch an explicit output, served at GET /batches/{id}/output whatever its status.
   * number: that many deterministic lines (~1 KB each, one in twenty failed), generated lazily;
   * function: called per request, its lines (without or with trailing '\n') streamed as-is.
   */
  setOutput(id: string, lines: number | (() => AsyncIterable<string>)): void;
  /** One happy-path step: validating → in_progress → finalizing → completed; cancelling → cancelled. */
  advance(id: string): Batch;
  /** Current state of a batch (a copy), or undefined. */
  getBatch(id: string): Batch | undefined;
}

export interface FakePortkey {
  /** Base URI, e.g. 'http://127.0.0.1:43567/v1'. */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  store: FakePortkeyStore;
  close(): Promise<void>;
}

function parseQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    if (!(k in query)) query[k] = v;
  }
  return query;
}

export async function startFakePortkey(opts: FakePortkeyOptions = {}): Promise<FakePortkey> {
  const apiKey = opts.apiKey ?? 'pk-test-key';
  const batches = new BatchStore();
  const requests: RecordedRequest[] = [];

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = parseQuery(q < 0 ? '' : rawUrl.slice(q + 1));
    const record: RecordedRequest = { method: req.method ?? 'GET', url: rawUrl, path, query, headers: { ...req.headers }, body: '' };
    requests.push(record); // in arrival order; body filled in once read

    const incomingTrace = req.headers['x-portkey-trace-id'];
    const trace = typeof incomingTrace === 'string' && incomingTrace.trim() !== '' ? incomingTrace : randomUUID();
    res.setHeader('x-portkey-trace-id', trace);

    try {
      record.body = await readBody(req);
      await route({ store: batches, apiKey, extraApiKeys: opts.extraApiKeys ?? [] }, { method: record.method, path, query, body: record.body, req }, res);
    } catch (err) {
      if (!res.headersSent) sendGatewayFailure(res);
      else res.destroy(err instanceof Error ? err : undefined);
    }
  };

  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const store: FakePortkeyStore = {
    createBatch: (partial) => batches.seed(partial),
    setStatus: (id, status) => void batches.setStatus(id, status),
    setOutput: (id, lines) => batches.setOutput(id, lines as number | OutputSource),
    advance: (id) => batches.advance(id),
    getBatch: (id) => batches.get(id),
  };

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    store,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
