/** (l) static query/header/cookie/path parameters and client-wide consumes-level inputParameters. */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from './fake-upstream.js';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'l-static-params';

const ctx = useConstruct(NAME, { notes: 'static values + client-wide params', env: (fake) => ({ REPOS_BASE_URL: fake.url }) });

function cookies(r: RecordedRequest): Record<string, string> {
  return Object.fromEntries(
    String(r.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
  );
}

function assertStatics(r: RecordedRequest, repo: string): void {
  expect(r.path).toBe(`/orgs/acme/repos/${repo}`);
  expect(r.query).toEqual({ format: 'full', 'api-version': '2024-01-01' });
  expect(r.headers['x-client']).toBe('naftiko-gen');
  expect(r.headers['x-trace']).toBe('static-trace');
  expect(cookies(r)).toEqual({ session: 'abc123', theme: 'dark' });
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest GET /repos/{repo} → static path/query/header/cookie values and client-wide params', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/repos/widgets`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    assertStatics(up[0]!, 'widgets');
  });

  it('rest: an operation-level parameter overrides the client-wide one with the same name', async () => {
    const from = ctx.fake.requests.length;
    await getJson(`${ctx.rest.url}/repos/widgets`);
    expect(ctx.fake.since(from)[0]!.headers['x-override']).toBe('operation-level');
  });

  it('rest: static values cannot be overridden by the caller', async () => {
    const from = ctx.fake.requests.length;
    await getJson(`${ctx.rest.url}/repos/widgets?format=evil&org=evil`, { headers: { 'x-trace': 'evil' } });
    assertStatics(ctx.fake.since(from)[0]!, 'widgets');
  });

  it('mcp get-repo: only repo is an input; statics reach the upstream', async () => {
    const { tools } = await ctx.client.listTools();
    const tool = tools.find((t) => t.name === 'get-repo')!;
    expect(Object.keys((tool.inputSchema as { properties: object }).properties)).toEqual(['repo']);
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'get-repo', arguments: { repo: 'gears' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    assertStatics(up[0]!, 'gears');
    expect(up[0]!.headers['x-override']).toBe('operation-level');
  });
});
