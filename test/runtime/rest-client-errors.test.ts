// errorHandler / sendFailure: an error of express, its router or body-parser that carries a 4xx
// status is the caller's mistake: it is answered with that status and a JSON error with a fixed
// message (never the error's own, which quotes the path or the body), and logged as one warn line
// without a stack, never as an "unhandled error" 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../packages/runtime/src/log.js';
import { jsonBodyOptions } from '../../packages/runtime/src/rest-body.js';
import { errorHandler } from '../../packages/runtime/src/rest-errors.js';
import { memoryStream, raw, startUpstream, type Upstream } from './helpers.js';


/** An error as http-errors (used by body-parser and raw-body) makes it. */
function httpError(status: number, message: string, props: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, ...props });
}

describe('client errors raised by express, the router and body-parser', () => {
  let srv: Upstream;
  const logs = memoryStream();
  const log = createLogger('t', () => [], logs.stream);
  const thrown: Record<string, Error> = {
    aborted: httpError(400, 'request aborted', { type: 'request.aborted', code: 'ECONNABORTED' }),
    size: httpError(400, 'request size did not match content length', { type: 'request.size.invalid' }),
    verify: httpError(403, 'SECRET-IN-BODY', { type: 'entity.verify.failed' }),
    bare: Object.assign(new Error('No SECRET-IN-PATH here'), { statusCode: 404 }),
    server: httpError(503, 'SECRET-IN-5XX'),
  };

  beforeAll(async () => {
    const app = express();
    app.get('/v1/batches/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    app.post('/v1/batches', express.json(jsonBodyOptions({ NAFTIKO_REST_MAX_BODY: '100b' })), (req, res) => {
      res.json({ got: req.body as unknown });
    });
    app.get('/throw/:kind', (req, _res, next) => {
      next(thrown[req.params.kind as string]);
    });
    app.use(errorHandler(log));
    srv = await startUpstream(app);
  });
  afterAll(async () => {
    await srv.close();
  });

  /** The log lines a request added. */
  async function logged<T>(run: () => Promise<T>): Promise<{ result: T; lines: Array<Record<string, unknown>> }> {
    const before = logs.lines().length;
    const result = await run();
    return { result, lines: logs.lines().slice(before) };
  }

  function expectOneWarn(lines: Array<Record<string, unknown>>, fields: Record<string, unknown>): void {
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'request refused', ...fields });
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|unhandled|SECRET|at .*\.js/);
  }

  it('a path whose %-escapes do not decode (GET /v1/batches/%E0%A4%A) → 400 invalid_path, one warn line, no stack', async () => {
    const { result: r, lines } = await logged(() => raw(srv.url, { path: '/v1/batches/%E0%A4%A' }));
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: 'invalid_path', message: 'The request path is not valid: a %-escape in it does not decode to UTF-8 text' },
    });
    expect(r.body).not.toContain('%E0');
    expectOneWarn(lines, { status: 400, code: 'invalid_path' });
    expect((await raw(srv.url, { path: '/v1/batches/b%C3%A9' })).body).toBe('{"id":"bé"}');
  });

  it('bad JSON → 400 invalid_json; too large → 413 payload_too_large; neither quotes the body', async () => {
    const json = { 'content-type': 'application/json' };
    const bad = await logged(() => raw(srv.url, { method: 'POST', path: '/v1/batches', headers: json, body: '{"SECRET-IN-BODY": ' }));
    expect(bad.result.status).toBe(400);
    expect(JSON.parse(bad.result.body).error).toEqual({ code: 'invalid_json', message: 'The request body is not valid JSON' });
    expect(bad.result.body).not.toContain('SECRET');
    expectOneWarn(bad.lines, { status: 400, code: 'invalid_json', type: 'entity.parse.failed' });
    const big = await logged(() => raw(srv.url, { method: 'POST', path: '/v1/batches', headers: json, body: JSON.stringify({ a: 'x'.repeat(200) }) }));
    expect(big.result.status).toBe(413);
    expect(JSON.parse(big.result.body).error.code).toBe('payload_too_large');
    expectOneWarn(big.lines, { status: 413, code: 'payload_too_large', type: 'entity.too.large' });
  });

  it('an unsupported charset or Content-Encoding → 415 with its own code; a broken gzip body → 400', async () => {
    const latin = await logged(() =>
      raw(srv.url, { method: 'POST', path: '/v1/batches', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' }),
    );
    expect(latin.result.status).toBe(415);
    expect(JSON.parse(latin.result.body).error).toEqual({
      code: 'unsupported_charset',
      message: 'The charset of the request body is not supported: send it as UTF-8',
    });
    expectOneWarn(latin.lines, { status: 415, type: 'charset.unsupported' });
    const encoded = await logged(() =>
      raw(srv.url, { method: 'POST', path: '/v1/batches', headers: { 'content-type': 'application/json', 'content-encoding': 'x-secret' }, body: '{}' }),
    );
    expect(encoded.result.status).toBe(415);
    expect(JSON.parse(encoded.result.body).error.code).toBe('unsupported_content_encoding');
    expect(encoded.result.body).not.toContain('x-secret');
    expectOneWarn(encoded.lines, { status: 415, type: 'encoding.unsupported' });
    const gzip = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const broken = await logged(() => raw(srv.url, { method: 'POST', path: '/v1/batches', headers: gzip, body: 'not gzip at all' }));
    expect(broken.result.status).toBe(400);
    expect(JSON.parse(broken.result.body).error).toEqual({ code: 'invalid_request', message: 'Bad Request' });
    expectOneWarn(broken.lines, { status: 400 });
    const ok = await raw(srv.url, { method: 'POST', path: '/v1/batches', headers: gzip, body: gzipSync('{"a":1}') });
    expect(ok).toMatchObject({ status: 200, body: '{"got":{"a":1}}' });
  });

  it('request.aborted, request.size.invalid, entity.verify.failed and a bare 4xx statusCode keep their status', async () => {
    const cases: Array<[string, number, string]> = [
      ['aborted', 400, 'request_aborted'],
      ['size', 400, 'invalid_request'],
      ['verify', 403, 'invalid_request'],
      ['bare', 404, 'not_found'],
    ];
    for (const [kind, status, code] of cases) {
      const { result: r, lines } = await logged(() => raw(srv.url, { path: `/throw/${kind}` }));
      expect(r.status, kind).toBe(status);
      expect(JSON.parse(r.body).error.code, kind).toBe(code);
      expect(r.body).not.toContain('SECRET');
      expectOneWarn(lines, { status, code });
    }
  });

  it('a 5xx status is still an unhandled 500 with a generic message', async () => {
    const { result: r, lines } = await logged(() => raw(srv.url, { path: '/throw/server' }));
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'unhandled error' });
  });
});
