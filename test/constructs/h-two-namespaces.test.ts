/** (h) two consumed namespaces in one capability, each with its own <NS>_BASE_URL. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'h-two-namespaces';
let fx: BuiltFixture;
let users: FakeUpstream;
let billing: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let client: Client;

beforeAll(async () => {
  fx = await buildFixture(NAME);
  users = await startFakeUpstream();
  billing = await startFakeUpstream();
  users.route('GET', /^\/v1\/users\//, (req) => ({ json: { id: req.path.split('/').pop(), from: 'users' } }));
  billing.route('GET', '/v3/invoices', (req) => ({ json: { customer: req.query.customer, from: 'billing' } }));
  const env = { USERS_API_BASE_URL: `${users.url}/v1`, BILLING_BASE_URL: `${billing.url}/v3` };
  rest = await startRest(fx, env);
  mcp = await startMcp(fx, env);
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await users?.close();
  await billing?.close();
  reportRow(NAME, suite, 'USERS_API_BASE_URL + BILLING_BASE_URL');
});

describe(NAME, () => {
  compileTest(() => fx);

  it('client: one client class per namespace, each reading its own base URL variable', () => {
    const clients = fx.files.filter((f) => f.startsWith('src/clients/'));
    expect(clients.sort()).toEqual(['src/clients/billing-client.ts', 'src/clients/users-api-client.ts']);
    expect(fx.source('src/clients/users-api-client.ts')).toContain('USERS_API_BASE_URL');
    expect(fx.source('src/clients/billing-client.ts')).toContain('BILLING_BASE_URL');
  });

  it('rest: each route goes to its own upstream', async () => {
    const u0 = users.requests.length;
    const b0 = billing.requests.length;
    const a = await getJson(`${rest.url}/users/u7`);
    const b = await getJson(`${rest.url}/invoices?customer=c9`);
    expect(a.body).toEqual({ id: 'u7', from: 'users' });
    expect(b.body).toEqual({ customer: 'c9', from: 'billing' });
    expect(users.since(u0).map((r) => r.url)).toEqual(['/v1/users/u7']);
    expect(billing.since(b0).map((r) => r.url)).toEqual(['/v3/invoices?customer=c9']);
  });

  it('mcp: each tool goes to its own upstream', async () => {
    const u0 = users.requests.length;
    const b0 = billing.requests.length;
    const a: any = await client.callTool({ name: 'get-user', arguments: { id: 'u8' } });
    const b: any = await client.callTool({ name: 'list-invoices', arguments: { customer: 'c1' } });
    expect(a.isError ?? false, textOf(a)).toBe(false);
    expect(b.isError ?? false, textOf(b)).toBe(false);
    expect(a.structuredContent).toEqual({ id: 'u8', from: 'users' });
    expect(b.structuredContent).toEqual({ customer: 'c1', from: 'billing' });
    expect(users.since(u0)).toHaveLength(1);
    expect(billing.since(b0)).toHaveLength(1);
  });
});
