/** (i) a shared consumes file imported with location/import/as. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'i-shared-import';
const KEY = 'inv-key-42ab';

const ctx = useConstruct(NAME, {
  notes: 'location/import/as; alias → STOCK_API_BASE_URL',
  routes: (fake) => fake.route('GET', /^\/api\/stock\//, (req) => ({ json: { sku: decodeURIComponent(req.path.slice(11)), level: 5 } })),
  // The local namespace is the alias (`as: stock-api`), so its base URL variable is STOCK_API_BASE_URL.
  env: (fake) => ({ INVENTORY_KEY: KEY, STOCK_API_BASE_URL: `${fake.url}/api` }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: the imported adapter is generated under its alias', () => {
    expect(ctx.fx.files).toContain('src/clients/stock-api-client.ts');
    expect(ctx.fx.source('src/clients/stock-api-client.ts')).toContain('export class StockApiClient');
  });

  it('rest GET /stock/{sku} → the imported operation, with the imported apikey auth', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/stock/SKU-1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ sku: 'SKU-1', level: 5 });
    const up = ctx.fake.since(from)[0]!;
    expect(up.url).toBe('/api/stock/SKU-1');
    expect(up.headers['x-inventory-key']).toBe(KEY);
  });

  it('mcp get-stock and set-stock (JSON body template from the shared file)', async () => {
    const from = ctx.fake.requests.length;
    const a: any = await ctx.client.callTool({ name: 'get-stock', arguments: { sku: 'S2' } });
    expect(a.isError ?? false, textOf(a)).toBe(false);
    expect(a.structuredContent).toEqual({ sku: 'S2', level: 5 });
    const b: any = await ctx.client.callTool({ name: 'set-stock', arguments: { sku: 'S2', level: 9 } });
    expect(b.isError ?? false, textOf(b)).toBe(false);
    const up = ctx.fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/stock/S2', 'PUT /api/stock/S2']);
    expect(JSON.parse(up[1]!.body)).toEqual({ level: 9 });
    for (const r of up) expect(r.headers['x-inventory-key']).toBe(KEY);
  });
});
