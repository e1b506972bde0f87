// Express helpers of a generated REST adapter: reading and validating caller inputs, streaming an
// upstream response through with backpressure, mapping failures to JSON errors, health check, and a
// listener with graceful shutdown. Copied verbatim from naftiko-gen's templates/runtime/rest.ts; do
// not edit the copy.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from './log.js';
import { readErrorBody } from './read-body.js';
import { requestIdOf } from './request-id.js';
import { containsSecret, redactSecrets } from './secrets.js';
import { settingOf } from './settings.js';
import {
  InvalidRequestError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from './upstream-errors.js';
import {
  bodyLength,
  bodyStream,
  cancelBody,
  responseHeaders,
  type UpstreamResponse,
} from './upstream-response.js';

export type InputSource = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'bodyField';

export interface JsonSchemaLite {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly unknown[];
  items?: JsonSchemaLite;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface InputSpec {
  /** Name of the value in the result (the generated code's identifier). */
  name: string;
  source: InputSource;
  /** Name in the path/query/header/cookie/body field; for source 'body' the whole JSON request body is read. */
  wireName: string;
  schema: JsonSchemaLite;
  required: boolean;
}

export interface InputProblem {
  /** The caller-facing (wire) name. */
  name: string;
  in: InputSource;
  message: string;
}

type Raw = string | string[] | undefined;

function firstHeaderValue(req: Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Parses the Cookie header without a dependency; the first occurrence of a name wins. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (!key || Object.prototype.hasOwnProperty.call(out, key)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[key] = decodeURIComponent(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** Set (by jsonBodyOptions' verify) on a request whose JSON body was empty, which express.json() turns into `{}`. */
const EMPTY_BODY = Symbol('empty JSON body');

function emptyBody(req: Request): boolean {
  return (req as Request & { [EMPTY_BODY]?: true })[EMPTY_BODY] === true;
}

function rawValue(req: Request, spec: InputSpec): Raw | { json: unknown } {
  switch (spec.source) {
    case 'path': {
      const v = (req.params as Record<string, string | string[] | undefined> | undefined)?.[spec.wireName];
      return v;
    }
    case 'query': {
      const q = req.query as Record<string, unknown>;
      const v = q[spec.wireName];
      if (v === undefined) return undefined;
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
      return { json: v }; // an extended-parser object: validated as JSON
    }
    case 'header':
      return firstHeaderValue(req, spec.wireName);
    case 'cookie':
      return parseCookies(firstHeaderValue(req, 'cookie'))[spec.wireName];
    case 'body':
      return { json: emptyBody(req) ? undefined : req.body };
    case 'bodyField': {
      const body: unknown = emptyBody(req) ? undefined : req.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return { json: undefined };
      return {
        json: Object.prototype.hasOwnProperty.call(body, spec.wireName)
          ? (body as Record<string, unknown>)[spec.wireName]
          : undefined,
      };
    }
  }
}

function describeType(schema: JsonSchemaLite): string {
  switch (schema.type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    default:
      return 'a value';
  }
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** Coerces one string from the path/query/header/cookie to the schema's type. */
function coerceString(raw: string, schema: JsonSchemaLite): Coerced {
  switch (schema.type) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(raw.trim())) return { ok: false, message: 'must be an integer' };
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) return { ok: false, message: 'must be an integer within the safe range' };
      return { ok: true, value: n };
    }
    case 'number': {
      const t = raw.trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) return { ok: false, message: 'must be a number' };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const t = raw.trim().toLowerCase();
      if (t === 'true' || t === '1') return { ok: true, value: true };
      if (t === 'false' || t === '0') return { ok: true, value: false };
      return { ok: false, message: 'must be true or false' };
    }
    case 'object':
    case 'array': {
      try {
        return { ok: true, value: JSON.parse(raw) };
      } catch {
        return { ok: false, message: `must be ${describeType(schema)} (JSON)` };
      }
    }
    default: {
      if (schema.enum && schema.type === undefined) {
        const match = schema.enum.find((e) => String(e) === raw);
        if (match !== undefined) return { ok: true, value: match };
      }
      return { ok: true, value: raw };
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null)
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Validates an already-typed value against the schema; returns the first problem or undefined. */
export function validateValue(value: unknown, schema: JsonSchemaLite, path = ''): string | undefined {
  const at = path ? `${path} ` : '';
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return `${at}must be a string`;
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${at}must be an integer`;
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${at}must be a number`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `${at}must be true or false`;
      break;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return `${at}must be an object`;
      break;
    case 'array':
      if (!Array.isArray(value)) return `${at}must be an array`;
      if (schema.items) {
        for (let i = 0; i < value.length; i++) {
          const p = validateValue(value[i], schema.items, `${path}[${i}]`);
          if (p) return p.startsWith(`${path}[`) ? p : `${path}[${i}] ${p}`;
        }
      }
      break;
    default:
      break;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `${at}must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum)
      return `${at}must be at most ${schema.maximum}`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength)
      return `${at}must be at least ${schema.minLength} characters long`;
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength)
      return `${at}must be at most ${schema.maxLength} characters long`;
    if (schema.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(value)) return `${at}must match the pattern ${schema.pattern}`;
    }
  }
  if (schema.enum && schema.enum.length > 0 && !schema.enum.some((e) => sameValue(e, value))) {
    return `${at}must be one of: ${schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join(', ')}`;
  }
  return undefined;
}

/**
 * Reads, coerces (path/query/header/cookie strings → integer/number/boolean per schema; arrays from
 * repeated query keys) and validates inputs. Values that are absent are left out of `values`.
 */
export function readInputs(
  req: Request,
  specs: readonly InputSpec[],
): { values: Record<string, unknown>; problems: InputProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: InputProblem[] = [];
  for (const spec of specs) {
    const problem = (message: string): void => {
      problems.push({ name: spec.wireName, in: spec.source, message: `${spec.wireName} ${message}` });
    };
    const raw = rawValue(req, spec);
    let value: unknown;
    if (raw !== undefined && typeof raw === 'object' && !Array.isArray(raw)) {
      value = raw.json; // already JSON-typed: validate without coercion
    } else if (raw === undefined) {
      value = undefined;
    } else if (spec.schema.type === 'array') {
      const list = Array.isArray(raw) ? raw : [raw];
      const itemSchema = spec.schema.items ?? {};
      const out: unknown[] = [];
      let failed = false;
      for (const item of list) {
        const c = coerceString(item, itemSchema);
        if (!c.ok) {
          problem(`items ${c.message}`);
          failed = true;
          break;
        }
        out.push(c.value);
      }
      if (failed) continue;
      value = out;
    } else {
      if (Array.isArray(raw)) {
        problem('must be given once');
        continue;
      }
      const c = coerceString(raw, spec.schema);
      if (!c.ok) {
        problem(c.message);
        continue;
      }
      value = c.value;
    }
    if (value === undefined || (value === null && spec.source === 'body')) {
      if (spec.required) problem('is required');
      continue;
    }
    const p = validateValue(value, spec.schema);
    if (p) {
      problem(p);
      continue;
    }
    values[spec.name] = value;
  }
  return { values, problems };
}

/** 400 {"error":{"code":"invalid_request","message":"…","details":[…]}} */
export function sendProblems(res: Response, problems: readonly InputProblem[]): void {
  const message =
    problems.length === 0
      ? 'Invalid request'
      : `Invalid request: ${problems.map((p) => p.message).join('; ')}`;
  res.status(400).json({ error: { code: 'invalid_request', message, details: problems } });
}

const FORWARDED_HEADERS = new Set([
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'etag',
  'last-modified',
  'retry-after',
  'x-request-id',
  'request-id',
  'x-correlation-id',
]);
const FORWARDED_PATTERNS = [
  /^x-[a-z0-9-]*-(trace|request)-id$/,
  /^x-ratelimit-[a-z0-9-]+$/,
  /^ratelimit(-[a-z0-9-]+)?$/,
];

const FORBIDDEN_VALUE = /[\r\n\0]/;

/** Whether an upstream response header may be passed to the caller (never set-cookie, hop-by-hop, content-length). */
export function isForwardableHeader(name: string): boolean {
  const n = name.toLowerCase();
  if (FORWARDED_HEADERS.has(n)) return true;
  const c = n.charCodeAt(0);
  // Every pattern starts with "x-" or "r": skip the regexes for the common other headers.
  return (c === 0x78 || c === 0x72) && FORWARDED_PATTERNS.some((re) => re.test(n));
}

/** The allow-listed headers of an upstream response (Headers or a plain record). */
export function forwardableHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (v: string, k: string): void => {
    if (isForwardableHeader(k) && !FORBIDDEN_VALUE.test(v)) out[k.toLowerCase()] = v;
  };
  if (typeof Headers !== 'undefined' && headers instanceof Headers) headers.forEach(add);
  else for (const [k, v] of Object.entries(headers)) add(v, k);
  return out;
}

/**
 * Sets the forwardable upstream headers on the response. When the response already carries our own
 * x-request-id (requestIdMiddleware), it is kept and the upstream's goes out as x-upstream-request-id.
 */
function setForwardedHeaders(
  res: Response,
  headers: Record<string, string>,
  skip?: ReadonlySet<string>,
): void {
  const ours = res.getHeader('x-request-id') !== undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (skip?.has(k)) continue;
    if (k === 'x-request-id' && ours) {
      res.setHeader('x-upstream-request-id', v);
      continue;
    }
    res.setHeader(k, v);
  }
}

/** Upstream bodies up to this size (with a content-length) are read whole and sent in one write. */
const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Pipes the upstream response to the caller: status, content-type and allow-listed headers, body
 * streamed with backpressure (a small body with a known length goes out in one write, with its
 * content-length). A client disconnect cancels the upstream body (and resolves). If the upstream
 * fails mid-body the response is destroyed and the promise rejects with UpstreamNetworkError.
 */
export async function sendUpstream(res: Response, upstream: UpstreamResponse): Promise<void> {
  res.statusCode = upstream.status;
  setForwardedHeaders(res, forwardableHeaders(responseHeaders(upstream)));
  // Proxied bytes are the upstream's: never let a browser sniff them into something executable.
  res.setHeader('x-content-type-options', 'nosniff');
  const method = res.req?.method ?? 'GET';
  const noBody = upstream.status === 204 || upstream.status === 304 || method === 'HEAD';
  if (noBody || res.destroyed) {
    cancelBody(upstream);
    if (!res.destroyed) res.end();
    return;
  }
  const length = bodyLength(upstream);
  const source = bodyStream(upstream);
  if (source === null) {
    res.end();
    return;
  }
  try {
    if (upstream.status >= 400) {
      // Error bodies are read (bounded) and scrubbed: an upstream that echoes the credential it was
      // sent (a 401 saying "invalid key: sk-…") must not hand it to the caller.
      const { bytes, truncated } = await readErrorBody(source, { operation: upstream.operation });
      if (res.destroyed) return;
      if (truncated) res.setHeader('x-naftiko-truncated', 'true');
      res.setHeader('content-length', bytes.byteLength);
      res.end(bytes);
      return;
    }
    if (length !== undefined && length <= SMALL_BODY_BYTES) {
      const whole = await readSmall(source);
      if (res.destroyed) return;
      res.setHeader('content-length', whole.byteLength);
      res.end(whole);
      return;
    }
    await pipeline(source, res);
  } catch (err) {
    // The caller went away: pipeline has destroyed `source`, which cancels the upstream body.
    if (res.destroyed && !res.writableFinished && isClientGone(err, res)) return;
    // Nothing sent yet (a small body failed while being read): sendFailure can still answer 502.
    if (!res.headersSent && !res.destroyed)
      throw new UpstreamNetworkError(
        upstream.operation,
        `${upstream.operation}: the upstream response body could not be read`,
        { cause: err },
      );
    if (!res.destroyed) res.destroy();
    throw new UpstreamNetworkError(
      upstream.operation,
      `${upstream.operation}: the upstream response body failed mid-stream`,
      {
        cause: err,
      },
    );
  }
}

/** A whole (small) Node stream as one Buffer. */
function readSmall(source: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    source.on('data', (c: Buffer) => {
      chunks.push(c);
      total += c.byteLength;
    });
    source.once('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)),
    );
    source.once('error', reject);
    source.once('close', () => {
      if (!source.readableEnded) reject(source.errored ?? new Error('the upstream body closed early'));
    });
  });
}

function isClientGone(err: unknown, res: Response): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
  // A write error on the socket (EPIPE/ECONNRESET) also means the caller left.
  return res.socket === null || res.socket?.destroyed === true || code === 'EPIPE' || code === 'ECONNRESET';
}

const NOT_FROM_ERRORS: ReadonlySet<string> = new Set(['content-type', 'content-disposition']);

function errorJson(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): void {
  res.status(status).json({ error: { code, message, ...(extra ?? {}) } });
}

/** The JSON error of a client error raised by body-parser (express.json()), by its `type`. */
const BODY_PARSER_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  'entity.too.large': { code: 'payload_too_large', message: 'The request body is too large' },
  'entity.parse.failed': { code: 'invalid_json', message: 'The request body is not valid JSON' },
  'entity.verify.failed': { code: 'invalid_request', message: 'The request body was refused' },
  'charset.unsupported': {
    code: 'unsupported_charset',
    message: 'The charset of the request body is not supported: send it as UTF-8',
  },
  'encoding.unsupported': {
    code: 'unsupported_content_encoding',
    message:
      'The Content-Encoding of the request body is not supported: send it with gzip, deflate or br, or none',
  },
  'request.aborted': { code: 'request_aborted', message: 'The request body was not received in full' },
  'request.size.invalid': {
    code: 'invalid_request',
    message: 'The request body does not have the length its Content-Length says',
  },
  'parameters.too.many': { code: 'payload_too_large', message: 'The request body has too many parameters' },
};

/** The code of any other 4xx status an error carries. */
const CLIENT_ERROR_CODES: Readonly<Record<number, string>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  431: 'request_header_fields_too_large',
};

/**
 * An error of express, its router or body-parser that carries a 4xx `status` (or `statusCode`), as
 * the JSON error to answer, with a fixed message. E.g. the router's URIError for a path whose
 * percent-encoding does not decode (`/v1/batches/%E0%A4%A`) → 400 invalid_path.
 */
function clientErrorOf(
  err: unknown,
): { status: number; code: string; message: string; type?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, type } = err as { status?: unknown; statusCode?: unknown; type?: unknown };
  const httpStatus = typeof status === 'number' ? status : statusCode;
  if (typeof httpStatus !== 'number' || !Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 499)
    return undefined;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (known) return { status: httpStatus, ...known, type: type as string };
  if (err instanceof URIError)
    return {
      status: httpStatus,
      code: 'invalid_path',
      message: 'The request path is not valid: a %-escape in it does not decode to UTF-8 text',
    };
  return {
    status: httpStatus,
    code: CLIENT_ERROR_CODES[httpStatus] ?? 'invalid_request',
    message: STATUS_CODES[httpStatus] ?? 'Invalid request',
    ...(typeof type === 'string' ? { type } : {}),
  };
}

/**
 * Maps a thrown error to a JSON response: InvalidRequestError → 400, UpstreamTimeoutError → 504,
 * UpstreamNetworkError → 502, UpstreamHttpError → its status + body, an error of express, its router
 * or body-parser with a 4xx status (bad JSON, too large, a path that does not decode…) → that status
 * with a fixed message and a warn line, anything else → 500 with a generic message (never the
 * stack, never secrets).
 */
export function sendFailure(res: Response, err: unknown, log: Logger): void {
  if (res.headersSent) {
    log.warn('request failed after the response started; closing the connection', {
      error: err,
      requestId: requestIdOf(res),
    });
    if (!res.destroyed) res.destroy();
    return;
  }
  if (res.destroyed || res.socket?.destroyed === true) {
    // The caller went away (e.g. callerSignal aborted the upstream call): nobody to answer.
    log.info('request abandoned by the caller', { reason: (err as { message?: unknown } | null)?.message });
    return;
  }
  if (err instanceof InvalidRequestError) {
    errorJson(res, 400, 'invalid_request', `Invalid request: ${err.problems.join('; ')}`, {
      details: err.problems.map((message) => ({ message })),
    });
    return;
  }
  if (err instanceof UpstreamTimeoutError) {
    log.warn('upstream timeout', {
      operation: err.operation,
      timeoutMs: err.timeoutMs,
      requestId: requestIdOf(res),
    });
    errorJson(
      res,
      504,
      'upstream_timeout',
      `The upstream service did not respond within ${err.timeoutMs} ms`,
    );
    return;
  }
  if (err instanceof UpstreamNetworkError) {
    log.warn('upstream unreachable', { operation: err.operation, error: err, requestId: requestIdOf(res) });
    errorJson(res, 502, 'upstream_unreachable', 'The upstream service could not be reached');
    return;
  }
  if (err instanceof UpstreamHttpError) {
    res.status(err.status);
    setForwardedHeaders(res, forwardableHeaders(err.headers), NOT_FROM_ERRORS);
    if (err.body === undefined) {
      res.end();
    } else if (typeof err.body === 'string') {
      res.setHeader('x-content-type-options', 'nosniff');
      res.type(err.headers['content-type'] ?? 'text/plain').send(redactSecrets(err.body));
    } else {
      const json = JSON.stringify(err.body);
      res.type('application/json').send(containsSecret(json) ? redactSecrets(json) : json);
    }
    return;
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError') {
    log.info('request aborted', {});
    if (!res.destroyed) errorJson(res, 499, 'client_closed_request', 'The request was cancelled');
    return;
  }
  const refused = clientErrorOf(err);
  if (refused) {
    // The caller's mistake, not the server's: one line, no stack, never the error's own message
    // (body-parser's and the router's quote the body or the path).
    log.warn('request refused', {
      status: refused.status,
      code: refused.code,
      ...(refused.type ? { type: refused.type } : {}),
      requestId: requestIdOf(res),
    });
    errorJson(res, refused.status, refused.code, refused.message);
    return;
  }
  log.error('unhandled error', { error: err, requestId: requestIdOf(res) });
  errorJson(res, 500, 'internal_error', 'Internal server error');
}

/** Express error middleware (e.g. for express.json() parse errors) that delegates to sendFailure. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => sendFailure(res, err, log);
}

export const CORS_ORIGINS_ENV = 'NAFTIKO_CORS_ORIGINS';
const CORS_ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_ALLOW_HEADERS = ['content-type', 'authorization', 'x-api-key', 'x-request-id'];
const CORS_EXPOSE_HEADERS = 'x-request-id, x-upstream-request-id, retry-after, content-disposition';
const HEADER_LIST = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

/**
 * CORS, off unless NAFTIKO_CORS_ORIGINS is set: `*` allows any origin, otherwise a comma-separated
 * list of exact origins (e.g. `https://app.example.com,http://localhost:3000`). Answers preflight
 * requests (OPTIONS with Access-Control-Request-Method) with 204. Credentials are not allowed. A
 * value that is not such a list is a SettingError (servers refuse to start with it).
 */
export function corsMiddleware(env: NodeJS.ProcessEnv = process.env): RequestHandler {
  const setting = settingOf(CORS_ORIGINS_ENV, env);
  if (setting === undefined) return (_req, _res, next) => next();
  const any = setting.any;
  const allowed = new Set(setting.origins);
  return (req, res, next) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (!any) res.vary('Origin');
    if (origin === undefined || (!any && !allowed.has(origin.toLowerCase()))) return next();
    res.setHeader('access-control-allow-origin', any ? '*' : origin);
    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      const requested = req.headers['access-control-request-headers'];
      const headers = new Set(CORS_ALLOW_HEADERS);
      if (typeof requested === 'string' && HEADER_LIST.test(requested.trim())) {
        for (const h of requested.split(',')) headers.add(h.trim().toLowerCase());
      }
      res.vary('Access-Control-Request-Headers');
      res.setHeader('access-control-allow-methods', CORS_ALLOW_METHODS);
      res.setHeader('access-control-allow-headers', [...headers].join(', '));
      res.setHeader('access-control-max-age', '600');
      res.setHeader('content-length', '0');
      res.status(204).end();
      return;
    }
    res.setHeader('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    next();
  };
}

/**
 * One JSON log line per request once it is over: method, path (never the query string), status,
 * durationMs, requestId (from requestIdMiddleware), and aborted when the caller left first. Never
 * headers, query or bodies.
 */
export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const method = req.method;
    const url = req.originalUrl ?? req.url ?? '';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    res.once('close', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const requestId = (res.locals as Record<string, unknown> | undefined)?.requestId;
      const fields: Record<string, unknown> = { method, path, status: res.statusCode, durationMs };
      if (typeof requestId === 'string') fields.requestId = requestId;
      if (!res.writableFinished) fields.aborted = true;
      log.info('request', fields);
    });
    next();
  };
}

/** GET /healthz → {"status":"ok","name":…} */
export function healthHandler(name: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.status(200).json({ status: 'ok', name });
  };
}

