// The Streamable HTTP side of a generated MCP server: the /mcp handler, and the request id (and trace
// context) each tool call carries upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  classifyInboundRequest,
  createMcpHandler,
  isJsonContentType,
  type JSONRPCRequest,
  type McpServer,
  type Transport,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import { JsonExchangeTransport, jsonExchangeMessage } from './mcp-json-transport.js';
import { type ConnectedServer, McpServerPool, REUSABLE_METHODS } from './mcp-server-pool.js';
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

/** A tool server for one exchange: the generated buildMcpServer bound to its clients and options. */
export type McpFactory = () => McpServer;

/**
 * The Node request handler of /mcp: `(req, res, parsedBody)` behind a JSON body parser. `jsonPost`:
 * the caller (mcpFront) has already checked that this is a POST with a JSON content type.
 */
export type McpNodeHandler = (
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  parsedBody?: unknown,
  jsonPost?: boolean,
) => Promise<void>;

/**
 * The /mcp handler. Every request is served by the SDK (createMcpHandler: modern 2026-07-28 traffic,
 * 2025 session operations, errors), except the common case measured in bench/: a 2025-era JSON-RPC
 * request over stateless HTTP. The SDK's stateless fallback answers that one over an SSE stream
 * (its transport is built with SSE framing and no way to ask for JSON); here it gets the same SDK
 * transport with `enableJsonResponse`, so the reply is one JSON body (a profile showed the SSE
 * stream, its monitor and the web-stream copy into the Node response as the largest cost around a
 * tools/call). Clients must accept both media types in 2025, so a JSON body is a valid answer.
 * The usual such request (see jsonExchangeMessage) skips the SDK's web-standard transport too: it
 * goes to the server over JsonExchangeTransport, with the same answer and without a web Request and
 * Response per exchange. Multi-client safety: a server serves one exchange at a time, and each
 * exchange's answer goes only to its own HTTP response. For tools/call, tools/list and ping the
 * server comes from a pool (see mcp-server-pool.ts), otherwise fresh from the factory: over
 * JsonExchangeTransport a pooled server stays connected and goes back once its exchange answered;
 * over the SDK's transport it goes back once answered and closed. One whose caller went away before
 * the answer is closed and dropped.
 */
