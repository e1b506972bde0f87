/** (a) steps (call, call, lookup) + mappings on a REST operation and an MCP tool. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'a-steps-lookup';
let fx: BuiltFixture;
let fake: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let client: Client;

const CREW = [
  { crewId: 'c1', fullName: 'Ada Lovelace', rank: 'captain', email: 'ada@example.com' },
  { crewId: 'c2', fullName: 'Grace Hopper', rank: 'admiral', email: 'grace@example.com' },
];

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  fake.route('GET', /^\/api\/ships\/[^/]+$/, (req) => ({
    json: { id: decodeURIComponent(req.path.split('/').pop()!), name: 'Nautilus', captainId: 'c2' },
  }));
  fake.route('GET', '/api/crew', { json: CREW });
  const env = { FLEET_BASE_URL: `${fake.url}/api` };
  rest = await startRest(fx, env);
  mcp = await startMcp(fx, env);
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await fake?.close();
  reportRow(NAME, suite, 'call+call+lookup+mappings');
});

const EXPECTED = { ship: 'Nautilus', captain: { fullName: 'Grace Hopper', rank: 'admiral' } };

describe(NAME, () => {
  compileTest(() => fx);

  it('rest GET /ships/{ship_id}/captain → combined result from both calls and the lookup', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/ships/s-1/captain`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(EXPECTED);
    const up = fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/ships/s-1', 'GET /api/crew']);
  });

  it('rest: a path value with a slash stays one encoded segment upstream', async () => {
    const from = fake.requests.length;
    await getJson(`${rest.url}/ships/${encodeURIComponent('../x')}/captain`);
    expect(fake.since(from)[0]?.url).toBe('/api/ships/..%2Fx');
  });

  it('mcp tool ship-with-captain → structuredContent is the combined result', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'ship-with-captain');
    expect(tool?.inputSchema).toMatchObject({ type: 'object', properties: { ship_id: { type: 'string' } }, required: ['ship_id'] });
    const from = fake.requests.length;
    const result: any = await client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 's-2' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual(EXPECTED);
    expect(JSON.parse(textOf(result))).toEqual(EXPECTED);
    expect(fake.since(from).map((r) => r.url)).toEqual(['/api/ships/s-2', '/api/crew']);
  });

  it('mcp: lookup with no match → captain null, not an error', async () => {
    fake.route('GET', '/api/ships/s-orphan', { json: { id: 's-orphan', name: 'Ghost', captainId: 'nobody' } });
    const result: any = await client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 's-orphan' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ ship: 'Ghost', captain: null });
  });

  it('mcp: an upstream 404 in the first step → isError with the status', async () => {
    fake.route('GET', '/api/ships/missing', { status: 404, json: { error: 'no such ship' } });
    const result: any = await client.callTool({ name: 'ship-with-captain', arguments: { ship_id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });
});