/** Media types read as JSON request bodies (express.json's `type`), also checked by requireJsonContent. */
const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
export const DEFAULT_REST_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Options of express.json() for the routes that take a JSON body: NAFTIKO_REST_MAX_BODY (default
 * 1mb), and an empty body noted so that readInputs treats it as absent, not as `{}`.
 */
export function jsonBodyOptions(env: NodeJS.ProcessEnv = process.env): {
  limit: number;
  type: string[];
  verify: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
} {
  return {
    limit: settingOf('NAFTIKO_REST_MAX_BODY', env) ?? DEFAULT_REST_MAX_BODY_BYTES,
    type: [...JSON_MEDIA_TYPES],
    verify: (req, _res, body) => {
      if (body.length === 0) (req as IncomingMessage & { [EMPTY_BODY]?: true })[EMPTY_BODY] = true;
    },
  };
}

/** Whether a Content-Type header names JSON: application/json or application/<anything>+json. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = (header.split(';', 1)[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9!#$&^_.+-]+\+json$/.test(type);
}

function carriesBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Before express.json() on a route that takes a JSON body: a body of another type (or none, on a
 * route whose body is required) gets 415 saying to send application/json, rather than the parser
 * skipping it and the route answering that the body is missing. A required body that is absent
 * although the type is JSON stays a 400 of readInputs.
 */
