// The environment variables that set the defaults of the generated clients (base URL, timeout,
// retries): read here only, so that the clients and the MCP body reader (bounded by the same timeout)
// agree. What each accepts is decided in settings.ts; a value it refuses is a SettingError naming the
// variable, never a silent default.
import type { RetryOptions } from './retry-policy.js';
import { SettingError, baseUrlProblem, namedBaseUrl, settingOf } from './settings.js';

/** Environment variables the generated clients read for their defaults. */
export const UPSTREAM_TIMEOUT_ENV = 'NAFTIKO_UPSTREAM_TIMEOUT_MS';
export const UPSTREAM_RETRIES_ENV = 'NAFTIKO_UPSTREAM_RETRIES';

/** `{ timeoutMs }` from an explicit value, else from NAFTIKO_UPSTREAM_TIMEOUT_MS; `{}` keeps the default. */
export function timeoutOf(
  explicit: number | undefined,
  env: Record<string, string | undefined>,
): { timeoutMs?: number } {
  if (explicit !== undefined) return { timeoutMs: explicit };
  const fromEnv = settingOf(UPSTREAM_TIMEOUT_ENV, env);
  return fromEnv === undefined ? {} : { timeoutMs: fromEnv };
}

/** Retry options from NAFTIKO_UPSTREAM_RETRIES (a count; 0 disables), else undefined for the default. */
export function retriesOf(env: Record<string, string | undefined>): RetryOptions | undefined {
  const retries = settingOf(UPSTREAM_RETRIES_ENV, env);
  return retries === undefined ? undefined : { retries };
}

/** `{ retry }` from explicit options, else from NAFTIKO_UPSTREAM_RETRIES; `{}` keeps the default. */
export function retryOf(
  explicit: RetryOptions | undefined,
  env: Record<string, string | undefined>,
): { retry?: RetryOptions } {
  const retry = explicit ?? retriesOf(env);
  return retry ? { retry } : {};
}

/**
 * A client's base URL: the explicit option, else the variable `envName` (empty counts as unset),
 * else the capability's `fallback`. Throws a SettingError that names where a refused value came
 * from and the expected form (http(s)://host[:port][/path], no user:password@, no query), never
 * showing the value's query or credentials.
 */
export function baseUrlOf(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
  envName: string,
  fallback: string,
): string {
  const fromEnv = env[envName]?.trim();
  if (explicit !== undefined) return checkedBaseUrl(envName, 'baseUrl', explicit, '');
  if (fromEnv !== undefined && fromEnv !== '') return checkedBaseUrl(envName, envName, fromEnv, '');
  return checkedBaseUrl(envName, "the capability's baseUri", fallback, `; set ${envName}`);
}

function checkedBaseUrl(envName: string, label: string, value: string, advice: string): string {
  const problem = baseUrlProblem(value);
  if (problem === undefined) return value;
  throw new SettingError(envName, `${namedBaseUrl(label, value)} ${problem}${advice}`);
}
