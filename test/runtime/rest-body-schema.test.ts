// documentedBody (rest-body-schema.ts): a REST body checked against the bound document's schema, the
// problems it names, what it never repeats, readInputs turning them into the 400's details, and a
// schema Ajv cannot compile (bodies checked for their type only, one warning from the route).
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import express, { type Request } from 'express';
import { createLogger } from '../../packages/runtime/src/log.js';
import { documentedBody } from '../../packages/runtime/src/rest-body-schema.js';
import { readInputs, type InputSpec } from '../../packages/runtime/src/rest-inputs.js';
import { registerRoutes, type RouteSpec } from '../../packages/runtime/src/rest-routes.js';
import { memoryStream } from './helpers.js';

const BATCH = {
  type: 'object',
  required: ['input_file_id', 'endpoint'],
  properties: {
    input_file_id: { type: 'string', minLength: 1 },
    endpoint: { type: 'string', enum: ['/v1/chat/completions', '/v1/embeddings'] },
    created: { type: 'string', format: 'date-time' },
    requests: { type: 'array', items: { $ref: '#/$defs/Request' } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
  $defs: { Request: { type: 'object', required: ['custom_id'], properties: { custom_id: { type: 'string' } } } },
};

const check = documentedBody(BATCH);

describe('documentedBody', () => {
  it('a body that fits the schema has no problems', () => {
    expect(check({ input_file_id: 'f', endpoint: '/v1/embeddings', requests: [{ custom_id: 'a' }] }, 'body')).toEqual([]);
  });

  it('names every failing place as a reader writes it, with what the schema wants', () => {
    const problems = check(
      { endpoint: '/v1/nope', created: 'yesterday', requests: [{ custom_id: 'a' }, {}], metadata: { team: 7 } },
      'body',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '', message: 'body.input_file_id is required' },
        { path: '/endpoint', message: 'body.endpoint must be one of: /v1/chat/completions, /v1/embeddings' },
        { path: '/created', message: 'body.created must match format "date-time"' },
        { path: '/requests/1', message: 'body.requests[1].custom_id is required' },
        { path: '/metadata/team', message: 'body.metadata.team must be of type string' },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('never repeats a value sent, nor a property name that may be a token', () => {
    const token = 'sk-live-0123456789abcdef0123456789abcdef';
    const problems = check({ input_file_id: 'f', endpoint: token, [token]: 1, metadata: { [token]: 2 } }, 'body');
    const text = JSON.stringify(problems);
    expect(text).not.toContain(token);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'body has a property the schema does not allow',
        'body.metadata.[a property] must be of type string',
      ]),
    );
    expect(problems).toContainEqual({ path: '/metadata/*', message: 'body.metadata.[a property] must be of type string' });
    expect(check({ input_file_id: 'f', endpoint: '/v1/embeddings', extra: 1 }, 'body')).toEqual([
      { path: '', message: "body must not have the property 'extra'" },
    ]);
  });

  it('names at most ten problems', () => {
    const many = documentedBody({ type: 'object', additionalProperties: { type: 'string' } });
    const body = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    expect(many(body, 'body')).toHaveLength(10);
  });

  it('a schema the engine cannot compile leaves the body unchecked and says why', () => {
    const reasons: string[] = [];
    const report = (r: string) => reasons.push(r);
    const unchecked = documentedBody({ type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } });
    expect(reasons).toEqual([]); // compiled on the first body, not before
    expect(unchecked({ a: 1 }, 'body', report)).toEqual([]);
    expect(unchecked({ a: 2 }, 'body', report)).toEqual([]);
    expect(reasons).toHaveLength(1); // said once
    expect(reasons[0]).toMatch(/Missing/);
  });

  it('without a reporter an uncompilable schema still leaves the body unchecked', () => {
    const unchecked = documentedBody({ properties: { a: { $ref: '#/$defs/Missing' } } });
    expect(unchecked({ a: 1 }, 'body')).toEqual([]);
  });
});

describe('a route whose documented body schema cannot be compiled', () => {
  it('answers with the body checked for its type only and logs one warning naming the route', async () => {
    const logged = memoryStream();
    const app = express();
    const body: InputSpec = {
      name: 'body',
      source: 'body',
      wireName: 'body',
      required: true,
      schema: { type: 'object' },
      check: documentedBody({ type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } }),
    };
    const routes: RouteSpec[] = [{ method: 'POST', path: '/things', inputs: [body], body: 'required', run: async (values) => ({ json: values.body }) }];
    registerRoutes(app, routes, { log: createLogger('t', () => [], logged.stream) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/things`;
      const post = (payload: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      const first = await post({ a: 1 });
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ a: 1 });
      expect((await post([1])).status).toBe(400); // the plain type check still applies
      expect((await post({ a: 2 })).status).toBe(200);
      const warnings = logged.lines().filter((l) => l.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ route: 'POST /things', msg: expect.stringContaining('type only') });
      expect(String(warnings[0]?.reason)).toMatch(/Missing/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('readInputs with a body check', () => {
  const spec: InputSpec = { name: 'body', source: 'body', wireName: 'body', required: true, schema: { type: 'object' }, check };
  const request = (body: unknown) => ({ body, headers: {}, params: {}, query: {} }) as unknown as Request;

  it('each failing place is one problem with its path; nothing is taken from the body', () => {
    const { values, problems } = readInputs(request({ endpoint: 'x' }), [spec]);
    expect(values).toEqual({});
    expect(problems).toEqual([
      { name: 'body', in: 'body', path: '', message: 'body.input_file_id is required' },
      { name: 'body', in: 'body', path: '/endpoint', message: 'body.endpoint must be one of: /v1/chat/completions, /v1/embeddings' },
    ]);
  });

  it('a body of the wrong type is named by the plain type check first', () => {
    expect(readInputs(request([1]), [spec]).problems).toEqual([{ name: 'body', in: 'body', message: 'body must be an object' }]);
  });

  it('a body that fits is passed on as sent', () => {
    const body = { input_file_id: 'f', endpoint: '/v1/embeddings' };
    expect(readInputs(request(body), [spec]).values.body).toBe(body);
  });
});
