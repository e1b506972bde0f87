// The Streamable HTTP side of a generated MCP server: the request id each tool call carries
// upstream.
import { newRequestId, REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from './request-id.js';
import { traceOf, type TraceContext } from './tracing.js';

/** What a tool handler's context carries that the request id needs (SDK v2 ServerContext). */
export interface McpCallContext {
  mcpReq: { signal: AbortSignal };
  http?: { req?: { headers: { get(name: string): string | null } } };
}

/**
 * Options for an upstream call made by a tool: the caller's cancellation and the HTTP request's id
 * (set by requestIdMiddleware, so the access log, the response header and the upstream request
 * agree); a fresh id over stdio.
 */
export function callOptions(ctx: McpCallContext): {
  signal: AbortSignal;
  requestId: string;
  trace?: TraceContext;
} {
  const headers = ctx.http?.req?.headers;
  const id = headers?.get(REQUEST_ID_HEADER)?.trim();
  const trace = headers ? traceOf(headers) : undefined;
  return {
    signal: ctx.mcpReq.signal,
    requestId: id && REQUEST_ID_PATTERN.test(id) ? id : newRequestId(),
    ...(trace ? { trace } : {}),
  };
}
