// JSON request bodies of a generated REST adapter: the options of express.json() (size limit, the
// media types read as JSON, an empty body told apart from `{}`) and the 415 answer for a body that
// is not JSON, given before the parser would silently skip it.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { errorJson } from './rest-errors.js';
import { settingOf } from './settings.js';

/** Set (by jsonBodyOptions' verify) on a request whose JSON body was empty, which express.json() turns into `{}`. */
const EMPTY_BODY = Symbol('empty JSON body');

/** Whether the request's JSON body was empty: readInputs then reads the body as absent. */
export function emptyBody(req: Request): boolean {
  return (req as Request & { [EMPTY_BODY]?: true })[EMPTY_BODY] === true;
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

/**
 * The body as express.json() (strict) reads it: a JSON object or array, a leading byte-order mark
 * ignored; undefined when it is not one.
 */
export function parseJsonBody(text: string): object | undefined {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A body of a byte-order mark alone: express.json() reads what is left, nothing, as `{}`.
  if (json === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What express.json() raises when the caller goes away mid-body (errorHandler logs it, answers nobody). */
export const BODY_ABORTED = Object.freeze({
  status: 400,
  type: 'request.aborted',
  message: 'request aborted',
});

/**
 * Reads the whole body of `req` and hands `done` what parseJsonBody makes of it (undefined: not a JSON
 * object or array). A caller gone mid-body never reaches `done`: `gone` hears of it instead, once.
 */
export function readJsonBody(
  req: IncomingMessage,
  done: (body: object | undefined) => void,
  gone: () => void,
): void {
  const chunks: Buffer[] = [];
  let ended = false;
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('error', ignoreError);
  req.on('end', () => {
    ended = true;
    done(parseJsonBody(Buffer.concat(chunks).toString('utf8')));
  });
  req.on('close', () => {
    if (!ended) gone();
  });
}

const ignoreError = (): void => undefined;

/**
 * `application/json`, alone or with a UTF-8 charset, spaces and tabs only around the parts (as the
 * content-type package trims them: a no-break space makes another media type, which express.json()
 * skips).
 */
const PLAIN_JSON = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*("?)utf-8\1[ \t]*)?$/i;
const DECIMAL = /^\d{1,12}$/;

/**
 * Whether a request's body is one the node:http fronts (mcpFront, restDirect) read themselves, exactly
 * as express.json() would: plain UTF-8 JSON, not encoded, of a declared length from 1 byte to
 * `maxBytes`. Any other body goes to the app, whose parser answers it.
 */
export function isPlainJsonBody(headers: IncomingHttpHeaders, maxBytes: number): boolean {
  if (headers['transfer-encoding'] !== undefined) return false;
  const coding = headers['content-encoding'];
  if (coding !== undefined && coding.toLowerCase() !== 'identity') return false;
  const length = headers['content-length'];
  if (length === undefined || !DECIMAL.test(length)) return false;
  const n = Number(length);
  if (n === 0 || n > maxBytes) return false;
  const type = headers['content-type'];
  return type !== undefined && PLAIN_JSON.test(type);
}
