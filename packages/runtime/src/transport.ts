// Client transport of a generated package: sends a RequestPlan to its API, over node:http(s) (or a
// given fetch) under one timeout, retrying what is safe to retry, and turns failures into the typed
// errors of upstream-errors.ts. The generated clients hold one Transport per consumed API.
import { abortWatchOf } from './abort-watch.js';
import { makeDeadline, type Deadline } from './deadline.js';
import { StaleSocketError, sendOverNode, targetOf, type Target } from './node-exchange.js';
import { discardBody, parseBody, readBodyText, readErrorBody } from './read-body.js';
import {
  encodePlanBody,
  prepareHead,
  type CallOptions,
  type RequestAuth,
  type RequestPlan,
} from './request-plan.js';
import {
  IDEMPOTENT_METHODS,
  RETRYABLE_STATUSES,
  backoffDelay,
  parseRetryAfter,
  retryPolicy,
  wait,
  type RetryOptions,
} from './retry-policy.js';
import { startAttempt } from './tracing.js';
import {
  UpstreamFormatError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
  causeCode,
  isAbortLike,
  upstreamHttpError,
  upstreamRequestId,
} from './upstream-errors.js';
import {
  fetchResponse,
  headerValue,
  nodeBodyOf,
  responseHeaders,
  type UpstreamResponse,
} from './upstream-response.js';

