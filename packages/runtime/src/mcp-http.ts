// The Streamable HTTP side of a generated MCP server: the /mcp handler, and the request id (and trace
// context) each tool call carries upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  classifyInboundRequest,
  createMcpHandler,
  isJsonContentType,
  type McpServer,
  type Transport,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import { JsonExchangeTransport, jsonExchangeMessage } from './mcp-json-transport.js';
import { McpServerPool, REUSABLE_METHODS } from './mcp-server-pool.js';
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
 * Response per exchange. Multi-client safety: each exchange gets its own transport, and a server that serves one exchange
 * at a time; for tools/call, tools/list and ping the server comes from a pool of idle, closed
 * servers (see mcp-server-pool.ts), otherwise fresh from the factory. A server goes back to the pool
 * only after its exchange answered and it was closed; one whose caller went away is dropped.
 */
export function mcpNodeHandler(
  factory: McpFactory,
  options: { onerror?: (err: Error) => void; pool?: McpServerPool } = {},
): McpNodeHandler {
  const sdk = toNodeHandler(createMcpHandler(factory, { onerror: options.onerror }));
  const pool = options.pool ?? new McpServerPool(factory);
  return async (req, res, parsedBody, jsonPost = false) => {
    if (isLegacyJsonRequest(req, parsedBody, jsonPost)) {
      const reuse = REUSABLE_METHODS.has(parsedBody.method);
      return serveJsonExchange(reuse ? pool : factory, req, res, parsedBody, options.onerror);
    }
    return sdk(req, res, parsedBody);
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** A POSTed single JSON-RPC request (not a notification or batch) that the SDK routes to its 2025 leg. */
function isLegacyJsonRequest(
  req: IncomingMessage,
  body: unknown,
  jsonPost: boolean,
): body is { id: string | number; method: string } {
  if (!jsonPost && (req.method !== 'POST' || !isJsonContentType(header(req, 'content-type') ?? '')))
    return false;
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

/** The HTTP answer of one exchange, or undefined when the caller went away first. */
interface Reply {
  status: number;
  headers: Iterable<[string, string]>;
  text: string;
}

/** A transport for one exchange, and how it gets the answer once a server is connected to it. */
interface Exchange {
  transport: Transport;
  reply(): Promise<Reply | undefined>;
}

/**
 * The common request (see jsonExchangeMessage) over JsonExchangeTransport: the server's answer is
 * written as the SDK's transport writes it with JSON responses (200, `content-type:
 * application/json`, the JSON-RPC response as the body). Any other 2025-era request keeps the SDK's
 * transport, so its refusals (406, 415, 400, 202 for a notification) are the SDK's own.
 */
function exchangeOf(req: IncomingMessage & { auth?: AuthInfo }, body: unknown): Exchange {
  const message = jsonExchangeMessage(req, body);
  if (message !== undefined) {
    const transport = new JsonExchangeTransport();
    return {
      transport,
      reply: async () => {
        const answer = await transport.exchange(message, req);
        if (answer === undefined) return undefined;
        return { status: 200, headers: JSON_HEADERS, text: JSON.stringify(answer) };
      },
    };
  }
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

const JSON_HEADERS: ReadonlyArray<[string, string]> = [['content-type', 'application/json']];

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
    // Closing makes the SDK build its "Connection closed" error (it rejects requests still pending,
    // none once answered; nothing logs its stack): capturing that stack was 2.6 % of the loaded
    // server's CPU (notes/issue-12m2.md), so none is captured while closing.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      void transport.close().catch(() => undefined);
      // Back to the pool only once closed, and only if the exchange answered: a server whose caller
      // went away may still run the aborted tool's last steps.
      server.close().then(
        () => {
          if (answered) pool?.release(server);
        },
        () => undefined,
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  };
  // A caller that goes away before the answer: closing the server aborts the tool's upstream call.
  res.once('close', teardown);
  try {
    await server.connect(transport);
    const answer = await reply();
    answered = answer !== undefined && !closed;
    if (answer === undefined || res.destroyed) return;
    res.statusCode = answer.status;
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.end(answer.text);
  } catch (err) {
    try {
      onerror?.(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // reporting only
    }
    if (!res.headersSent && !res.destroyed) {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          error: { code: -32603, message: 'Internal server error' },
          id: body.id ?? null,
        }),
      );
    }
  } finally {
    teardown();
  }
}
