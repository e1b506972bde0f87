// Per-caller upstream credentials (NAFTIKO_UPSTREAM_CREDENTIALS=caller): each HTTP request to a
// generated server brings the upstream credential itself, in `x-naftiko-credential-<secret name in
// kebab case>`, and the clients use it in place of the environment's secret for the upstream calls
// made while serving that request, and for those only. The values live in an AsyncLocalStorage scope
// entered per request: never in a module variable or on a shared client, so concurrent callers
// cannot see one another's keys, and nothing outlives the request. Outside such a scope (stdio, a
// client used as a library, the default `server` mode) nothing changes.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { settingOf } from './settings.js';

/** Prefix of the request headers that carry a caller's upstream credentials. */
export const CALLER_CREDENTIAL_PREFIX = 'x-naftiko-credential-';

/**
 * A request served with caller credentials lacks the header of a secret an upstream call needs.
 * Thrown before anything is sent; the REST adapter answers 401, the MCP server an isError result,
 * both naming the header (never a value).
 */
export class MissingCallerCredentialError extends Error {
  readonly variable: string;
  readonly header: string;
  constructor(variable: string, header: string) {
    super(
      `This server uses each caller's own upstream credential: send it in the ${header} header ` +
        `(it replaces ${variable} for your requests).`,
    );
    this.name = 'MissingCallerCredentialError';
    this.variable = variable;
    this.header = header;
  }
}

interface Scope {
  /** Secret name → the header that carries it. */
  headers: Readonly<Record<string, string>>;
  /** Secret name → the caller's value (only the headers that were sent, non-blank). */
  values: ReadonlyMap<string, string>;
}

const storage = new AsyncLocalStorage<Scope>();

/** Where upstream credentials come from: `server` (the environment, default) or `caller` (each request). */
export function upstreamCredentialMode(
  env: Record<string, string | undefined> = process.env,
): 'server' | 'caller' {
  return settingOf('NAFTIKO_UPSTREAM_CREDENTIALS', env) ?? 'server';
}

/**
 * The caller's value of secret `name` while serving a request with caller credentials; throws
 * MissingCallerCredentialError when that request did not send its header. Undefined outside such a
 * request, or for a secret callers do not supply: the environment applies then.
 */
export function callerSecret(name: string): string | undefined {
  const scope = storage.getStore();
  if (scope === undefined) return undefined;
  const header = scope.headers[name];
  if (header === undefined) return undefined;
  const value = scope.values.get(name);
  if (value === undefined) throw new MissingCallerCredentialError(name, header);
  return value;
}

/** The credential values of the request being served (for redaction); empty outside one. */
export function callerSecretValues(): string[] {
  const scope = storage.getStore();
  return scope === undefined ? [] : [...scope.values.values()];
}

/** Runs `fn` with the credentials that `headers` (an incoming request's) carries. */
export function withCallerCredentials<T>(
  headersBySecret: Readonly<Record<string, string>>,
  headers: IncomingHttpHeaders,
  fn: () => T,
): T {
  const values = new Map<string, string>();
  for (const [secret, header] of Object.entries(headersBySecret)) {
    const raw = headers[header];
    const value = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
    if (value !== undefined && value.trim() !== '') values.set(secret, value.trim());
  }
  return storage.run({ headers: headersBySecret, values }, fn);
}

type Next = (err?: unknown) => void;

/**
 * What callerCredentials returns when callers' credentials are off: it does nothing, so that
 * registerRoutes can leave it out of the route's chain (isPassThrough).
 */
const PASS_THROUGH = (_req: unknown, _res: unknown, next: Next): void => next();

/** Whether `handler` is callerCredentials' do-nothing middleware (a route need not run it). */
export function isPassThrough(handler: unknown): boolean {
  return handler === PASS_THROUGH;
}

/**
 * Express middleware placed right before a route's handler (after any body parser: a parser's
 * callbacks would run outside the scope): with NAFTIKO_UPSTREAM_CREDENTIALS=caller, the rest of the
 * route runs with the request's credentials; otherwise it does nothing.
 */
export function callerCredentials(
  headersBySecret: Readonly<Record<string, string>>,
  mode: 'server' | 'caller' = upstreamCredentialMode(),
): (req: { headers: IncomingHttpHeaders }, res: unknown, next: Next) => void {
  if (mode !== 'caller' || Object.keys(headersBySecret).length === 0) return PASS_THROUGH;
  return (req, _res, next) => withCallerCredentials(headersBySecret, req.headers, () => next());
}
