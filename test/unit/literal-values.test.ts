// Literal values against declared types (generator/model/literal-values.ts): NG3140 (wrong type),
// NG3141 (another type that reads as the declared one), NG3142 (not an enum value), each at the
// offending value's line:col and naming the parameter's declaration.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { at, checkProject, modelOf, positionOf } from './model-helpers.js';

interface Parts {
  /** Lines under the tool's `with:` (10 spaces of indentation). */
  with?: string;
  /** Replaces the tool's `call` + `with` (steps, ref …), 6 spaces of indentation. */
  tool?: string;
  /** Extra keys on the `limit` parameter (10 spaces). */
  limit?: string;
  aggregates?: string;
}

const capability = (p: Parts = {}): string => `naftiko: 1.0.0-alpha2
info:
  label: Lit
  description: Fixture
capability:
  consumes:
  - type: http
    namespace: shop
    baseUri: https://shop.test
    resources:
    - name: orders
      path: /orders
      operations:
      - name: list-orders
        method: GET
        inputParameters:
        - name: limit
          in: query
          type: integer
${p.limit ?? ''}        - name: ratio
          in: query
          type: number
        - name: open
          in: query
          type: boolean
        - name: label
          in: query
          type: string
        - name: free
          in: query
      - name: create-order
        method: POST
        inputParameters:
        - name: quantity
          in: body
          type: integer
        - name: note
          in: body
          type: string
${p.aggregates ?? ''}  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: orders
      description: Orders.
${p.tool ?? `      call: shop.list-orders\n      with:\n${p.with ?? '          limit: tools.limit'}`}
`;

const findings = (yaml: string): Diagnostic[] => modelOf(yaml, 'lit').diagnostics.filter((d) => /^NG314\d$/.test(d.code));
/** `line:col severity code` of each finding. */
const where = (list: Diagnostic[]): string[] => list.map(at);
const pos = (text: string, needle: string, nth = 0): string => {
  const { line, col } = positionOf(text, needle, nth);
  return `${line}:${col}`;
};
/** The declaration `- name: <param>` as the messages cite it (`lit.yaml:line:col` of `name`). */
const declared = (text: string, param: string): string => `lit.yaml:${pos(text, `name: ${param}\n`)}`;

