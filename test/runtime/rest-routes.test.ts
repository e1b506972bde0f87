// The route table of a generated REST adapter (rest-routes.ts): registerRoutes wires each route()
// the way generated adapters used to inline it. A real upstream, a real Transport-based client of the
// generated shape, and the app listening on a loopback port.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { type RequestHandler } from 'express';
import type { InputValues } from '../../packages/runtime/src/bound-call.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { requestIdMiddleware } from '../../packages/runtime/src/request-id.js';
import type { CallOptions } from '../../packages/runtime/src/request-plan.js';
import { errorHandler } from '../../packages/runtime/src/rest-errors.js';
import type { InputSpec } from '../../packages/runtime/src/rest-inputs.js';
import { methodNotAllowed } from '../../packages/runtime/src/rest-methods.js';
import { forwardRoute, registerRoutes, route, unimplementedRoute } from '../../packages/runtime/src/rest-routes.js';
import { serve, type RunningServer } from '../../packages/runtime/src/serve.js';
import { memoryStream, raw, readAll, startUpstream, type Upstream } from './helpers.js';
import { thingClient } from './thing-client.js';
import { waitFor } from '../support/wait.js';

const ID: InputSpec = { name: 'id', source: 'path', wireName: 'id', required: true, schema: { type: 'string' } };
const NOTE: InputSpec = { name: 'note', source: 'query', wireName: 'note', required: false, schema: { type: 'string', maxLength: 5 } };
const BODY: InputSpec = { name: 'body', source: 'body', wireName: 'body', required: true, schema: { type: 'object' } };

let up: Upstream;
let server: RunningServer;
const upstreamSeen: Array<{ method?: string; url?: string; requestId?: string; body: string; headers: Record<string, string | string[] | undefined> }> = [];
const scoped: string[] = [];
const orchestrated: Array<{ input: InputValues; options: CallOptions }> = [];
/** Set when the upstream sees its held request (/things/slow) closed by the adapter. */
let slowClosed = false;
let slowArrived = false;

beforeAll(async () => {
  up = await startUpstream(async (req, res) => {
    const body = (await readAll(req)).toString('utf8');
    upstreamSeen.push({ method: req.method, url: req.url, requestId: req.headers['x-request-id'] as string | undefined, body, headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/things/slow') {
      // Never answers: only the caller leaving (the adapter aborting its call) ends this request.
      slowArrived = true;
      res.once('close', () => (slowClosed = true));
      return;
    }
    if (url.pathname === '/things/missing') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'no such thing' }));
    }
    if (req.method === 'POST') {
      res.writeHead(201, { 'content-type': 'application/json' });
      return void res.end(body);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: url.pathname.split('/').pop(), note: url.searchParams.get('note'), requestId: req.headers['x-request-id'] ?? null }));
  });
  const client = thingClient(up.url);
  const scope: RequestHandler = (req, _res, next) => {
    scoped.push(`${req.method} ${req.path}`);
    next();
  };
  const log = createLogger('t', () => [], memoryStream().stream);
  const app = express();
  app.use(requestIdMiddleware());
  registerRoutes(
    app,
    [
      forwardRoute('/proxy/*rest', {
        prefix: '/proxy/',
        trustedHeaders: ['x-trusted'],
        target: () => ({ baseUrl: `${up.url}/things`, auth: { headers: { authorization: 'Bearer proxy-secret' } } }),
      }),
      route({ method: 'GET', path: '/things/:id', inputs: [ID, NOTE], call: client.raw.get, respond: 'upstream' }),
      // Below the forward's prefix: the forward, registered first, answers it.
      route({ method: 'GET', path: '/proxy/shadowed', inputs: [], call: async () => ({ shadowed: true }), respond: 'json' }),
      route({
        method: 'GET',
        path: '/things/:id/summary',
        inputs: [ID],
        call: client.get,
        args: (values) => ({ id: values['id'], note: 'fixed' }),
        respond: 'json',
        result: (thing) => ({ summary: `${thing.id}/${thing.note}` }),
      }),
      route({ method: 'POST', path: '/things', inputs: [BODY], body: 'required', call: client.create, respond: 'upstream' }),
      route({
        method: 'GET',
        path: '/steps',
        inputs: [NOTE],
        call: async (input: InputValues, options: CallOptions) => {
          orchestrated.push({ input, options });
          return { got: input };
        },
        respond: 'json',
      }),
      route({ method: 'SEARCH', path: '/things', inputs: [NOTE], call: async (input: InputValues) => ({ searched: input }), respond: 'json' }),
      unimplementedRoute('GET', '/nothing', 'GET /nothing declares no call or steps.'),
    ],
    { log, scope },
  );
  app.use(methodNotAllowed());
  app.use(errorHandler(log));
  server = await serve(app, { name: 't', port: 0, host: '127.0.0.1', log, onListenError: 'reject' });
});

