// A Transport (the SDK's documented extension point) for the most common exchange of a generated MCP
// server over HTTP: one JSON-RPC request POSTed to /mcp without a session, answered with one JSON
// body. The SDK's Server still parses, validates and dispatches the message and produces the answer;
// this transport only hands the message over and gives back the answer, without the web Request,
// Response and header copies the SDK's web-standard transport builds per exchange (a profile of the
// loaded server: notes/issue-12m3.md). Whether a request may take this path is decided by
// jsonExchangeMessage; every other request keeps the SDK's transport and its answers.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import {
  type AuthInfo,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
  parseJSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Transport,
} from '@modelcontextprotocol/server';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * The message of a request this transport may serve with exactly the answer the SDK's transport
 * (stateless, JSON responses) would give, or undefined when the SDK's transport must answer it: its
 * Accept header names both JSON and SSE (otherwise 406), its MCP-Protocol-Version header is absent or
 * supported (otherwise 400), and the body is one JSON-RPC request by the SDK's own schema (otherwise
 * 400 or a 202 for a notification). The caller has checked the method (POST) and the content type,
 * and serves the message only if the SDK classifies the request as 2025-era (a request without
 * `_meta` in its params always is: it cannot claim the 2026-07-28 envelope).
 */
export function jsonExchangeMessage(req: IncomingMessage, body: unknown): JSONRPCRequest | undefined {
  const accept = header(req.headers, 'accept');
  if (accept === undefined || !accept.includes('application/json') || !accept.includes('text/event-stream'))
    return undefined;
  const version = header(req.headers, 'mcp-protocol-version');
  if (
    req.headers['mcp-protocol-version'] !== undefined &&
    (version === undefined || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))
  )
    return undefined;
  let message: JSONRPCMessage;
  try {
    message = parseJSONRPCMessage(body);
  } catch {
    return undefined;
  }
  return 'method' in message && 'id' in message ? message : undefined;
}

/**
 * What a tool reads of the HTTP request (callOptions: the request id and trace headers; the SDK: the
 * session header): the Node request's headers behind the web `Headers.get` the context offers.
 */
interface RequestView {
  headers: { get(name: string): string | null };
}

function requestView(req: IncomingMessage): RequestView {
  return {
    headers: {
      get(name: string): string | null {
        const v = req.headers[name.toLowerCase()];
        if (v === undefined) return null;
        return Array.isArray(v) ? v.join(', ') : v;
      },
    },
  };
}

/**
 * Exchanges with one connected server, one at a time: `exchange(message, req)` resolves with the
 * server's answer to the request, or undefined when the transport was closed first (the caller went
 * away). Once an exchange has its answer the transport may serve the next one, so a pooled server
 * stays connected between exchanges (connecting and closing per exchange was ~5 % of the loaded
 * server's CPU, notes/issue-12mcp.md). As the SDK's transport does with JSON responses, messages the
 * server sends beside the answer (notifications, requests to the client) are not delivered: a JSON
 * body carries only the answer.
 */
export class JsonExchangeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  #id: JSONRPCRequest['id'] | undefined;
  #settle: ((answer: JSONRPCMessage | undefined) => void) | undefined;
  #closed = false;

  async start(): Promise<void> {}

  /** Connected, not closed, and no exchange waiting for its answer: the next exchange may start. */
  get idle(): boolean {
    return !this.#closed && this.#settle === undefined && this.onmessage !== undefined;
  }

  exchange(message: JSONRPCRequest, req: IncomingMessage & { auth?: AuthInfo }): Promise<JsonExchangeAnswer> {
    const onmessage = this.onmessage;
    if (!this.idle || onmessage === undefined)
      throw new Error('JsonExchangeTransport serves one exchange at a time, once connected');
    this.#id = message.id;
    const answer = new Promise<JSONRPCMessage | undefined>((resolve) => (this.#settle = resolve));
    // The SDK types the request as a web Request; what it and our tools read of it is headers.get
    // (see RequestView), which the view answers from the Node request without building one.
    const request = requestView(req) as unknown as Request;
    onmessage(message, { request, ...(req.auth !== undefined && { authInfo: req.auth }) });
    return answer;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if ('method' in message) return;
    // Only the answer of the exchange in progress: anything else (a second answer, an answer after
    // the exchange ended) could otherwise reach the next exchange's caller.
    if (this.#settle === undefined || message.id !== this.#id)
      throw new Error(`No connection established for request ID: ${String(message.id)}`);
    const settle = this.#settle;
    this.#settle = undefined;
    this.#id = undefined;
    settle(message);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#settle?.(undefined);
    this.#settle = undefined;
    this.onclose?.();
  }
}

/** The server's answer to an exchange, or undefined when the transport was closed first. */
export type JsonExchangeAnswer = JSONRPCMessage | undefined;
