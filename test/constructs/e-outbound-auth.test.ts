/** (e) outbound auth: apikey in query, apikey in header, basic — what reaches the upstream. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToExit, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'e-outbound-auth';
let fx: BuiltFixture;
let fake: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let client: Client;

const SECRETS = {
  MY_KEY: 'q-key-&=?+secret',
  HDR_KEY: 'hdr-key-8d1f2c',
  BASIC_USER: 'alice',
  BASIC_PASS: 'p@ss:wörd',
};
const BASIC = `Basic ${Buffer.from(`${SECRETS.BASIC_USER}:${SECRETS.BASIC_PASS}`, 'utf8').toString('base64')}`;

function env(): Record<string, string> {
  return {
    ...SECRETS,
    WEATHER_BASE_URL: `${fake.url}/w`,
    NOTES_BASE_URL: `${fake.url}/n`,
    LEGACY_BASE_URL: `${fake.url}/l`,
  };
}

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  rest = await startRest(fx, env());
  mcp = await startMcp(fx, env());
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await fake?.close();
  reportRow(NAME, suite, 'apikey query / apikey header / basic');
});

function assertQueryKey(up: { path: string; query: Record<string, unknown>; headers: Record<string, unknown> }, city: string) {
  expect(up.path).toBe('/w/current');
  expect(up.query).toEqual({ city, api_key: SECRETS.MY_KEY });
  expect(up.headers.authorization).toBeUndefined();
}

describe(NAME, () => {
  compileTest(() => fx);

  it('rest /weather → api_key in the query (encoded), next to city', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/weather?city=Paris`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = fake.since(from);
    expect(up).toHaveLength(1);
    assertQueryKey(up[0]!, 'Paris');
  });

  it('rest /notes → X-Api-Key header, no key in the query', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/notes`);
    expect(res.status).toBe(200);
    const up = fake.since(from)[0]!;
    expect(up.url).toBe('/n/notes');
    expect(up.headers['x-api-key']).toBe(SECRETS.HDR_KEY);
  });

  it('rest /status → Authorization: Basic base64(user:pass), UTF-8', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/status`);
    expect(res.status).toBe(200);
    const up = fake.since(from)[0]!;
    expect(up.url).toBe('/l/status');
    expect(up.headers.authorization).toBe(BASIC);
  });

  it('rest: no secret appears in the server logs', () => {
    for (const v of Object.values(SECRETS)) expect(rest.stderr()).not.toContain(v);
  });

  it('mcp: the three tools send the same credentials', async () => {
    const from = fake.requests.length;
    for (const [name, args] of [
      ['current-weather', { city: 'Oslo' }],
      ['list-notes', {}],
      ['legacy-status', {}],
    ] as const) {
      const result: any = await client.callTool({ name, arguments: args });
      expect(result.isError ?? false, `${name}: ${textOf(result)}`).toBe(false);
    }
    const up = fake.since(from);
    expect(up).toHaveLength(3);
    assertQueryKey(up[0]!, 'Oslo');
    expect(up[1]!.headers['x-api-key']).toBe(SECRETS.HDR_KEY);
    expect(up[2]!.headers.authorization).toBe(BASIC);
    for (const v of Object.values(SECRETS)) expect(mcp.stderr()).not.toContain(v);
  });

  it('rest: refuses to start while a bound secret is unset, naming it', async () => {
    const r = await runToExit({ script: fx.restJs, args: ['--port', '0'], env: { ...env(), HDR_KEY: undefined }, timeoutMs: 10_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('HDR_KEY');
  });
});
