/**
 * Upstream faults against generated/portkey-batch (REST dist/rest.js and MCP dist/mcp.js, real
 * processes) in front of a fault-injecting upstream: timeouts, resets, 5xx, 429 + Retry-After,
 * invalid JSON, a 50 MB body, a stalled stream. After each fault both servers still answer /healthz.
 */
import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, REST_JS, ensureBuilt, sleep } from '../e2e/helpers.js';
import { startFaultUpstream, type FaultUpstream } from './fault-upstream.js';

const TOOLS = { retrieve: 'retrieves-batch', output: 'returns-batch-output-stream', create: 'creates-and-executes-batch-uploaded' };

let up: FaultUpstream;
/** Short upstream timeout (300 ms), for timeouts and stalls. */
let restFast: RunningProcess;
let mcpFast: RunningProcess;
/** Long timeout, for retries and big bodies. */
let rest: RunningProcess;
let mcp: RunningProcess;

function env(timeoutMs: number): Record<string, string> {
  return {
    PORTKEY_API_KEY: CANARY_KEY,
    PORTKEY_BATCH_BASE_URL: up.url,
    NAFTIKO_UPSTREAM_TIMEOUT_MS: String(timeoutMs),
    NAFTIKO_UPSTREAM_RETRIES: '2',
  };
}

beforeAll(async () => {
  await ensureBuilt();
  up = await startFaultUpstream();
  [restFast, mcpFast, rest, mcp] = await Promise.all([
    startServer({ script: REST_JS, env: env(300) }),
    startServer({ script: MCP_JS, env: env(300) }),
    startServer({ script: REST_JS, env: env(15_000) }),
    startServer({ script: MCP_JS, env: env(15_000) }),
  ]);
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await up?.close();
});

afterEach(async () => {
  up.reset();
  for (const s of [restFast, mcpFast, rest, mcp]) {
    const r = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(r.status, `${s.url}/healthz after the fault\n${s.stderr().slice(-2000)}`).toBe(200);
    expect(s.child.exitCode).toBeNull();
  }
});

