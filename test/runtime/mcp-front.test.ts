// The MCP server's node:http front (mcpFront): which requests it serves itself and which it leaves to
// the Express app, and that what it serves gets the app's request id, access log line, body limits,
// JSON refusals and caller scope. A real loopback node:http server with raw HTTP requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostPolicy } from '../../packages/runtime/src/host-check.js';
import type { Logger } from '../../packages/runtime/src/log.js';
import { mcpFront } from '../../packages/runtime/src/mcp-front.js';
import { parseJsonBody } from '../../packages/runtime/src/rest-body.js';
import { raw } from '../support/raw-http.js';
import { sleep } from '../support/wait.js';

interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

const lines: Line[] = [];
const log: Logger = {
  info: (msg, fields = {}) => lines.push({ level: 'info', msg, fields }),
  warn: (msg, fields = {}) => lines.push({ level: 'warn', msg, fields }),
  error: (msg, fields = {}) => lines.push({ level: 'error', msg, fields }),
};

/** What the handler saw, by request id. */
const handled = new Map<string, { body: unknown; inScope: boolean }>();
let appHits = 0;
let scopeDepth = 0;
let server: Server;
let port = 0;

function app(_req: IncomingMessage, res: ServerResponse): void {
  appHits++;
  res.statusCode = 299; // a status only the app answers, so a test can tell who served
  res.end('app');
}

