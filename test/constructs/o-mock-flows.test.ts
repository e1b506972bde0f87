/** (o) mock mode: tools and a REST operation whose outputs are fixed values answer them, calling nothing. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'o-mock-flows';

const ctx = useConstruct(NAME, { notes: 'mock flows (fixed values, no call)' });

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest GET /hello (ref to a mock flow) → the fixed body, {{name}} filled from the query', async () => {
    const res = await getJson(`${ctx.rest.url}/hello?name=Ada`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ message: 'Hello, Ada!', source: 'aggregate-mock' });
  });

  it('rest GET /hello without the optional name → the template hole is empty, still 200', async () => {
    const res = await getJson(`${ctx.rest.url}/hello`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ message: 'Hello, !', source: 'aggregate-mock' });
  });

  it('mcp hello (ref to a mock flow) → structured content with the caller\'s name', async () => {
    const r: any = await ctx.client.callTool({ name: 'hello', arguments: { name: 'Grace' } });
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(r.structuredContent).toEqual({ message: 'Hello, Grace!', source: 'aggregate-mock' });
  });

  it('mcp get-ship (direct mock) → values coerced to their declared types', async () => {
    const r: any = await ctx.client.callTool({ name: 'get-ship', arguments: { imo_number: 'IMO9321483' } });
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(r.structuredContent).toEqual({ imo: 'IMO9321483', name: 'Northern Star', tonnage: 51200.5, active: true });
    expect(JSON.parse(textOf(r))).toEqual(r.structuredContent);
  });

  it('mcp get-ship without its required argument → an error result, not a fixed answer', async () => {
    const r: any = await ctx.client.callTool({ name: 'get-ship', arguments: {} });
    expect(r.isError).toBe(true);
  });

  it('mcp/rest: nothing reached the upstream, and no route or tool answers not_implemented', () => {
    expect(ctx.fake.requests).toEqual([]);
    expect(ctx.fx.source('src/rest-app.ts')).not.toContain('unimplementedRoute');
    expect(ctx.fx.source('src/mcp-server.ts')).not.toContain('unimplementedTool');
  });
});