export interface TransportOptions {
  /** e.g. 'https://api.portkey.ai/v1' (a trailing slash is tolerated). */
  baseUrl: string;
  /**
   * Milliseconds, 1 to 2147483647, or 0 or Infinity for no timeout; default 30_000. For send() it
   * bounds the wait for the response headers (the body may then stream for as long as it takes); for
   * json() it bounds the whole exchange.
   */
  timeoutMs?: number;
  /** Evaluated per request, so rotated credentials are picked up. */
  auth?: () => RequestAuth;
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
  /** Largest 2xx body json() buffers, in bytes: a whole number, at least 1 (default 64 MiB); a larger body is an UpstreamFormatError. */
  maxJsonBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;
/** setTimeout's limit: a longer delay would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** A timeout option is 0 or Infinity (no timeout) or from 1 to MAX_TIMEOUT_MS ms; anything else is a TypeError. */
function checkTimeout(option: string, value: unknown): void {
  const ok =
    typeof value === 'number' &&
    (value === 0 || value === Number.POSITIVE_INFINITY || (value >= 1 && value <= MAX_TIMEOUT_MS));
  if (!ok)
    throw new TypeError(
      `${option} must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, or 0 or Infinity for ` +
        `no timeout (got ${String(value)})`,
    );
}

function checkMaxJsonBytes(value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new TypeError(
      `maxJsonBytes must be a whole number of bytes from 1 to ${Number.MAX_SAFE_INTEGER} (got ${String(value)})`,
    );
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #fetch: typeof fetch | undefined;
  /** The parsed base URL and its node:http options, computed once. */
  readonly #base: URL;
  readonly #target: Target;
  /** The retry policy of `options.retry`, normalised once. */
  readonly #policy: ReturnType<typeof retryPolicy>;

  /**
   * Throws a TypeError at construction (i.e. at server start-up) when baseUrl is not an absolute
   * http(s) URL, or timeoutMs or maxJsonBytes is out of range.
   */
  constructor(options: TransportOptions) {
    if (options.timeoutMs !== undefined) checkTimeout('timeoutMs', options.timeoutMs);
    if (options.maxJsonBytes !== undefined) checkMaxJsonBytes(options.maxJsonBytes);
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
    this.#policy = retryPolicy(options.retry);
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
   * Sends the request and resolves with the parsed 2xx body: JSON when the content-type says json or
   * the body parses, text otherwise, undefined when empty. A non-2xx status is an UpstreamHttpError
   * (its body read bounded, scrubbed of bound secrets, and parsed). With `expectJson`, a body that is
   * not JSON is an UpstreamFormatError rather than text handed back under a JSON result type; a body
   * over maxJsonBytes always is one.
   */
  async json<T>(plan: RequestPlan, options?: CallOptions, expectJson = false): Promise<T> {
    const { response, deadline } = await this.#send(plan, options, true);
    try {
      if (!response.ok) {
        const { text, truncated } = await readErrorBody(response);
        // A truncated body stays text: its JSON would not parse.
        const value = truncated ? text : parseBody(text, headerValue(response, 'content-type')).value;
        throw upstreamHttpError(
          plan.operation,
          response.status,
          responseHeaders(response),
          value,
          options?.requestId,
        );
      }
      const maxBytes = this.#options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
      const { text, truncated } = await readBodyText(response, maxBytes);
      const contentType = headerValue(response, 'content-type');
      // The id to quote to the upstream's support: its own request-id header, else the one sent.
      const requestId = (): string | undefined =>
        upstreamRequestId(responseHeaders(response), options?.requestId);
      if (truncated)
        throw new UpstreamFormatError(
          plan.operation,
          response.status,
          contentType,
          'too-large',
          maxBytes,
          requestId(),
        );
      const { value, format } = parseBody(text, contentType);
      if (expectJson && format === 'text') {
        throw new UpstreamFormatError(
          plan.operation,
          response.status,
          contentType,
          'not-json',
          maxBytes,
          requestId(),
        );
      }
      return value as T;
    } catch (err) {
      const caller = abortWatchOf(options);
      if (caller?.aborted) throw caller.reason ?? err;
      if (deadline.timedOut())
        throw new UpstreamTimeoutError(plan.operation, deadline.timeoutMs, options?.requestId);
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
    if (options?.timeoutMs !== undefined) checkTimeout('CallOptions.timeoutMs', options.timeoutMs);
    const auth = this.#options.auth?.() ?? {};
    const fetchImpl = this.#fetch;
    const head = prepareHead(this.#base, plan, options, auth, this.#options.userAgent);
    const { url, method, headers } = head;
    // No await for a request without a body (most of them): one async step less per call.
    const body = plan.body ? await encodePlanBody(plan, head) : undefined;
    // node:http would otherwise send the body chunked; fetch sets the length itself.
    if (body !== undefined && fetchImpl === undefined)
      headers['content-length'] = String(
        typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
      );

    // The caller's abort, watched without building an AbortSignal when it came from callerCallOptions.
    const caller = abortWatchOf(options);
    if (caller?.aborted) throw caller.reason;
    const timeoutMs = options?.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = makeDeadline(timeoutMs, caller);
    const policy = this.#policy;
    const idempotent = plan.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const maxAttempts = idempotent ? policy.retries + 1 : 1;
    // Stops waiting when the caller aborts or the (shared) timeout fires.
    const interrupted = (err?: unknown): never => {
      deadline.clear();
      if (caller?.aborted) throw caller.reason ?? err;
      if (deadline.timedOut()) throw new UpstreamTimeoutError(plan.operation, timeoutMs, options?.requestId);
      throw err;
    };
    // A retry happens only when its wait ends with time to spare for the next attempt.
    const canWait = (delay: number): boolean => deadline.remaining() > delay + policy.minDelayMs;
    let staleRetried = false;
    let res: UpstreamResponse | undefined;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= maxAttempts;
      // The caller's trace context, or this attempt's span when tracing is on (tracing.ts).
      const traced = startAttempt(options?.trace, plan.operation, method, this.#base, plan.path, attempt);
      Object.assign(headers, traced.headers);
      try {
        if (fetchImpl) {
          const r = await fetchImpl(url, {
            method,
            headers,
            body: (body ?? null) as BodyInit | null,
            signal: deadline.signal,
            redirect: 'follow',
          });
          res = fetchResponse(r, url, plan.operation);
        } else {
          const first = {
            ...this.#target,
            path: url.slice(this.#target.origin.length) || '/',
          };
          res = await sendOverNode(first, url, method, headers, body, deadline, plan.operation);
        }
        traced.end(res.status);
      } catch (caught) {
        traced.end(undefined, caught);
        let err = caught;
        if (err instanceof StaleSocketError) {
          // The server closed an idle kept-alive connection just as it was reused: once, at once.
          if (idempotent && !staleRetried && !caller?.aborted && !deadline.timedOut()) {
            staleRetried = true;
            attempt--;
            continue;
          }
          err = err.original;
        }
        if (caller?.aborted || deadline.timedOut() || isAbortLike(err)) interrupted(err);
        const code = causeCode(err);
        // No URL in the message: auth may travel in the query string.
        const failure = new UpstreamNetworkError(
          plan.operation,
          `${plan.operation}: could not reach the upstream service${code ? ` (${code})` : ''}`,
          { cause: err, requestId: options?.requestId },
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
      const draining = nodeBodyOf(res);
      if (draining) deadline.setCurrent((reason) => draining.destroy(reason as Error));
      await discardBody(res);
      deadline.setCurrent(undefined);
      if (caller?.aborted || deadline.timedOut()) interrupted(new DOMException('aborted', 'AbortError'));
      if (!(await wait(delay, deadline.signal))) interrupted(new DOMException('aborted', 'AbortError'));
    }
    // From here on the deadline (json) or only the caller's abort (send) stops the body.
    const stream = nodeBodyOf(res);
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
