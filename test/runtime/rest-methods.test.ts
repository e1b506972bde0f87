// What a REST adapter answers when the request does not fit a route: a body that is not JSON on a
// JSON route (415, not "body is required"), and a served path asked with another method (405 with
// an Allow header, not 404). Wired the way generated rest-app.ts files wire them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { request as httpRequest } from 'node:http';
import { createLogger } from '../../packages/runtime/src/log.js';
import { isJsonContentType, jsonBodyOptions, requireJsonContent } from '../../packages/runtime/src/rest-body.js';
import { errorHandler } from '../../packages/runtime/src/rest-errors.js';
import { readInputs, sendProblems, type InputSpec } from '../../packages/runtime/src/rest-inputs.js';
import { allowedMethods, methodNotAllowed } from '../../packages/runtime/src/rest-methods.js';
import { serve, type RunningServer } from '../../packages/runtime/src/serve.js';
import { memoryStream } from './helpers.js';

const BODY: InputSpec[] = [{ name: 'body', source: 'body', wireName: 'body', schema: { type: 'object' }, required: true }];
const NOTE: InputSpec[] = [{ name: 'note', source: 'bodyField', wireName: 'note', schema: { type: 'string' }, required: false }];

let server: RunningServer;

beforeAll(async () => {
  const app = express();
  const json = express.json(jsonBodyOptions({ NAFTIKO_REST_MAX_BODY: '1kb' }));
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.post('/things', requireJsonContent(true), json, (req, res) => {
    const { values, problems } = readInputs(req, BODY);
    if (problems.length > 0) return sendProblems(res, problems);
    res.json({ got: values['body'] });
  });
  app.get('/things', (_req, res) => res.json({ list: [] }));
  app.post('/things/:id/cancel', requireJsonContent(false), json, (req, res) => {
    const { values } = readInputs(req, NOTE);
    res.json({ note: values['note'] ?? null });
  });
  app.get('/things/:id', (req, res) => res.json({ id: req.params.id }));
  app.put('/things/special', (_req, res) => res.json({ special: true }));
  app.all('/healthz', allowedMethods(['GET']));
  app.all('/things', allowedMethods(['POST', 'GET']));
  app.all('/things/:id/cancel', allowedMethods(['POST']));
  app.all('/things/:id', allowedMethods(['GET']));
  app.all('/things/special', allowedMethods(['PUT']));
  app.use(methodNotAllowed());
  const log = createLogger('t', () => [], memoryStream().stream);
  app.use(errorHandler(log));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No route for ' + req.method + ' ' + req.path } });
  });
  server = await serve(app, { name: 't', port: 0, host: '127.0.0.1', log, onListenError: 'reject' });
});

afterAll(async () => {
  await server?.close();
});

/** node:http, so that a request can go without a Content-Type or with any body framing. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method, path, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('JSON routes: 415 for another content type', () => {
  it('isJsonContentType: application/json and application/*+json, with or without parameters', () => {
    for (const t of ['application/json', 'Application/JSON; charset=utf-8', 'application/vnd.api+json', 'application/merge-patch+json '])
      expect(isJsonContentType(t), t).toBe(true);
    for (const t of [undefined, '', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'application/jsonp', 'multipart/form-data; boundary=x'])
      expect(isJsonContentType(t), String(t)).toBe(false);
  });

  it('a text/plain body → 415 saying to send application/json', async () => {
    const r = await send('POST', '/things', { headers: { 'content-type': 'text/plain' }, body: '{"a":1}' });
    expect(r.status).toBe(415);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json.error).toEqual({
      code: 'unsupported_media_type',
      message: 'This route takes a JSON body: send it with Content-Type: application/json (the request had Content-Type text/plain)',
    });
  });

  it('a body without a content type, and no body at all on a route whose body is required → 415', async () => {
    const noType = await send('POST', '/things', { body: '{"a":1}' });
    expect(noType.status).toBe(415);
    expect(noType.json.error.message).toContain('(the request had no Content-Type)');
    const nothing = await send('POST', '/things');
    expect(nothing.status).toBe(415);
    const chunked = await send('POST', '/things', { headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, body: 'x' });
    expect(chunked.status).toBe(415);
  });

  it('JSON with no body stays 400 "body is required"; a JSON body is read', async () => {
    // node:http sends a POST without a body chunked; an empty body is absent, not `{}`.
    for (const headers of [{}, { 'content-length': '0' }, { 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const missing = await send('POST', '/things', { headers: { 'content-type': 'application/json', ...headers } });
      expect(missing.status).toBe(400);
      expect(missing.json.error.message).toBe('Invalid request: body is required');
    }
    const ok = await send('POST', '/things', { headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":1}' });
    expect(ok).toMatchObject({ status: 200, json: { got: { a: 1 } } });
    const vendor = await send('POST', '/things', { headers: { 'content-type': 'application/vnd.x+json' }, body: '{"b":2}' });
    expect(vendor).toMatchObject({ status: 200, json: { got: { b: 2 } } });
  });

  it('a route whose body is optional: no body passes; a body of another type is 415', async () => {
    expect(await send('POST', '/things/1/cancel')).toMatchObject({ status: 200, json: { note: null } });
    expect(await send('POST', '/things/1/cancel', { headers: { 'content-length': '0' } })).toMatchObject({ status: 200 });
    const form = await send('POST', '/things/1/cancel', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'note=x' });
    expect(form.status).toBe(415);
    const json = await send('POST', '/things/1/cancel', { headers: { 'content-type': 'application/json' }, body: '{"note":"x"}' });
    expect(json).toMatchObject({ status: 200, json: { note: 'x' } });
  });

  it('NAFTIKO_REST_MAX_BODY (here 1kb) bounds the parser: larger → 413', async () => {
    const r = await send('POST', '/things', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(2000) }) });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('payload_too_large');
  });
});

describe('405 with Allow for a served path asked with another method', () => {
  it('DELETE /things → 405, Allow: GET, HEAD, POST, JSON error', async () => {
    const r = await send('DELETE', '/things');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD, POST');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json.error).toEqual({ code: 'method_not_allowed', message: 'DELETE is not allowed on /things; allowed: GET, HEAD, POST' });
  });

  it('paths with parameters, and several paths matching one request (their methods are joined)', async () => {
    expect(await send('GET', '/things/1/cancel')).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect(await send('PATCH', '/things/7')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    expect(await send('DELETE', '/things/special')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, PUT' } });
    expect(await send('POST', '/healthz')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
  });

  it('OPTIONS → 204 with Allow; served methods, HEAD and unknown paths are unchanged', async () => {
    const options = await send('OPTIONS', '/things');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST');
    expect(await send('GET', '/things')).toMatchObject({ status: 200, json: { list: [] } });
    expect(await send('HEAD', '/things/3')).toMatchObject({ status: 200 });
    expect(await send('GET', '/healthz')).toMatchObject({ status: 200, json: { status: 'ok' } });
    const unknown = await send('DELETE', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
    expect(unknown.json.error.code).toBe('not_found');
  });
});
