// Client names of consumed operations: word splitting, resource groups, type names, titles,
// collisions (NG3100) and config overrides (NG3101).
import { describe, expect, it } from 'vitest';
import { dictionaryOf, singular, splitWords, titleFromDescription } from '../../generator/names/index.js';
import { modelOf, seedText } from './model-helpers.js';

describe('splitWords', () => {
  const dict = dictionaryOf(['batches', '/batches/{batch_id}/output', 'batch_id']);
  it.each([
    ['getbatchoutput', ['get', 'batch', 'output']],
    ['listbatches', ['list', 'batches']],
    ['createbatch', ['create', 'batch']],
    ['cancelBatch', ['cancel', 'batch']],
    ['get-batch_output', ['get', 'batch', 'output']],
    // Not covered by the dictionary: left whole rather than guessed.
    ['frobnicatewidget', ['frobnicatewidget']],
  ])('%s', (name, expected) => {
    expect(splitWords(name, dict)).toEqual(expected);
  });
  it('singular', () => {
    expect(['batches', 'policies', 'users', 'status', 'addresses', 'boxes'].map(singular)).toEqual(['batch', 'policy', 'user', 'status', 'address', 'box']);
  });
});

describe('seed operation names', () => {
  const { model, diagnostics } = modelOf(seedText(), 'portkey-batch');
  const ops = model.consumes[0]!.operations;
  it('grouped under batches with the noun dropped', () => {
    expect(ops.map((o) => `${o.group}.${o.member}`)).toEqual(['batches.create', 'batches.list', 'batches.retrieve', 'batches.cancel', 'batches.output']);
    expect(ops.map((o) => o.inputTypeName)).toEqual(['BatchCreateParams', 'BatchListParams', 'BatchRetrieveParams', 'BatchCancelParams', 'BatchOutputParams']);
    expect(diagnostics.filter((d) => d.code === 'NG3100')).toEqual([]);
  });
  it('MCP titles read as sentences, not slugs', () => {
    expect(model.mcp[0]!.tools.map((t) => t.title)).toEqual([
      'Creates and executes a batch from an uploaded file of requests',
      "List your organization's batches",
      'Retrieves a batch',
      'Cancels an in-progress batch',
      'Returns batch output as stream',
    ]);
    expect(titleFromDescription('x'.repeat(81))).toBeUndefined();
  });
  it('is deterministic', () => {
    const again = modelOf(seedText(), 'portkey-batch').model.consumes[0]!.operations;
    expect(again.map((o) => [o.group, o.member, o.inputTypeName, o.resultTypeName])).toEqual(ops.map((o) => [o.group, o.member, o.inputTypeName, o.resultTypeName]));
  });
});

const twoGets = `naftiko: 1.0.0-alpha2
info:
  label: Clash
  description: Fixture
capability:
  consumes:
  - type: http
    namespace: svc
    baseUri: https://svc.test
    resources:
    - name: users
      path: /users/{id}
      operations:
      - name: getuser
        method: GET
        inputParameters:
        - name: id
          in: path
          type: string
      - name: get-users
        method: GET
        inputParameters:
        - name: id
          in: path
          type: string
  exposes: []
`;

describe('collisions and overrides', () => {
  it('two operations with one name: NG3100 names both, the second keeps its full name', () => {
    const { model, diagnostics } = modelOf(twoGets);
    expect(model.consumes[0]!.operations.map((o) => `${o.group}.${o.member}`)).toEqual(['users.get', 'users.getUsers']);
    const d = diagnostics.find((x) => x.code === 'NG3100')!;
    expect(d.message).toContain("'getuser' and 'get-users'");
    expect(d.hint).toContain('"names"');
    expect(d.line).toBeGreaterThan(1);
  });
  it('a names override wins; one naming no operation is NG3101 with the nearest', () => {
    const { model, diagnostics } = modelOf(twoGets, 'inline', { 'svc.get-users': 'people.fetch', 'svc.getusr': 'x' });
    expect(model.consumes[0]!.operations.map((o) => `${o.group}.${o.member}`)).toEqual(['users.get', 'people.fetch']);
    expect(diagnostics.some((d) => d.code === 'NG3100')).toBe(false);
    const unused = diagnostics.find((d) => d.code === 'NG3101')!;
    expect(unused.message).toContain("'svc.getusr'");
    expect(unused.hint).toContain("'svc.getuser'");
  });
});

describe('cut-off descriptions', () => {
  it('the seed without its OpenAPI binding warns of the `after` description cut at "e" (NG3102)', () => {
    const { diagnostics } = modelOf(seedText(), 'portkey-batch');
    const cut = diagnostics.filter((d) => d.code === 'NG3102');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.message).toMatch(/portkey-batch\.listbatches: .*100 objects, e' stops mid-sentence/);
  });
});
