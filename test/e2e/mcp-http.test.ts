/**
 * The generated MCP server over Streamable HTTP beyond the defaults: which Host headers a wider
 * bind answers (NAFTIKO_MCP_ALLOWED_HOSTS), the access log and the x-request-id that joins the
 * caller, the log line and the upstream request; upstream outages are logged.
 */
import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { runToExit, startServer, stopAllProcesses } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, REST_JS, ensureBuilt, waitFor } from './helpers.js';
import { TOOLS } from './mcp-support.js';

let fake: FakePortkey;

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PORTKEY_API_KEY: CANARY_KEY,
  PORTKEY_BATCH_BASE_URL: fake.url,
  ...extra,
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'hosts', version: '1' },
  },
});

/** POST /mcp initialize on 127.0.0.1:port with an arbitrary Host header. */
function initialize(
  port: number,
  host: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/mcp',
        headers: {
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...extra,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(INIT);
  });
}

const logLines = (stderr: string): Array<Record<string, unknown>> =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Host headers on a wider bind', () => {
  it('0.0.0.0 without NAFTIKO_MCP_ALLOWED_HOSTS refuses to start, naming the variable', async () => {
    const r = await runToExit({
      script: MCP_JS,
      args: ['--host', '0.0.0.0', '--port', '0'],
      env: env(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/binding to 0\.0\.0\.0 .*NAFTIKO_MCP_ALLOWED_HOSTS/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid list refuses to start, naming the bad entry', async () => {
    const r = await runToExit({
      script: MCP_JS,
      args: ['--host', '0.0.0.0', '--port', '0'],
      env: env({
        NAFTIKO_MCP_ALLOWED_HOSTS: 'ok.example, https://bad.example',
      }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('https://bad.example');
  });

  it('with a list, only those names are answered (any port)', async () => {
    const s = await startServer({
      script: MCP_JS,
      args: ['--host', '0.0.0.0'],
      env: env({ NAFTIKO_MCP_ALLOWED_HOSTS: 'MCP.example.test,10.0.0.5' }),
    });
    expect((await initialize(s.port, 'mcp.example.test')).status).toBe(200);
    expect((await initialize(s.port, `10.0.0.5:${s.port}`)).status).toBe(200);
    expect((await initialize(s.port, 'evil.example.test')).status).toBe(403);
    expect((await initialize(s.port, `127.0.0.1:${s.port}`)).status).toBe(403);
    expect(s.stderr()).not.toContain('Warning:');
    await s.stop();
  });

  it('* turns the check off deliberately and says so in a JSON log line', async () => {
    const s = await startServer({
      script: MCP_JS,
      args: ['--host', '0.0.0.0'],
      env: env({ NAFTIKO_MCP_ALLOWED_HOSTS: '*' }),
    });
    expect((await initialize(s.port, 'anything.example.test')).status).toBe(200);
    expect(
      logLines(s.stderr()).some((l) => l.level === 'warn' && String(l.msg).includes('Host header checking is off')),
    ).toBe(true);
    expect(s.stderr()).not.toContain('Warning:'); // the SDK's plain-text warning
    await s.stop();
  });

  it('a loopback bind still refuses foreign names when nothing is configured', async () => {
    const s = await startServer({ script: MCP_JS, env: env() });
    expect((await initialize(s.port, 'evil.example.test')).status).toBe(403);
    expect((await initialize(s.port, `localhost:${s.port}`)).status).toBe(200);
    await s.stop();
  });
});

describe('request ids and logs', () => {
  it('the caller’s x-request-id is echoed, logged and sent upstream with the tool call', async () => {
    const s = await startServer({ script: MCP_JS, env: env() });
    const echoed = await initialize(s.port, `127.0.0.1:${s.port}`, {
      'x-request-id': 'probe-echo-1',
    });
    expect(echoed.headers['x-request-id']).toBe('probe-echo-1');

    const batch = fake.store.createBatch();
    const client = new Client({ name: 'ids', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`), {
        requestInit: { headers: { 'x-request-id': 'call-7f3a' } },
      }),
    );
    const before = fake.requests.length;
    const result = await client.callTool({
      name: TOOLS.retrieve,
      arguments: { batch_id: batch.id },
    });
    await client.close();
    expect(result.isError ?? false).toBe(false);
    const upstream = fake.requests.slice(before).find((r) => r.path === `/v1/batches/${batch.id}`);
    expect(upstream?.headers['x-request-id']).toBe('call-7f3a');
    const requestLines = (): Array<Record<string, unknown>> =>
      logLines(s.stderr()).filter((l) => l.msg === 'request' && l.requestId === 'call-7f3a');
    await waitFor(() => requestLines().length > 0, 5000);
    const logged = requestLines();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({
      method: 'POST',
      path: '/mcp',
      status: 200,
    });
    await s.stop();
  });

  it('an unreachable upstream is an isError result for the caller and a warn line for the operator', async () => {
    const s = await startServer({
      script: MCP_JS,
      env: env({
        PORTKEY_BATCH_BASE_URL: 'http://127.0.0.1:9/v1',
        NAFTIKO_UPSTREAM_RETRIES: '0',
      }),
    });
    const client = new Client({ name: 'down', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`)));
    const result = await client.callTool({
      name: TOOLS.retrieve,
      arguments: { batch_id: 'b1' },
    });
    await client.close();
    expect(result.isError).toBe(true);
    const unreachable = (): Record<string, unknown> | undefined =>
      logLines(s.stderr()).find((l) => l.msg === 'upstream unreachable');
    await waitFor(() => unreachable() !== undefined, 5000);
    const warn = unreachable();
    expect(warn, s.stderr()).toMatchObject({ level: 'warn' });
    expect(s.stderr()).not.toContain(CANARY_KEY);
    await s.stop();
  });
});

/** Any request on 127.0.0.1:port with the given headers; body as given. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('MCP HTTP failures are JSON, refusals are logged', () => {
  it('bad JSON → 400 JSON without a stack; unknown path → 404 JSON; a refused Host is in the access log', async () => {
    const s = await startServer({ script: MCP_JS, env: env() });
    const host = `127.0.0.1:${s.port}`;
    const bad = await send(s.port, 'POST', '/mcp', { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, `{bad "${CANARY_KEY}"`);
    expect(bad.status).toBe(400);
    expect(String(bad.headers['content-type'])).toMatch(/json/);
    expect(bad.text).not.toMatch(/\bat \S+:\d+|node_modules|<html/i);
    const missing = await send(s.port, 'GET', '/foo', { host });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('not_found');
    const refused = await send(s.port, 'POST', '/mcp', { host: 'evil.example', 'x-request-id': 'refused-1' }, INIT);
    expect(refused.status).toBe(403);
    expect(refused.headers['x-request-id']).toBe('refused-1');
    await waitFor(() => logLines(s.stderr()).some((l) => l.requestId === 'refused-1' && l.status === 403), 5000);
    expect(logLines(s.stderr()).find((l) => l.requestId === 'refused-1')).toMatchObject({ msg: 'request', status: 403 });
    expect(s.stderr()).not.toContain(CANARY_KEY);
    expect(s.stderr()).not.toMatch(/\n\s+at /);
    await s.stop();
  });

  it('a loopback bind with NAFTIKO_MCP_ALLOWED_HOSTS answers both its loopback names and the list; /healthz answers any Host', async () => {
    const s = await startServer({ script: MCP_JS, env: env({ NAFTIKO_MCP_ALLOWED_HOSTS: 'proxy.local' }) });
    expect((await initialize(s.port, `127.0.0.1:${s.port}`)).status).toBe(200);
    expect((await initialize(s.port, 'proxy.local')).status).toBe(200);
    expect((await initialize(s.port, 'evil.example')).status).toBe(403);
    expect((await send(s.port, 'GET', '/healthz', { host: '10.1.2.3:9090' })).status).toBe(200);
    await s.stop();
  });
});

describe('REST adapter Host and Origin checks', () => {
  it('a foreign Host is refused; a cross-site "simple" POST from a browser never reaches the upstream', async () => {
    const s = await startServer({ script: REST_JS, env: env() });
    const host = `127.0.0.1:${s.port}`;
    const b = fake.store.createBatch();
    fake.store.setStatus(b.id, 'in_progress');
    expect((await send(s.port, 'GET', `/v1/batches/${b.id}`, { host })).status).toBe(200);
    expect((await send(s.port, 'GET', `/v1/batches/${b.id}`, { host: 'evil.example' })).status).toBe(403);
    const before = fake.requests.length;
    const csrf = await send(s.port, 'POST', `/v1/batches/${b.id}/cancel`, { host, origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x');
    expect(csrf.status).toBe(403);
    expect(JSON.parse(csrf.text).error.code).toBe('forbidden_origin');
    expect(fake.requests.length).toBe(before);
    await s.stop();
  });

  it('NAFTIKO_CORS_ORIGINS admits its origins past the Origin check', async () => {
    const s = await startServer({ script: REST_JS, env: env({ NAFTIKO_CORS_ORIGINS: 'https://app.example.com' }) });
    const b = fake.store.createBatch();
    const r = await send(s.port, 'GET', `/v1/batches/${b.id}`, { host: `127.0.0.1:${s.port}`, origin: 'https://app.example.com' });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
    await s.stop();
  });

  it('0.0.0.0 without NAFTIKO_REST_ALLOWED_HOSTS refuses to start; with it, only those names', async () => {
    const r = await runToExit({ script: REST_JS, args: ['--host', '0.0.0.0', '--port', '0'], env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NAFTIKO_REST_ALLOWED_HOSTS');
    const s = await startServer({ script: REST_JS, args: ['--host', '0.0.0.0'], env: env({ NAFTIKO_REST_ALLOWED_HOSTS: 'api.example.test' }) });
    expect((await send(s.port, 'GET', '/v1/batches', { host: 'api.example.test' })).status).toBe(200);
    expect((await send(s.port, 'GET', '/v1/batches', { host: `127.0.0.1:${s.port}` })).status).toBe(403);
    await s.stop();
  });
});
