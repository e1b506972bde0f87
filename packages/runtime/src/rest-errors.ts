// Failure answers of a generated server's HTTP side: every thrown error (invalid input, an upstream
// timeout, network failure or error status, a client error of express or body-parser, a bug) becomes
// one JSON error with the right status and at most one log line, never a stack or a secret.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import { MissingCallerCredentialError } from './caller-credentials.js';
import { forwardableHeaders, setForwardedHeaders } from './forwarded-headers.js';
import type { Logger } from './log.js';
import { requestIdOf } from './request-id.js';
import { containsSecret, redactSecrets } from './secrets.js';
import {
  InvalidRequestError,
  BinaryTooLargeError,
  UpstreamFormatError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from './upstream-errors.js';

// Not copied from an upstream error's headers: sendFailure sets the type of the body it sends (a
// scrubbed, perhaps re-serialised copy, not the upstream's file).
const NOT_FROM_ERRORS: ReadonlySet<string> = new Set(['content-type', 'content-disposition']);

/** {"error":{"code":…,"message":…,…extra}}: the one shape of every error this server answers itself. */
export function errorJson(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): void {
  res.status(status).json({ error: { code, message, ...(extra ?? {}) } });
}

/** The JSON error of a client error raised by body-parser (express.json()), by its `type`. */
export const BODY_PARSER_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
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
  if (err instanceof MissingCallerCredentialError) {
    // Nothing was sent upstream. The message names the header, never a value.
    res.setHeader('cache-control', 'no-store');
    errorJson(res, 401, 'missing_credential', err.message, { header: err.header });
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
  if (err instanceof BinaryTooLargeError) {
    log.warn('upstream binary over maxBinarySize', {
      operation: err.operation,
      maxBytes: err.maxBytes,
      requestId: requestIdOf(res),
    });
    errorJson(
      res,
      502,
      'upstream_too_large',
      `The upstream response is larger than ${err.maxBytes} bytes, the operation's maxBinarySize`,
    );
    return;
  }
  if (err instanceof UpstreamFormatError) {
    // A 2xx body the operation's declared output cannot be built from: the upstream broke its contract.
    log.warn('upstream body not usable', {
      operation: err.operation,
      reason: err.reason,
      contentType: err.contentType,
      requestId: requestIdOf(res),
    });
    errorJson(
      res,
      502,
      'upstream_invalid_body',
      err.reason === 'too-large'
        ? 'The upstream response is too large to build the declared output from'
        : 'The upstream response is not the JSON the operation declares',
    );
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
