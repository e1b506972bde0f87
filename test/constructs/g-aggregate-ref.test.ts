/** (g) aggregate functions used via ref by MCP tools and a REST operation; hints from semantics. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'g-aggregate-ref';

const ctx = useConstruct(NAME, {
  notes: 'aggregates + ref, semantics → hints',
  routes: (fake) => {
    fake.route('GET', /^\/forecast\//, (req) => ({ json: { city: decodeURIComponent(req.path.slice(10)), temp: 21 } }));
    fake.route('DELETE', /^\/forecast\//, { json: { reset: true } });
  },
  env: (fake) => ({ METEO_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest GET /forecast/{city} (ref) → calls the function\'s consumed operation', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/forecast/Lyon`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ city: 'Lyon', temp: 21 });
    expect(ctx.fake.since(from).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /forecast/Lyon']);
  });

  it('mcp tools/list: inputs inherited from the function (city: string, required)', async () => {
    const { tools } = await ctx.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get-forecast', 'reset-forecast', 'search-forecasts']);
    const get = tools.find((t) => t.name === 'get-forecast')!;
    expect(get.inputSchema).toMatchObject({ properties: { city: { type: 'string' } }, required: ['city'] });
  });

  it('mcp get-forecast (semantics safe+idempotent) → readOnlyHint, idempotentHint, not destructive', async () => {
    const { tools } = await ctx.client.listTools();
    const get = tools.find((t) => t.name === 'get-forecast')!;
    expect(get.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
  });

  it('mcp reset-forecast (DELETE, semantics idempotent: false) → idempotentHint false from semantics, not the method', async () => {
    const { tools } = await ctx.client.listTools();
    const reset = tools.find((t) => t.name === 'reset-forecast')!;
    expect(reset.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
  });

  it('mcp search-forecasts (POST, semantics safe+idempotent) → readOnlyHint true from semantics, not the method', async () => {
    const { tools } = await ctx.client.listTools();
    const search = tools.find((t) => t.name === 'search-forecasts')!;
    expect(search.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
  });

  it('mcp: the generated comment does not claim the hints come from the HTTP method when semantics exist', () => {
    expect(ctx.fx.source('src/mcp-server.ts')).not.toContain('annotations derived from the HTTP method');
  });

  it('mcp get-forecast / reset-forecast / search-forecasts call the upstream', async () => {
    const from = ctx.fake.requests.length;
    const a: any = await ctx.client.callTool({ name: 'get-forecast', arguments: { city: 'Nice' } });
    expect(a.isError ?? false, textOf(a)).toBe(false);
    expect(a.structuredContent).toEqual({ city: 'Nice', temp: 21 });
    const b: any = await ctx.client.callTool({ name: 'reset-forecast', arguments: { city: 'Nice' } });
    expect(b.isError ?? false, textOf(b)).toBe(false);
    const c: any = await ctx.client.callTool({ name: 'search-forecasts', arguments: { query: 'sun' } });
    expect(c.isError ?? false, textOf(c)).toBe(false);
    const up = ctx.fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /forecast/Nice', 'DELETE /forecast/Nice', 'POST /search']);
    expect(JSON.parse(up[2]!.body)).toEqual({ q: 'sun' });
  });
});
