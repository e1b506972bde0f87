// Numbered-page pagination found from the capability's outputParameters and from a bound OpenAPI
// document: `page`/`page_number` in, items plus next/next_page/next_page_url or has_more out.
import { describe, expect, it } from 'vitest';
import { checkProject } from './model-helpers.js';

const operation = (name: string, path: string, param: string, outputs: string) => `
    - name: ${name}
      path: ${path}
      operations:
      - name: ${name}
        method: GET
        inputParameters:
        - name: ${param}
          in: query
${outputs}`;

const out = (...fields: Array<[string, string]>) =>
  `        outputParameters:\n${fields.map(([n, t]) => `        - name: ${n}\n          type: ${t}\n          value: $.${n}\n`).join('')}`;

function model(resources: string, openapi?: string) {
  const capability = `naftiko: 1.0.0-alpha2
info:
  label: Shop
  description: Fixture
capability:
  consumes:
  - type: http
    namespace: shop
    baseUri: https://shop.test
    resources:${resources}
  exposes:
  - type: mcp
    namespace: shop-mcp
    port: 9090
    tools:
    - name: t
      description: A tool.
      call: shop.withnext
`;
  const files = openapi
    ? checkProject({ 'shop.yaml': capability, 'shop.openapi.yaml': openapi }, { openapi: { shop: 'shop.openapi.yaml' } })
    : checkProject({ 'shop.yaml': capability });
  const file = files[0]!;
  expect(file.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return Object.fromEntries(file.model!.consumes[0]!.operations.map((o) => [o.name, o.pagination]));
}

describe('page-number pagination', () => {
  it('is found from the capability outputParameters: next / next_page_url / has_more, page or page_number', () => {
    const found = model(
      operation('withnext', '/a', 'page', out(['data', 'array'], ['next', 'number'])) +
        operation('withurl', '/b', 'page_number', out(['results', 'array'], ['next_page_url', 'string'], ['has_more', 'boolean'])) +
        operation('withflag', '/c', 'page', out(['orders', 'array'], ['has_more', 'boolean'])) +
        operation('nonext', '/d', 'page', out(['data', 'array'], ['total', 'number'])) +
        operation('noitems', '/e', 'page', out(['next', 'number'])) +
        operation('noparam', '/f', 'offset', out(['data', 'array'], ['next', 'number'])),
    );
    expect(found.withnext).toEqual({ pageParam: 'page', firstPage: 1, itemsField: 'data', nextField: 'next' });
    expect(found.withurl).toEqual({ pageParam: 'page_number', firstPage: 1, itemsField: 'results', nextField: 'next_page_url', hasMoreField: 'has_more' });
    // The one array of the result holds the items when it has none of the usual names.
    expect(found.withflag).toEqual({ pageParam: 'page', firstPage: 1, itemsField: 'orders', hasMoreField: 'has_more' });
    expect(found.nonext).toBeUndefined();
    expect(found.noitems).toBeUndefined();
    expect(found.noparam).toBeUndefined();
  });

  it('is found from a bound OpenAPI result schema, the first page from the parameter minimum', () => {
    const found = model(
      operation('withnext', '/a', 'page', ''),
      `openapi: 3.1.0
info: {title: Shop, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 0}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
components:
  schemas:
    Page:
      type: object
      properties:
        items: {type: array, items: {type: string}}
        next_page: {type: [integer, 'null']}
`,
    );
    expect(found.withnext).toEqual({ pageParam: 'page', firstPage: 0, itemsField: 'items', nextField: 'next_page' });
  });
});
