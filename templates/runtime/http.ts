// Client transport of a generated package: builds safe upstream URLs (every path parameter is one
// percent-encoded segment), sends requests with node:http(s) over a shared keep-alive agent (or a
// given fetch) under a timeout, and turns failures into typed errors whose messages never carry
// header values (secrets). Copied verbatim from naftiko-gen's templates/runtime/http.ts; do not
// edit the copy.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable, pipeline as pipeStreams } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { urlToHttpOptions } from 'node:url';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export type Scalar = string | number | boolean;

export interface RequestPlan {
  /** Operation id, for errors and logs only, e.g. 'portkey-batch.retrievebatch'. */
  operation: string;
  method: string;
  /** Path template with `{name}` (or `{{name}}`) placeholders, e.g. '/batches/{batch_id}'. */
  path: string;
  pathParams?: Record<string, Scalar | undefined>;
  /** undefined/null entries are omitted; arrays become repeated keys. */
  query?: Record<string, Scalar | readonly Scalar[] | null | undefined>;
  headers?: Record<string, Scalar | null | undefined>;
  cookies?: Record<string, Scalar | null | undefined>;
  body?:
    | { kind: 'json'; value: unknown }
    | { kind: 'text'; value: string; contentType: string }
    | { kind: 'form'; value: Record<string, unknown> }
    | { kind: 'multipart'; value: Record<string, unknown> };
  /** Whether the request may be retried; default: true for GET, HEAD, OPTIONS, PUT and DELETE. */
  idempotent?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides TransportOptions.timeoutMs; 0 or Infinity disables the timeout. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Sent upstream as `x-request-id` (e.g. the id of the REST request being served). */
  requestId?: string;
}

export interface RetryOptions {
  /** Retries after the first attempt; default 2; 0 disables retrying. */
  retries?: number;
  /** Base of the exponential backoff (full jitter); default 200 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, also the cap of a Retry-After; default 5000 ms. */
  maxDelayMs?: number;
}

export interface TransportOptions {
  /** e.g. 'https://api.portkey.ai/v1' (a trailing slash is tolerated). */
  baseUrl: string;
  /** Default 30_000. For send() it bounds the wait for the response headers (the body may then
   * stream for as long as it takes); for json() it bounds the whole exchange. */
  timeoutMs?: number;
  /** Evaluated per request, so rotated credentials are picked up. */
  auth?: () => { headers?: Record<string, string>; query?: Record<string, string> };
  /**
   * A fetch implementation to send requests with instead of the built-in node:http(s) client (which
   * uses a keep-alive agent shared by the process and is several times cheaper per request).
   */
  fetch?: typeof fetch;
  userAgent?: string;
  /**
   * Retries of idempotent requests (RequestPlan.idempotent, else GET/HEAD/OPTIONS/PUT/DELETE) after a
   * network error or HTTP 408/429/500/502/503/504, with exponential backoff and full jitter, honouring
   * Retry-After (capped at maxDelayMs). All attempts share one timeout; never retried after the
   * caller aborted. Default {retries: 2, minDelayMs: 200, maxDelayMs: 5000}.
   */
  retry?: RetryOptions;
}

