/** (c) a formUrlEncoded body template filled from REST and MCP inputs. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'c-form-body';

const ctx = useConstruct(NAME, { notes: 'formUrlEncoded body', env: (fake) => ({ FORMS_BASE_URL: fake.url }) });

const TRICKY = 'x&y=z +100% é';

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest POST /submit?a=…&b=… → upstream gets a urlencoded form with the values', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/submit?a=${encodeURIComponent(TRICKY)}&b=two`, { method: 'POST' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    expect(up[0]!.method).toBe('POST');
    expect(up[0]!.path).toBe('/submit');
    expect(String(up[0]!.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(up[0]!.body))).toEqual({ a: TRICKY, b: 'two', fixed: 'constant value' });
    // the REST answer is the upstream echo, unchanged
    expect(res.body.form).toEqual({ a: TRICKY, b: 'two', fixed: 'constant value' });
  });

  it('mcp submit-form → upstream gets a urlencoded form with the values', async () => {
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'submit-form', arguments: { a: TRICKY, b: 'B' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    expect(String(up[0]!.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(up[0]!.body))).toEqual({ a: TRICKY, b: 'B', fixed: 'constant value' });
    expect(result.structuredContent?.form).toEqual({ a: TRICKY, b: 'B', fixed: 'constant value' });
  });

  it('mcp: a missing required input → isError, nothing sent upstream', async () => {
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'submit-form', arguments: { a: 'only a' } });
    expect(result.isError).toBe(true);
    expect(ctx.fake.since(from)).toHaveLength(0);
  });
});