beforeAll(async () => {
  const front = mcpFront(app, {
    hosts: hostPolicy('UNUSED_ALLOWED_HOSTS', '127.0.0.1', {}),
    maxBodyBytes: 64,
    log,
    direct: true,
    scope: (_req, _res, next) => {
      scopeDepth++;
      try {
        next();
      } finally {
        scopeDepth--;
      }
    },
    handler: async (req, res, body) => {
      const id = String(req.headers['x-request-id']);
      handled.set(id, { body, inScope: scopeDepth > 0 });
      if ((body as { method?: unknown }).method === 'boom') throw new Error('handler failed /secret/path');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }));
    },
  });
  server = createServer(front);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  chunked = false,
): Promise<Answer> {
  const all: Record<string, string> = { host: `127.0.0.1:${port}`, ...headers };
  if (body !== undefined && !chunked) all['content-length'] = String(Buffer.byteLength(body));
  const r = await raw(`http://127.0.0.1:${port}`, { method, path, headers: all, body, chunked });
  return { status: r.status, headers: r.headers, text: r.body };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const RPC = '{"jsonrpc":"2.0","id":1,"method":"ping"}';

async function accessLine(requestId: string): Promise<Line> {
  for (let i = 0; i < 100; i++) {
    const line = lines.find((l) => l.msg === 'request' && l.fields.requestId === requestId);
    if (line) return line;
    await sleep(10);
  }
  throw new Error(`no access log line for ${requestId}`);
}

describe('mcpFront serves a JSON-RPC POST to /mcp itself', () => {
  it('parses the body, keeps the caller request id, logs one access line, runs the handler in the scope', async () => {
    const before = appHits;
    const answer = await send('POST', '/mcp?x=1', { ...JSON_TYPE, 'x-request-id': 'front-1' }, RPC);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-request-id']).toBe('front-1');
    expect(handled.get('front-1')).toEqual({ body: JSON.parse(RPC), inScope: true });
    expect(appHits).toBe(before);
    expect((await accessLine('front-1')).fields).toMatchObject({ method: 'POST', path: '/mcp', status: 200 });
  });

  it('gives a request without a usable id a fresh one; accepts a UTF-8 charset and a byte-order mark', async () => {
    const answer = await send('POST', '/mcp', { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': 'bad id' }, `\ufeff${RPC}`);
    expect(answer.status).toBe(200);
    const id = String(answer.headers['x-request-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(handled.get(id)?.body).toEqual(JSON.parse(RPC));
  });

  it('refuses a body that is not a JSON object or array with the app JSON error, without calling the handler', async () => {
    for (const [n, body] of ['{bad', '"text"', '42'].entries()) {
      const id = `bad-json-${n}`;
      const answer = await send('POST', '/mcp', { ...JSON_TYPE, 'x-request-id': id }, body);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text)).toEqual({
        error: { code: 'invalid_json', message: 'The request body is not valid JSON' },
      });
      expect(handled.has(id)).toBe(false);
      expect(lines.find((l) => l.msg === 'request refused' && l.fields.requestId === id)?.fields).toMatchObject({ status: 400, code: 'invalid_json' });
    }
  });

  it('answers 500 internal_error without details when the handler fails', async () => {
    const answer = await send('POST', '/mcp', { ...JSON_TYPE, 'x-request-id': 'boom-1' }, '{"method":"boom"}');
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    expect(answer.text).not.toContain('secret');
  });
});

describe('mcpFront leaves every other request to the app', () => {
  const cases: Array<[string, string, string, Record<string, string>, string | undefined, boolean?]> = [
    ['a GET', 'GET', '/mcp', {}, undefined],
    ['a DELETE', 'DELETE', '/mcp', JSON_TYPE, RPC],
    ['another path', 'POST', '/mcp/', JSON_TYPE, RPC],
    ['another path, case', 'POST', '/MCP', JSON_TYPE, RPC],
    ['the health probe', 'GET', '/healthz', {}, undefined],
    ['a Host outside the policy', 'POST', '/mcp', { ...JSON_TYPE, host: 'evil.example' }, RPC],
    ['a foreign Origin', 'POST', '/mcp', { ...JSON_TYPE, origin: 'https://evil.example' }, RPC],
    ['a body without a length (chunked)', 'POST', '/mcp', JSON_TYPE, RPC, true],
    ['an empty body', 'POST', '/mcp', JSON_TYPE, ''],
    ['a body over the limit', 'POST', '/mcp', JSON_TYPE, JSON.stringify({ pad: 'x'.repeat(64) })],
    ['a compressed body', 'POST', '/mcp', { ...JSON_TYPE, 'content-encoding': 'gzip' }, RPC],
    ['another media type', 'POST', '/mcp', { 'content-type': 'text/plain' }, RPC],
    ['a +json media type', 'POST', '/mcp', { 'content-type': 'application/vnd.api+json' }, RPC],
    ['another charset', 'POST', '/mcp', { 'content-type': 'application/json; charset=latin1' }, RPC],
  ];
  for (const [what, method, path, headers, body, chunked] of cases) {
    it(what, async () => {
      const before = appHits;
      const answer = await send(method, path, headers, body, chunked);
      expect(answer.status).toBe(299);
      expect(appHits).toBe(before + 1);
    });
  }

  it('a same-host Origin is served by the front', async () => {
    const answer = await send('POST', '/mcp', { ...JSON_TYPE, origin: `http://127.0.0.1:${port}`, 'x-request-id': 'origin-ok' }, RPC);
    expect(answer.status).toBe(200);
    expect(handled.has('origin-ok')).toBe(true);
  });

  it('with access control (direct: false) the app is the listener', () => {
    const listener = mcpFront(app, {
      hosts: hostPolicy('UNUSED_ALLOWED_HOSTS', '127.0.0.1', {}),
      maxBodyBytes: 64,
      log,
      direct: false,
      handler: async () => undefined,
    });
    expect(listener).toBe(app);
  });
});

describe('parseJsonBody', () => {
  it('reads objects and arrays, refuses scalars and broken text', () => {
    expect(parseJsonBody('[1]')).toEqual([1]);
    expect(parseJsonBody(' {"a":1} ')).toEqual({ a: 1 });
    expect(parseJsonBody('null')).toBeUndefined();
    expect(parseJsonBody('true')).toBeUndefined();
    expect(parseJsonBody('{')).toBeUndefined();
  });
});
