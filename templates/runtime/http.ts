// Client transport of a generated package: builds safe upstream URLs (every path parameter is one
// percent-encoded segment), sends requests with fetch under a timeout, and turns failures into typed
// errors whose messages never carry header values (secrets). Copied verbatim from naftiko-gen's
// templates/runtime/http.ts; do not edit the copy.

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
  headers: Headers;
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
  const problems: string[] = [];
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new InvalidRequestError(['the base URL is not a valid absolute URL']);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidRequestError([`the base URL must use http or https, not ${base.protocol}`]);
  }
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

function encodeBody(body: RequestPlan['body'], headers: Headers): BodyInit | undefined {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json': {
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return JSON.stringify(body.value === undefined ? null : body.value);
    }
    case 'text': {
      if (!headers.has('content-type')) headers.set('content-type', body.contentType);
      return body.value;
    }
    case 'form': {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body.value)) appendFormValue(form, k, v);
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      return form;
    }
    case 'multipart': {
      const form = new FormData();
      for (const [k, v] of Object.entries(body.value)) appendMultipartValue(form, k, v);
      headers.delete('content-type'); // fetch sets it with the boundary
      return form;
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

interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  clear(): void;
  timeoutMs: number;
  /** Milliseconds left before the timeout fires (Infinity without a timeout). */
  remaining(): number;
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

/** Reads (and drops) a little of a response body so the connection may be reused, cancels the rest. */
async function discardBody(res: Response): Promise<void> {
  const body = res.body;
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

/** AbortSignal.any (Node 20.3+), with a small fallback for older Node 20 releases. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof native === 'function') return native.call(AbortSignal, [a, b]);
  const controller = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

function makeDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const enabled = Number.isFinite(timeoutMs) && timeoutMs > 0;
  const startedAt = Date.now();
  const controller = new AbortController();
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (enabled) {
    timer = setTimeout(() => {
      fired = true;
      controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    timer.unref?.();
  }
  const signal = callerSignal ? anySignal(callerSignal, controller.signal) : controller.signal;
  return {
    signal,
    timeoutMs,
    timedOut: () => fired && !(callerSignal?.aborted ?? false),
    remaining: () => (enabled ? Math.max(0, startedAt + timeoutMs - Date.now()) : Number.POSITIVE_INFINITY),
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #fetch: typeof fetch;

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
    this.#fetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
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
        throw new UpstreamHttpError(plan.operation, response.status, plainHeaders(response.headers), value);
      }
      const { value } = await readBody(response, Number.POSITIVE_INFINITY);
      return value as T;
    } catch (err) {
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
    const query: NonNullable<RequestPlan['query']> = { ...(plan.query ?? {}) };
    for (const [k, v] of Object.entries(auth.query ?? {})) query[k] = v;
    const url = buildUrl(this.#options.baseUrl, plan.path, plan.pathParams, query);

    const headers = new Headers();
    const setHeader = (name: string, value: string, what: string): void => {
      const p = headerProblems(name, value, what);
      if (p.length > 0) problems.push(...p);
      else headers.set(name, value);
    };
    if (this.#options.userAgent) setHeader('user-agent', this.#options.userAgent, 'user agent header');
    for (const [k, v] of Object.entries(plan.headers ?? {})) {
      if (v === undefined || v === null) continue;
      setHeader(k, String(v), 'header');
    }
    const cookiePairs: string[] = [];
    for (const [k, v] of Object.entries(plan.cookies ?? {})) {
      if (v === undefined || v === null) continue;
      if (!TOKEN.test(k)) problems.push(`cookie name "${k.replace(/[^\x20-\x7e]/g, '?')}" is not valid`);
      else cookiePairs.push(`${k}=${encodeURIComponent(String(v))}`);
    }
    if (cookiePairs.length > 0) setHeader('cookie', cookiePairs.join('; '), 'cookie header');
    for (const [k, v] of Object.entries(auth.headers ?? {})) setHeader(k, v, 'auth header');
    for (const [k, v] of Object.entries(options?.headers ?? {})) setHeader(k, v, 'header');
    if (options?.requestId !== undefined && options.requestId !== '')
      setHeader('x-request-id', options.requestId, 'request id');
    const method = plan.method.toUpperCase();
    if (!TOKEN.test(method)) problems.push('the HTTP method is not valid');
    if (problems.length > 0) throw new InvalidRequestError(problems, plan.operation);
    let body: BodyInit | undefined;
    try {
      body = encodeBody(plan.body, headers);
    } catch (err) {
      throw new InvalidRequestError(
        [`the request body cannot be encoded (${(err as Error).message})`],
        plan.operation,
      );
    }
    if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
      throw new InvalidRequestError([`a ${method} request cannot carry a body`], plan.operation);
    }

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
    let res: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= maxAttempts;
      try {
        res = await this.#fetch(url, {
          method,
          headers,
          body: body ?? null,
          signal: deadline.signal,
          redirect: 'follow',
        });
      } catch (err) {
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
        parseRetryAfter(res.headers.get('retry-after'), policy.maxDelayMs) ?? backoffDelay(policy, attempt);
      if (!canWait(delay)) break;
      await discardBody(res);
      if (callerSignal?.aborted || deadline.timedOut())
        interrupted(new DOMException('aborted', 'AbortError'));
      if (!(await wait(delay, deadline.signal))) interrupted(new DOMException('aborted', 'AbortError'));
    }
    if (!keepDeadline) deadline.clear();
    return {
      response: {
        status: res.status,
        ok: res.ok,
        headers: res.headers,
        body: res.body,
        url: res.url || url,
        operation: plan.operation,
      },
      deadline,
    };
  }
}

/** Reads up to maxBytes of a body as text (UTF-8, never splitting a character) and cancels the rest. */
export async function readBodyText(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  if (!res.body) return { text: '', truncated: false, bytes: 0 };
  const reader = res.body.getReader();
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
  return { value: parseBody(text, res.headers.get('content-type')).value, truncated, bytes };
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
