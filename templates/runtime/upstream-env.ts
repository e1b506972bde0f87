// The environment variables that set the defaults of the generated clients (timeout, retries): read
// here only, so that the clients and the MCP body reader (bounded by the same timeout) agree. Copied
// verbatim from naftiko-gen's templates/runtime/upstream-env.ts; do not edit the copy.
import type { RetryOptions } from './retry-policy.js';

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