export function requireJsonContent(bodyRequired: boolean): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['content-type'];
    if (isJsonContentType(header)) return next();
    if (!bodyRequired && !carriesBody(req)) return next();
    const given =
      header === undefined
        ? 'no Content-Type'
        : `Content-Type ${header.split(';', 1)[0]!.trim().slice(0, 100)}`;
    errorJson(
      res,
      415,
      'unsupported_media_type',
      `This route takes a JSON body: send it with Content-Type: application/json (the request had ${given})`,
    );
  };
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function allowHeader(methods: Iterable<string>): string {
  const set = new Set([...methods].map((m) => m.toUpperCase()));
  if (set.has('GET')) set.add('HEAD');
  const rank = (m: string): number =>
    METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length;
  return [...set].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).join(', ');
}

const ALLOWED = Symbol('allowed methods');

/**
 * Registered with app.all(path, …) after the routes of `path`: notes the methods served there, so
 * that methodNotAllowed() can answer 405 (several registered paths may match one request).
 */
export function allowedMethods(methods: readonly string[]): RequestHandler {
  return (_req, res, next) => {
    const locals = res.locals as { [ALLOWED]?: Set<string> };
    const seen = (locals[ALLOWED] ??= new Set());
    for (const m of methods) seen.add(m.toUpperCase());
    next();
  };
}

