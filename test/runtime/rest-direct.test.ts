// restDirect (rest-direct.ts): the GETs of the route table served on node:http answer exactly as the
// Express app answers them, and every other request is handed to the app. One app, served twice (as
// it is and behind restDirect), asked the same requests over real sockets.
import { connect } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStream, raw, sleep, startUpstream, type Upstream } from './helpers.js';
import { directPattern, restDirect } from '../../packages/runtime/src/rest-direct.js';
import { forwardRoute, registerRoutes, route, unimplementedRoute, type RouteSpec } from '../../packages/runtime/src/rest-routes.js';
import { restFront } from '../../packages/runtime/src/rest-front.js';
import { LOOPBACK_ONLY } from '../../packages/runtime/src/host-check.js';
import { methodNotAllowed } from '../../packages/runtime/src/rest-methods.js';
import { errorHandler } from '../../packages/runtime/src/rest-errors.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import type { InputSpec } from '../../packages/runtime/src/rest-inputs.js';

const ID: InputSpec = { name: 'id', source: 'path', wireName: 'id', required: true, schema: { type: 'string' } };
const LIMIT: InputSpec = { name: 'limit', source: 'query', wireName: 'limit', required: false, schema: { type: 'integer', minimum: 1 } };
const int = (name: string): InputSpec => ({ name, source: 'query', wireName: name, required: true, schema: { type: 'integer' } });

/** An app as createRestApp builds one, plus a first middleware that records what reaches Express. */
function buildApp(transport: Transport, log: ReturnType<typeof createLogger>, viaExpress: string[]): express.Express {
  const routes: RouteSpec[] = [
    route({
      method: 'GET',
      path: '/things/:id',
      inputs: [ID, LIMIT],
      call: (input: { id: string; limit?: number }, options) =>
        transport.send({ operation: 'get', method: 'GET', path: `/things/${input.id}`, query: { limit: input.limit } }, options),
      respond: 'upstream',
    }),
    route({ method: 'GET', path: '/sum', inputs: [int('a'), int('b')], call: async (input: { a: number; b: number }) => ({ sum: input.a + input.b }), respond: 'json' }),
    route({
      method: 'GET',
      path: '/boom',
      inputs: [],
      call: async () => {
        throw new Error('unexpected');
      },
      respond: 'json',
    }),
    unimplementedRoute('GET', '/later', 'GET /later declares no call or steps.'),
    route({
      method: 'POST',
      path: '/things/:id',
      inputs: [ID, { name: 'body', source: 'body', wireName: 'body', required: true, schema: { type: 'object' } }],
      body: 'required',
      call: async (input: { id: string; body: unknown }) => ({ id: input.id, posted: input.body }),
      respond: 'json',
    }),
  ];
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, _res, next) => {
    viaExpress.push(`${req.method} ${req.url}`);
    next();
  });
  app.use(restFront(log, { health: 't', hosts: LOOPBACK_ONLY, env: {} }));
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send('{}');
  });
  registerRoutes(app, routes, { log });
  app.use(methodNotAllowed());
  app.use(errorHandler(log));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No route for ' + req.method + ' ' + req.path } });
  });
  return app;
}

/** What a caller sees of an answer, less what differs between two answers by nature (date, request id). */
function seen(answer: { status: number; headers: Record<string, string | string[] | undefined>; body: string }) {
  const { date, 'x-request-id': requestId, ...headers } = answer.headers;
  expect(date).toBeDefined();
  expect(requestId).toMatch(/\S/);
  return { status: answer.status, headers, body: answer.body };
}

