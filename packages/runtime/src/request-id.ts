// Request ids of a generated REST adapter: every request gets an id (the caller's `x-request-id`
// when it is safe, a random UUID otherwise), echoed in the response and passed upstream.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What an incoming request id may look like to be reused (no spaces, no control characters). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A fresh random request id (UUID v4). */
export function newRequestId(): string {
  return randomUUID();
}

/** The request id stored by requestIdMiddleware, if any. */
export function requestIdOf(res: { locals?: Record<string, unknown> }): string | undefined {
  const id = res.locals?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Takes a valid incoming `x-request-id` (REQUEST_ID_PATTERN) or generates one, stores it in
 * `res.locals.requestId` and sets the `x-request-id` response header.
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    assignRequestId(req, res);
    next();
  };
}

/**
 * The work of requestIdMiddleware, without the `next` (restFront and mcpFront run it inline): an
 * Express request and response, or a Node one whose `locals` the caller created.
 */
export function assignRequestId(
  req: Pick<IncomingMessage, 'headers'>,
  res: Pick<ServerResponse, 'setHeader'> & { locals: Record<string, unknown> },
): void {
  const raw = req.headers[REQUEST_ID_HEADER];
  const incoming = typeof raw === 'string' ? raw.trim() : undefined;
  const id = incoming !== undefined && REQUEST_ID_PATTERN.test(incoming) ? incoming : newRequestId();
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  // Handlers that only see the request (the MCP SDK hands tools a web Request) read it from there.
  req.headers[REQUEST_ID_HEADER] = id;
}
