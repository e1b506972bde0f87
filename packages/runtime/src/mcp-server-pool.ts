// Idle MCP servers kept for reuse by the /mcp handler, so a tools/call does not pay for building a
// server and registering every tool (a profile of the generated server under load showed the
// factory at ~4 % of the CPU, plus the garbage of one server per call).
import type { McpServer } from '@modelcontextprotocol/server';
import type { JsonExchangeTransport } from './mcp-json-transport.js';

/** A server kept connected to its own JsonExchangeTransport between exchanges (see mcp-http.ts). */
export interface ConnectedServer {
  readonly server: McpServer;
  readonly transport: JsonExchangeTransport;
}

/**
 * JSON-RPC methods a reused server may serve. A server serves one exchange at a time; between two it
 * is either closed (the SDK's close() clears its transport, pending handlers and timers) or kept
 * connected to its idle JsonExchangeTransport, with nothing pending (its exchange was answered, and
 * the transport takes no answer outside an exchange). Some requests leave state on the instance
 * that neither clears: `initialize` records the client's capabilities and identity,
 * `logging/setLevel` a level, subscriptions a listener. Those get a fresh server, as before; these
 * three read and write no per-connection state.
 */
export const REUSABLE_METHODS: ReadonlySet<string> = new Set(['tools/call', 'tools/list', 'ping']);

/** Default number of idle servers kept: more than the concurrency a server of this kind sees. */
export const DEFAULT_IDLE_SERVERS = 64;

export class McpServerPool {
  readonly #factory: () => McpServer;
  readonly #maxIdle: number;
  readonly #idle: McpServer[] = [];
  readonly #connected: ConnectedServer[] = [];

  constructor(factory: () => McpServer, maxIdle = DEFAULT_IDLE_SERVERS) {
    this.#factory = factory;
    this.#maxIdle = maxIdle;
  }

  /** An idle server, or a new one from the factory when none is idle. */
  acquire(): McpServer {
    return this.#idle.pop() ?? this.#factory();
  }

  /**
   * Returns a server whose exchange completed and which is closed; it is dropped instead when the
   * pool is full or the server is still connected (a caller must never share a live connection).
   */
  release(server: McpServer): void {
    if (server.isConnected() || this.#idle.length >= this.#maxIdle) return;
    this.#idle.push(server);
  }

  /** An idle server still connected to its exchange transport, if one is kept. */
  takeConnected(): ConnectedServer | undefined {
    return this.#connected.pop();
  }

  /**
   * Keeps a connected server whose exchange was answered, for the next exchange; false (the caller
   * closes it) when the pool is full, or its transport is closed or still waiting for an answer.
   */
  releaseConnected(entry: ConnectedServer): boolean {
    if (!entry.transport.idle || !entry.server.isConnected() || this.#connected.length >= this.#maxIdle)
      return false;
    this.#connected.push(entry);
    return true;
  }

  /** Number of idle servers, closed or connected (for tests). */
  get idle(): number {
    return this.#idle.length + this.#connected.length;
  }

  /** Number of idle servers kept connected (for tests). */
  get connected(): number {
    return this.#connected.length;
  }
}