describe('literal values in `with`', () => {
  it('a string that is no integer, for an integer parameter: NG3140 at the value, naming the declaration', () => {
    const yaml = capability({ with: '          limit: twenty' });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, 'twenty')} error NG3140`]);
    expect(list[0]!.message).toBe(`'with' gives 'limit' the string 'twenty', but shop.list-orders declares it an integer (${declared(yaml, 'limit')}); the generated code would send the value as written.`);
    expect(list[0]!.hint).toMatch(/take it from the caller \('limit: tools\.limit'\)/);
  });

  it("'42' for an integer reads as one: NG3141 (a warning), it travels as the same query text", () => {
    const yaml = capability({ with: "          limit: '42'" });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, "'42'")} warning NG3141`]);
    expect(list[0]!.message).toMatch(/the same text in the query\.$/);
    expect(list[0]!.hint).toBe("Write 'limit: 42' to say what is meant.");
  });

  it('values of the declared type pass: integer, number, string, numeric text for a number', () => {
    expect(where(findings(capability({ with: '          limit: 20\n          ratio: 2.5\n          label: spring' })))).toEqual([]);
  });

  it('2.5 for an integer is NG3140; "2.5" for a number is NG3141; 7 for a string is NG3141', () => {
    const yaml = capability({ with: "          limit: 2.5\n          ratio: '2.5'\n          label: 7" });
    expect(where(findings(yaml))).toEqual([`${pos(yaml, '2.5')} error NG3140`, `${pos(yaml, "'2.5'")} warning NG3141`, `${pos(yaml, '7\n')} warning NG3141`]);
  });

  it("booleans: 'true' reads as one (NG3141), 'yes' does not (NG3140)", () => {
    const yaml = capability({ with: "          open: 'yes'" });
    expect(where(findings(yaml))).toEqual([`${pos(yaml, "'yes'")} error NG3140`]);
    const ok = capability({ with: "          open: 'true'" });
    expect(where(findings(ok))).toEqual([`${pos(ok, "'true'")} warning NG3141`]);
  });

  it('a parameter without a declared type takes any literal', () => {
    expect(findings(capability({ with: '          free: 12\n          limit: tools.limit' }))).toEqual([]);
  });

  it('references are not literals: caller inputs (tools., the expose namespace), templates', () => {
    expect(findings(capability({ with: "          limit: shop-mcp.limit\n          ratio: '{{ratio}}'\n          open: tools.open" }))).toEqual([]);
  });

  it('a JSON body field: the warning says the body carries the value as written', () => {
    const yaml = capability({ tool: "      call: shop.create-order\n      with:\n          quantity: '3'\n          note: tools.note" });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, "'3'")} warning NG3141`]);
    expect(list[0]!.message).toMatch(/sent as written in the JSON body, which the upstream may refuse\.$/);
    const bad = capability({ tool: '      call: shop.create-order\n      with:\n          quantity: three' });
    expect(where(findings(bad))).toEqual([`${pos(bad, 'three')} error NG3140`]);
  });

  it('a step of an orchestrated tool is checked; a step reference is not', () => {
    const yaml = capability({
      tool: '      steps:\n      - type: call\n        name: first\n        call: shop.list-orders\n        with:\n          limit: many\n      - type: call\n        name: second\n        call: shop.list-orders\n        with:\n          limit: $.first.count',
    });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, 'many')} error NG3140`]);
    expect(list[0]!.message).toContain(`(${declared(yaml, 'limit')})`);
  });

  it('an aggregate function called through ref is checked where the function is written', () => {
    const yaml = capability({
      aggregates: '  aggregates:\n  - namespace: orders-agg\n    functions:\n    - name: few-orders\n      description: Few orders.\n      call: shop.list-orders\n      with:\n        limit: few\n',
      tool: '      ref: orders-agg.few-orders',
    });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, 'few\n')} error NG3140`]);
    expect(list[0]!.hint).toMatch(/'limit: orders-agg\.limit'/);
  });
});

describe('fixed parameter values', () => {
  it('a fixed value that is no integer: NG3140 at the value', () => {
    const yaml = capability({ limit: '          value: twenty\n' });
    const list = findings(yaml);
    expect(where(list)).toEqual([`${pos(yaml, 'twenty')} error NG3140`]);
    expect(list[0]!.message).toBe(`The fixed value of 'limit' (shop.list-orders) is the string 'twenty', but ${declared(yaml, 'limit')} declares an integer.`);
  });

  // Declarations at the three levels the model merges (namespace, resource, operation), and in an
  // imported shared consumes file: each found through the model's parameters, not the raw YAML.
  const LEVELS = `naftiko: 1.0.0-alpha2
info:
  label: Levels
  description: Fixture
capability:
  consumes:
  - type: http
    namespace: shop
    baseUri: https://shop.test
    inputParameters:
    - name: region
      in: header
      type: integer
      value: europe
    resources:
    - name: orders
      path: /orders
      inputParameters:
      - name: size
        in: query
        type: integer
        value: big
      - name: count
        in: query
        type: integer
      operations:
      - name: list-orders
        method: GET
      - name: list-open
        method: GET
        inputParameters:
        - name: size
          in: query
          type: boolean
          value: maybe
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: orders
      description: Orders.
      call: shop.list-orders
      with:
        count: many
`;

  it('namespace, resource and operation levels: each fixed value once, at its value, naming its own declaration', () => {
    const list = findings(LEVELS).sort((a, b) => a.line - b.line);
    expect(where(list)).toEqual([`${pos(LEVELS, 'europe')} error NG3140`, `${pos(LEVELS, 'big')} error NG3140`, `${pos(LEVELS, 'maybe')} error NG3140`, `${pos(LEVELS, 'many')} error NG3140`]);
    expect(list[0]!.message).toBe(`The fixed value of 'region' (the 'shop' namespace) is the string 'europe', but lit.yaml:${pos(LEVELS, 'name: region')} declares an integer.`);
    // The resource's `size` is shared by list-orders (reported once); list-open declares its own.
    expect(list[1]!.message).toContain(`(shop.list-orders) is the string 'big', but lit.yaml:${pos(LEVELS, 'name: size')} declares an integer`);
    expect(list[2]!.message).toContain(`(shop.list-open) is the string 'maybe', but lit.yaml:${pos(LEVELS, 'name: size', 1)} declares a boolean`);
    expect(list[3]!.message).toContain(`declares it an integer (lit.yaml:${pos(LEVELS, 'name: count')})`);
  });

  it('a shared consumes file: the fixed value is reported in that file, at its value', () => {
    const shared = `naftiko: 1.0.0-alpha2
