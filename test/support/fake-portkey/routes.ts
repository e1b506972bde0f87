/** Routing of the five Batch operations under /v1 (on the raw, still percent-encoded path). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuth } from './auth.js';
import { sendError, sendGatewayFailure, sendJson, sendProviderError } from './http-util.js';
import { streamLines } from './jsonl.js';
import type { BatchStore } from './store.js';
import { parseLimit, validateCreateBatch } from './validate.js';

export interface RouteRequest {
  method: string;
  /** Raw path (no query), exactly as received. */
  path: string;
  query: Record<string, string>;
  body: string;
  req: IncomingMessage;
}

export interface RouteContext {
  store: BatchStore;
  apiKey: string;
  extraApiKeys: readonly string[];
}

function routeNotFound(res: ServerResponse, r: RouteRequest): void {
  sendError(res, 404, {
    message: `Unknown route: ${r.method} ${r.path}`,
    type: 'invalid_request_error',
    param: null,
    code: 'route_not_found',
  });
}

function batchNotFound(res: ServerResponse, id: string): void {
  sendProviderError(res, 404, {
    message: `No batch found with id '${id}'.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}

function decodeSegment(seg: string): string | undefined {
  try {
    return decodeURIComponent(seg);
  } catch {
    return undefined;
  }
}

export async function route(ctx: RouteContext, r: RouteRequest, res: ServerResponse): Promise<void> {
  if (r.path !== '/v1' && !r.path.startsWith('/v1/')) return routeNotFound(res, r);

  const authError = checkAuth(r.req.headers, ctx.apiKey, ctx.extraApiKeys);
  if (authError) return sendError(res, 401, authError);

  const segs = r.path.slice('/v1/'.length).split('/');
  if (segs[0] !== 'batches' || segs.length > 3) return routeNotFound(res, r);

  // /v1/batches
  if (segs.length === 1) {
    if (r.method === 'POST') return createBatch(ctx, r, res);
    if (r.method === 'GET') return listBatches(ctx, r, res);
    return routeNotFound(res, r);
  }

  const rawId = segs[1] ?? '';
  if (rawId === '') return routeNotFound(res, r);
  const action = segs[2];
  const isRetrieve = action === undefined && r.method === 'GET';
  const isCancel = action === 'cancel' && r.method === 'POST';
  const isOutput = action === 'output' && r.method === 'GET';
  if (!isRetrieve && !isCancel && !isOutput) return routeNotFound(res, r);

  const id = decodeSegment(rawId);
  if (id === undefined) return batchNotFound(res, rawId);

  if (isRetrieve) {
    const batch = ctx.store.get(id);
    return batch ? sendJson(res, 200, batch) : batchNotFound(res, id);
  }
  if (isCancel) {
    const result = ctx.store.cancel(id);
    if (result.kind === 'not_found') return batchNotFound(res, id);
    if (result.kind === 'not_cancellable') {
      return sendProviderError(res, 400, {
        message: `Cannot cancel a batch with status '${result.batch.status}'.`,
        type: 'invalid_request_error',
        param: null,
        code: 'batch_not_cancellable',
      });
    }
    return sendJson(res, 200, result.batch);
  }
  return getOutput(ctx, id, res);
}

function createBatch(ctx: RouteContext, r: RouteRequest, res: ServerResponse): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    return sendGatewayFailure(res);
  }
  const v = validateCreateBatch(parsed);
  if (!v.ok) return sendProviderError(res, 400, v.error);
  sendJson(res, 200, ctx.store.create(v.value));
}

function listBatches(ctx: RouteContext, r: RouteRequest, res: ServerResponse): void {
  const limit = parseLimit(r.query.limit);
  if (!limit.ok) return sendProviderError(res, 400, limit.error);
  const after = r.query.after ? r.query.after : undefined;
  const page = ctx.store.list(limit.value, after);
  sendJson(res, 200, {
    object: 'list',
    data: page.data,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data[page.data.length - 1]?.id ?? null,
    has_more: page.has_more,
  });
}

async function getOutput(ctx: RouteContext, id: string, res: ServerResponse): Promise<void> {
  const out = ctx.store.output(id);
  if (out.kind === 'not_found') return batchNotFound(res, id);
  if (out.kind === 'no_output') {
    return sendProviderError(res, 404, {
      message: `No output file is available for batch '${id}' (status '${out.batch.status}').`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  res.statusCode = 200;
  res.setHeader('content-type', 'application/octet-stream');
  // No content-length: Node sends Transfer-Encoding: chunked.
  await streamLines(res, out.source);
}