/**
 * After every route and allowedMethods(): a path that is served, but not with this method, answers
 * 405 with an Allow header (OPTIONS: 204 with Allow); an unknown path goes on to the 404 handler.
 */
export function methodNotAllowed(): RequestHandler {
  return (req, res, next) => {
    const seen = (res.locals as { [ALLOWED]?: Set<string> })[ALLOWED];
    if (seen === undefined || seen.size === 0) return next();
    const allow = allowHeader(seen);
    res.setHeader('allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    errorJson(
      res,
      405,
      'method_not_allowed',
      `${req.method} is not allowed on ${req.path}; allowed: ${allow}`,
    );
  };
}

export interface ServeOptions {
  name: string;
  port: number;
  host: string;
  log: Logger;
  /** How long in-flight requests may take to finish after SIGTERM/SIGINT; default 10 s. */
  shutdownTimeoutMs?: number;
  /**
   * When the address cannot be bound (port in use, not an address of this machine, no permission):
   * `exit` (default, for server entries) logs one error line saying what to pass instead and exits 1;
   * `reject` rejects with a ListenError carrying the same message.
   */
  onListenError?: 'exit' | 'reject';
}

/** serve() could not bind: `message` says why and what to pass instead; `code` is the system code. */
export class ListenError extends Error {
  readonly code: string | undefined;
  readonly host: string;
  readonly port: number;
  constructor(message: string, host: string, port: number, cause: unknown) {
    super(message, { cause });
    this.name = 'ListenError';
    this.code = (cause as { code?: unknown } | null)?.code as string | undefined;
    this.host = host;
    this.port = port;
  }
}

