// What a client call asks for (a RequestPlan, built by the generated client from the caller's input)
// and how it becomes a request that is safe to send: every path parameter is one percent-encoded
// segment, header names and values are checked, and every problem is reported at once as an
// InvalidRequestError that never echoes a header value (they are often secrets).
import { encodeBody, type EncodedBody, type RequestBody } from './request-body.js';
import type { TraceContext } from './tracing.js';
import { InvalidRequestError } from './upstream-errors.js';

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
  body?: RequestBody;
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
  /** W3C trace context of the request being served, continued upstream (tracing.ts). */
  trace?: TraceContext;
}

/** Credentials of one request, as TransportOptions.auth returns them. */
export interface RequestAuth {
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** A plan made concrete: what goes on the wire. */
export interface PreparedRequest {
  url: string;
  /** Upper case. */
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: EncodedBody | undefined;
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
  // The base URL's own query first, then the plan's parameters, joined with '&'.
  let search = base.search.length > 1 ? base.search.slice(1) : '';
  if (query) {
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined || value === null) continue;
      const values = Array.isArray(value) ? (value as readonly Scalar[]) : [value as Scalar];
      for (const v of values) {
        if (v === undefined || v === null) continue;
        const part = `${encodeQueryPart(key)}=${encodeQueryPart(String(v))}`;
        search = search === '' ? part : `${search}&${part}`;
      }
    }
  }
  return `${base.origin}${basePath}${relative}${search ? `?${search}` : ''}`;
}

/** What is wrong with a header, or undefined; one string, not a list: this runs for every header sent. */
function headerProblem(name: string, value: string, what: string): string | undefined {
  if (!TOKEN.test(name))
    return `${what} name "${name.replace(/[^\x20-\x7e]/g, '?')}" is not a valid header name`;
  // The value is deliberately not echoed: header values are often secrets.
  if (FORBIDDEN_HEADER_CHARS.test(value))
    return `${what} "${name}" contains a forbidden character (CR, LF or NUL)`;
  return undefined;
}

/** Leading and trailing spaces and tabs removed (a regex replace only when there are any). */
function trimHeaderValue(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  const padded = first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09;
  return padded ? value.replace(/^[\t ]+|[\t ]+$/g, '') : value;
}

/**
 * The URL, method, headers and encoded body of a plan sent from `base` (already parsed and checked to
 * be http or https). Headers are applied in this order, a later one replacing an earlier one:
 * user agent, the plan's headers, its cookies, the credentials, the call's headers, the request id.
 * Throws InvalidRequestError listing every problem found.
 */
export async function prepareRequest(
  base: URL,
  plan: RequestPlan,
  options: CallOptions | undefined,
  auth: RequestAuth,
  userAgent: string | undefined,
): Promise<PreparedRequest> {
  const head = prepareHead(base, plan, options, auth, userAgent);
  return { ...head, body: await encodePlanBody(plan, head) };
}

/**
 * prepareRequest without the body: URL, method and headers, synchronously (a request without a body,
 * most of them, needs no await; the transport calls encodePlanBody only when the plan has one).
 */
export function prepareHead(
  base: URL,
  plan: RequestPlan,
  options: CallOptions | undefined,
  auth: RequestAuth,
  userAgent: string | undefined,
): Omit<PreparedRequest, 'body'> {
  const problems: string[] = [];
  let query = plan.query;
  if (auth.query) {
    query = { ...(plan.query ?? {}) };
    for (const [k, v] of Object.entries(auth.query)) query[k] = v;
  }
  const url = buildUrlFrom(base, plan.path, plan.pathParams, query);

  // Lower-case names; a later value replaces an earlier one (as Headers#set did).
  const headers: Record<string, string> = { accept: '*/*' };
  const setHeader = (name: string, value: string, what: string): void => {
    const p = headerProblem(name, value, what);
    if (p !== undefined) problems.push(p);
    else headers[name.toLowerCase()] = trimHeaderValue(value);
  };
  if (userAgent) setHeader('user-agent', userAgent, 'user agent header');
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
  if (options?.headers) for (const k in options.headers) setHeader(k, options.headers[k] as string, 'header');
  if (options?.requestId !== undefined && options.requestId !== '')
    setHeader('x-request-id', options.requestId, 'request id');
  const method = plan.method.toUpperCase();
  if (!TOKEN.test(method)) problems.push('the HTTP method is not valid');
  if (problems.length > 0) throw new InvalidRequestError(problems, plan.operation);
  return { url, method, headers };
}

/**
 * The plan's body encoded (its content-type set in `head.headers`), or undefined without one. Throws
 * InvalidRequestError when it cannot be encoded or the method takes no body.
 */
export async function encodePlanBody(
  plan: RequestPlan,
  head: Omit<PreparedRequest, 'body'>,
): Promise<EncodedBody | undefined> {
  if (!plan.body) return undefined;
  let body: EncodedBody | undefined;
  try {
    body = await encodeBody(plan.body, head.headers);
  } catch (err) {
    throw new InvalidRequestError(
      [`the request body cannot be encoded (${(err as Error).message})`],
      plan.operation,
    );
  }
  if (body !== undefined && (head.method === 'GET' || head.method === 'HEAD')) {
    throw new InvalidRequestError([`a ${head.method} request cannot carry a body`], plan.operation);
  }
  return body;
}
