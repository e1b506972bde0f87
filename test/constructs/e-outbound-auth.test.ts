/** (e) outbound auth: apikey in query, apikey in header, basic — what reaches the upstream. */
import { describe, expect, it } from 'vitest';
import { runToExit } from '../support/processes.js';
import { compileTest, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'e-outbound-auth';

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
    WEATHER_BASE_URL: `${ctx.fake.url}/w`,
    NOTES_BASE_URL: `${ctx.fake.url}/n`,
    LEGACY_BASE_URL: `${ctx.fake.url}/l`,
  };
}

const ctx = useConstruct(NAME, { notes: 'apikey query / apikey header / basic', env: () => env() });

function assertQueryKey(up: { path: string; query: Record<string, unknown>; headers: Record<string, unknown> }, city: string) {
  expect(up.path).toBe('/w/current');
  expect(up.query).toEqual({ city, api_key: SECRETS.MY_KEY });
  expect(up.headers.authorization).toBeUndefined();
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest /weather → api_key in the query (encoded), next to city', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/weather?city=Paris`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(1);
    assertQueryKey(up[0]!, 'Paris');
  });

  it('rest /notes → X-Api-Key header, no key in the query', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/notes`);
    expect(res.status).toBe(200);
    const up = ctx.fake.since(from)[0]!;
    expect(up.url).toBe('/n/notes');
    expect(up.headers['x-api-key']).toBe(SECRETS.HDR_KEY);
  });

  it('rest /status → Authorization: Basic base64(user:pass), UTF-8', async () => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/status`);
    expect(res.status).toBe(200);
    const up = ctx.fake.since(from)[0]!;
    expect(up.url).toBe('/l/status');
    expect(up.headers.authorization).toBe(BASIC);
  });

  it('rest: no secret appears in the server logs', () => {
    for (const v of Object.values(SECRETS)) expect(ctx.rest.stderr()).not.toContain(v);
  });

  it('mcp: the three tools send the same credentials', async () => {
    const from = ctx.fake.requests.length;
    for (const [name, args] of [
      ['current-weather', { city: 'Oslo' }],
      ['list-notes', {}],
      ['legacy-status', {}],
    ] as const) {
      const result: any = await ctx.client.callTool({ name, arguments: args });
      expect(result.isError ?? false, `${name}: ${textOf(result)}`).toBe(false);
    }
    const up = ctx.fake.since(from);
    expect(up).toHaveLength(3);
    assertQueryKey(up[0]!, 'Oslo');
    expect(up[1]!.headers['x-api-key']).toBe(SECRETS.HDR_KEY);
    expect(up[2]!.headers.authorization).toBe(BASIC);
    for (const v of Object.values(SECRETS)) expect(ctx.mcp.stderr()).not.toContain(v);
  });

  it('rest: refuses to start while a bound secret is unset, naming it', async () => {
    const r = await runToExit({ script: ctx.fx.restJs, args: ['--port', '0'], env: { ...env(), HDR_KEY: undefined }, timeoutMs: 10_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('HDR_KEY');
  });
});
