// When and how long the transport waits before trying a request again: idempotent requests only,
// after a network error or a status that says "try later", with exponential backoff and full jitter
// (so that many clients do not retry in step), honouring a bounded Retry-After.

export interface RetryOptions {
  /** Retries after the first attempt; default 2; 0 disables retrying. */
  retries?: number;
  /** Base of the exponential backoff (full jitter); default 200 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, also the cap of a Retry-After; default 5000 ms. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_MIN_DELAY_MS = 200;
export const DEFAULT_RETRY_MAX_DELAY_MS = 5000;
/** Statuses after which an idempotent request is retried. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Methods retried when the plan does not say whether it is idempotent. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** RetryOptions with every default applied and every value checked. */
export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function retryPolicy(options: RetryOptions | undefined): RetryPolicy {
  const retries = Math.floor(nonNegative(options?.retries, DEFAULT_RETRIES));
  const minDelayMs = nonNegative(options?.minDelayMs, DEFAULT_RETRY_MIN_DELAY_MS);
  const maxDelayMs = Math.max(minDelayMs, nonNegative(options?.maxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS));
  return { retries, minDelayMs, maxDelayMs };
}

/** Full jitter: a random wait in [0, min(max, min * 2^attempt)]. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
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
export function wait(ms: number, signal: AbortSignal): Promise<boolean> {
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
