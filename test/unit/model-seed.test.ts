// The model of the seed capability (capabilities/portkey-batch.yaml), and model findings with positions.
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../generator/pipeline.js';
import type { CapabilityModel, CallerInput } from '../../generator/model/types.js';
import { at, modelOf, positionOf, REPO, SEED_PATH, seedText } from './model-helpers.js';

function seedModel(): CapabilityModel {
  const { files } = checkFiles([SEED_PATH], { cwd: REPO });
  expect(files).toHaveLength(1);
  const f = files[0]!;
  expect(f.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(f.model).toBeDefined();
  return f.model!;
}

const inputsOf = (inputs: CallerInput[]) => inputs.map((i) => ({ name: i.name, type: i.schema.type, required: i.required, in: i.rest?.in }));

describe('seed model', () => {
  const model = seedModel();

  it('has one consumes namespace with the 5 operations', () => {
    expect(model.name).toBe('portkey-batch');
    expect(model.consumes).toHaveLength(1);
    const ns = model.consumes[0]!;
    expect(ns.namespace).toBe('portkey-batch');
    expect(ns.baseUri).toBe('https://api.portkey.ai/v1');
    expect(ns.baseUrlEnv).toBe('PORTKEY_BATCH_BASE_URL');
    expect(ns.operations.map((o) => `${o.method} ${o.path} ${o.name}`)).toEqual([
      'POST /batches createbatch',
      'GET /batches listbatches',
      'GET /batches/{batch_id} retrievebatch',
      'POST /batches/{batch_id}/cancel cancelbatch',
      'GET /batches/{batch_id}/output getbatchoutput',
    ]);
    expect(ns.auth).toEqual({ kind: 'bearer', token: { raw: '{{env.PORTKEY_API_KEY}}', parts: [{ kind: 'env', variable: 'PORTKEY_API_KEY' }] } });
    expect(ns.operations[0]!.body.kind).toBe('json-input');
  });

  it('REST routes: methods, paths and traced inputs', () => {
    expect(model.rest).toHaveLength(1);
    const routes = model.rest[0]!.routes;
    expect(routes.map((r) => `${r.method} ${r.declaredPath}`)).toEqual([
      'POST /v1/batches',
      'GET /v1/batches',
      'GET /v1/batches/{batch-id}',
      'POST /v1/batches/{batch-id}/cancel',
      'GET /v1/batches/{batch-id}/output',
    ]);
    expect(model.rest[0]!.port).toBe(8080);
    // POST /v1/batches: the caller's whole JSON body is the upstream body.
    expect(inputsOf(routes[0]!.inputs)).toEqual([{ name: 'body', type: 'object', required: true, in: 'body' }]);
    expect(routes[0]!.call?.args.map((a) => [a.param.wireName, a.param.in, a.source])).toEqual([['body', 'body', { kind: 'caller', input: 'body' }]]);
    // GET /v1/batches: after/limit in the query; limit bounded 1..100 from its description.
    expect(inputsOf(routes[1]!.inputs)).toEqual([
      { name: 'after', type: 'string', required: false, in: 'query' },
      { name: 'limit', type: 'integer', required: false, in: 'query' },
    ]);
    expect(routes[1]!.inputs[1]!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    // {batch-id} ↔ batch_id, from the path.
    for (const r of routes.slice(2)) {
      expect(inputsOf(r.inputs)).toEqual([{ name: 'batch_id', type: 'string', required: true, in: 'path' }]);
      expect(r.call?.args.map((a) => [a.param.wireName, a.param.in, a.source])).toEqual([['batch_id', 'path', { kind: 'caller', input: 'batch_id' }]]);
    }
  });

  // BUG (generator/model/expose-rest.ts, locateInputs): the Express/OpenAPI path parameter is named
  // with memberName(input.name) → camelCase, giving `/v1/batches/:batchId` and OpenAPI `{batchId}`,
  // while model/types.ts documents `/v1/batches/:batch_id` / `{batch_id}` and every other surface (MCP
  // tool argument, upstream parameter, model input) calls it `batch_id`.
  it('REST path placeholders keep the input name: /v1/batches/:batch_id', () => {
    const routes = model.rest[0]!.routes;
    expect(routes.slice(2).map((r) => r.expressPath)).toEqual(['/v1/batches/:batch_id', '/v1/batches/:batch_id/cancel', '/v1/batches/:batch_id/output']);
    expect(routes.slice(2).map((r) => r.openapiPath)).toEqual(['/v1/batches/{batch_id}', '/v1/batches/{batch_id}/cancel', '/v1/batches/{batch_id}/output']);
    expect(routes.slice(0, 2).map((r) => r.expressPath)).toEqual(['/v1/batches', '/v1/batches']);
  });

  it('5 MCP tools with input schemas and annotations equal to the hints', () => {
    expect(model.mcp).toHaveLength(1);
    const mcp = model.mcp[0]!;
    expect(mcp.transport).toBe('http');
    expect(mcp.port).toBe(9090);
    const tools = mcp.tools;
    expect(tools.map((t) => t.name)).toEqual([
      'creates-and-executes-batch-uploaded',
      'list-your-organization-s-batches',
      'retrieves-batch',
      'cancels-progress-batch-batch-will',
      'returns-batch-output-stream',
    ]);
    const schemaOf = (i: number) => tools[i]!.inputs.map((x) => ({ name: x.name, type: x.schema.type, required: x.required }));
    expect(schemaOf(0)).toEqual([{ name: 'body', type: 'object', required: true }]);
    expect(schemaOf(1)).toEqual([
      { name: 'after', type: 'string', required: false },
      { name: 'limit', type: 'integer', required: false },
    ]);
    expect(tools[1]!.inputs[1]!.schema).toMatchObject({ minimum: 1, maximum: 100 });
    for (const i of [2, 3, 4]) expect(schemaOf(i)).toEqual([{ name: 'batch_id', type: 'string', required: true }]);

    const hints = [
      [false, false, false],
      [true, false, true],
      [true, false, true],
      [false, false, false],
      [true, false, true],
    ];
    tools.forEach((t, i) => {
      const [readOnly, destructive, idempotent] = hints[i]!;
      expect(t.annotations, t.name).toMatchObject({ readOnlyHint: readOnly, destructiveHint: destructive, idempotentHint: idempotent, derived: false });
      expect(t.call).toBeDefined();
    });
  });

  it('environment: PORTKEY_API_KEY required, PORTKEY_BATCH_BASE_URL optional override', () => {
    expect(model.env.map((e) => [e.name, e.kind, e.required])).toEqual([
      ['PORTKEY_API_KEY', 'secret', true],
      ['PORTKEY_BATCH_BASE_URL', 'base-url', false],
    ]);
  });

  it('the seed yields warnings only, no model errors', () => {
    const { files } = checkFiles([SEED_PATH], { cwd: REPO });
    expect(files[0]!.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('model findings at the right line:col', () => {
  it('an unresolved call (call: nope.op) is NG3001 at the call value', () => {
    const text = seedText();
    const target = 'call: portkey-batch.retrievebatch';
    // Break the MCP tool's call (second occurrence: the first is the REST route).
    const pos = positionOf(text, target, 1);
    const lines = text.split('\n');
    lines[pos.line - 1] = lines[pos.line - 1]!.replace('portkey-batch.retrievebatch', 'nope.op');
    const { diagnostics } = modelOf(lines.join('\n'), 'portkey-batch');
    const found = diagnostics.filter((d) => d.code === 'NG3001');
    expect(found.map(at)).toEqual([`${pos.line}:${pos.col + 'call: '.length} error NG3001`]);
    expect(found[0]!.message).toContain('nope.op');
  });

  it('an unresolved REST call is NG3001 too', () => {
    const text = seedText().replace('call: portkey-batch.createbatch', 'call: nope.op');
    const pos = positionOf(text, 'nope.op');
    const { diagnostics } = modelOf(text, 'portkey-batch');
    expect(diagnostics.filter((d) => d.code === 'NG3001').map(at)).toEqual([`${pos.line}:${pos.col} error NG3001`]);
  });

  it("'with' naming an undeclared parameter of a GET is adopted as a query parameter (NG3042 warning)", () => {
    const text = seedText().replace('          after: rest.after\n', '          after: rest.after\n          bogus: rest.bogus\n');
    const pos = positionOf(text, 'bogus: rest.bogus');
    const { diagnostics, model } = modelOf(text, 'portkey-batch');
    expect(diagnostics.filter((d) => d.code === 'NG3042').map(at)).toEqual([`${pos.line}:${pos.col + 'bogus: '.length} warning NG3042`]);
    const list = model.consumes[0]!.operations.find((o) => o.name === 'listbatches')!;
    expect(list.params.find((p) => p.wireName === 'bogus')?.in).toBe('query');
  });

  it("'with' naming a nonexistent parameter of an operation whose body is a whole input is NG3041 at that key", () => {
    const text = seedText().replace('          body: rest.body\n', '          body: rest.body\n          bogus: rest.bogus\n');
    const pos = positionOf(text, 'bogus: rest.bogus');
    const { diagnostics } = modelOf(text, 'portkey-batch');
    const found = diagnostics.filter((d) => d.code === 'NG3041');
    expect(found.map(at)).toEqual([`${pos.line}:${pos.col + 'bogus: '.length} error NG3041`]);
    expect(found[0]!.message).toContain('bogus');
  });

  it('checkFiles reports model errors and withholds the model', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'naftiko-model-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), seedText().replace('call: portkey-batch.createbatch', 'call: nope.op'));
      const { files } = checkFiles(['bad.yaml'], { cwd: dir });
      expect(files[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['NG3001']);
      expect(files[0]!.model).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
