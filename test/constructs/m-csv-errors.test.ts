/** (m) a CSV upstream projected into typed JSON; upstream 4xx/5xx and network failures. */
import { describe, expect, it } from 'vitest';
import type { RunningProcess } from '../support/processes.js';
import { compileTest, getJson, startRest, textOf, useConstruct } from './harness.js';

const NAME = 'm-csv-errors';
let deadRest: RunningProcess;

const CSV = 'region,units\nnorth,12\n"south, east",7.5\n';
const ROWS = [
  { region: 'north', units: 12 },
  { region: 'south, east', units: 7.5 },
];

const ctx = useConstruct(NAME, {
  notes: 'csv projection; 404/503 passthrough; 502',
  routes: (fake) => {
    fake.route('GET', '/sales.csv', { csv: CSV });
    fake.route('GET', '/things/missing', { status: 404, json: { error: 'no such thing' } });
    fake.route('GET', '/things/boom', { status: 503, text: 'maintenance', contentType: 'text/plain' });
  },
  env: (fake) => ({ REPORTS_BASE_URL: fake.url }),
  setup: async ({ fx }) => {
    // An upstream nobody listens on (port 1 on loopback refuses connections).
    deadRest = await startRest(fx, { REPORTS_BASE_URL: 'http://127.0.0.1:1' });
  },
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest GET /sales → typed rows from CSV (quoted comma kept, units numbers)', async () => {
    const res = await getJson(`${ctx.rest.url}/sales`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(ROWS);
  });

  it('mcp get-sales → structuredContent {rows} typed from CSV', async () => {
    const result: any = await ctx.client.callTool({ name: 'get-sales', arguments: {} });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toEqual({ rows: ROWS });
  });

  it('rest: upstream 404 JSON → 404 with the upstream body', async () => {
    const res = await getJson(`${ctx.rest.url}/things/missing`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'no such thing' });
  });

  it('rest: upstream 503 text → 503 with the text', async () => {
    const res = await getJson(`${ctx.rest.url}/things/boom`);
    expect(res.status).toBe(503);
    expect(res.body).toBe('maintenance');
  });

  it('rest: unreachable upstream → 502 JSON error', async () => {
    const res = await getJson(`${deadRest.url}/things/x`);
    expect(res.status).toBe(502);
    expect(typeof res.body).toBe('object');
  });

  it('mcp: upstream 404 → isError with status and body', async () => {
    const result: any = await ctx.client.callTool({ name: 'get-thing', arguments: { id: 'missing' } });
    expect(result.isError).toBe(true);
    expect(JSON.parse(textOf(result))).toMatchObject({ status: 404, body: { error: 'no such thing' } });
  });
});
