// The access log of a generated server: one line per request, written once the response is over so
// that it carries the status and duration.
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from './log.js';

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

/** The work of accessLog, without the `next` (restFront runs it inline). */
export function accessLogger(log: Logger): (req: Request, res: Response) => void {
  return (req, res) => {
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
  };
}