describe('restDirect', () => {
  let upstream: Upstream;
  let plain: Upstream;
  let direct: Upstream;
  const viaExpress: string[] = [];
  const plainLog = memoryStream();
  const directLog = memoryStream();

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (url.pathname === '/v1/things/missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'no such thing' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream-only': 'dropped' });
      res.end(JSON.stringify({ path: url.pathname, limit: url.searchParams.get('limit') }));
    });
    const transport = new Transport({ baseUrl: `${upstream.url}/v1` });
    // Two apps alike, each with its own log: the one served as it is, and the one behind restDirect.
    const plainApp = buildApp(transport, createLogger('t', () => [], plainLog.stream), []);
    const directLogger = createLogger('t', () => [], directLog.stream);
    const directApp = buildApp(transport, directLogger, viaExpress);
    plain = await startUpstream(plainApp);
    direct = await startUpstream(restDirect(directApp, { hosts: LOOPBACK_ONLY, log: directLogger, env: {} }));
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), direct?.close(), upstream?.close()]);
  });

  /** Asks both servers; returns what each answered, and whether the direct one handed it to Express. */
  async function both(path: string, options: { method?: string; headers?: Record<string, string>; body?: string; chunked?: boolean } = {}) {
    const headersFor = (server: Upstream) => ({ host: `127.0.0.1:${server.port}`, ...options.headers });
    const before = viaExpress.length;
    const fromDirect = await raw(direct.url, { ...options, path, headers: headersFor(direct) });
    const handedToExpress = viaExpress.length > before;
    const fromPlain = await raw(plain.url, { ...options, path, headers: headersFor(plain) });
    return { fromDirect, fromPlain, handedToExpress };
  }

  it.each([
    ['a passed-through upstream answer', '/things/abc?limit=5'],
    ['another letter case and a trailing slash, as Express matches them', '/THINGS/abc/?limit=2'],
    ["the upstream's error, passed through", '/things/missing'],
    ['inputs refused (400, written by Express: res.json)', '/things/abc?limit=0'],
    ['a computed JSON answer', '/sum?a=2&b=3'],
    ['a failure of the call (500)', '/boom'],
  ])('serves a GET of a route without Express, answering as the app does: %s', async (_what, path) => {
    const { fromDirect, fromPlain, handedToExpress } = await both(path);
    expect(handedToExpress).toBe(false);
    expect(seen(fromDirect)).toEqual(seen(fromPlain));
  });

  /** A POST with this body and content type, its length declared. */
  const post = (body: string, type = 'application/json') => ({
    method: 'POST',
    headers: { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) },
    body,
  });

  it.each([
    ['a JSON object', post('{"a":[1,2],"b":"x"}')],
    ['with a UTF-8 charset and a byte-order mark', post('\ufeff{"a":"é"}', 'application/json; charset=utf-8')],
    ['a JSON array (the route refuses it: 400)', post('[1]')],
    ['a byte-order mark alone (express.json reads `{}`)', post('\ufeff')],
    ['text that is not JSON (400 invalid_json)', post('{"a":')],
    ['JSON that is not an object or array (400 invalid_json)', post('"text"')],
  ])('reads a plain JSON body as express.json() does, without Express: %s', async (_what, options) => {
    const { fromDirect, fromPlain, handedToExpress } = await both('/things/abc', options);
    expect(handedToExpress).toBe(false);
    expect(seen(fromDirect)).toEqual(seen(fromPlain));
  });

  it.each([
    ['a route without a call (501)', '/later', {}],
    ['a percent-escaped path', '/things/a%20b', {}],
    ['the health probe', '/healthz', {}],
    ["the app's own endpoint", '/openapi.json', {}],
    ['an Origin header', '/things/abc', { headers: { origin: 'http://127.0.0.1' } }],
    ['a Host the policy refuses (403)', '/things/abc', { headers: { host: 'evil.example' } }],
    ['HEAD', '/things/abc', { method: 'HEAD' }],
    ['a body of another media type (415)', '/things/abc', post('{}', 'text/plain')],
    ['a JSON body of a +json media type', '/things/abc', post('{}', 'application/vnd.thing+json')],
    ['an empty body (400: required)', '/things/abc', post('')],
    ['a chunked body', '/things/abc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', chunked: true }],
    ['a compressed body', '/things/abc', { ...post('{}'), headers: { ...post('{}').headers, 'content-encoding': 'gzip' } }],
    ['a body over NAFTIKO_REST_MAX_BODY (413)', '/things/abc', post(`{"a":"${'x'.repeat(1024 * 1024)}"}`)],
    ['a method the path does not serve (405)', '/sum', { method: 'DELETE' }],
    // node:http sends a GET's body without a length unless told one.
    ['a GET with a body', '/things/abc', { headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}' }],
    ['an unknown path (404)', '/nowhere', {}],
    ['a `#` in the query (Express reads the URL otherwise: 400)', '/things/abc?limit#=0', {}],
    ['a `#` after the query', '/things/abc?limit=5#x', {}],
  ])('hands the app what it would answer otherwise: %s', async (_what, path, options) => {
    const { fromDirect, fromPlain, handedToExpress } = await both(path, options);
    expect(handedToExpress).toBe(true);
    expect(seen(fromDirect)).toEqual(seen(fromPlain));
  });

  it('hands the app a media type followed by a no-break space (express.json skips that body: 400)', async () => {
    // Sent as bytes: node:http would write the header's U+00A0 as UTF-8.
    const ask = async (server: Upstream): Promise<string> => {
      const socket = connect(server.port, '127.0.0.1');
      const head = `POST /things/abc HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nContent-Length: 2\r\nContent-Type: application/json`;
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0xa0]), Buffer.from('\r\n\r\n{}', 'latin1')]));
      const parts: Buffer[] = [];
      for await (const chunk of socket) parts.push(chunk as Buffer);
      const text = Buffer.concat(parts).toString('utf8');
      return `${text.slice(0, text.indexOf('\r\n'))} ${text.slice(text.indexOf('\r\n\r\n') + 4)}`;
    };
    const before = viaExpress.length;
    const fromDirect = await ask(direct);
    expect(viaExpress.length).toBe(before + 1);
    expect(fromDirect).toMatch(/^HTTP\/1\.1 400 /);
    expect(fromDirect).toBe(await ask(plain));
  });

  it('logs a caller gone mid-body as the app does', async () => {
    const abandoned = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.msg === 'request abandoned by the caller');
    const before = [abandoned(directLog.lines()).length, abandoned(plainLog.lines()).length];
    for (const server of [direct, plain]) {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`POST /things/abc HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`);
      await sleep(50);
      socket.destroy();
    }
    await sleep(200);
    expect(abandoned(directLog.lines()).length - before[0]!).toBe(1);
    expect(abandoned(plainLog.lines()).length - before[1]!).toBe(1);
    expect(abandoned(directLog.lines()).at(-1)).toMatchObject({ reason: 'request aborted' });
    expect(abandoned(plainLog.lines()).at(-1)).toMatchObject({ reason: 'request aborted' });
  });

  it('writes the same access log lines as the app', async () => {
    const fields = (lines: Array<Record<string, unknown>>) =>
      lines.filter((l) => l.msg === 'request').map(({ method, path, status }) => ({ method, path, status }));
    await both('/things/abc?limit=1');
    await both('/things/abc?limit=0');
    const fromDirect = fields(directLog.lines());
    expect(fromDirect.length).toBeGreaterThan(10);
    // Log lines are written at the end of each response, so the two servers' orders are the same.
    expect(fromDirect).toEqual(fields(plainLog.lines()));
  });
});

