/** (k) transport: stdio on the MCP expose → `node dist/mcp.js` with no flags speaks stdio. */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../support/processes.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { buildFixture, compileTest, reportRow, textOf, type BuiltFixture } from './harness.js';

const NAME = 'k-stdio';
let fx: BuiltFixture;
let fake: FakeUpstream;
let client: Client;
let stderr = '';

beforeAll(async () => {
  fx = await buildFixture(NAME);
  fake = await startFakeUpstream();
  fake.route('GET', '/quote', (req) => ({ json: { topic: req.query.topic, text: 'Simplicity is prerequisite for reliability.' } }));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fx.mcpJs],
    cwd: fx.dir,
    env: baseEnv({ QUOTES_BASE_URL: fake.url }),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer | string) => (stderr += String(d)));
  client = new Client({ name: 'constructs', version: '0.0.1' });
  await client.connect(transport);
});

afterAll(async ({}, suite) => {
  await client?.close();
  await fake?.close();
  reportRow(NAME, suite, 'stdio by default, no flags');
});

describe(NAME, () => {
  compileTest(() => fx);

  it('mcp: no REST adapter is generated (the capability has no rest expose)', () => {
    expect(fx.files).not.toContain('src/rest.ts');
  });

  it('mcp over stdio without flags: initialize, server name, instructions', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'quotes-mcp' });
    expect(client.getInstructions()).toBe('Quotes over stdio.');
  });

  it('mcp over stdio: random-quote calls the upstream with the topic', async () => {
    const from = fake.requests.length;
    const result: any = await client.callTool({ name: 'random-quote', arguments: { topic: 'design' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toMatchObject({ topic: 'design' });
    expect(fake.since(from).map((r) => r.url)).toEqual(['/quote?topic=design']);
  });

  it('mcp over stdio: logs go to stderr only (stdout stays JSON-RPC)', () => {
    expect(stderr).toContain('stdio');
  });
});
