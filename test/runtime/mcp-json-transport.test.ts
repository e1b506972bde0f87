// The /mcp handler's own transport for a single stateless JSON-RPC request (JsonExchangeTransport):
// every request is answered exactly as the SDK's web-standard transport (stateless, JSON responses)
// answers it — status, content type and body — whether the handler serves it itself or leaves it to
// the SDK; a tool sees the HTTP request's headers; a caller gone before the answer gets none. Real
// McpServer instances behind real loopback node:http servers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  classifyInboundRequest,
  createMcpHandler,
  fromJsonSchema,
  McpServer,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOptions, mcpNodeHandler } from '../../packages/runtime/src/mcp-http.js';
import { JsonExchangeTransport, jsonExchangeMessage } from '../../packages/runtime/src/mcp-json-transport.js';

/** A server with `echo` (answers its `tag`, or fails when tag is "fail") and `whoami` (the request id). */
function buildServer(): McpServer {
  const server = new McpServer({ name: 'json-transport-test', version: '1' });
  const input = fromJsonSchema<{ tag: string }>({
    type: 'object',
    properties: { tag: { type: 'string' } },
    required: ['tag'],
  });
  server.registerTool('echo', { inputSchema: input }, async (args: { tag: string }) => {
    if (args.tag === 'fail') throw new Error('echo failed');
    return { content: [{ type: 'text', text: args.tag }] };
  });
  const none = fromJsonSchema<Record<string, never>>({ type: 'object', properties: {} });
  server.registerTool('whoami', { inputSchema: none }, async (_args, ctx) => {
    const { requestId, trace } = callOptions(ctx);
    return { content: [{ type: 'text', text: `${requestId} ${trace?.traceparent ?? '-'}` }] };
  });
  return server;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => resolve(raw));
  });

let ours: Server;
let reference: Server;
const base = { ours: '', reference: '' };

beforeAll(async () => {
  const handler = mcpNodeHandler(buildServer);
  ours = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    void handler(req, res, body);
  });
  // The SDK's own transport, as the SDK documents it for a stateless JSON server: a fresh server and
  // transport per request, the raw request handed over as a web Request.
  reference = createServer(async (req, res) => {
    const raw = await readBody(req);
    const server = buildServer();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await transport.handleRequest(
      new Request(`http://${req.headers.host}${req.url}`, { method: req.method!, headers, body: raw }),
    );
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(await response.text());
    await server.close();
  });
  for (const [name, server] of [
    ['ours', ours],
    ['reference', reference],
  ] as const) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  }
});

