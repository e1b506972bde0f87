// MCP tool input schemas from a bound OpenAPI document: an argument passed unchanged to the JSON body
// or a parameter takes the document's schema, `$ref`s made self-contained as `$defs`; arguments the
// document does not describe keep the capability's schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { mcpToolInputSchema } from '../../generator/emit/emit-mcp.js';
import { checkProject } from './model-helpers.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Shop
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
      - name: createorder
        method: POST
        inputParameters:
        - name: body
          in: body
        - name: dry_run
          in: query
        - name: note
          in: header
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: create-order
      description: Create an order.
      inputParameters:
      - name: order
        type: object
        description: Request body (JSON).
      - name: dry_run
        type: string
        description: Only check it.
      - name: note
        type: string
        description: A note.
      call: shop.createorder
      with:
        body: tools.order
        dry_run: tools.dry_run
        note: tools.note
`;

const OPENAPI = `openapi: 3.1.0
info: {title: Shop, version: '1'}
paths:
  /orders:
    post:
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewOrder'}
      responses:
        '201': {description: created}
components:
  schemas:
    NewOrder:
      type: object
      description: An order to place.
      required: [lines]
      properties:
        lines: {type: array, minItems: 1, items: {$ref: '#/components/schemas/Line'}}
    Line:
      type: object
      required: [sku, quantity]
      properties:
        sku: {type: string}
        quantity: {type: integer, minimum: 1}
        unit: {type: string, enum: [piece, box]}
`;

function schema(): Record<string, any> {
  const files = checkProject({ 'shop.yaml': CAPABILITY, 'shop.openapi.yaml': OPENAPI }, { openapi: { shop: 'shop.openapi.yaml' }, inputs: ['shop.yaml'] });
  expect(files[0]!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = files[0]!.model!;
  return mcpToolInputSchema(model, model.mcp[0]!.tools[0]!);
}

describe('MCP tool input schema from the bound document', () => {
  it('takes the body and parameter schemas, nested $refs as $defs, the generic body description replaced', () => {
    const s = schema();
    expect(s.properties.order).toEqual({
      type: 'object',
      description: 'An order to place.',
      required: ['lines'],
      properties: { lines: { type: 'array', minItems: 1, items: { $ref: '#/$defs/Line' } } },
    });
    expect(s.$defs).toEqual({ Line: expect.objectContaining({ required: ['sku', 'quantity'] }) });
    // The author's own description stays; the document's type is used.
    expect(s.properties.dry_run).toEqual({ type: 'boolean', description: 'Only check it.' });
    // Not in the document: the capability's schema.
    expect(s.properties.note).toEqual({ type: 'string', description: 'A note.' });
  });

  it('is self-contained: a validator accepts a good order and names what is wrong with a bad one', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema());
    const good = { dry_run: false, note: 'n', order: { lines: [{ sku: 'a', quantity: 2, unit: 'box' }] } };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...good, order: { lines: [{ sku: 'a', quantity: 0, unit: 'crate' }] } })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(['/order/lines/0/quantity', '/order/lines/0/unit']);
  });
});
