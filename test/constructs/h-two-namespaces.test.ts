/** (h) two consumed namespaces in one capability, each with its own <NS>_BASE_URL. */
import { describe, expect, it } from 'vitest';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'h-two-namespaces';

const ctx = useConstruct(NAME, {
  notes: 'USERS_API_BASE_URL + BILLING_BASE_URL',
  upstreams: ['users', 'billing'],
  routes: (_, { users, billing }) => {
    users!.route('GET', /^\/v1\/users\//, (req) => ({ json: { id: req.path.split('/').pop(), from: 'users' } }));
    billing!.route('GET', '/v3/invoices', (req) => ({ json: { customer: req.query.customer, from: 'billing' } }));
  },
  env: (_, { users, billing }) => ({ USERS_API_BASE_URL: `${users!.url}/v1`, BILLING_BASE_URL: `${billing!.url}/v3` }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: one client class per namespace, each reading its own base URL variable', () => {
    const clients = ctx.fx.files.filter((f) => f.startsWith('src/clients/'));
    expect(clients.sort()).toEqual(['src/clients/billing-client.ts', 'src/clients/users-api-client.ts']);
    expect(ctx.fx.source('src/clients/users-api-client.ts')).toContain('USERS_API_BASE_URL');
    expect(ctx.fx.source('src/clients/billing-client.ts')).toContain('BILLING_BASE_URL');
  });

  it('rest: each route goes to its own upstream', async () => {
    const u0 = ctx.fakes.users!.requests.length;
    const b0 = ctx.fakes.billing!.requests.length;
    const a = await getJson(`${ctx.rest.url}/users/u7`);
    const b = await getJson(`${ctx.rest.url}/invoices?customer=c9`);
    expect(a.body).toEqual({ id: 'u7', from: 'users' });
    expect(b.body).toEqual({ customer: 'c9', from: 'billing' });
    expect(ctx.fakes.users!.since(u0).map((r) => r.url)).toEqual(['/v1/users/u7']);
    expect(ctx.fakes.billing!.since(b0).map((r) => r.url)).toEqual(['/v3/invoices?customer=c9']);
  });

  it('mcp: each tool goes to its own upstream', async () => {
    const u0 = ctx.fakes.users!.requests.length;
    const b0 = ctx.fakes.billing!.requests.length;
    const a: any = await ctx.client.callTool({ name: 'get-user', arguments: { id: 'u8' } });
    const b: any = await ctx.client.callTool({ name: 'list-invoices', arguments: { customer: 'c1' } });
    expect(a.isError ?? false, textOf(a)).toBe(false);
    expect(b.isError ?? false, textOf(b)).toBe(false);
    expect(a.structuredContent).toEqual({ id: 'u8', from: 'users' });
    expect(b.structuredContent).toEqual({ customer: 'c1', from: 'billing' });
    expect(ctx.fakes.users!.since(u0)).toHaveLength(1);
    expect(ctx.fakes.billing!.since(b0)).toHaveLength(1);
  });
});