export function mcpNodeHandler(
  factory: McpFactory,
  options: { onerror?: (err: Error) => void; pool?: McpServerPool } = {},
): McpNodeHandler {
  const sdk = toNodeHandler(createMcpHandler(factory, { onerror: options.onerror }));
  const pool = options.pool ?? new McpServerPool(factory);
  return async (req, res, parsedBody, jsonPost = false) => {
    if (!jsonPost && (req.method !== 'POST' || !isJsonContentType(header(req, 'content-type') ?? '')))
      return sdk(req, res, parsedBody);
    let legacy: boolean | undefined;
    const isLegacy = (): boolean => (legacy ??= isLegacyJsonRequest(req, parsedBody));
    const message = jsonExchangeMessage(req, parsedBody);
    // A request without `_meta` in its params cannot claim the 2026-07-28 envelope, and its
    // MCP-Protocol-Version is absent or a supported (2025-era) one (jsonExchangeMessage): the SDK
    // routes it to its 2025 leg without a doubt, so it is not classified again (classifyInboundRequest
    // was 2 % of the loaded server's CPU; test/runtime/mcp-json-transport.test.ts checks the two agree).
    if (message !== undefined && (message.params?._meta === undefined || isLegacy())) {
      const source = REUSABLE_METHODS.has(message.method) ? pool : factory;
      return serveOwnExchange(source, req, res, message, options.onerror);
    }
    if (isLegacy()) {
      const source = REUSABLE_METHODS.has((parsedBody as { method: string }).method) ? pool : factory;
      return serveJsonExchange(source, req, res, parsedBody as { id: string | number }, options.onerror);
    }
    return sdk(req, res, parsedBody);
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** A POSTed (JSON) single JSON-RPC request, not a notification or batch, that the SDK routes to its 2025 leg. */
function isLegacyJsonRequest(req: IncomingMessage, body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as Record<string, unknown>;
  if (typeof message.method !== 'string' || !('id' in message)) return false;
  const outcome = classifyInboundRequest({
    httpMethod: 'POST',
    protocolVersionHeader: header(req, 'mcp-protocol-version'),
    mcpMethodHeader: header(req, 'mcp-method'),
    mcpNameHeader: header(req, 'mcp-name'),
    body,
  });
  return outcome.kind === 'legacy';
}

/**
 * The web Request the SDK transport reads: method, URL and headers, no body (the body was parsed by
 * the JSON body parser and is handed to the transport as `parsedBody`). Built like the SDK's
 * toWebRequest, without serializing the parsed body again into a body stream nobody reads.
 */
function webRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  headers.delete('content-length');
  headers.delete('content-encoding');
  headers.delete('transfer-encoding');
  return new Request(`http://${header(req, 'host') ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'POST',
    headers,
  });
}

/** The HTTP answer of one exchange over the SDK's transport. */
interface Reply {
  status: number;
  headers: Iterable<[string, string]>;
  text: string;
}

/** A transport for one exchange, and how it gets the answer once a server is connected to it. */
interface Exchange {
  transport: Transport;
  reply(): Promise<Reply>;
}

/**
 * A 2025-era request that JsonExchangeTransport may not serve (see jsonExchangeMessage) keeps the
 * SDK's transport, so its refusals (406, 415, 400, 202 for a notification) are the SDK's own.
 */
function exchangeOf(req: IncomingMessage & { auth?: AuthInfo }, body: unknown): Exchange {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  return {
    transport,
    reply: async () => {
      const response = await transport.handleRequest(webRequestOf(req), {
        parsedBody: body,
        ...(req.auth !== undefined && { authInfo: req.auth }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

/**
 * Closes a server and its transport without capturing a stack: closing makes the SDK build its
 * "Connection closed" error (it rejects requests still pending; nothing logs its stack), and
 * capturing that stack was 2.6 % of the loaded server's CPU (notes/issue-12m2.md).
 */
function closeQuietly(server: McpServer, transport: Transport): Promise<void> {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    void transport.close().catch(() => undefined);
    return server.close().catch(() => undefined);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function report(onerror: ((err: Error) => void) | undefined, err: unknown): void {
  try {
    onerror?.(err instanceof Error ? err : new Error(String(err)));
  } catch {
    // reporting only
  }
}

/** The JSON-RPC internal error answer of an exchange that failed before the server answered. */
function internalError(res: ServerResponse, id: string | number | null): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id }));
}

/**
 * The common request (see jsonExchangeMessage) over JsonExchangeTransport, answered as the SDK's
 * transport answers it with JSON responses (200, `content-type: application/json`, the JSON-RPC
 * response as the body). With a pool (tools/call, tools/list, ping) the server stays connected to its
 * transport between exchanges: it goes back to the pool once its exchange was answered, so it never
 * serves two exchanges at once and never one whose predecessor is still running. A server whose
 * caller went away before the answer is closed (aborting its tool's upstream call) and dropped.
 */
async function serveOwnExchange(
  source: McpFactory | McpServerPool,
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  message: JSONRPCRequest,
  onerror: ((err: Error) => void) | undefined,
): Promise<void> {
  const pool = source instanceof McpServerPool ? source : undefined;
  let entry: ConnectedServer | undefined = pool?.takeConnected();
  let ended = false;
  const end = (keep: boolean): void => {
    if (ended || entry === undefined) return;
    ended = true;
    if (!keep || !pool?.releaseConnected(entry)) void closeQuietly(entry.server, entry.transport);
  };
  try {
    if (entry === undefined) {
      const server = pool ? pool.acquire() : (source as McpFactory)();
      const transport = new JsonExchangeTransport();
      entry = { server, transport };
      await server.connect(transport);
    }
    // The caller already went away (while connecting): nothing ran, the server may serve the next.
    if (res.destroyed) return end(true);
    // A caller that goes away before the answer: closing the server aborts the tool's upstream call.
    res.once('close', () => end(false));
    const answer = await entry.transport.exchange(message, req);
    if (answer === undefined) return end(false);
    if (!res.destroyed) {
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    }
    end(true);
  } catch (err) {
    report(onerror, err);
    internalError(res, message.id);
    end(false);
  }
}

/** Any other 2025-era request over the SDK's transport: connected and closed per exchange. */
async function serveJsonExchange(
  source: McpFactory | McpServerPool,
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  body: { id: string | number },
  onerror: ((err: Error) => void) | undefined,
): Promise<void> {
  const pool = source instanceof McpServerPool ? source : undefined;
  const server = pool ? pool.acquire() : (source as McpFactory)();
  const { transport, reply } = exchangeOf(req, body);
  let answered = false;
  let closed = false;
  const teardown = (): void => {
    if (closed) return;
    closed = true;
    // Back to the pool only once closed, and only if the exchange answered: a server whose caller
    // went away may still run the aborted tool's last steps.
    void closeQuietly(server, transport).then(() => {
      if (answered) pool?.release(server);
    });
  };
  // A caller that goes away before the answer: closing the server aborts the tool's upstream call.
  res.once('close', teardown);
  try {
    await server.connect(transport);
    const answer = await reply();
    answered = !closed;
    if (res.destroyed) return;
    res.statusCode = answer.status;
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.end(answer.text);
  } catch (err) {
    report(onerror, err);
    internalError(res, body.id ?? null);
  } finally {
    teardown();
  }
}
