/** (f) inbound bearer auth on the REST and MCP exposes. */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { runToExit } from '../support/processes.js';
import { compileTest, connectMcp, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'f-inbound-auth';
const TOKEN = 'inbound-tok-5e8a1b';

const ctx = useConstruct(NAME, {
  notes: 'bearer on rest + mcp exposes',
  client: false, // every MCP connection here carries its own (or no) token
  routes: (fake) => fake.route('GET', '/pets', { json: [{ id: 1, name: 'Rex' }] }),
  env: (fake) => ({ INBOUND_TOKEN: TOKEN, PETS_BASE_URL: fake.url }),
});

const BAD: Array<[string, Record<string, string>]> = [
  ['missing', {}],
  ['empty', { authorization: 'Bearer ' }],
  ['wrong', { authorization: 'Bearer nope' }],
  ['prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ['not bearer', { authorization: `Basic ${TOKEN}` }],
];

const MCP_INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it.each(BAD)('rest /pets with a %s token → 401 JSON, nothing upstream', async (_label, headers) => {
    const from = ctx.fake.requests.length;
    const res = await getJson(`${ctx.rest.url}/pets`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(typeof res.body).toBe('object');
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(ctx.fake.since(from)).toHaveLength(0);
  });

  it('rest /pets with the right token → 200 and the upstream body', async () => {
    const res = await getJson(`${ctx.rest.url}/pets`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: 1, name: 'Rex' }]);
  });

  it('rest /healthz stays open without a token', async () => {
    const res = await getJson(`${ctx.rest.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('rest: the inbound token is not forwarded upstream', async () => {
    const from = ctx.fake.requests.length;
    await getJson(`${ctx.rest.url}/pets`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ctx.fake.since(from)[0]!.headers.authorization).toBeUndefined();
  });

  it.each(BAD)('mcp POST /mcp initialize with a %s token → 401 JSON', async (_label, headers) => {
    const res = await getJson(`${ctx.mcp.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: MCP_INIT,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
  });

  it('mcp: the official client without a token cannot connect', async () => {
    const client = new Client({ name: 'constructs', version: '0.0.1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${ctx.mcp.url}/mcp`)))).rejects.toThrow();
    await client.close().catch(() => undefined);
  });

  it('mcp: the official client with the right token lists and calls list-pets', async () => {
    const client = await connectMcp(ctx.mcp.url, { authorization: `Bearer ${TOKEN}` });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['list-pets']);
      const result: any = await client.callTool({ name: 'list-pets', arguments: {} });
      expect(result.isError ?? false, textOf(result)).toBe(false);
      expect(JSON.parse(textOf(result))).toEqual([{ id: 1, name: 'Rex' }]);
    } finally {
      await client.close();
    }
  });

  it.each(['rest', 'mcp'] as const)('%s: refuses to start while INBOUND_TOKEN is unset, naming it', async (kind) => {
    const r = await runToExit({
      script: kind === 'rest' ? ctx.fx.restJs : ctx.fx.mcpJs,
      args: ['--port', '0'],
      env: { PETS_BASE_URL: ctx.fake.url },
      timeoutMs: 10_000,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('INBOUND_TOKEN');
  });

  it('mcp /healthz stays open without a token', async () => {
    const res = await getJson(`${ctx.mcp.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
