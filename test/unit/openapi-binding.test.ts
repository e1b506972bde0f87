// The config's `openapi` binding: matched operations typed, URL refs refused (NG3111), mismatches
// warned naming both places (NG3112, NG3113, NG3115), not-OpenAPI-3 refused (NG3110), pagination found.
import { describe, expect, it } from 'vitest';
import { checkProject } from './model-helpers.js';

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
        - name: after
          in: query
          type: string
      - name: exportorders
        method: POST
    - name: order-lines
      path: /orders/{id}/lines
      operations:
      - name: getorderlines
        method: GET
        outputRawFormat: json
        inputParameters:
        - name: id
          in: path
          type: string
          required: true
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: list-orders
      description: List orders.
      call: shop.listorders
`;

const OPENAPI = (extra = '') => `openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: region, in: query, required: true, schema: {type: string, enum: [eu, us]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OrderList'}
  /orders/{order_id}/lines:
    get:
      responses:
        '200':
          description: lines
          content:
            application/x-ndjson:
              schema: {$ref: '#/components/schemas/Line'}
components:
  schemas:
    Order:
      type: object
      properties:
        state: {type: string, enum: [open, shipped], nullable: true}
    OrderList:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Order'}}
        has_more: {type: boolean}
        last_id: {type: string}
    Line:
      type: object
${extra}`;

function check(openapi: string) {
  const files = checkProject({ 'shop.yaml': CAPABILITY, 'shop.openapi.yaml': openapi }, { openapi: { shop: 'shop.openapi.yaml' } });
  expect(files.map((f) => f.input.displayPath)).toEqual(['shop.yaml']); // the .openapi.yaml is no capability
  return files[0]!;
}

describe('openapi binding', () => {
  it('types matched operations; warns of what does not match, naming both places', () => {
    const file = check(OPENAPI());
    const ns = file.model!.consumes[0]!;
    expect(Object.keys(ns.schemas!)).toEqual(['Line', 'Order', 'OrderList']);
    expect(ns.schemas!.Order).toMatchObject({ properties: { state: { type: ['string', 'null'], enum: ['open', 'shipped'] } } });
    const [list, exp, lines] = ns.operations;
    expect(list!.typed!.result).toEqual({ $ref: '#/components/schemas/OrderList' });
    expect(list!.pagination).toEqual({ cursorParam: 'after', itemsField: 'data', hasMoreField: 'has_more', nextCursorField: 'last_id' });
    expect(lines!.typed!.stream).toEqual({ kind: 'jsonl', item: { $ref: '#/components/schemas/Line' } });
    expect(exp!.typed).toBeUndefined();
    const codes = file.diagnostics.filter((d) => d.code.startsWith('NG31')).map((d) => `${d.code} ${d.file}:${d.line}`);
    expect(codes).toEqual(expect.arrayContaining([expect.stringMatching(/^NG3112 shop\.yaml:\d+$/), expect.stringMatching(/^NG3113 shop\.yaml:\d+$/), expect.stringMatching(/^NG3115 shop\.yaml:\d+$/)]));
    const missingParam = file.diagnostics.find((d) => d.code === 'NG3113')!;
    expect(missingParam.message).toMatch(/'region', which shop\.openapi\.yaml:\d+:\d+ requires/);
  });

  it('a $ref to a URL is refused at its position, nothing fetched', () => {
    const file = check(OPENAPI(`    Remote:\n      $ref: 'https://example.test/schemas.yaml#/Order'\n`));
    const d = file.diagnostics.find((x) => x.code === 'NG3111')!;
    expect(d).toMatchObject({ severity: 'error', file: 'shop.openapi.yaml' });
    expect(d.line).toBeGreaterThan(30);
    expect(file.model).toBeUndefined();
  });

  it('a document that is not OpenAPI 3.0/3.1 is refused', () => {
    const file = check('swagger: "2.0"\npaths: {}\n');
    expect(file.diagnostics.find((x) => x.code === 'NG3110')).toMatchObject({ severity: 'error', file: 'shop.openapi.yaml' });
  });

  it('a text/event-stream response: event data is JSON when the event schema says so, else text', () => {
    const lines = `application/x-ndjson:
              schema: {$ref: '#/components/schemas/Line'}`;
    const streamOf = (schema: string) => {
      const file = check(OPENAPI().replace(lines, `text/event-stream:\n              schema: ${schema}`));
      expect(file.diagnostics.filter((d) => d.code === 'NG3115')).toEqual([]); // json data is no clash
      return file.model!.consumes[0]!.operations[2]!.typed!.stream;
    };
    expect(streamOf('{type: string}')).toEqual({ kind: 'sse', json: false });
    expect(streamOf('{type: object, properties: {data: {type: string}}}')).toEqual({ kind: 'sse', json: false });
    expect(streamOf("{type: object, properties: {data: {contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Line'}}}}")).toEqual({
      kind: 'sse',
      json: true,
      data: { $ref: '#/components/schemas/Line' },
    });
    expect(streamOf("{type: object, properties: {data: {$ref: '#/components/schemas/Line'}}}")).toEqual({ kind: 'sse', json: true, data: { $ref: '#/components/schemas/Line' } });
    expect(streamOf('{type: object, properties: {data: {type: array, items: {type: integer}}}}')).toEqual({ kind: 'sse', json: true, data: { type: 'array', items: { type: 'integer' } } });
  });
});