describe('restDirect leaves everything to the app', () => {
  const log = createLogger('t', () => [], memoryStream().stream);
  const get = (path: string): RouteSpec => route({ method: 'GET', path, inputs: [], call: async () => ({}), respond: 'json' });
  const appWith = (routes: RouteSpec[]) => {
    const app = express();
    registerRoutes(app, routes, { log });
    return app;
  };

  it('when it routes by letter case or trailing slash', () => {
    for (const setting of ['case sensitive routing', 'strict routing']) {
      const app = appWith([get('/a')]);
      app.enable(setting);
      expect(restDirect(app, { hosts: LOOPBACK_ONLY, log, env: {} })).toBe(app);
    }
  });

  it('with CORS on', () => {
    const app = appWith([get('/a')]);
    expect(restDirect(app, { hosts: LOOPBACK_ONLY, log, env: { NAFTIKO_CORS_ORIGINS: '*' } })).toBe(app);
    expect(restDirect(app, { hosts: LOOPBACK_ONLY, log, env: {} })).not.toBe(app);
  });

  it('with a forward route, or a GET route whose path it cannot match, or no route to serve', () => {
    const forward = forwardRoute('/proxy/*rest', { client: {} as never, prefix: '/proxy' } as never);
    for (const routes of [[forward, get('/a')], [get('/files/*path'), get('/a')], [get('/a/{:b}')], []]) {
      const app = appWith(routes);
      expect(restDirect(app, { hosts: LOOPBACK_ONLY, log, env: {} })).toBe(app);
    }
  });
});

describe('directPattern', () => {
  it('matches as Express 5 does by default: any letter case, one optional trailing slash, one segment per parameter', () => {
    const { pattern, params } = directPattern('/v1/batches/:batch_id/output')!;
    expect(params).toEqual(['batch_id']);
    expect(pattern.exec('/v1/batches/b-1/output')?.[1]).toBe('b-1');
    expect(pattern.test('/V1/Batches/b-1/OUTPUT/')).toBe(true);
    expect(pattern.test('/v1/batches//output')).toBe(false);
    expect(pattern.test('/v1/batches/a/b/output')).toBe(false);
    expect(pattern.test('/v1/batches/b-1/output//')).toBe(false);
    expect(directPattern('/v1/report.json')!.pattern.test('/v1/reportxjson')).toBe(false);
  });

  it('declines any other path syntax', () => {
    for (const path of ['/files/*path', '/a{/:b}', '/a/:b.json', '/a/:b-:c', '/', 'a', '/a/(b)', '/a b']) expect(directPattern(path)).toBeUndefined();
  });
});