consumes:
- type: http
  namespace: shop
  baseUri: https://shop.test
  resources:
  - name: orders
    path: /orders
    operations:
    - name: list-orders
      method: GET
      inputParameters:
      - name: limit
        in: query
        type: integer
        value: twenty
`;
    const main = `naftiko: 1.0.0-alpha2
info:
  label: Main
  description: Fixture
capability:
  consumes:
  - location: ./shared.yaml
    import: shop
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: orders
      description: Orders.
      call: shop.list-orders
`;
    const files = checkProject({ 'main.yaml': main, 'shared.yaml': shared }, { inputs: ['main.yaml'] });
    const list = files[0]!.diagnostics.filter((d) => /^NG314\d$/.test(d.code));
    expect(list.map((d) => `${d.file}:${at(d)}`)).toEqual([`shared.yaml:${pos(shared, 'twenty')} error NG3140`]);
    expect(list[0]!.message).toContain(`shared.yaml:${pos(shared, 'name: limit')} declares an integer`);
  });

  it("a fixed value is text by the format: '20' for an integer is fine, and so is a template", () => {
    expect(findings(capability({ limit: "          value: '20'\n" }))).toEqual([]);
    expect(findings(capability({ limit: "          value: '{{env.LIMIT}}'\n" }))).toEqual([]);
  });
});

describe('the bound OpenAPI type and enum', () => {
  const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Shop
  description: Fixture
capability:
  consumes:
  - type: http
    namespace: shop
    baseUri: https://shop.test/v1
    resources:
    - name: orders
      path: /orders
      operations:
      - name: listorders
        method: GET
        inputParameters:
        - name: region
          in: query
          type: string
        - name: page
          in: query
          type: string
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: list-orders
      description: List orders.
      call: shop.listorders
      with:
        REGION
        PAGE
`;
  const OPENAPI = `openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      parameters:
        - {name: region, in: query, schema: {type: string, enum: [eu, us]}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok}
`;
  function check(region: string, page: string) {
    const text = CAPABILITY.replace('REGION', `region: ${region}`).replace('PAGE', `page: ${page}`);
    const files = checkProject({ 'shop.yaml': text, 'shop.openapi.yaml': OPENAPI }, { openapi: { shop: 'shop.openapi.yaml' }, inputs: ['shop.yaml'] });
    return { text, list: files[0]!.diagnostics.filter((d) => /^NG314\d$/.test(d.code)) };
  }

  it('a value outside the enum is NG3142 naming the OpenAPI operation (its `get` map, as NG3113 does); the document types `page` integer (NG3140)', () => {
    const { text, list } = check('asia', 'first');
    expect(list.map((d) => `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([`shop.yaml:${pos(text, 'asia')} error NG3142`, `shop.yaml:${pos(text, 'first')} error NG3140`]);
    expect(list[0]!.message).toMatch(/typed by shop\.openapi\.yaml:6:7\)\.$/);
    expect(list[0]!.hint).toMatch(/^Use one of: "eu", "us";/);
  });

  it('enum and document type satisfied: nothing', () => {
    expect(check('eu', '2').list).toEqual([]);
  });

  it('a path placeholder the capability does not declare (NG3011) is checked against the type the document gives it', () => {
    const capability = CAPABILITY.replace('      path: /orders\n', '      path: /orders/{id}\n').replace('        REGION\n', '        id: abc\n').replace('        PAGE\n', '');
    const openapi = OPENAPI.replace('  /orders:\n', '  /orders/{id}:\n').replace('        - {name: page,', '        - {name: id, in: path, required: true, schema: {type: integer}}\n        - {name: page,');
    const files = checkProject({ 'shop.yaml': capability, 'shop.openapi.yaml': openapi }, { openapi: { shop: 'shop.openapi.yaml' }, inputs: ['shop.yaml'] });
    const list = files[0]!.diagnostics.filter((d) => /^NG3(011|14\d)$/.test(d.code));
    expect(list.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`).sort()).toEqual([`${pos(capability, 'name: listorders')} warning NG3011`, `${pos(capability, 'abc')} error NG3140`].sort());
    expect(list.find((d) => d.code === 'NG3140')!.message).toBe(`'with' gives 'id' the string 'abc', but shop.listorders declares it an integer (typed by shop.openapi.yaml:6:7); the generated code would send the value as written.`);
  });
});
