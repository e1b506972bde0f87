// Multi-client safety of the MCP HTTP endpoint (the CVE-2026-25536 class: a server or transport
// shared between callers hands one caller's response to another). Many clients call at once, with
// colliding JSON-RPC ids, each for a batch of its own; every answer must be the caller's own batch.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, ensureBuilt } from './helpers.js';
import { TOOLS, textOf } from './mcp-support.js';

let fake: FakePortkey;
let mcp: RunningProcess;

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  mcp = await startServer({ script: MCP_JS, env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url } });
});

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

/** One batch per caller, tagged with the caller's name in its metadata. */
function seedBatches(prefix: string, n: number): Array<{ id: string; owner: string }> {
  return Array.from({ length: n }, (_, i) => {
    const owner = `${prefix}-${i}`;
    return { id: fake.store.createBatch({ metadata: { owner } }).id, owner };
  });
}

/** The batch id and owner a tools/call answer carries (throws when it is not a batch). */
function whoseBatch(text: string): { id: unknown; owner: unknown } {
  const batch = JSON.parse(text) as { id?: unknown; metadata?: { owner?: unknown } };
  return { id: batch.id, owner: batch.metadata?.owner };
}

describe('concurrent MCP callers over HTTP', () => {
  it('raw 2025 POSTs, all with JSON-RPC id 1, each get their own batch', async () => {
    const batches = seedBatches('raw', 24);
    const rounds = 4;
    const calls = batches.flatMap((b) =>
      Array.from({ length: rounds }, async () => {
        const res = await fetch(`${mcp.url}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-11-25',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: TOOLS.retrieve, arguments: { batch_id: b.id } },
          }),
        });
        const raw = await res.text();
        // A JSON body, or one SSE message event: either way one JSON-RPC response.
        const json = raw.startsWith('{') ? raw : (/^data: (.*)$/m.exec(raw)?.[1] ?? '');
        const reply = JSON.parse(json) as { id: unknown; result?: { content?: unknown; isError?: boolean } };
        return { want: b, status: res.status, reply };
      }),
    );
    const results = await Promise.all(calls);
    expect(results).toHaveLength(batches.length * rounds);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.reply.id).toBe(1);
      expect(r.reply.result?.isError).not.toBe(true);
      expect(whoseBatch(textOf(r.reply.result ?? {}))).toEqual({ id: r.want.id, owner: r.want.owner });
    }
  });

  it('official clients (2025 and 2026-07-28), concurrently, each get their own batch', async () => {
    const batches = seedBatches('client', 8);
    const clients = await Promise.all(
      batches.map(async (_b, i) => {
        const mode = i % 2 === 0 ? ('legacy' as const) : { pin: '2026-07-28' };
        const client = new Client({ name: `concurrent-${i}`, version: '0.0.1' }, { versionNegotiation: { mode } });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`)));
        return client;
      }),
    );
    try {
      const calls = batches.flatMap((b, i) =>
        Array.from({ length: 5 }, async () => {
          const result = await clients[i]!.callTool({ name: TOOLS.retrieve, arguments: { batch_id: b.id } });
          return { want: b, result };
        }),
      );
      for (const { want, result } of await Promise.all(calls)) {
        expect(result.isError).not.toBe(true);
        expect(whoseBatch(textOf(result))).toEqual({ id: want.id, owner: want.owner });
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
