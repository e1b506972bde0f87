/** (b) an XML upstream (outputRawFormat: xml) projected into typed JSON via REST and MCP. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'b-xml-projection';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<catalog>
  <owner>ACME</owner>
  <item><id>007</id><name>Widget &amp; Co</name><price>9.50</price><stock>true</stock></item>
  <item><id>42</id><name>Gadget</name><price>12</price><stock>false</stock></item>
</catalog>`;

const ITEMS = [
  { id: '007', title: 'Widget & Co', price: 9.5, inStock: true },
  { id: '42', title: 'Gadget', price: 12, inStock: false },
];

const ctx = useConstruct(NAME, {
  notes: 'xml → typed JSON projection',
  routes: (fake) => fake.route('GET', '/items.xml', { xml: XML }),
  env: (fake) => ({ CATALOG_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest /openapi.json: the 200 response of GET /items declares the projected, typed schema', async () => {
    const res = await getJson(`${ctx.rest.url}/openapi.json`);
    expect(res.status).toBe(200);
    const ok = res.body.paths['/items'].get.responses['200'];
    const schema = ok.content?.['application/json']?.schema;
    expect(schema, JSON.stringify(ok)).toMatchObject({
      type: 'array',
      items: { type: 'object', properties: { price: { type: ['number', 'null'] }, inStock: { type: ['boolean', 'null'] } } }, // missing values project to null
    });
  });

  it('rest GET /items/first (object with an explicit mapping) → typed JSON from XML', async () => {
    const res = await getJson(`${ctx.rest.url}/items/first`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: '007', price: 9.5, inStock: true });
  });

  it('mcp first-item (object with an explicit mapping) → typed structuredContent from XML', async () => {
    const result: any = await ctx.client.callTool({ name: 'first-item', arguments: {} });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ id: '007', price: 9.5, inStock: true });
  });

  it('rest GET /items → JSON array of typed items', async () => {
    const res = await getJson(`${ctx.rest.url}/items`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body).toEqual(ITEMS);
  });

  it('rest: a single <item> still gives an array of one', async () => {
    ctx.fake.route('GET', '/items.xml', {
      xml: '<catalog><owner>Solo</owner><item><id>1</id><name>Only</name><price>1.25</price><stock>true</stock></item></catalog>',
    });
    try {
      const res = await getJson(`${ctx.rest.url}/items`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([{ id: '1', title: 'Only', price: 1.25, inStock: true }]);
    } finally {
      ctx.fake.route('GET', '/items.xml', { xml: XML });
    }
  });

  it('mcp list-items → structuredContent is the typed projection, with an output schema', async () => {
    const { tools } = await ctx.client.listTools();
    const tool = tools.find((t) => t.name === 'list-items');
    expect(tool).toBeDefined();
    const result: any = await ctx.client.callTool({ name: 'list-items', arguments: {} });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ owner: 'ACME', items: ITEMS });
    expect(JSON.parse(textOf(result))).toEqual({ owner: 'ACME', items: ITEMS });
  });

  it('mcp: upstream 500 with an XML body → isError carrying the status', async () => {
    ctx.fake.route('GET', '/items.xml', { status: 500, xml: '<error>boom</error>' });
    try {
      const result: any = await ctx.client.callTool({ name: 'list-items', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('500');
    } finally {
      ctx.fake.route('GET', '/items.xml', { xml: XML });
    }
  });
});
