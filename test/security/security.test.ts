/**
 * Security of generated/portkey-batch and of an inbound-auth variant of the seed: secrets never leak,
 * path parameters stay in their segment, the MCP server refuses foreign Host headers, inbound
 * credentials are checked (with a coarse timing probe).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { raw as rawRequest } from '../support/raw-http.js';
import { CANARY_KEY, MCP_JS, REST_JS, ROOT, ensureBuilt } from '../e2e/helpers.js';
import { startFaultUpstream, type FaultUpstream } from '../faults/fault-upstream.js';

const run = promisify(execFile);
const CANARY = `canary-${Math.random().toString(36).slice(2)}-5e1f0c7d9a`;
const INBOUND = 'inbound-token-0123456789abcdef0123456789abcdef';
const VARIANT = join(ROOT, '.vitest-tmp/security');

let up: FaultUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let authRest: RunningProcess | undefined;
let authMcp: RunningProcess | undefined;
let variantError = '';
const responses: string[] = [];

/** A raw request (path and headers as written); every answer's text is kept for the canary check. */
async function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const r = await rawRequest(`http://127.0.0.1:${port}`, { method, path, headers, body });
  responses.push(r.body);
  return { status: r.status, text: r.body };
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'sec', version: '1' } },
});

async function buildVariant(): Promise<void> {
  rmSync(VARIANT, { recursive: true, force: true });
  mkdirSync(VARIANT, { recursive: true });
  const doc = parse(readFileSync(join(ROOT, 'capabilities/portkey-batch.yaml'), 'utf8'));
  doc.binds[0].keys.INBOUND_TOKEN = 'INBOUND_TOKEN';
  for (const e of doc.capability.exposes) e.authentication = { type: 'bearer', token: '{{INBOUND_TOKEN}}' };
  const file = join(VARIANT, 'portkey-auth.yaml');
  writeFileSync(file, stringify(doc));
  await run(process.execPath, [join(ROOT, 'bin/naftiko-gen.js'), 'generate', file, '-o', VARIANT, '-q'], { cwd: ROOT });
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(VARIANT, 'portkey-auth/tsconfig.json')], { cwd: ROOT });
}

beforeAll(async () => {
  await ensureBuilt();
  up = await startFaultUpstream();
  // A hostile upstream: its 401 echoes the credentials it received (some real APIs do).
  up.on('/v1/batches/echo', (req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer error="${req.headers.authorization}"` });
    res.end(JSON.stringify({ error: { message: `Invalid API key: ${req.headers.authorization}`, header: req.headers.authorization } }));
  });
  const env = { PORTKEY_API_KEY: CANARY, PORTKEY_BATCH_BASE_URL: up.url, NAFTIKO_UPSTREAM_RETRIES: '0' };
  [rest, mcp] = await Promise.all([startServer({ script: REST_JS, env }), startServer({ script: MCP_JS, env })]);
  try {
    await buildVariant();
    const venv = { ...env, INBOUND_TOKEN: INBOUND };
    [authRest, authMcp] = await Promise.all([
      startServer({ script: join(VARIANT, 'portkey-auth/dist/rest.js'), env: venv }),
      startServer({ script: join(VARIANT, 'portkey-auth/dist/mcp.js'), env: venv }),
    ]);
  } catch (err) {
    const e = err as { message: string; stdout?: string; stderr?: string };
    variantError = `${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`;
  }
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await up?.close();
});

describe('secrets', () => {
  it('an upstream 401 that echoes the key never carries it to the REST caller', async () => {
    const r = await raw(rest.port, 'GET', '/v1/batches/echo');
    expect(r.status).toBe(401);
    expect(up.seen.some((s) => s.headers.authorization === `Bearer ${CANARY}`)).toBe(true);
    expect(r.text, r.text).not.toContain(CANARY);
  });

  it('an upstream 401 that echoes the key never carries it to the MCP caller', async () => {
    const client = new Client({ name: 'sec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`)));
    const result: any = await client.callTool({ name: 'retrieves-batch', arguments: { batch_id: 'echo' } });
    await client.close();
    const text = JSON.stringify(result);
    responses.push(text);
    expect(result.isError).toBe(true);
    expect(text, text).not.toContain(CANARY);
  });

  it('never appears in server stderr', () => {
    for (const s of [rest, mcp, authRest, authMcp]) if (s) expect(s.stderr()).not.toContain(CANARY);
  });

  it('never appears in generated files or test snapshots', () => {
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules') continue;
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(ts|js|json|md|snap|yaml|txt)$/.test(e.name)) {
          const text = readFileSync(full, 'utf8');
          if (text.includes(CANARY) || text.includes(CANARY_KEY) || text.includes(INBOUND)) hits.push(full);
        }
      }
    };
    walk(join(ROOT, 'generated'));
    if (existsSync(join(VARIANT, 'portkey-auth'))) walk(join(VARIANT, 'portkey-auth'));
    for (const d of readdirSync(join(ROOT, 'test'), { recursive: true, withFileTypes: true }))
      if (d.isDirectory() && d.name === '__snapshots__') walk(join(d.parentPath ?? (d as any).path, d.name));
    expect(hits).toEqual([]);
  });

  it('no response body of this suite carried the secret', () => {
    for (const t of responses) expect(t).not.toContain(CANARY);
  });
});

