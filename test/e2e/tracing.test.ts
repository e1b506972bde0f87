/**
 * End-to-end: tracing of the generated servers. Without OTEL_EXPORTER_OTLP_ENDPOINT the caller's
 * traceparent/tracestate reach the upstream unchanged; with it, spans go over OTLP/HTTP (JSON) to a
 * receiver this test runs: a server span per REST route / MCP tool call (child of the caller's span),
 * a client span per upstream attempt (with status and retry count), whose id the upstream sees as
 * its parent; no secret and no body in any exported span.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, REST_JS, ensureBuilt, waitFor } from './helpers.js';
import { TOOLS } from './mcp-support.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const SERVER = 2;
const CLIENT = 3;
let fake: FakePortkey;
let receiver: Server;
const exports: string[] = [];
let rest: RunningProcess;
let mcp: RunningProcess;
let plain: RunningProcess;
let unreachable: RunningProcess;

function spans(): OtlpSpan[] {
  return exports.flatMap((body) => {
    const doc = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    return doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });
}

function attr(span: OtlpSpan, key: string): unknown {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : (v.stringValue ?? v.intValue ?? v.boolValue);
}

const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') exports.push(body);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const env = {
    PORTKEY_API_KEY: CANARY_KEY,
    PORTKEY_BATCH_BASE_URL: fake.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  };
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  [rest, mcp, plain, unreachable] = await Promise.all([
    startServer({ script: REST_JS, env }),
    startServer({ script: MCP_JS, env }),
    startServer({ script: REST_JS, env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url } }),
    startServer({
      script: REST_JS,
      env: { ...env, PORTKEY_BATCH_BASE_URL: `http://127.0.0.1:${closedPort}/v1`, NAFTIKO_UPSTREAM_RETRIES: '1' },
    }),
  ]);
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('tracing', () => {
  it('without an OTLP endpoint, passes the caller trace context to the upstream unchanged', async () => {
    const traceparent = `00-${hex(32)}-${hex(16)}-01`;
    const id = fake.store.createBatch().id;
    const res = await fetch(`${plain.url}/v1/batches/${id}`, { headers: { traceparent, tracestate: 'vendor=abc' } });
    expect(res.status).toBe(200);
    const record = fake.requests.find((r) => r.path.endsWith(id));
    expect(record?.headers.traceparent).toBe(traceparent);
    expect(record?.headers.tracestate).toBe('vendor=abc');
    // A malformed traceparent is not passed on.
    await fetch(`${plain.url}/v1/batches/${id}x`, { headers: { traceparent: 'not-a-trace' } });
    expect(fake.requests.find((r) => r.path.endsWith(`${id}x`))?.headers.traceparent).toBeUndefined();
  });

  it('REST: a server span per route, a client span per attempt, the upstream sees the attempt as parent', async () => {
    const traceId = hex(32);
    const callerSpan = hex(16);
    const id = fake.store.createBatch().id;
    const res = await fetch(`${rest.url}/v1/batches/${id}`, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    expect(res.status).toBe(200);
    expect(await waitFor(() => spans().filter((s) => s.traceId === traceId).length >= 2, 10_000)).toBe(true);
    const mine = spans().filter((s) => s.traceId === traceId);
    const server = mine.find((s) => s.kind === SERVER)!;
    const client = mine.find((s) => s.kind === CLIENT)!;
    expect(server.name).toBe('GET /v1/batches/:batch_id');
    expect(server.parentSpanId).toBe(callerSpan);
    expect(attr(server, 'http.response.status_code')).toBe(200);
    expect(client.parentSpanId).toBe(server.spanId);
    expect(client.name).toBe('GET /batches/{batch_id}');
    expect(attr(client, 'http.response.status_code')).toBe(200);
    expect(attr(client, 'naftiko.retry_count')).toBe(0);
    const record = fake.requests.find((r) => r.path.endsWith(id));
    expect(record?.headers.traceparent).toBe(`00-${traceId}-${client.spanId}-01`);
  });

  it('MCP: the tool call span is named after the tool and parents the upstream attempt', async () => {
    const traceId = hex(32);
    const client = new Client({ name: 'traced', version: '0.0.1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`), {
        requestInit: { headers: { traceparent: `00-${traceId}-${hex(16)}-01` } },
      }),
    );
    const id = fake.store.createBatch().id;
    try {
      const result = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: id } });
      expect(result.isError).not.toBe(true);
    } finally {
      await client.close();
    }
    const named = (): OtlpSpan | undefined =>
      spans().find((s) => s.traceId === traceId && s.name === `tools/call ${TOOLS.retrieve}`);
    expect(await waitFor(() => named() !== undefined && spans().some((s) => s.parentSpanId === named()!.spanId), 10_000)).toBe(true);
    const tool = named()!;
    expect(attr(tool, 'mcp.tool.name')).toBe(TOOLS.retrieve);
    const attempt = spans().find((s) => s.parentSpanId === tool.spanId)!;
    expect(attempt.kind).toBe(CLIENT);
    expect(fake.requests.find((r) => r.path.endsWith(id))?.headers.traceparent).toBe(`00-${traceId}-${attempt.spanId}-01`);
  });

  it('each retried attempt is a span with its retry count and error type', async () => {
    const traceId = hex(32);
    const res = await fetch(`${unreachable.url}/v1/batches/batch_x`, { headers: { traceparent: `00-${traceId}-${hex(16)}-01` } });
    expect(res.status).toBe(502);
    expect(await waitFor(() => spans().filter((s) => s.traceId === traceId && s.kind === CLIENT).length >= 2, 10_000)).toBe(true);
    const attempts = spans()
      .filter((s) => s.traceId === traceId && s.kind === CLIENT)
      .sort((a, b) => Number(attr(a, 'naftiko.retry_count')) - Number(attr(b, 'naftiko.retry_count')));
    expect(attempts.map((s) => attr(s, 'naftiko.retry_count'))).toEqual([0, 1]);
    for (const a of attempts) expect(attr(a, 'error.type')).toBeTypeOf('string');
    const server = spans().find((s) => s.traceId === traceId && s.kind === SERVER)!;
    expect(attr(server, 'http.response.status_code')).toBe(502);
  });

  it('exports no secret and no body', () => {
    const all = exports.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(CANARY_KEY);
    expect(all).not.toContain('"object":"batch"');
    expect(all).not.toContain('input_file_id');
  });
});