afterAll(async () => {
  await server?.close();
  await up?.close();
});

/** A request to the app (any method, header or body); the answer's body parsed as JSON when there is one. */
async function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  const r = await raw(`http://127.0.0.1:${server.port}`, { method, path, ...options });
  return { status: r.status, headers: r.headers, json: r.body === '' ? undefined : JSON.parse(r.body) };
}

describe('registerRoutes', () => {
  it('a caller who leaves before the upstream answers aborts the upstream request', async () => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/things/slow', method: 'GET' });
    req.on('error', () => undefined);
    req.end();
    expect(await waitFor(() => slowArrived, 5000, 20)).toBe(true);
    expect(slowClosed).toBe(false);
    req.destroy();
    expect(await waitFor(() => slowClosed, 5000, 20)).toBe(true);
  });

  it('an orchestration is handed a real AbortSignal, not aborted after a normal answer', async () => {
    const r = await send('GET', '/steps?note=a');
    expect(r.status).toBe(200);
    const { options } = orchestrated.at(-1)!;
    expect(options.signal).toBeInstanceOf(AbortSignal);
    expect(options.signal?.aborted).toBe(false);
  });

  it('an upstream route passes the validated inputs to the client method and streams its answer, with the request id upstream', async () => {
    const r = await send('GET', '/things/abc?note=hi', { headers: { 'x-request-id': 'req-1' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: 'abc', note: 'hi', requestId: 'req-1' });
    expect(upstreamSeen.at(-1)).toMatchObject({ method: 'GET', url: '/things/abc?note=hi', requestId: 'req-1' });
    const missing = await send('GET', '/things/missing');
    expect(missing).toMatchObject({ status: 404, json: { error: 'no such thing' } });
  });

  it('invalid inputs answer 400 with problem details, and nothing goes upstream', async () => {
    const before = upstreamSeen.length;
    const r = await send('GET', '/things/abc?note=toolong');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_request');
    expect(r.json.error.details).toEqual([{ name: 'note', in: 'query', message: expect.stringContaining('note') }]);
    expect(upstreamSeen.length).toBe(before);
  });

  it('args builds the parameters (a literal among them), and result maps the JSON answer', async () => {
    const r = await send('GET', '/things/xyz/summary');
    expect(r).toMatchObject({ status: 200, json: { summary: 'xyz/fixed' } });
    expect(upstreamSeen.at(-1)?.url).toBe('/things/xyz?note=fixed');
  });

  it('a route with a body checks its content type and parses it; others get no parser', async () => {
    const wrongType = await send('POST', '/things', { headers: { 'content-type': 'text/plain' }, body: '{"a":1}' });
    expect(wrongType.status).toBe(415);
    const missing = await send('POST', '/things', { headers: { 'content-type': 'application/json', 'content-length': '0' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toBe('Invalid request: body is required');
    const ok = await send('POST', '/things', { headers: { 'content-type': 'application/json' }, body: '{"name":"n"}' });
    expect(ok).toMatchObject({ status: 201, json: { name: 'n' } });
    expect(upstreamSeen.at(-1)).toMatchObject({ method: 'POST', body: '{"name":"n"}' });
  });

  it('an orchestration gets the inputs, the caller signal and request id; its value is the JSON answer', async () => {
    const r = await send('GET', '/steps?note=n1', { headers: { 'x-request-id': 'req-2' } });
    expect(r).toMatchObject({ status: 200, json: { got: { note: 'n1' } } });
    const last = orchestrated.at(-1)!;
    expect(last.options.requestId).toBe('req-2');
    expect(last.options.signal).toBeInstanceOf(AbortSignal);
  });

  it('a method Express does not route by name is matched by method only', async () => {
    const r = await send('SEARCH', '/things?note=q');
    expect(r).toMatchObject({ status: 200, json: { searched: { note: 'q' } } });
  });

  it('a route that runs nothing answers 501, outside the credential scope', async () => {
    scoped.length = 0;
    const r = await send('GET', '/nothing');
    expect(r).toMatchObject({ status: 501, json: { error: { code: 'not_implemented', message: 'GET /nothing declares no call or steps.' } } });
    expect(scoped).toEqual([]);
    await send('GET', '/things/abc');
    expect(scoped).toEqual(['GET /things/abc']);
  });

  it('another method on a served path answers 405 with the methods registered there', async () => {
    const r = await send('DELETE', '/things');
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe('POST, SEARCH');
    const one = await send('PUT', '/things/abc');
    expect(one.status).toBe(405);
    expect(one.headers['allow']).toBe('GET, HEAD');
  });
});

describe('forwardRoute', () => {
  it('proxies every method below its prefix with trusted headers and the target credentials, body untouched', async () => {
    scoped.length = 0;
    const body = 'not json at all';
    const r = await raw(`http://127.0.0.1:${server.port}`, {
      method: 'POST',
      path: '/proxy/abc?x=1',
      headers: { 'content-type': 'text/plain', 'x-trusted': 't1', 'x-untrusted': 'u1' },
      body,
    });
    // No JSON parser and no 415 check ran: the text body reached the upstream as sent (it echoes it).
    expect(r).toMatchObject({ status: 201, body });
    const seen = upstreamSeen.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', url: '/things/abc?x=1', body });
    expect(seen.headers['x-trusted']).toBe('t1');
    expect(seen.headers['x-untrusted']).toBeUndefined();
    expect(seen.headers['authorization']).toBe('Bearer proxy-secret');
    // Inside the caller's credential scope, like every route that calls upstream.
    expect(scoped).toEqual(['POST /proxy/abc']);
  });

  it('answers every method itself (no 405), and takes over a route registered below its prefix', async () => {
    const del = await send('DELETE', '/proxy/gone');
    expect(del.status).toBe(200);
    expect(upstreamSeen.at(-1)).toMatchObject({ method: 'DELETE', url: '/things/gone' });
    const shadowed = await send('GET', '/proxy/shadowed');
    expect(shadowed.json).toMatchObject({ id: 'shadowed' });
    expect(upstreamSeen.at(-1)).toMatchObject({ method: 'GET', url: '/things/shadowed' });
  });

  it('refuses a path that climbs out of the prefix, without calling upstream', async () => {
    const before = upstreamSeen.length;
    const r = await send('GET', '/proxy/a/%2e%2e/%2e%2e/secret');
    expect(r).toMatchObject({ status: 400, json: { error: { code: 'invalid_path' } } });
    expect(upstreamSeen.length).toBe(before);
  });
});

describe('route() types', () => {
  it('infers the client method parameters: a misspelt one does not compile', () => {
    const client = thingClient('http://127.0.0.1:1');
    const spec = route({
      method: 'GET',
      path: '/x/:id',
      inputs: [ID],
      call: client.get,
      // @ts-expect-error `ident` is not a parameter of client.get (checked by tsc -p tsconfig.test.json)
      args: (values) => ({ ident: values['id'] }),
      respond: 'json',
    });
    expect(spec.run).toBeTypeOf('function');
  });
});
