/** (d) a JSON body template: {{tools.n}} stays a number, nested objects keep their shape. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'd-json-body';

const ctx = useConstruct(NAME, { notes: 'json body template', env: (fake) => ({ ORDERS_BASE_URL: `${fake.url}/v2` }) });

const NAME_WITH_QUOTES = 'O"Brien {{x}} \\ ü';

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest POST /orders {n: 3, name} → upstream JSON {count: 3 (number), nested: {name}, source}', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 3, name: NAME_WITH_QUOTES }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    expect(up[0]!.url).toBe('/v2/orders');
    expect(String(up[0]!.headers['content-type'])).toMatch(/^application\/json/);
    expect(JSON.parse(up[0]!.body)).toEqual({ count: 3, nested: { name: NAME_WITH_QUOTES }, source: 'naftiko' });
  });

  it('rest: n as a string "abc" → 400, nothing upstream', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 'abc', name: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(ctx.fake.since(from)).toHaveLength(0);
  });

  it('mcp create-order {n: 7} → upstream JSON count is the number 7', async () => {
    const { tools } = await ctx.client.listTools();
    expect(tools.find((t) => t.name === 'create-order')?.inputSchema).toMatchObject({
      properties: { n: { type: 'integer' }, name: { type: 'string' } },
    });
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'create-order', arguments: { n: 7, name: 'Zoe' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    expect(JSON.parse(up[0]!.body)).toEqual({ count: 7, nested: { name: 'Zoe' }, source: 'naftiko' });
    expect(result.structuredContent?.json).toEqual({ count: 7, nested: { name: 'Zoe' }, source: 'naftiko' });
  });
});