afterAll(async () => {
  for (const server of [ours, reference]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

interface Answer {
  status: number;
  type: string | null;
  session: string | null;
  body: unknown;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    session: res.headers.get('mcp-session-id'),
    body: text === '' ? '' : JSON.parse(text),
  };
}

const rpc = (message: object): string => JSON.stringify({ jsonrpc: '2.0', ...message });
const initialize = {
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

/**
 * Requests of the 2025 JSON leg (the SDK classifies them as 2025-era requests; what it refuses before
 * that, e.g. params that are not an object, never reaches a transport), with their headers: the
 * handler serves some itself and leaves the others to the SDK's transport.
 */
const CASES: Array<[string, string, Record<string, string>]> = [
  ['tools/call', rpc({ id: 1, method: 'tools/call', params: { name: 'echo', arguments: { tag: 'a' } } }), HEADERS],
  ['tools/call, string id', rpc({ id: 'x', method: 'tools/call', params: { name: 'echo', arguments: { tag: 'b' } } }), HEADERS],
  ['a tool that throws', rpc({ id: 2, method: 'tools/call', params: { name: 'echo', arguments: { tag: 'fail' } } }), HEADERS],
  ['an unknown tool', rpc({ id: 3, method: 'tools/call', params: { name: 'nope', arguments: {} } }), HEADERS],
  ['arguments the schema refuses', rpc({ id: 4, method: 'tools/call', params: { name: 'echo', arguments: { tag: 7 } } }), HEADERS],
  ['tools/list', rpc({ id: 5, method: 'tools/list' }), HEADERS],
  ['ping', rpc({ id: 6, method: 'ping' }), HEADERS],
  ['an unknown method', rpc({ id: 7, method: 'nothing/here' }), HEADERS],
  ['initialize', rpc(initialize), HEADERS],
  ['no protocol version header', rpc({ id: 8, method: 'ping' }), { ...HEADERS, 'mcp-protocol-version': '' }],
  ['an older supported version', rpc({ id: 9, method: 'ping' }), { ...HEADERS, 'mcp-protocol-version': '2025-06-18' }],
  ['an unsupported version', rpc({ id: 10, method: 'ping' }), { ...HEADERS, 'mcp-protocol-version': '2024-01-01' }],
  ['Accept without SSE', rpc({ id: 11, method: 'ping' }), { ...HEADERS, accept: 'application/json' }],
  ['Accept without JSON', rpc({ id: 12, method: 'ping' }), { ...HEADERS, accept: 'text/event-stream' }],
  ['a notification', rpc({ method: 'notifications/initialized' }), HEADERS],
];

describe('the /mcp handler answers as the SDK transport does', () => {
  it.each(CASES)('%s', async (_name, body, headers) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const [mine, theirs] = await Promise.all([post(base.ours, body, clean), post(base.reference, body, clean)]);
    expect(mine).toEqual(theirs);
  });

  it('serves the common request itself, and leaves the others to the SDK', () => {
    const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { tag: 'a' } } };
    expect(jsonExchangeMessage(req(HEADERS), call)).toEqual(call);
    expect(jsonExchangeMessage(req({ ...HEADERS, accept: 'application/json' }), call)).toBeUndefined();
    expect(jsonExchangeMessage(req({ ...HEADERS, 'mcp-protocol-version': '2024-01-01' }), call)).toBeUndefined();
    expect(jsonExchangeMessage(req(HEADERS), { ...call, jsonrpc: '1.0' })).toBeUndefined();
    expect(jsonExchangeMessage(req(HEADERS), { jsonrpc: '2.0', method: 'notifications/initialized' })).toBeUndefined();
  });
});