async function get(server: RunningProcess, path: string): Promise<{ status: number; text: string; json: any; ms: number }> {
  const start = Date.now();
  const res = await fetch(server.url + path, { signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, ms: Date.now() - start };
}

async function callTool(server: RunningProcess, name: string, args: Record<string, unknown>, timeout = 30_000): Promise<{ result: any; text: string; ms: number }> {
  const client = new Client({ name: 'faults', version: '0.0.1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  const start = Date.now();
  try {
    const result: any = await client.callTool({ name, arguments: args }, { timeout });
    const text = ((result.content ?? []) as Array<{ type: string; text?: string }>).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    return { result, text, ms: Date.now() - start };
  } finally {
    await client.close();
  }
}

const attempts = (path: string) => up.seen.filter((s) => s.url.startsWith('/v1' + path)).length;

describe('upstream faults', () => {
  it('a delay beyond the timeout → REST 504 JSON, MCP isError', async () => {
    up.on('/v1/batches/slow', (_q, res) => {
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 3000);
      res.on('close', () => clearTimeout(t));
    });
    const r = await get(restFast, '/v1/batches/slow');
    expect(r.status, r.text).toBe(504);
    expect(r.json, r.text).toBeTypeOf('object');
    expect(r.ms).toBeLessThan(2500);
    const m = await callTool(mcpFast, TOOLS.retrieve, { batch_id: 'slow' });
    expect(m.result.isError, m.text).toBe(true);
    expect(m.ms).toBeLessThan(2500);
  });

  it('a connection reset mid-body → REST 502 JSON, MCP isError', async () => {
    up.on('/v1/batches/reset', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id": "batch_reset", "status": "in_pro');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const r = await get(rest, '/v1/batches/reset');
    expect(r.status, r.text).toBe(502);
    expect(r.json, r.text).toBeTypeOf('object');
    const m = await callTool(mcp, TOOLS.retrieve, { batch_id: 'reset' });
    expect(m.result.isError, m.text).toBe(true);
  });

  it('a reset mid-stream of a streamed body cuts the stream; the server keeps serving', async () => {
    up.on('/v1/batches/cut/output', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('{"id":"line-1"}\n'.repeat(100));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    let status = 0;
    let body = '';
    let error: unknown;
    try {
      const res = await fetch(`${rest.url}/v1/batches/cut/output`, { signal: AbortSignal.timeout(10_000) });
      status = res.status;
      body = await res.text();
    } catch (err) {
      error = err;
    }
    // Either a 502 before any byte was sent, or a 200 whose body is cut (an error while reading it).
    if (status === 502) expect(error).toBeUndefined();
    else expect(error ?? new Error(`complete body of ${body.length} bytes, status ${status}`)).toBeInstanceOf(TypeError);
  });

  it('an upstream 500 on GET is retried (NAFTIKO_UPSTREAM_RETRIES=2), then passed through', async () => {
    up.on('/v1/batches/five', (_q, res) => void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}'));
    const r = await get(rest, '/v1/batches/five');
    expect(r.status, r.text).toBe(500);
    expect(r.text).toContain('boom');
    expect(attempts('/batches/five')).toBe(3);
    up.seen.length = 0;
    const m = await callTool(mcp, TOOLS.retrieve, { batch_id: 'five' });
    expect(m.result.isError, m.text).toBe(true);
    expect(m.text).toContain('500');
    expect(attempts('/batches/five')).toBe(3);
  });

  it('an upstream 500 on POST (not idempotent) is not retried', async () => {
    up.on('/v1/batches', (_q, res) => void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}'));
    const res = await fetch(`${rest.url}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_file_id: 'f', endpoint: '/v1/chat/completions', completion_window: '24h' }),
    });
    expect(res.status).toBe(500);
    await res.text();
    expect(up.seen.filter((s) => s.method === 'POST').length).toBe(1);
  });

  it('a 429 with Retry-After: 1 is retried after about one second', async () => {
    up.on('/v1/batches/limited', (_q, res, attempt) => {
      if (attempt === 1) res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":"slow down"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"batch_limited","object":"batch"}');
    });
    const r = await get(rest, '/v1/batches/limited');
    expect(r.status, r.text).toBe(200);
    const times = up.seen.filter((s) => s.url === '/v1/batches/limited').map((s) => s.at);
    expect(times.length).toBe(2);
    const gap = times[1]! - times[0]!;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3000);
  });

  it('invalid JSON with a JSON content type: passed through on REST, isError or text on MCP', async () => {
    const bad = '{"id": "batch_bad", "status": oops,,}';
    up.on('/v1/batches/badjson', (_q, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(bad));
    const r = await get(rest, '/v1/batches/badjson');
    expect([200, 502], r.text).toContain(r.status);
    if (r.status === 200) expect(r.text).toBe(bad);
    const m = await callTool(mcp, TOOLS.retrieve, { batch_id: 'badjson' });
    expect(m.result.isError === true || m.text.includes('oops'), m.text).toBe(true);
  });

  it('a 50 MB JSON body through MCP → bounded result with a truncation notice, RSS bounded', async () => {
    const chunk = JSON.stringify({ custom_id: 'x'.repeat(1000) }) + ',';
    up.on('/v1/batches/huge', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"batch","id":"huge","data":[');
      let sent = 0;
      const pump = (): void => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('{}]}');
      };
      res.on('close', () => (sent = Infinity));
      pump();
    });
    const before = mcp.rssBytes() ?? 0;
    const m = await callTool(mcp, TOOLS.retrieve, { batch_id: 'huge' });
    const after = mcp.rssBytes() ?? 0;
    expect(m.text.length).toBeLessThan(2 * 1024 * 1024);
    // retrieve declares an outputSchema (the bound OpenAPI Batch): a body over the budget cannot be
    // that structured result, so it is an error saying so, not cut text.
    expect(m.text).toMatch(/larger than \d+ bytes, so its declared output cannot be built/);
    expect(after - before, `RSS before ${before} after ${after}`).toBeLessThan(150 * 1024 * 1024);
  });

  it('a stalled stream: the caller disconnects and the server keeps serving', async () => {
    let upstreamClosed = false;
    up.on('/v1/batches/stall/output', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('{"id":"first"}\n');
      res.on('close', () => (upstreamClosed = true));
    });
    const got = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: rest.port, path: '/v1/batches/stall/output' }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (d: string) => {
          req.destroy();
          resolve(d);
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(got).toContain('first');
    // The server notices the disconnect and stops reading the upstream.
    const deadline = Date.now() + 5000;
    while (!upstreamClosed && Date.now() < deadline) await sleep(50);
    expect(upstreamClosed, 'upstream stream still open 5 s after the caller left').toBe(true);
  });

  it('a stalled stream through the short-timeout server does not hang forever', async () => {
    up.on('/v1/batches/stall2/output', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('{"id":"first"}\n');
    });
    // NAFTIKO_UPSTREAM_TIMEOUT_MS=300: the tool must answer (isError or the partial text) well within 10 s.
    const m = await callTool(mcpFast, TOOLS.output, { batch_id: 'stall2' }, 10_000);
    expect(m.ms).toBeLessThan(10_000);
    expect(m.result.isError === true || m.text.includes('first'), m.text).toBe(true);
  });

  it('never logs the API key', () => {
    for (const s of [restFast, mcpFast, rest, mcp]) expect(s.stderr()).not.toContain(CANARY_KEY);
  });
});