/** One line on why `host:port` could not be bound and which option to change. */
export function listenFailureMessage(err: unknown, host: string, port: number): string {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `port ${port} on ${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is in use; pass --port N (a free port, or 0 to pick one)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine; pass --host with one of its addresses (127.0.0.1: this machine only; 0.0.0.0: every interface)`;
    case 'EACCES':
    case 'EPERM':
      return port > 0 && port < 1024
        ? `not allowed to listen on ${where}: ports below 1024 need extra privileges; pass --port N with N of 1024 or more`
        : `not allowed to listen on ${where}; pass another --port N or --host H`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `host ${host} could not be resolved; pass --host with an IP address or a name of this machine`;
    case 'EAFNOSUPPORT':
      return `${host} is of an address family this machine does not support; pass --host with another address (e.g. 127.0.0.1)`;
    default: {
      const reason = (err as { message?: unknown } | null)?.message;
      return `cannot listen on ${where}${typeof reason === 'string' ? ` (${reason})` : ''}; check --host and --port`;
    }
  }
}

export interface RunningServer {
  port: number;
  host: string;
  /** Stops accepting, lets in-flight requests finish (bounded), resolves when all connections are closed. */
  close(): Promise<void>;
}

/**
 * Listens; on SIGTERM/SIGINT stops accepting, lets in-flight requests finish (bounded by
 * shutdownTimeoutMs), then exits 0. Resolves with the bound address (useful with port 0). When the
 * address cannot be bound, logs why and exits 1 (or rejects with a ListenError: onListenError).
 */
export function serve(app: Express, options: ServeOptions): Promise<RunningServer> {
  const { log, name } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const server = createServer();
  let closing: Promise<void> | undefined;

  // Registered before the app so that responses started during shutdown say `Connection: close`.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
  });
  server.on('request', app);

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      log.warn('second signal: exiting now', { signal });
      server.closeAllConnections();
      process.exit(1);
    }
    log.info('shutting down', { signal, name });
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => {
        log.warn('shutdown timeout: closing remaining connections', { name, shutdownTimeoutMs });
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      sweep.unref();
      force.unref();
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      const { host, port } = options;
      const failure = new ListenError(listenFailureMessage(err, host, port), host, port, err);
      if (options.onListenError === 'reject') {
        reject(failure);
        return;
      }
      log.error(failure.message, { name, host, port, code: failure.code });
      process.exit(1);
    };
    const onListening = (): void => {
      server.off('error', onError);
      server.on('error', (err) => log.error('server error', { error: err }));
      const address = server.address() as AddressInfo;
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      log.info('listening', { name, host: address.address, port: address.port });
      resolve({ port: address.port, host: address.address, close });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
}
