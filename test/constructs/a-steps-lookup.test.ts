/** (a) steps (call, call, lookup) + mappings on a REST operation and an MCP tool. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'a-steps-lookup';

const CREW = [
  { crewId: 'c1', fullName: 'Ada Lovelace', rank: 'captain', email: 'ada@example.com' },
  { crewId: 'c2', fullName: 'Grace Hopper', rank: 'admiral', email: 'grace@example.com' },
];

const ctx = useConstruct(NAME, {
  notes: 'call+call+lookup+mappings',
  routes: (fake) => {
    fake.route('GET', /^\/api\/ships\/[^/]+$/, (req) => ({
      json: { id: decodeURIComponent(req.path.split('/').pop()!), name: 'Nautilus', captainId: 'c2' },
    }));
    fake.route('GET', '/api/crew', { json: CREW });
  },
  env: (fake) => ({ FLEET_BASE_URL: `${fake.url}/api` }),
});

const EXPECTED = { ship: 'Nautilus', captain: { fullName: 'Grace Hopper', rank: 'admiral' } };

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest GET /ships/{ship_id}/captain → combined result from both calls and the lookup', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/ships/s-1/captain`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(EXPECTED);
    const up = ctx.fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/ships/s-1', 'GET /api/crew']);
  });

  it('rest: a path value with a slash stays one encoded segment upstream', async () => {
    const from = ctx.fake.requests.length;
    await getJson(`${ctx.rest.url}/ships/${encodeURIComponent('../x')}/captain`);
    expect(ctx.fake.since(from)[0]?.url).toBe('/api/ships/..%2Fx');
  });

  it('mcp tool ship-with-captain → structuredContent is the combined result', async () => {
    const { tools } = await ctx.client.listTools();
    const tool = tools.find((t) => t.name === 'ship-with-captain');
    expect(tool?.inputSchema).toMatchObject({ type: 'object', properties: { ship_id: { type: 'string' } }, required: ['ship_id'] });
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 's-2' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual(EXPECTED);
    expect(JSON.parse(textOf(result))).toEqual(EXPECTED);
    expect(ctx.fake.since(from).map((r) => r.url)).toEqual(['/api/ships/s-2', '/api/crew']);
  });

  it('mcp: lookup with no match → captain null, not an error', async () => {
    ctx.fake.route('GET', '/api/ships/s-orphan', { json: { id: 's-orphan', name: 'Ghost', captainId: 'nobody' } });
    const result: any = await ctx.client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 's-orphan' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ ship: 'Ghost', captain: null });
  });

  it('mcp: an upstream 404 in the first step → isError with the status', async () => {
    ctx.fake.route('GET', '/api/ships/missing', { status: 404, json: { error: 'no such ship' } });
    const result: any = await ctx.client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });
});
