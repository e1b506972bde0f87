// Idle MCP servers kept for reuse by the /mcp handler, so a tools/call does not pay for building a
// server and registering every tool (a profile of the generated server under load showed the
// factory at ~4 % of the CPU, plus the garbage of one server per call).
import type { McpServer } from '@modelcontextprotocol/server';

/**
 * JSON-RPC methods a reused server may serve. A server serves one exchange at a time and is closed
 * between exchanges (the SDK's close() clears its transport, pending handlers and timers), but
 * some requests leave state on the instance that close() keeps: `initialize` records the client's
 * capabilities and identity, `logging/setLevel` a level, subscriptions a listener. Those get a fresh
 * server, as before; these three read and write no per-connection state.
 */
export const REUSABLE_METHODS: ReadonlySet<string> = new Set(['tools/call', 'tools/list', 'ping']);

/** Default number of idle servers kept: more than the concurrency a server of this kind sees. */
export const DEFAULT_IDLE_SERVERS = 64;

export class McpServerPool {
  readonly #factory: () => McpServer;
  readonly #maxIdle: number;
  readonly #idle: McpServer[] = [];

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

  /** Number of idle servers (for tests). */
  get idle(): number {
    return this.#idle.length;
  }
}