describe('path parameters stay in their segment', () => {
  const attacks = ['..%2fadmin', '%2e%2e', '%2e%2e%2fadmin', '..%2F..%2Fadmin', '%252e%252e%252fadmin', '..%5cadmin', 'a%3Fx%3D1', 'a%23frag'];
  it.each(attacks)('REST /v1/batches/%s', async (attack) => {
    up.seen.length = 0;
    await raw(rest.port, 'GET', `/v1/batches/${attack}`);
    for (const s of up.seen) {
      const segs = s.url.split('?')[0]!.split('/');
      expect(segs.length, s.url).toBe(4);
      expect(segs.slice(0, 3), s.url).toEqual(['', 'v1', 'batches']);
      expect(['..', '.', ''], s.url).not.toContain(decodeURIComponent(segs[3]!));
      expect(s.url, s.url).not.toContain('?');
      expect(s.url).not.toContain('#');
    }
  });

  it.each(['../admin', '..', '../../v1/files', 'a/b', 'x?admin=1', '%2e%2e'])('MCP batch_id %s', async (id) => {
    up.seen.length = 0;
    const client = new Client({ name: 'sec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`)));
    const result: any = await client.callTool({ name: 'retrieves-batch', arguments: { batch_id: id } });
    await client.close();
    // Either refused before any upstream call (isError) or sent as one encoded segment.
    if (up.seen.length === 0) expect(result.isError, JSON.stringify(result)).toBe(true);
    for (const s of up.seen) {
      const segs = s.url.split('/');
      expect(segs.length, s.url).toBe(4);
      expect(segs.slice(0, 3)).toEqual(['', 'v1', 'batches']);
      expect(decodeURIComponent(segs[3]!), s.url).toBe(id);
    }
  });
});

describe('MCP Host header', () => {
  it.each(['evil.example.com', 'evil.example.com:80', '127.0.0.1.evil.com'])('refuses Host %s with 403', async (host) => {
    const r = await raw(mcp.port, 'POST', '/mcp', { ...MCP_HEADERS, host }, INIT);
    expect(r.status, r.text).toBe(403);
  });
  it.each(['127.0.0.1', 'localhost'])('accepts Host %s', async (h) => {
    const r = await raw(mcp.port, 'POST', '/mcp', { ...MCP_HEADERS, host: `${h}:${mcp.port}` }, INIT);
    expect(r.status, r.text).toBe(200);
  });
});

describe('inbound authentication (bearer on both exposes)', () => {
  it('the variant generates, builds and starts', () => {
    expect(variantError).toBe('');
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['missing', {}],
    ['empty', { authorization: '' }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['wrong', { authorization: 'Bearer wrong-token' }],
    ['prefix', { authorization: `Bearer ${INBOUND.slice(0, -1)}` }],
    ['longer', { authorization: `Bearer ${INBOUND}x` }],
    ['basic scheme', { authorization: `Basic ${Buffer.from('u:' + INBOUND).toString('base64')}` }],
    ['upstream key', { authorization: `Bearer ${CANARY}` }],
  ];
  it.each(cases)('REST rejects %s credentials with 401 JSON', async (_n, headers) => {
    if (!authRest) return expect.fail(variantError);
    const r = await raw(authRest.port, 'GET', '/v1/batches/b1', headers);
    expect(r.status, r.text).toBe(401);
    expect(() => JSON.parse(r.text)).not.toThrow();
  });
  it.each(cases)('MCP rejects %s credentials with 401 JSON', async (_n, headers) => {
    if (!authMcp) return expect.fail(variantError);
    const r = await raw(authMcp.port, 'POST', '/mcp', { ...MCP_HEADERS, ...headers }, INIT);
    expect(r.status, r.text).toBe(401);
    expect(() => JSON.parse(r.text)).not.toThrow();
  });
  it('accepts the right token on REST and MCP', async () => {
    if (!authRest || !authMcp) return expect.fail(variantError);
    const r = await raw(authRest.port, 'GET', '/v1/batches/b1', { authorization: `Bearer ${INBOUND}` });
    expect(r.status, r.text).toBe(200);
    const m = await raw(authMcp.port, 'POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${INBOUND}` }, INIT);
    expect(m.status, m.text).toBe(200);
  });
  it('the upstream never received the inbound token', () => {
    for (const s of up.seen) expect(JSON.stringify(s.headers)).not.toContain(INBOUND);
  });

  it('timing probe: long shared prefix vs completely different token (coarse)', async () => {
    if (!authRest) return expect.fail(variantError);
    const near = `Bearer ${INBOUND.slice(0, -1)}X`;
    const far = `Bearer ${'Z'.repeat(INBOUND.length)}`;
    const time = async (auth: string): Promise<number> => {
      const t = process.hrtime.bigint();
      await raw(authRest!.port, 'GET', '/v1/batches/b1', { authorization: auth });
      return Number(process.hrtime.bigint() - t) / 1e3;
    };
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 40; k++) (await time(near), await time(far));
    for (let k = 0; k < 300; k++) {
      a.push(await time(near));
      b.push(await time(far));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    const [ma, mb] = [median(a), median(b)];
    console.log(`timing probe (µs): shared-prefix median ${ma.toFixed(1)}, different median ${mb.toFixed(1)}, diff ${(ma - mb).toFixed(1)}`);
    expect(Math.abs(ma - mb)).toBeLessThan(Math.max(2000, 0.5 * Math.min(ma, mb)));
  });
});
