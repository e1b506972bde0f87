// The /mcp handler's server pool: tools/call, tools/list and ping reuse idle servers (kept connected
// to their own exchange transport, or closed, between exchanges); initialize and other stateful
// methods get a fresh one; a server whose caller went away is closed and never reused. Real McpServer
// instances behind a real loopback node:http server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer, fromJsonSchema } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpNodeHandler } from '../../packages/runtime/src/mcp-http.js';
import { JsonExchangeTransport } from '../../packages/runtime/src/mcp-json-transport.js';
import { McpServerPool } from '../../packages/runtime/src/mcp-server-pool.js';
import { sleep, waitFor } from '../support/wait.js';

/** A server with one tool, `echo`, that answers its `tag` argument after `ms` milliseconds. */
function buildServer(): McpServer {
  const server = new McpServer({ name: 'pool-test', version: '1' });
  const input = fromJsonSchema<{ tag: string; ms?: number }>({
    type: 'object',
    properties: { tag: { type: 'string' }, ms: { type: 'integer' } },
    required: ['tag'],
  });
  server.registerTool('echo', { inputSchema: input }, async (args: { tag: string; ms?: number }, ctx) => {
    toolStarted?.();
    if (args.ms) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, args.ms);
        ctx.mcpReq.signal.addEventListener('abort', () => (clearTimeout(t), resolve()));
      });
    }
    return { content: [{ type: 'text', text: args.tag }] };
  });
  return server;
}

/** Called when any echo call starts running on a server (the abandoned-caller test waits for it). */
let toolStarted: (() => void) | undefined;
let built = 0;
/** Every server the pool built, in order. */
const servers: McpServer[] = [];
const pool = new McpServerPool(() => {
  built++;
  const server = buildServer();
  servers.push(server);
  return server;
});
let http: Server;
let url: string;

beforeAll(async () => {
  const handler = mcpNodeHandler(() => {
    built++;
    return buildServer();
  }, { pool });
  http = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => void handler(req, res, raw ? JSON.parse(raw) : undefined));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

async function post(message: object, signal?: AbortSignal): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const call = (id: number, tag: string, ms?: number, signal?: AbortSignal) =>
  post({ id, method: 'tools/call', params: { name: 'echo', arguments: { tag, ...(ms ? { ms } : {}) } } }, signal);

/** Waits until the pool holds `n` idle servers (release happens after the response is sent). */
async function idleAtLeast(n: number): Promise<void> {
  await waitFor(() => pool.idle >= n, 1000, 5);
}

/** The servers the pool keeps connected (taken out and put back in the same order). */
function keptConnected(): McpServer[] {
  const entries = [];
  for (let e = pool.takeConnected(); e !== undefined; e = pool.takeConnected()) entries.push(e);
  for (const e of entries.reverse()) pool.releaseConnected(e);
  return entries.map((e) => e.server);
}

describe('McpServerPool', () => {
  it('hands back a released, closed server; drops a connected one; keeps at most maxIdle', async () => {
    let n = 0;
    const small = new McpServerPool(() => (n++, buildServer()), 1);
    const a = small.acquire();
    const b = small.acquire();
    expect(n).toBe(2);
    small.release(a);
    small.release(b); // over maxIdle: dropped
    expect(small.idle).toBe(1);
    expect(small.acquire()).toBe(a);
    const { InMemoryTransport } = await import('@modelcontextprotocol/server');
    const [serverSide] = InMemoryTransport.createLinkedPair();
    await a.connect(serverSide);
    small.release(a); // still connected: never pooled
    expect(small.idle).toBe(0);
    await a.close();
  });

  it('keeps a connected server only between exchanges, and at most maxIdle', async () => {
    const small = new McpServerPool(buildServer, 1);
    const req = { headers: {} } as import('node:http').IncomingMessage;
    const entry = { server: small.acquire(), transport: new JsonExchangeTransport() };
    expect(small.releaseConnected(entry)).toBe(false); // not connected yet
    await entry.server.connect(entry.transport);
    const pending = entry.transport.exchange({ jsonrpc: '2.0', id: 1, method: 'ping' }, req);
    expect(small.releaseConnected(entry)).toBe(false); // its exchange is waiting for the answer
    await pending;
    expect(small.releaseConnected(entry)).toBe(true);
    expect(small.connected).toBe(1);
    const other = { server: buildServer(), transport: new JsonExchangeTransport() };
    await other.server.connect(other.transport);
    expect(small.releaseConnected(other)).toBe(false); // over maxIdle
    expect(small.takeConnected()).toBe(entry);
    expect(small.takeConnected()).toBeUndefined();
    await entry.server.close();
    expect(small.releaseConnected(entry)).toBe(false); // closed
    await other.server.close();
  });
});

describe('mcpNodeHandler with a pool', () => {
  it('sequential tools/call reuse one server, each answered with its own argument', async () => {
    built = 0;
    for (let i = 0; i < 5; i++) {
      const { status, body } = await call(i, `seq-${i}`);
      expect(status).toBe(200);
      expect(body.id).toBe(i);
      expect(body.result.content[0].text).toBe(`seq-${i}`);
      await idleAtLeast(1);
    }
    expect(built).toBe(1);
    // The one server stayed connected to its exchange transport between the calls.
    expect(pool.connected).toBe(1);
    expect(servers.at(-1)?.isConnected()).toBe(true);
  });

  it('initialize gets a fresh server, never a pooled one', async () => {
    await idleAtLeast(1);
    built = 0;
    const idleBefore = pool.idle;
    const { status, body } = await post({
      id: 7,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    });
    expect(status).toBe(200);
    expect(body.result.serverInfo.name).toBe('pool-test');
    expect(built).toBe(1);
    expect(pool.idle).toBe(idleBefore);
  });

  it('concurrent waves with colliding ids and an abandoned caller: every answer is its caller own', async () => {
    const abort = new AbortController();
    const running = new Promise<void>((resolve) => (toolStarted = resolve));
    const abandoned = call(1, 'abandoned', 300, abort.signal).catch((err: Error) => err);
    await running; // the call holds its server now
    toolStarted = undefined;
    const kept = keptConnected();
    const holder = servers.find((server) => server.isConnected() && !kept.includes(server));
    expect(holder).toBeDefined();
    const idleBefore = pool.idle;
    abort.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    // Past the tool's 300 ms whether or not the abort reached it: a server handed back to the pool
    // would be counted by now.
    await sleep(500);
    expect(pool.idle).toBe(idleBefore); // the abandoned exchange's server was dropped, not pooled
    expect(holder?.isConnected()).toBe(false); // and closed: its tool's signal was aborted
    for (let wave = 0; wave < 3; wave++) {
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => call(1, `w${wave}-${i}`, i % 3).then((r) => ({ i, r }))),
      );
      for (const { i, r } of results) {
        expect(r.status).toBe(200);
        expect(r.body.id).toBe(1);
        expect(r.body.result.content[0].text).toBe(`w${wave}-${i}`);
      }
      await idleAtLeast(1);
    }
    expect(pool.idle).toBeGreaterThan(1);
  });
});
