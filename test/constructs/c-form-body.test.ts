/** (c) a formUrlEncoded body template filled from REST and MCP inputs. */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, connectMcp, getJson, reportRow, startMcp, startRest, textOf, type BuiltFixture } from './harness.js';

const NAME = 'c-form-body';
let fx: BuiltFixture;
let fake: FakeUpstream;
let rest: RunningProcess;
let mcp: RunningProcess;
let client: Client;

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  const env = { FORMS_BASE_URL: fake.url };
  rest = await startRest(fx, env);
  mcp = await startMcp(fx, env);
  client = await connectMcp(mcp.url);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await stopAllProcesses();
  await fake?.close();
  reportRow(NAME, suite, 'formUrlEncoded body');
});

const TRICKY = 'x&y=z +100% é';

describe(NAME, () => {
  compileTest(() => fx);

  it('rest POST /submit?a=…&b=… → upstream gets a urlencoded form with the values', async () => {
    const from = fake.requests.length;
    const res = await getJson(`${rest.url}/submit?a=${encodeURIComponent(TRICKY)}&b=two`, { method: 'POST' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const up = fake.since(from);
    expect(up).toHaveLength(1);
    expect(up[0]!.method).toBe('POST');
    expect(up[0]!.path).toBe('/submit');
    expect(String(up[0]!.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(up[0]!.body))).toEqual({ a: TRICKY, b: 'two', fixed: 'constant value' });
    // the REST answer is the upstream echo, unchanged
    expect(res.body.form).toEqual({ a: TRICKY, b: 'two', fixed: 'constant value' });
  });

  it('mcp submit-form → upstream gets a urlencoded form with the values', async () => {
    const from = fake.requests.length;
    const result: any = await client.callTool({ name: 'submit-form', arguments: { a: TRICKY, b: 'B' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const up = fake.since(from);
    expect(up).toHaveLength(1);
    expect(String(up[0]!.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(up[0]!.body))).toEqual({ a: TRICKY, b: 'B', fixed: 'constant value' });
    expect(result.structuredContent?.form).toEqual({ a: TRICKY, b: 'B', fixed: 'constant value' });
  });

  it('mcp: a missing required input → isError, nothing sent upstream', async () => {
    const from = fake.requests.length;
    const result: any = await client.callTool({ name: 'submit-form', arguments: { a: 'only a' } });
    expect(result.isError).toBe(true);
    expect(fake.since(from)).toHaveLength(0);
  });
});