describe('the /mcp handler skips classifying a request that cannot claim the 2026 envelope', () => {
  // mcpNodeHandler serves a request jsonExchangeMessage admits, whose params carry no `_meta`, as a
  // 2025-era request without asking classifyInboundRequest: the SDK must agree on every such request.
  const bodies: object[] = [
    ...CASES.map(([, body]) => JSON.parse(body) as object),
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { ...initialize.params, protocolVersion: '2026-07-28' } },
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { tag: 'a' }, extra: { _meta: 1 } } },
    { jsonrpc: '2.0', id: 3, method: 'server/discover' },
    { jsonrpc: '2.0', id: 4, method: 'subscriptions/listen', params: {} },
    { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { tag: 'a', _meta: {} } } },
  ];
  const versions = ['', ...SUPPORTED_PROTOCOL_VERSIONS, '2026-07-28', ' 2025-11-25', 'DRAFT-2026-v1'];

  it('the SDK classifies each such request as 2025-era', () => {
    let admitted = 0;
    for (const body of bodies)
      for (const version of versions) {
        const headers: Record<string, string> = { ...HEADERS, 'mcp-protocol-version': version };
        if (version === '') delete headers['mcp-protocol-version'];
        const message = jsonExchangeMessage({ headers } as unknown as IncomingMessage, body);
        if (message === undefined || message.params?._meta !== undefined) continue;
        admitted++;
        const outcome = classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader: headers['mcp-protocol-version'], body });
        expect(outcome.kind, `${JSON.stringify(body)} with ${version || 'no version'}`).toBe('legacy');
      }
    expect(admitted).toBeGreaterThan(40);
  });

  it('a request with the envelope claim is classified (and left to the SDK)', () => {
    const claim = { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { [PROTOCOL_VERSION_META_KEY]: '2026-07-28' } } };
    const message = jsonExchangeMessage({ headers: HEADERS } as unknown as IncomingMessage, claim);
    expect(message?.params?._meta).toBeDefined();
    expect(classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader: '2025-11-25', body: claim }).kind).not.toBe('legacy');
  });

  it('the handler leaves a request with the claim to the SDK, which answers it on its 2026 leg', async () => {
    const sdk = toNodeHandler(createMcpHandler(buildServer));
    const plain = createServer(async (req, res) => {
      const raw = await readBody(req);
      void sdk(req, res, raw ? JSON.parse(raw) : undefined);
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/mcp`;
      const { 'mcp-protocol-version': _, ...noVersion } = HEADERS;
      const body = rpc({ id: 1, method: 'ping', params: { _meta: { [PROTOCOL_VERSION_META_KEY]: '2026-07-28' } } });
      const [mine, theirs, legacy] = await Promise.all([
        post(base.ours, body, noVersion),
        post(url, body, noVersion),
        post(base.reference, body, noVersion),
      ]);
      expect(mine).toEqual(theirs);
      expect(mine).not.toEqual(legacy); // not the 2025 leg's answer
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

describe('JsonExchangeTransport', () => {
  it("gives a tool the HTTP request's id and trace headers", async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const answer = await post(base.ours, rpc({ id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } }), {
      ...HEADERS,
      'x-request-id': 'req-42',
      traceparent,
    });
    expect(answer.body).toMatchObject({ result: { content: [{ type: 'text', text: `req-42 ${traceparent}` }] } });
  });

  it('answers undefined when closed before the server answers; a notification is not the answer', async () => {
    const server = new McpServer({ name: 'slow', version: '1' }, { capabilities: { logging: {} } });
    let release: () => void = () => undefined;
    server.registerTool('slow', { inputSchema: fromJsonSchema({ type: 'object', properties: {} }) }, async (_a, ctx) => {
      await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data: 'working' } });
      await new Promise<void>((resolve) => (release = resolve));
      return { content: [{ type: 'text', text: 'late' }] };
    });
    const transport = new JsonExchangeTransport();
    await server.connect(transport);
    const req = { headers: {} } as IncomingMessage;
    const answer = transport.exchange({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', arguments: {} } }, req);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await transport.close();
    expect(await answer).toBeUndefined();
    release();
    await server.close();
  });

  it('answers each exchange with its own request, one exchange at a time', async () => {
    const server = buildServer();
    const transport = new JsonExchangeTransport();
    await server.connect(transport);
    const req = { headers: {} } as IncomingMessage;
    expect(transport.idle).toBe(true);
    const first = transport.exchange({ jsonrpc: '2.0', id: 9, method: 'ping' }, req);
    expect(transport.idle).toBe(false);
    // A second exchange while the first waits for its answer could take the first one's answer.
    expect(() => transport.exchange({ jsonrpc: '2.0', id: 10, method: 'ping' }, req)).toThrow(/one exchange at a time/);
    expect(await first).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
    expect(transport.idle).toBe(true);
    // Between exchanges, no answer is taken (not even for the last exchange's id).
    await expect(transport.send({ jsonrpc: '2.0', id: 9, result: {} })).rejects.toThrow(/No connection established/);
    // The next exchange, same id as the last: its own answer.
    expect(await transport.exchange({ jsonrpc: '2.0', id: 9, method: 'ping' }, req)).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
    // During an exchange, an answer to another id is refused and the exchange still waits for its own.
    const third = transport.exchange({ jsonrpc: '2.0', id: 11, method: 'tools/list' }, req);
    await expect(transport.send({ jsonrpc: '2.0', id: 12, result: {} })).rejects.toThrow(/No connection established/);
    expect(await third).toMatchObject({ jsonrpc: '2.0', id: 11, result: { tools: expect.any(Array) } });
    await server.close();
    expect(transport.idle).toBe(false);
  });
});
