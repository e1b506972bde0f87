/** Response helpers and the error bodies the service sends. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './types.js';

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** `{"error": {message, type, param, code}}` (the documented ErrorResponse). */
export function sendError(res: ServerResponse, status: number, error: ApiError): void {
  sendJson(res, status, { error });
}

/**
 * An error passed through from the provider: `{"error": {...}, "provider": "openai"}`, with
 * the message prefixed the way Portkey does ("openai error: ...").
 */
export function sendProviderError(res: ServerResponse, status: number, error: ApiError): void {
  sendJson(res, status, { error: { ...error, message: `openai error: ${error.message}` }, provider: 'openai' });
}

/** The gateway's own failure body, e.g. for a request body that is not JSON. */
export function sendGatewayFailure(res: ServerResponse, status = 500, message = 'Something went wrong'): void {
  sendJson(res, status, { status: 'failure', message });
}
