// Mustache templates ({{env.X}}, {{X}}, {{tools.x}}) and path placeholders ({x}, {{x}}, {batch-id} ↔ batch_id).
import { describe, expect, it } from 'vitest';
import { normalizePath, pathPlaceholders } from '../../generator/model/consumes.js';
import { hasHoles, isLiteral, parseTemplate, templateVariables } from '../../generator/model/templates.js';
import { at, miniCapability, modelOf, positionOf } from './model-helpers.js';

const scope = (env: string[], inputs: string[] = []) => ({ env: new Set(env), inputs: new Set(inputs) });

describe('parseTemplate', () => {
  it('{{env.X}} resolves a bound variable', () => {
    const r = parseTemplate('Bearer {{env.API_KEY}}', scope(['API_KEY']));
    expect(r.unresolved).toEqual([]);
    expect(r.template.parts).toEqual([{ kind: 'text', text: 'Bearer ' }, { kind: 'env', variable: 'API_KEY' }]);
    expect(templateVariables(r.template)).toEqual(['API_KEY']);
  });

  it('{{X}} resolves the same bound variable', () => {
    const r = parseTemplate('{{API_KEY}}', scope(['API_KEY']));
    expect(r.unresolved).toEqual([]);
    expect(r.template.parts).toEqual([{ kind: 'env', variable: 'API_KEY' }]);
  });

  it('whitespace inside the braces is allowed', () => {
    expect(parseTemplate('{{  env.API_KEY }}', scope(['API_KEY'])).template.parts).toEqual([{ kind: 'env', variable: 'API_KEY' }]);
  });

  it('{{tools.x}}, {{rest.x}} and {{x}} name the input x', () => {
    for (const raw of ['{{tools.x}}', '{{rest.x}}', '{{x}}', '{{my-ns.x}}']) {
      const r = parseTemplate(raw, scope([], ['x']));
      expect(r.unresolved, raw).toEqual([]);
      expect(r.template.parts, raw).toEqual([{ kind: 'input', name: 'x' }]);
    }
  });

  it('mixed text, env and input parts keep their order', () => {
    const r = parseTemplate('/u/{{tools.id}}?k={{env.K}}&z', scope(['K'], ['id']));
    expect(r.template.parts).toEqual([
      { kind: 'text', text: '/u/' },
      { kind: 'input', name: 'id' },
      { kind: 'text', text: '?k=' },
      { kind: 'env', variable: 'K' },
      { kind: 'text', text: '&z' },
    ]);
    expect(r.template.raw).toBe('/u/{{tools.id}}?k={{env.K}}&z');
  });

  it('unresolved names are reported, never silently literal', () => {
    expect(parseTemplate('{{env.MISSING}}', scope(['OTHER'])).unresolved).toEqual(['env.MISSING']);
    expect(parseTemplate('{{nope}}', scope(['K'], ['x'])).unresolved).toEqual(['nope']);
    expect(parseTemplate('{{tools.nope}}', scope([], ['x'])).unresolved).toEqual(['tools.nope']);
  });

  it('plain text and single braces are literal', () => {
    const r = parseTemplate('a {b} c', scope([]));
    expect(isLiteral(r.template)).toBe(true);
    expect(r.template.parts).toEqual([{ kind: 'text', text: 'a {b} c' }]);
    expect(hasHoles('a {b} c')).toBe(false);
    expect(hasHoles('a {{b}} c')).toBe(true);
    expect(hasHoles('a {{b}} c')).toBe(true); // stateful global regex must not flip the answer
    hasHoles(''); // resets the shared regex (see the BUG test below) so later tests are independent
  });

  // BUG (generator/model/templates.ts): HOLE is a global (/g) regex shared by hasHoles() and
  // parseTemplate(). hasHoles() leaves HOLE.lastIndex after its match, and String.prototype.matchAll
  // copies lastIndex, so the next parseTemplate() skips every hole before that index: after
  // hasHoles('some text {{x}}'), parseTemplate('{{env.K}}') returns the literal text '{{env.K}}' with
  // no env part and no 'unresolved' entry (an unbound secret would then go unreported).
  it('parseTemplate is not affected by an earlier hasHoles call', () => {
    try {
      expect(hasHoles('some longer text {{x}}')).toBe(true);
      const r = parseTemplate('{{env.K}}', scope(['K']));
      expect(r.template.parts).toEqual([{ kind: 'env', variable: 'K' }]);
    } finally {
      hasHoles('');
    }
  });

  it('the empty string is an empty literal', () => {
    expect(parseTemplate('', scope([])).template.parts).toEqual([]);
  });
});

