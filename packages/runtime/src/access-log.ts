// The access log of a generated server: one line per request, written once the response is over so
// that it carries the status and duration.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from './log.js';

/** What the access log reads of a response: its status and end, and the request id in `locals`. */
type AccessLogged = ServerResponse & { locals?: Record<string, unknown> };

/**
 * One JSON log line per request once it is over: method, path (never the query string), status,
 * durationMs, requestId (from requestIdMiddleware), and aborted when the caller left first. Never
 * headers, query or bodies.
 */
export function accessLog(log: Logger): RequestHandler {
  const note = accessLogger(log);
  return (req, res, next) => {
    note(req, res);
    next();
  };
}

/**
 * The work of accessLog, without the `next` (restFront and mcpFront run it inline): an Express
 * request and response, or a Node one (whose `locals`, when present, hold the request id).
 */
export function accessLogger(
  log: Logger,
): (req: Pick<IncomingMessage, 'method' | 'url'> & { originalUrl?: string }, res: AccessLogged) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method;
    const url = req.originalUrl ?? req.url ?? '';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    res.once('close', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const requestId = res.locals?.requestId;
      const fields: Record<string, unknown> = { method, path, status: res.statusCode, durationMs };
      if (typeof requestId === 'string') fields.requestId = requestId;
      if (!res.writableFinished) fields.aborted = true;
      log.info('request', fields);
    });
  };
}