export interface UpstreamResponse {
  status: number;
  ok: boolean;
  /** Materialised on first access; the runtime itself reads headers through headerValue(). */
  headers: Headers;
  /**
   * The unread body as a web stream, created on first access (the transport reads a Node stream
   * underneath; bodyStream() hands that out without the web-stream layer). null for 204/304/HEAD.
   */
  body: ReadableStream<Uint8Array> | null;
  url: string;
  operation: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Largest error body json() reads into an UpstreamHttpError. */
export const ERROR_BODY_MAX_BYTES = 1_048_576;

export class UpstreamHttpError extends Error {
  readonly status: number;
  /** Lower-case header names; set-cookie is never included. */
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly operation: string;
  constructor(operation: string, status: number, headers: Record<string, string>, body: unknown) {
    super(`${operation}: upstream responded with HTTP ${status}`);
    this.name = 'UpstreamHttpError';
    this.operation = operation;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

export class UpstreamNetworkError extends Error {
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamNetworkError';
    this.operation = operation;
  }
}

export class UpstreamTimeoutError extends UpstreamNetworkError {
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(operation, `${operation}: upstream did not respond within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export class InvalidRequestError extends Error {
  readonly problems: string[];
  constructor(problems: string[], operation?: string) {
    super(`${operation ? `${operation}: ` : ''}invalid request: ${problems.join('; ')}`);
    this.name = 'InvalidRequestError';
    this.problems = problems;
  }
}

const PLACEHOLDER = /\{\{?\s*([^{}\s]+)\s*\}?\}/g;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_HEADER_CHARS = /[\r\n\0]/;

function encodeQueryPart(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Joins base URL and path template, substituting each placeholder with its value percent-encoded as
 * ONE segment. Throws InvalidRequestError for a missing/empty parameter or one equal to '.' or '..'
 * (the only values that would still be dot-segments after encoding).
 */
export function buildUrl(
  baseUrl: string,
  pathTemplate: string,
  pathParams?: RequestPlan['pathParams'],
  query?: RequestPlan['query'],
): string {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new InvalidRequestError(['the base URL is not a valid absolute URL']);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidRequestError([`the base URL must use http or https, not ${base.protocol}`]);
  }
  return buildUrlFrom(base, pathTemplate, pathParams, query);
}

/** buildUrl with the base URL already parsed (and checked to be http or https). */
function buildUrlFrom(
  base: URL,
  pathTemplate: string,
  pathParams?: RequestPlan['pathParams'],
  query?: RequestPlan['query'],
): string {
  const problems: string[] = [];
  const params = pathParams ?? {};
  const path = pathTemplate.replace(PLACEHOLDER, (_match, name: string) => {
    const raw = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    if (raw === undefined || raw === null) {
      problems.push(`path parameter "${name}" is required`);
      return '';
    }
    const value = String(raw);
    if (value === '') {
      problems.push(`path parameter "${name}" must not be empty`);
      return '';
    }
    if (value === '.' || value === '..') {
      problems.push(`path parameter "${name}" must not be "." or ".."`);
      return '';
    }
    return encodeURIComponent(value);
  });
  if (problems.length > 0) throw new InvalidRequestError(problems);

  const basePath = base.pathname.replace(/\/+$/, '');
  const relative = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? (value as readonly Scalar[]) : [value as Scalar];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      parts.push(`${encodeQueryPart(key)}=${encodeQueryPart(String(v))}`);
    }
  }
  const existing = base.search.length > 1 ? base.search.slice(1) : '';
  const search = [existing, ...parts].filter((p) => p !== '').join('&');
  return `${base.origin}${basePath}${relative}${search ? `?${search}` : ''}`;
}

function headerProblems(name: string, value: string, what: string): string[] {
  const out: string[] = [];
  if (!TOKEN.test(name))
    out.push(`${what} name "${name.replace(/[^\x20-\x7e]/g, '?')}" is not a valid header name`);
  // The value is deliberately not echoed: header values are often secrets.
  else if (FORBIDDEN_HEADER_CHARS.test(value))
    out.push(`${what} "${name}" contains a forbidden character (CR, LF or NUL)`);
  return out;
}

function appendFormValue(
  target: { append(name: string, value: string): void },
  name: string,
  value: unknown,
): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) appendFormValue(target, name, v);
    return;
  }
  target.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

function appendMultipartValue(form: FormData, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) appendMultipartValue(form, name, v);
    return;
  }
  if (value instanceof Blob) {
    form.append(name, value, (value as Blob & { name?: string }).name ?? name);
    return;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    form.append(name, new Blob([value as Uint8Array<ArrayBuffer>]), name);
    return;
  }
  form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

type EncodedBody = string | Uint8Array;

/** Encodes a request body; sets content-type (and, for multipart, the boundary) in `headers`. */
async function encodeBody(
  body: RequestPlan['body'],
  headers: Record<string, string>,
): Promise<EncodedBody | undefined> {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json': {
      headers['content-type'] ??= 'application/json';
      return JSON.stringify(body.value === undefined ? null : body.value);
    }
    case 'text': {
      headers['content-type'] ??= body.contentType;
      return body.value;
    }
    case 'form': {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body.value)) appendFormValue(form, k, v);
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
      return form.toString();
    }
    case 'multipart': {
      const form = new FormData();
      for (const [k, v] of Object.entries(body.value)) appendMultipartValue(form, k, v);
      // Response serialises FormData exactly as fetch would, boundary included.
      const encoded = new Response(form);
      headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
      return new Uint8Array(await encoded.arrayBuffer());
    }
  }
}

/** Upstream response headers as a plain lower-case record, without set-cookie. */
export function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (k === 'set-cookie' || k === 'set-cookie2') return;
    out[k] = value;
  });
  return out;
}

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_0-9]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbortLike(err: unknown): boolean {
  return (
    !!err &&
    typeof err === 'object' &&
    ((err as { name?: unknown }).name === 'AbortError' || (err as { name?: unknown }).name === 'TimeoutError')
  );
}

/**
 * The shared timeout of one call and the caller's abort signal. Whatever is in flight (a request,
 * then the response body) registers itself with setCurrent() and is destroyed when either fires.
 */
interface Deadline {
  timedOut(): boolean;
  timeoutMs: number;
  /** Milliseconds left before the timeout fires (Infinity without a timeout). */
  remaining(): number;
  /** The single thing to stop when the deadline fires (replaces the previous one). */
  setCurrent(stop: ((reason: unknown) => void) | undefined): void;
  /** An AbortSignal that fires with the deadline; created on first use (fetch, retry waits). */
  readonly signal: AbortSignal;
  /** Stops the timer; a caller abort still reaches the current holder. */
  stopTimer(): void;
  /** Stops the timer and detaches from the caller's signal. */
  clear(): void;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_MIN_DELAY_MS = 200;
export const DEFAULT_RETRY_MAX_DELAY_MS = 5000;
/** Statuses after which an idempotent request is retried. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Bytes of a failed response read (so the connection can be reused) before the rest is cancelled. */
const DRAIN_MAX_BYTES = 64 * 1024;

interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function retryPolicy(options: RetryOptions | undefined): RetryPolicy {
  const retries = Math.floor(nonNegative(options?.retries, DEFAULT_RETRIES));
  const minDelayMs = nonNegative(options?.minDelayMs, DEFAULT_RETRY_MIN_DELAY_MS);
  const maxDelayMs = Math.max(minDelayMs, nonNegative(options?.maxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS));
  return { retries, minDelayMs, maxDelayMs };
}

/** Full jitter: a random wait in [0, min(max, min * 2^attempt)]. */
function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(Math.random() * ceiling);
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), capped at maxDelayMs; undefined when absent or invalid. */
export function parseRetryAfter(
  value: string | null | undefined,
  maxDelayMs: number,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // An HTTP date starts with the day name; Date.parse alone would take '-1' for a year.
    if (!/^[A-Za-z]{3},? /.test(v)) return undefined;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), maxDelayMs);
}

/** Waits ms unless the signal fires first; resolves true when the wait completed. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Internal parts of a response received over node:http(s). */
interface NodeParts {
  raw: IncomingMessage['headers'];
  /** The body as a Node stream (decoded when the upstream compressed it); null for no body. */
  stream: Readable | null;
  /** Set when the body has been handed out (as a web stream or via bodyStream()). */
  web?: ReadableStream<Uint8Array> | null;
  taken: boolean;
  headers?: Headers;
  /** The upstream's content-length when `stream` is the raw, undecoded message. */
  length: number | undefined;
}

const PARTS = Symbol('naftiko.upstream');
type WithParts = UpstreamResponse & { [PARTS]?: NodeParts };

function partsOf(res: UpstreamResponse): NodeParts | undefined {
  return (res as WithParts)[PARTS];
}

function headersFromNode(raw: IncomingMessage['headers']): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) h.append(k, one);
    else h.append(k, v);
  }
  return h;
}

function nodeResponse(
  msg: IncomingMessage,
  stream: Readable | null,
  length: number | undefined,
  url: string,
  operation: string,
): UpstreamResponse {
  const status = msg.statusCode ?? 0;
  const parts: NodeParts = { raw: msg.headers, stream, taken: false, length };
  return {
    status,
    ok: status >= 200 && status < 300,
    url,
    operation,
    get headers(): Headers {
      return (parts.headers ??= headersFromNode(parts.raw));
    },
    get body(): ReadableStream<Uint8Array> | null {
      if (parts.web === undefined) {
        parts.web =
          parts.stream && !parts.taken
            ? (Readable.toWeb(parts.stream) as unknown as ReadableStream<Uint8Array>)
            : null;
        parts.taken = true;
      }
      return parts.web;
    },
    [PARTS]: parts,
  } as WithParts;
}

/** One response header (lower-case name), or null; cheaper than res.headers.get(). */
export function headerValue(res: UpstreamResponse, name: string): string | null {
  const parts = partsOf(res);
  if (!parts) return res.headers.get(name);
  const v = parts.raw[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The response headers as a plain lower-case record, without set-cookie. */
export function responseHeaders(res: UpstreamResponse): Record<string, string> {
  const parts = partsOf(res);
  if (!parts) return plainHeaders(res.headers);
  const out: Record<string, string> = {};
  for (const k in parts.raw) {
    if (k === 'set-cookie' || k === 'set-cookie2') continue;
    const v = parts.raw[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Takes the body as a Node stream (for piping), without a web-stream layer when the response came
 * over node:http. Call at most once; null when there is no body.
 */
export function bodyStream(res: UpstreamResponse): Readable | null {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    return parts.stream;
  }
  const web = parts ? parts.web : res.body;
  return web ? Readable.fromWeb(web as unknown as NodeReadableStream<Uint8Array>) : null;
}

/** The upstream content-length when bodyStream() yields exactly that many bytes; else undefined. */
export function bodyLength(res: UpstreamResponse): number | undefined {
  const parts = partsOf(res);
  return parts && !parts.taken ? parts.length : undefined;
}

/** Drops an unread body: releases the connection (or closes it), never throws. */
export function cancelBody(res: UpstreamResponse): void {
  const parts = partsOf(res);
  if (parts) {
    // Also stops a body already being read (readBodyText, a web stream handed out).
    if (!parts.taken) parts.web = null;
    parts.taken = true;
    parts.stream?.destroy();
    parts.web?.cancel().catch(() => undefined);
    return;
  }
  res.body?.cancel().catch(() => undefined);
}

/** Reads (and drops) a little of a response body so the connection may be reused, cancels the rest. */
async function discardBody(res: UpstreamResponse): Promise<void> {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    const stream = parts.stream;
    if (!stream) return;
    await new Promise<void>((resolve) => {
      let seen = 0;
      stream.on('data', (chunk: Uint8Array) => {
        seen += chunk.byteLength;
        if (seen > DRAIN_MAX_BYTES) stream.destroy();
      });
      stream.on('error', () => undefined);
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
    return;
  }
  const body = parts ? parts.web : res.body;
  if (!body) return;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = body.getReader();
    let seen = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value?.byteLength ?? 0;
      if (seen > DRAIN_MAX_BYTES) break;
    }
    await reader.cancel().catch(() => undefined);
  } catch {
    await (reader ? reader.cancel() : body.cancel()).catch(() => undefined);
  } finally {
    try {
      reader?.releaseLock();
    } catch {
      /* already released */
    }
  }
}

function makeDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const enabled = Number.isFinite(timeoutMs) && timeoutMs > 0;
  const startedAt = enabled ? Date.now() : 0;
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: ((reason: unknown) => void) | undefined;
  let controller: AbortController | undefined;
  let reason: unknown;
  let done = false;
  const fire = (why: unknown): void => {
    if (done) return;
    reason = why;
    const stop = current;
    current = undefined;
    stop?.(why);
    controller?.abort(why);
  };
  const onCallerAbort = (): void => fire(callerSignal?.reason);
  if (enabled) {
    timer = setTimeout(() => {
      timer = undefined;
      fired = true;
      fire(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    timer.unref?.();
  }
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    timeoutMs,
    timedOut: () => fired && !(callerSignal?.aborted ?? false),
    remaining: () => (enabled ? Math.max(0, startedAt + timeoutMs - Date.now()) : Number.POSITIVE_INFINITY),
    setCurrent: (stop) => {
      current = stop;
    },
    get signal(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (reason !== undefined || fired) controller.abort(reason);
      }
      return controller.signal;
    },
    stopTimer: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      current = undefined;
      done = controller === undefined; // a fetch still holding the signal keeps the caller link
      if (done) callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Keep-alive agents shared by every Transport of the process (same settings as Node's global agent). */
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, timeout: 5000 };
let sharedHttpAgent: HttpAgent | undefined;
let sharedHttpsAgent: HttpsAgent | undefined;
function agentFor(https: boolean): HttpAgent {
  if (https) return (sharedHttpsAgent ??= new HttpsAgent(AGENT_OPTIONS));
  return (sharedHttpAgent ??= new HttpAgent(AGENT_OPTIONS));
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers dropped when a redirect leaves the origin (as fetch does). */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie', 'host'];

/** A network error on a kept-alive socket that the server had already closed: safe to retry at once. */
class StaleSocketError extends Error {
  constructor(readonly original: unknown) {
    super('stale keep-alive socket', { cause: original });
  }
}

/** One request over node:http(s): resolves with the response head; the deadline destroys it. */
/** Where a request goes, in node:http's terms. */
interface Target {
  https: boolean;
  hostname: string;
  port: string | number | undefined;
  /** Path and query. */
  path: string;
  auth: string | undefined;
  origin: string;
}

function targetOf(url: URL): Target {
  const o = urlToHttpOptions(url);
  return {
    https: url.protocol === 'https:',
    hostname: o.hostname ?? url.hostname,
    port: o.port ?? undefined,
    path: o.path ?? '/',
    auth: o.auth ?? undefined,
    origin: url.origin,
  };
}

function nodeRequestOnce(
  target: Target,
  method: string,
  headers: Record<string, string>,
  body: EncodedBody | undefined,
  deadline: Deadline,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = target.https;
    const req = (https ? httpsRequest : httpRequest)({
      protocol: https ? 'https:' : 'http:',
      hostname: target.hostname,
      port: target.port,
      path: target.path,
      ...(target.auth ? { auth: target.auth } : {}),
      method,
      headers,
      agent: agentFor(https),
    });
    let settled = false;
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      deadline.setCurrent(undefined);
      const code = err.code;
      reject(
        req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') ? new StaleSocketError(err) : err,
      );
    });
    req.once('response', (msg) => {
      settled = true;
      deadline.setCurrent(undefined);
      resolve(msg);
    });
    deadline.setCurrent((reason) => req.destroy(reason as Error));
    if (body === undefined) req.end();
    else req.end(body);
  });
}

/** Follows redirects like fetch's 'follow' (at most 20; 303, and 301/302 after POST, become GET). */
async function nodeExchange(
  first: Target,
  href: string,
  method: string,
  headers: Record<string, string>,
  body: EncodedBody | undefined,
  deadline: Deadline,
): Promise<{ msg: IncomingMessage; url: string }> {
  let target = first;
  for (let hops = 0; ; hops++) {
    const msg = await nodeRequestOnce(target, method, headers, body, deadline);
    const status = msg.statusCode ?? 0;
    const location = msg.headers.location;
    if (!REDIRECT_STATUSES.has(status) || location === undefined) return { msg, url: href };
    msg.resume();
    if (hops >= MAX_REDIRECTS) throw new TypeError('too many redirects');
    const url = new URL(href);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new TypeError('redirect to a non-http(s) URL');
    if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = { ...headers };
      for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language'])
        delete headers[h];
    }
    if (next.origin !== url.origin) {
      headers = { ...headers };
      for (const h of CROSS_ORIGIN_DROPPED) delete headers[h];
    }
    href = next.href;
    target = targetOf(next);
  }
}

/** The body of a node response, decoded when the upstream compressed it anyway. */
function decodedBody(msg: IncomingMessage, method: string): { stream: Readable | null; length?: number } {
  const status = msg.statusCode ?? 0;
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    msg.resume();
    return { stream: null };
  }
  const encoding = msg.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (decoder) return { stream: pipeStreams(msg, decoder, () => undefined) };
  const raw = msg.headers['content-length'];
  const length = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return { stream: msg, length };
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #fetch: typeof fetch | undefined;
  /** The parsed base URL and its node:http options, computed once. */
  readonly #base: URL;
  readonly #target: Target;

  /** Throws a TypeError at construction (i.e. at server start-up) when baseUrl is not an absolute http(s) URL. */
  constructor(options: TransportOptions) {
    let base: URL | undefined;
    try {
      base = new URL(options.baseUrl);
    } catch {
      base = undefined;
    }
    if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
      throw new TypeError('Transport: baseUrl must be an absolute http:// or https:// URL');
    }
    this.#options = options;
    this.#fetch = options.fetch;
    this.#base = base;
    this.#target = targetOf(base);
  }

  /**
   * Sends the request; resolves for ANY HTTP status with the body unconsumed (streamable). Rejects
   * only with UpstreamNetworkError / UpstreamTimeoutError / the caller's abort reason /
   * InvalidRequestError.
   */
  async send(plan: RequestPlan, options?: CallOptions): Promise<UpstreamResponse> {
    const { response } = await this.#send(plan, options, false);
    return response;
  }

  /**
   * send + UpstreamHttpError for non-2xx (body read, bounded, and parsed) + parsed body: JSON when
   * the content-type says json or the body parses, text otherwise, undefined when empty.
   */
  async json<T>(plan: RequestPlan, options?: CallOptions): Promise<T> {
    const { response, deadline } = await this.#send(plan, options, true);
    try {
      if (!response.ok) {
        const { value } = await readBody(response, ERROR_BODY_MAX_BYTES);
        throw new UpstreamHttpError(plan.operation, response.status, responseHeaders(response), value);
      }
      const { value } = await readBody(response, Number.POSITIVE_INFINITY);
      return value as T;
    } catch (err) {
      if (options?.signal?.aborted) throw options.signal.reason ?? err;
      if (deadline.timedOut()) throw new UpstreamTimeoutError(plan.operation, deadline.timeoutMs);
      throw err;
    } finally {
      deadline.clear();
    }
  }

  async #send(
    plan: RequestPlan,
    options: CallOptions | undefined,
    keepDeadline: boolean,
  ): Promise<{ response: UpstreamResponse; deadline: Deadline }> {
    const problems: string[] = [];
    const auth = this.#options.auth?.() ?? {};
    let query = plan.query;
    if (auth.query) {
      query = { ...(plan.query ?? {}) };
      for (const [k, v] of Object.entries(auth.query)) query[k] = v;
    }
    const url = buildUrlFrom(this.#base, plan.path, plan.pathParams, query);

    // Lower-case names; a later value replaces an earlier one (as Headers#set did).
    const headers: Record<string, string> = { accept: '*/*' };
    const setHeader = (name: string, value: string, what: string): void => {
      const p = headerProblems(name, value, what);
      if (p.length > 0) problems.push(...p);
      else headers[name.toLowerCase()] = value.replace(/^[\t ]+|[\t ]+$/g, '');
    };
    if (this.#options.userAgent) setHeader('user-agent', this.#options.userAgent, 'user agent header');
    if (plan.headers) {
      for (const k in plan.headers) {
        const v = plan.headers[k];
        if (v === undefined || v === null) continue;
        setHeader(k, String(v), 'header');
      }
    }
    if (plan.cookies) {
      const cookiePairs: string[] = [];
      for (const [k, v] of Object.entries(plan.cookies)) {
        if (v === undefined || v === null) continue;
        if (!TOKEN.test(k)) problems.push(`cookie name "${k.replace(/[^\x20-\x7e]/g, '?')}" is not valid`);
        else cookiePairs.push(`${k}=${encodeURIComponent(String(v))}`);
      }
      if (cookiePairs.length > 0) setHeader('cookie', cookiePairs.join('; '), 'cookie header');
    }
    if (auth.headers) for (const k in auth.headers) setHeader(k, auth.headers[k] as string, 'auth header');
    if (options?.headers)
      for (const k in options.headers) setHeader(k, options.headers[k] as string, 'header');
    if (options?.requestId !== undefined && options.requestId !== '')
      setHeader('x-request-id', options.requestId, 'request id');
    const method = plan.method.toUpperCase();
    if (!TOKEN.test(method)) problems.push('the HTTP method is not valid');
    if (problems.length > 0) throw new InvalidRequestError(problems, plan.operation);
    let body: EncodedBody | undefined;
    if (plan.body) {
      try {
        body = await encodeBody(plan.body, headers);
      } catch (err) {
        throw new InvalidRequestError(
          [`the request body cannot be encoded (${(err as Error).message})`],
          plan.operation,
        );
      }
    }
    if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
      throw new InvalidRequestError([`a ${method} request cannot carry a body`], plan.operation);
    }
    if (body !== undefined && this.#fetch === undefined)
      headers['content-length'] = String(
        typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
      );

    const callerSignal = options?.signal;
    callerSignal?.throwIfAborted();
    const timeoutMs = options?.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = makeDeadline(timeoutMs, callerSignal);
    const policy = retryPolicy(this.#options.retry);
    const idempotent = plan.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const maxAttempts = idempotent ? policy.retries + 1 : 1;
    // Stops waiting when the caller aborts or the (shared) timeout fires.
    const interrupted = (err?: unknown): never => {
      deadline.clear();
      if (callerSignal?.aborted) throw callerSignal.reason ?? err;
      if (deadline.timedOut()) throw new UpstreamTimeoutError(plan.operation, timeoutMs);
      throw err;
    };
    // A retry happens only when its wait ends with time to spare for the next attempt.
    const canWait = (delay: number): boolean => deadline.remaining() > delay + policy.minDelayMs;
    const fetchImpl = this.#fetch;
    let staleRetried = false;
    let res: UpstreamResponse | undefined;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= maxAttempts;
      try {
        if (fetchImpl) {
          const r = await fetchImpl(url, {
            method,
            headers,
            body: (body ?? null) as BodyInit | null,
            signal: deadline.signal,
            redirect: 'follow',
          });
          res = {
            status: r.status,
            ok: r.ok,
            headers: r.headers,
            body: r.body,
            url: r.url || url,
            operation: plan.operation,
          };
        } else {
          const first = { ...this.#target, path: url.slice(this.#target.origin.length) || '/' };
          const { msg, url: finalUrl } = await nodeExchange(first, url, method, headers, body, deadline);
          const { stream, length } = decodedBody(msg, method);
          res = nodeResponse(msg, stream, length, finalUrl, plan.operation);
        }
      } catch (caught) {
        let err = caught;
        if (err instanceof StaleSocketError) {
          // The server closed an idle kept-alive connection just as it was reused: once, at once.
          if (idempotent && !staleRetried && !callerSignal?.aborted && !deadline.timedOut()) {
            staleRetried = true;
            attempt--;
            continue;
          }
          err = err.original;
        }
        if (callerSignal?.aborted || deadline.timedOut() || isAbortLike(err)) interrupted(err);
        const code = causeCode(err);
        // No URL in the message: auth may travel in the query string.
        const failure = new UpstreamNetworkError(
          plan.operation,
          `${plan.operation}: could not reach the upstream service${code ? ` (${code})` : ''}`,
          { cause: err },
        );
        const delay = backoffDelay(policy, attempt);
        if (last || !canWait(delay)) {
          deadline.clear();
          throw failure;
        }
        if (!(await wait(delay, deadline.signal))) interrupted(failure);
        continue;
      }
      if (last || !RETRYABLE_STATUSES.has(res.status)) break;
      const delay =
        parseRetryAfter(headerValue(res, 'retry-after'), policy.maxDelayMs) ?? backoffDelay(policy, attempt);
      if (!canWait(delay)) break;
      const draining = partsOf(res)?.stream;
      if (draining) deadline.setCurrent((reason) => draining.destroy(reason as Error));
      await discardBody(res);
      deadline.setCurrent(undefined);
      if (callerSignal?.aborted || deadline.timedOut())
        interrupted(new DOMException('aborted', 'AbortError'));
      if (!(await wait(delay, deadline.signal))) interrupted(new DOMException('aborted', 'AbortError'));
    }
    // From here on the deadline (json) or only the caller's abort (send) stops the body.
    const stream = partsOf(res)?.stream;
    if (stream) {
      deadline.setCurrent((reason) => stream.destroy(reason as Error));
      stream.once('close', () => deadline.clear());
    }
    if (!keepDeadline) {
      deadline.stopTimer();
      if (!stream) deadline.clear();
    }
    return { response: res, deadline };
  }
}

/** Reads up to maxBytes of a body as text (UTF-8, never splitting a character) and cancels the rest. */
export async function readBodyText(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    if (!parts.stream) return { text: '', truncated: false, bytes: 0 };
    const { chunks, kept, truncated } = await collectNode(parts.stream, maxBytes, res.operation);
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept);
    const end = truncated ? utf8SafeEnd(all) : all.byteLength;
    let text = all.toString('utf8', 0, end);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // as TextDecoder does
    return { text, truncated, bytes: end };
  }
  const body = parts ? parts.web : res.body;
  if (!body) return { text: '', truncated: false, bytes: 0 };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value || value.byteLength === 0) continue;
      const room = maxBytes - kept;
      if (value.byteLength > room) {
        if (room > 0) {
          chunks.push(value.subarray(0, room));
          kept += room;
        }
        truncated = true;
        break;
      }
      chunks.push(value);
      kept += value.byteLength;
    }
  } catch (err) {
    if (isAbortLike(err)) throw err;
    throw new UpstreamNetworkError(
      res.operation,
      `${res.operation}: the upstream response body could not be read${causeCode(err) ? ` (${causeCode(err)})` : ''}`,
      { cause: err },
    );
  } finally {
    if (truncated) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const all = concat(chunks, kept);
  let end = all.byteLength;
  if (truncated) end = utf8SafeEnd(all);
  const text = new TextDecoder('utf-8').decode(all.subarray(0, end));
  return { text, truncated, bytes: end };
}

/** Collects at most maxBytes of a Node stream (destroying it beyond that) with plain events. */
function collectNode(
  stream: Readable,
  maxBytes: number,
  operation: string,
): Promise<{ chunks: Buffer[]; kept: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (err === undefined) {
        resolve({ chunks, kept, truncated: false });
        return;
      }
      if (isAbortLike(err)) return reject(err);
      reject(
        new UpstreamNetworkError(
          operation,
          `${operation}: the upstream response body could not be read${causeCode(err) ? ` (${causeCode(err)})` : ''}`,
          { cause: err },
        ),
      );
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      const room = maxBytes - kept;
      if (chunk.byteLength > room) {
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
        }
        settled = true;
        stream.off('data', onData);
        stream.destroy();
        resolve({ chunks, kept, truncated: true });
        return;
      }
      chunks.push(chunk);
      kept += chunk.byteLength;
    };
    if (stream.readableEnded) return resolve({ chunks, kept, truncated: false });
    if (stream.destroyed) return finish(stream.errored ?? new Error('the body stream was closed'));
    stream.on('data', onData);
    stream.once('end', () => finish());
    stream.once('error', (err) => finish(err));
    stream.once('close', () => {
      if (!stream.readableEnded) finish(stream.errored ?? new Error('the body stream closed early'));
    });
  });
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
function utf8SafeEnd(bytes: Uint8Array): number {
  const n = bytes.byteLength;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need =
      (b & 0x80) === 0 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** True when a content-type names JSON (application/json, application/problem+json, …). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

/** Parses a body text: JSON when the content-type says so or when it parses; text otherwise; undefined when empty. */
export function parseBody(
  text: string,
  contentType: string | null | undefined,
): { value: unknown; format: 'json' | 'text' | 'empty' } {
  if (text.length === 0) return { value: undefined, format: 'empty' };
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const tryJson = isJsonContentType(contentType) || !mime.startsWith('text/') || mime === 'text/plain';
  if (tryJson) {
    try {
      return { value: JSON.parse(text), format: 'json' };
    } catch {
      /* not JSON: fall through to text */
    }
  }
  return { value: text, format: 'text' };
}

/**
 * Reads a body, bounded: never buffers more than maxBytes (+ one chunk), cancels the rest of the
 * stream, and parses the kept text (a truncated body stays text). `bytes` counts the kept bytes.
 */
export async function readBody(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ value: unknown; truncated: boolean; bytes: number }> {
  const { text, truncated, bytes } = await readBodyText(res, maxBytes);
  if (truncated) return { value: text, truncated, bytes };
  return { value: parseBody(text, headerValue(res, 'content-type')).value, truncated, bytes };
}

/** Longest JSON line iterateJsonLines accepts by default (characters), so memory stays bounded. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

/**
 * Iterates a JSON-lines body (the batch output is JSONL served as application/octet-stream): lines
 * split across chunks, CRLF, a last line without newline; blank lines skipped. Memory stays bounded
 * by the longest line (RangeError beyond options.maxLineLength, default 64 Mi characters). Stopping early (break) cancels the underlying stream.
 */
export async function* iterateJsonLines(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: { maxLineLength?: number },
): AsyncGenerator<unknown> {
  const maxLineLength = options?.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let lineNo = 0;
  const parseLine = (line: string): { ok: true; value: unknown } | { ok: false } => {
    lineNo++;
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') return { ok: false };
    try {
      return { ok: true, value: JSON.parse(trimmed) };
    } catch {
      throw new SyntaxError(`invalid JSON on line ${lineNo} of a JSON-lines body`);
    }
  };
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf('\n', start);
      if (nl < 0) break;
      const parsed = parseLine(buffer.slice(start, nl));
      start = nl + 1;
      if (parsed.ok) yield parsed.value;
    }
    buffer = buffer.slice(start);
    if (buffer.length > maxLineLength) {
      throw new RangeError(
        `line ${lineNo + 1} of a JSON-lines body is longer than ${maxLineLength} characters`,
      );
    }
  }
  buffer += decoder.decode();
  if (buffer.length > 0) {
    const parsed = parseLine(buffer);
    if (parsed.ok) yield parsed.value;
  }
}

/** Environment variables the generated clients read for their defaults. */
export const UPSTREAM_TIMEOUT_ENV = 'NAFTIKO_UPSTREAM_TIMEOUT_MS';
export const UPSTREAM_RETRIES_ENV = 'NAFTIKO_UPSTREAM_RETRIES';

/** `{ timeoutMs }` from an explicit value, else from NAFTIKO_UPSTREAM_TIMEOUT_MS; `{}` keeps the default. */
export function timeoutOf(
  explicit: number | undefined,
  env: Record<string, string | undefined>,
): { timeoutMs?: number } {
  if (explicit !== undefined) return { timeoutMs: explicit };
  const fromEnv = Number(env[UPSTREAM_TIMEOUT_ENV]);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? { timeoutMs: fromEnv } : {};
}

/** Retry options from NAFTIKO_UPSTREAM_RETRIES (a count; 0 disables), else undefined for the default. */
export function retriesOf(env: Record<string, string | undefined>): RetryOptions | undefined {
  const raw = env[UPSTREAM_RETRIES_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const retries = Number(raw);
  return Number.isInteger(retries) && retries >= 0 ? { retries } : undefined;
}

/** `{ retry }` from explicit options, else from NAFTIKO_UPSTREAM_RETRIES; `{}` keeps the default. */
export function retryOf(
  explicit: RetryOptions | undefined,
  env: Record<string, string | undefined>,
): { retry?: RetryOptions } {
  const retry = explicit ?? retriesOf(env);
  return retry ? { retry } : {};
}