describe('path placeholders', () => {
  it('{{x}} and {x} normalize to {x}', () => {
    expect(normalizePath('/a/{{x}}/b/{ y }/{z}')).toBe('/a/{x}/b/{ y }/{z}');
    expect(normalizePath('/a/{{ x }}')).toBe('/a/{x}');
    expect(pathPlaceholders('/a/{x}/b/{y}')).toEqual(['x', 'y']);
  });

  it('{batch-id} in an exposed path matches the input batch_id (loose match)', () => {
    const { model, diagnostics } = modelOf(miniCapability({ restPath: '/v1/items/{item-id}' }));
    expect(diagnostics.filter((d) => d.code === 'NG3012')).toEqual([]);
    const route = model.rest[0]!.routes[0]!;
    expect(route.inputs.map((i) => [i.name, i.rest?.in, i.required])).toEqual([['item_id', 'path', true]]);
    expect(route.expressPath).toMatch(/^\/v1\/items\/:[A-Za-z_][A-Za-z0-9_]*$/);
    expect(route.openapiPath).toMatch(/^\/v1\/items\/\{[A-Za-z_][A-Za-z0-9_]*\}$/);
    // Express param name and OpenAPI name agree.
    expect(route.expressPath.split(':')[1]).toBe(route.openapiPath.slice(route.openapiPath.indexOf('{') + 1, -1));
  });

  it('an exact match wins over a loose one', () => {
    const { model } = modelOf(miniCapability({ restPath: '/v1/items/{item_id}' }));
    expect(model.rest[0]!.routes[0]!.inputs.map((i) => [i.name, i.rest?.in])).toEqual([['item_id', 'path']]);
  });

  it('{{x}} placeholders work on both sides', () => {
    const { model, diagnostics } = modelOf(miniCapability({ upstreamPath: '/items/{{item_id}}', restPath: '/v1/items/{{item_id}}' }));
    expect(diagnostics.filter((d) => d.severity === 'error' || d.code === 'NG3012' || d.code === 'NG3011')).toEqual([]);
    expect(model.consumes[0]!.operations[0]!.path).toBe('/items/{item_id}');
    const route = model.rest[0]!.routes[0]!;
    expect(route.declaredPath).toBe('/v1/items/{{item_id}}');
    expect(route.inputs.map((i) => [i.name, i.rest?.in])).toEqual([['item_id', 'path']]);
    expect(route.expressPath).not.toContain('{');
  });

  it('an unmatched exposed placeholder is an NG3012 warning at the path', () => {
    const yaml = miniCapability({ restPath: '/v1/items/{item-id}/{nothing}' });
    const { model, diagnostics } = modelOf(yaml);
    const found = diagnostics.filter((d) => d.code === 'NG3012');
    const pos = positionOf(yaml, '/v1/items/{item-id}/{nothing}');
    expect(found.map(at)).toEqual([`${pos.line}:${pos.col} warning NG3012`]);
    expect(found[0]!.message).toContain('{nothing}');
    // It still routes: the placeholder becomes a required path input.
    const route = model.rest[0]!.routes[0]!;
    expect(route.inputs.filter((i) => i.rest?.in === 'path')).toHaveLength(2);
  });

  it('an upstream placeholder without a declared parameter is NG3011 and becomes a required path parameter', () => {
    const yaml = miniCapability({ upstreamPath: '/items/{item_id}/parts/{part}' });
    const { model, diagnostics } = modelOf(yaml);
    expect(diagnostics.filter((d) => d.code === 'NG3011').map((d) => d.message)).toEqual([expect.stringContaining('{part}')]);
    const part = model.consumes[0]!.operations[0]!.params.find((p) => p.wireName === 'part');
    expect(part).toMatchObject({ in: 'path', required: true });
  });

  it('an unbound {{X}} in upstream auth is NG3010 (error) at the value', () => {
    const yaml = miniCapability().replace("'{{env.MINI_TOKEN}}'", "'{{NOT_BOUND}}'");
    const { diagnostics } = modelOf(yaml);
    const pos = positionOf(yaml, "'{{NOT_BOUND}}'");
    expect(diagnostics.filter((d) => d.code === 'NG3010').map(at)).toEqual([`${pos.line}:${pos.col} error NG3010`]);
  });

  it('an unbound {{env.X}} is read from the environment all the same: NG3013 warning at the reference', () => {
    const yaml = miniCapability().replace("'{{env.MINI_TOKEN}}'", "'{{env.NOT_BOUND}}'");
    const { diagnostics, model } = modelOf(yaml);
    const pos = positionOf(yaml, '{{env.NOT_BOUND}}');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.filter((d) => d.code === 'NG3013').map(at)).toEqual([`${pos.line}:${pos.col} warning NG3013`]);
    expect(model.consumes[0]!.auth).toMatchObject({ kind: 'bearer', token: { parts: [{ kind: 'env', variable: 'NOT_BOUND' }] } });
  });
});
