// The front of a generated REST adapter (and of a generated MCP server's Express app, without CORS) as
// ONE Express middleware: request id, server span, access log, GET /healthz, then the Host/Origin
// check and CORS. Each piece used to be its own app.use() layer; every layer costs a router step per
// request (profile: notes/issue-12w.md), so restFront runs the same pieces inline, in the same order,
// with the same answers.
import type { Request, RequestHandler, Response } from 'express';
import { accessLogger } from './access-log.js';
import { healthHandler } from './health.js';
import { corsOriginAllowed, hostGuard, type HostPolicy } from './host-check.js';
import type { Logger } from './log.js';
import { assignRequestId } from './request-id.js';
import { corsGuard } from './rest-cors.js';
import { startServerSpan } from './tracing.js';

export interface RestFrontOptions {
  /** The service name GET /healthz answers with. */
  health: string;
  /** Host (and Origin) headers answered (hostCheck). */
  hosts: HostPolicy;
  /** Read for NAFTIKO_CORS_ORIGINS (CORS and the Origin check); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * False for a generated MCP server's app: no CORS answers, and the Origin check admits only the
   * host policy's origins (NAFTIKO_CORS_ORIGINS is the REST adapter's setting). Default true.
   */
  cors?: boolean;
}

/**
 * Whether a request is what `app.get('/healthz', …)` would match: GET or HEAD, path `/healthz` in any
 * letter case, with or without one trailing slash (Express's default, non-strict matching).
 */
export function isHealthCheck(method: string | undefined, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const q = url.indexOf('?');
  const end = q >= 0 ? q : url.length;
  const length = url.charCodeAt(end - 1) === 0x2f ? end - 1 : end;
  return length === 8 && url.slice(0, 8).toLowerCase() === '/healthz';
}

/**
 * The adapter's front middleware, in this order: request id (requestIdMiddleware), server span
 * (serverSpans), access log line (accessLog), GET /healthz (healthHandler: answered before the Host
 * check, so that probes using an address as Host reach it), Host/Origin check (hostCheck, with the
 * CORS list as allowed origins) and CORS (corsMiddleware).
 */
export function restFront(log: Logger, options: RestFrontOptions): RequestHandler {
  const env = options.env ?? process.env;
  const withCors = options.cors ?? true;
  const note = accessLogger(log);
  const health = healthHandler(options.health);
  const host = hostGuard(options.hosts, withCors ? corsOriginAllowed(env) : undefined);
  const cors = withCors ? corsGuard(env) : undefined;
  return (req: Request, res: Response, next) => {
    assignRequestId(req, res);
    startServerSpan(req, res);
    note(req, res);
    if (isHealthCheck(req.method, req.url)) return health(req, res, next);
    if (host !== undefined && !host(req, res)) return;
    if (cors !== undefined && !cors(req, res)) return;
    next();
  };
}
