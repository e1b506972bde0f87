// The node:http front of a generated MCP server over HTTP: the common request, a JSON-RPC POST to
// /mcp, is served without Express and body-parser; everything else goes to the generated Express app
// unchanged (health probe, OAuth metadata, refusals, other paths and methods, unusual bodies).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { accessLogger } from './access-log.js';
import { hostAdmission, type HostPolicy } from './host-check.js';
import type { Logger } from './log.js';
import type { McpNodeHandler } from './mcp-http.js';
import { assignRequestId } from './request-id.js';
import { BODY_ABORTED, isPlainJsonBody, readJsonBody } from './rest-body.js';
import { BODY_PARSER_ERRORS, sendFailure } from './rest-errors.js';
import { startServerSpan } from './tracing.js';

export interface McpFrontOptions {
  /** The /mcp handler (mcpNodeHandler). */
  handler: McpNodeHandler;
  /** The Host/Origin policy the app's hostCheck applies; a request it refuses goes to the app. */
  hosts: HostPolicy;
  /** NAFTIKO_MCP_MAX_BODY in bytes: a longer body goes to the app (which answers 413). */
  maxBodyBytes: number;
  log: Logger;
  /**
   * False when access control applies (OAuth or the capability's inbound authentication): every
   * request then goes through the app, whose middleware checks it.
   */
  direct: boolean;
  /** Runs the handler in the caller's credential scope (callerCredentials); none by default. */
  scope?: (req: IncomingMessage, res: unknown, next: () => void) => void;
}

/**
 * A request listener for serve(): a POST to exactly /mcp whose Host/Origin the policy admits, with a
 * UTF-8 JSON body of a declared length within the limit and no content coding, is served here with
 * the same request id, span, access log and caller-credential scope as the app gives it; any other
 * request goes to `app`, which answers it as before. Why: in a profile of the loaded server the
 * Express router and body-parser were ~15 % of its CPU (notes/issue-12m2.md).
 */
export function mcpFront(app: RequestListener, options: McpFrontOptions): RequestListener {
  if (!options.direct) return app;
  const { handler, maxBodyBytes, log } = options;
  const admits = hostAdmission(options.hosts);
  const note = accessLogger(log);
  const scope = options.scope;

  const takes = (req: IncomingMessage): boolean => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    if (url !== '/mcp' && !url.startsWith('/mcp?')) return false;
    return isPlainJsonBody(req.headers, maxBodyBytes) && admits(req.headers) === 'ok';
  };

  return (req, res) => {
    if (!takes(req)) {
      app(req, res);
      return;
    }
    // What the app's front gives every response (in Express's res.locals): the request id.
    const locals: Record<string, unknown> = Object.create(null);
    const response = Object.assign(res, { locals });
    assignRequestId(req, response);
    startServerSpan(req, res);
    note(req, response);
    readJsonBody(
      req,
      (body) => {
        if (body === undefined) {
          refuseInvalidJson(res, log);
          return;
        }
        // The span names itself after the JSON-RPC method it finds here (as the app's body parser sets it).
        (req as IncomingMessage & { body?: unknown }).body = body;
        const run = (): void => {
          // POST and a JSON content type are checked above (`takes`): the handler need not check them again.
          handler(req, res, body, true).catch((err: unknown) => failed(res, err, log));
        };
        if (scope) scope(req, res, run);
        else run();
      },
      () => sendFailure(response as unknown as Parameters<typeof sendFailure>[0], BODY_ABORTED, log),
    );
  };
}

function requestIdOfResponse(res: ServerResponse): unknown {
  return (res as ServerResponse & { locals?: Record<string, unknown> }).locals?.requestId;
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The app's answer to a body that is not JSON (errorHandler → 400 invalid_json), and its log line. */
function refuseInvalidJson(res: ServerResponse, log: Logger): void {
  const type = 'entity.parse.failed';
  const { code, message } = BODY_PARSER_ERRORS[type]!;
  log.warn('request refused', { status: 400, code, type, requestId: requestIdOfResponse(res) });
  sendJson(res, 400, { error: { code, message } });
}

/** A handler failure that escaped mcpNodeHandler: 500 without details, as the app's errorHandler. */
function failed(res: ServerResponse, err: unknown, log: Logger): void {
  if (res.headersSent || res.destroyed) {
    if (!res.destroyed) res.destroy();
    return;
  }
  log.error('unhandled error', { error: err, requestId: requestIdOfResponse(res) });
  sendJson(res, 500, { error: { code: 'internal_error', message: 'Internal server error' } });
}
