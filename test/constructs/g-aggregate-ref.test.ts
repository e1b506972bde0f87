/** (g) aggregate functions used via ref by MCP tools and a REST operation; hints from semantics. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'g-aggregate-ref';
let fx: BuiltFixture;
let fake: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let client: Client;

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  fake.route('GET', /^\/forecast\//, (req) => ({ json: { city: decodeURIComponent(req.path.slice(10)), temp: 21 } }));
  fake.route('DELETE', /^\/forecast\//, { json: { reset: true } });
  const env = { METEO_BASE_URL: fake.url };
  rest = await startRest(fx, env);
  mcp = await startMcp(fx, env);
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await fake?.close();
  reportRow(NAME, suite, 'aggregates + ref, semantics → hints');
});

describe(NAME, () => {
  compileTest(() => fx);

  it('rest GET /forecast/{city} (ref) → calls the function\'s consumed operation', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/forecast/Lyon`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ city: 'Lyon', temp: 21 });
    expect(fake.since(from).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /forecast/Lyon']);
  });

  it('mcp tools/list: inputs inherited from the function (city: string, required)', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get-forecast', 'reset-forecast', 'search-forecasts']);
    const get = tools.find((t) => t.name === 'get-forecast')!;
    expect(get.inputSchema).toMatchObject({ properties: { city: { type: 'string' } }, required: ['city'] });
  });

  it('mcp get-forecast (semantics safe+idempotent) → readOnlyHint, idempotentHint, not destructive', async () => {
    const { tools } = await client.listTools();
    const get = tools.find((t) => t.name === 'get-forecast')!;
    expect(get.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
  });

  it('mcp reset-forecast (DELETE, semantics idempotent: false) → idempotentHint false from semantics, not the method', async () => {
    const { tools } = await client.listTools();
    const reset = tools.find((t) => t.name === 'reset-forecast')!;
    expect(reset.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
  });

  it('mcp search-forecasts (POST, semantics safe+idempotent) → readOnlyHint true from semantics, not the method', async () => {
    const { tools } = await client.listTools();
    const search = tools.find((t) => t.name === 'search-forecasts')!;
    expect(search.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
  });

  it('mcp: the generated comment does not claim the hints come from the HTTP method when semantics exist', () => {
    expect(fx.source('src/mcp-server.ts')).not.toContain('annotations derived from the HTTP method');
  });

  it('mcp get-forecast / reset-forecast / search-forecasts call the upstream', async () => {
    const from = fake.requests.length;
    const a: any = await client.callTool({ name: 'get-forecast', arguments: { city: 'Nice' } });
    expect(a.isError ?? false, textOf(a)).toBe(false);
    expect(a.structuredContent).toEqual({ city: 'Nice', temp: 21 });
    const b: any = await client.callTool({ name: 'reset-forecast', arguments: { city: 'Nice' } });
    expect(b.isError ?? false, textOf(b)).toBe(false);
    const c: any = await client.callTool({ name: 'search-forecasts', arguments: { query: 'sun' } });
    expect(c.isError ?? false, textOf(c)).toBe(false);
    const up = fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /forecast/Nice', 'DELETE /forecast/Nice', 'POST /search']);
    expect(JSON.parse(up[2]!.body)).toEqual({ q: 'sun' });
  });
});
