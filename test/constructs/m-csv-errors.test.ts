/** (m) a CSV upstream projected into typed JSON; upstream 4xx/5xx and network failures. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'm-csv-errors';
let fx: BuiltFixture;
let fake: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let deadRest: RunningProcess;
let client: Client;

const CSV = 'region,units\nnorth,12\n"south, east",7.5\n';
const ROWS = [
  { region: 'north', units: 12 },
  { region: 'south, east', units: 7.5 },
];

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  fake.route('GET', '/sales.csv', { csv: CSV });
  fake.route('GET', '/things/missing', { status: 404, json: { error: 'no such thing' } });
  fake.route('GET', '/things/boom', { status: 503, text: 'maintenance', contentType: 'text/plain' });
  const env = { REPORTS_BASE_URL: fake.url };
  rest = await startRest(fx, env);
  mcp = await startMcp(fx, env);
  // An upstream nobody listens on (port 1 on loopback refuses connections).
  deadRest = await startRest(fx, { REPORTS_BASE_URL: 'http://127.0.0.1:1' });
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await fake?.close();
  reportRow(NAME, suite, 'csv projection; 404/503 passthrough; 502');
});

describe(NAME, () => {
  compileTest(() => fx);

  it('rest GET /sales → typed rows from CSV (quoted comma kept, units numbers)', async () => {
    const res = await getJson(`${rest.url}/sales`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(ROWS);
  });

  it('mcp get-sales → structuredContent {rows} typed from CSV', async () => {
    const result: any = await client.callTool({ name: 'get-sales', arguments: {} });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ rows: ROWS });
  });

  it('rest: upstream 404 JSON → 404 with the upstream body', async () => {
    const res = await getJson(`${rest.url}/things/missing`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'no such thing' });
  });

  it('rest: upstream 503 text → 503 with the text', async () => {
    const res = await getJson(`${rest.url}/things/boom`);
    expect(res.status).toBe(503);
    expect(res.body).toBe('maintenance');
  });

  it('rest: unreachable upstream → 502 JSON error', async () => {
    const res = await getJson(`${deadRest.url}/things/x`);
    expect(res.status).toBe(502);
    expect(typeof res.body).toBe('object');
  });

  it('mcp: upstream 404 → isError with status and body', async () => {
    const result: any = await client.callTool({ name: 'get-thing', arguments: { id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(JSON.parse(textOf(result))).toMatchObject({ status: 404, body: { error: 'no such thing' } });
  });
});
