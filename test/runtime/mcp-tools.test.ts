// The tool table of a generated MCP server (mcp-tools.ts): registerTools registers each tool() the way
// generated servers used to inline it. A real upstream, a real Transport-based client of the generated
// shape, and an MCP client speaking the protocol to the server (linked in-memory transports).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, fromJsonSchema } from '@modelcontextprotocol/server';
import type { InputValues } from '../../packages/runtime/src/bound-call.js';
import { registerTools, tool, unimplementedTool } from '../../packages/runtime/src/mcp-tools.js';
import type { CallOptions } from '../../packages/runtime/src/request-plan.js';
import { closedPort, startUpstream, type Upstream } from './helpers.js';
import { thingClient } from './thing-client.js';

const ID_INPUT = fromJsonSchema<Record<string, unknown>>({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
const ID_NOTE_INPUT = fromJsonSchema<Record<string, unknown>>({
  type: 'object',
  properties: { id: { type: 'string' }, note: { type: 'string' } },
  required: ['id'],
});
const THING_OUTPUT = fromJsonSchema<Record<string, unknown>>({
  type: 'object',
  properties: { id: { type: 'string' }, note: { type: ['string', 'null'] }, requestId: { type: ['string', 'null'] } },
});
const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

let up: Upstream;
let client: Client;
const failures: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
const orchestrated: Array<{ input: InputValues; options: CallOptions }> = [];

beforeAll(async () => {
  up = await startUpstream((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/things/missing') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'no such thing' }));
    }
    if (url.pathname === '/things/long') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('x'.repeat(5000));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: url.pathname.split('/').pop(), note: url.searchParams.get('note'), requestId: req.headers['x-request-id'] ?? null }));
  });
  const things = thingClient(up.url);
  const offline = thingClient(`http://127.0.0.1:${await closedPort()}`);
  const server = new McpServer({ name: 't', version: '1' });
  registerTools(
    server,
    [
      tool({ name: 'get-thing', inputSchema: ID_INPUT, outputSchema: THING_OUTPUT, annotations: READ, call: things.raw.get, respond: 'upstream' }),
      tool({ name: 'get-thing-text', description: 'No outputSchema.', inputSchema: ID_INPUT, annotations: READ, call: things.raw.get, respond: 'upstream' }),
      tool({
        name: 'summarize-thing',
        inputSchema: ID_INPUT,
        annotations: READ,
        call: things.get,
        args: (values) => ({ id: values['id'], note: 'fixed' }),
        respond: 'json',
        result: (thing) => ({ summary: `${thing.id}/${thing.note}` }),
      }),
      tool({
        name: 'steps',
        inputSchema: ID_NOTE_INPUT,
        annotations: READ,
        call: async (input: InputValues, options: CallOptions) => {
          orchestrated.push({ input, options });
          return { got: input };
        },
        respond: 'json',
      }),
      tool({ name: 'offline', inputSchema: ID_INPUT, annotations: READ, call: offline.raw.get, respond: 'upstream' }),
      unimplementedTool({ name: 'nothing', title: 'Nothing', inputSchema: ID_INPUT, annotations: READ }, 'The tool nothing declares no call or steps: there is nothing to run.'),
    ],
    { maxResultBytes: 1000, log: { warn: (msg, fields) => failures.push({ msg, fields }), error: (msg, fields) => failures.push({ msg, fields }) } },
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'tools-test', version: '0.0.1' });
  await client.connect(clientSide);
});

afterAll(async () => {
  await client?.close();
  await up?.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; text: string; structuredContent?: unknown }> {
  const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: unknown };
  return { isError: r.isError, text: r.content.map((c) => c.text ?? '').join(''), structuredContent: r.structuredContent };
}

describe('registerTools', () => {
  it('lists every tool with its config: schemas, title, description, hints', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['get-thing', 'get-thing-text', 'summarize-thing', 'steps', 'offline', 'nothing']);
    const get = tools.find((t) => t.name === 'get-thing')!;
    expect(get.inputSchema).toMatchObject({ type: 'object', required: ['id'] });
    expect(get.outputSchema).toMatchObject({ type: 'object' });
    expect(get.annotations).toMatchObject(READ);
    expect(tools.find((t) => t.name === 'get-thing-text')).toMatchObject({ description: 'No outputSchema.' });
    expect(tools.find((t) => t.name === 'get-thing-text')!.outputSchema).toBeUndefined();
    expect(tools.find((t) => t.name === 'nothing')).toMatchObject({ title: 'Nothing' });
  });

  it('an upstream tool with an outputSchema answers text and structuredContent', async () => {
    const r = await call('get-thing', { id: 'abc' });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ id: 'abc', note: null });
    expect(JSON.parse(r.text)).toMatchObject({ id: 'abc' });
  });

  it('only declared arguments reach the client: an extra one cannot set a hidden parameter', async () => {
    const r = await call('get-thing', { id: 'abc', note: 'sneaky' });
    expect(r.structuredContent).toMatchObject({ id: 'abc', note: null });
  });

  it('a request id goes upstream with each call', async () => {
    const r = await call('get-thing', { id: 'abc' });
    expect((r.structuredContent as { requestId: string | null }).requestId).toMatch(/\S+/);
  });

  it('an upstream body over the budget is truncated with a notice; a 404 is an isError result', async () => {
    const long = await call('get-thing-text', { id: 'long' });
    expect(long.isError).toBeFalsy();
    expect(long.text.length).toBeLessThan(1500);
    expect(long.text).toMatch(/truncated/i);
    const missing = await call('get-thing-text', { id: 'missing' });
    expect(missing.isError).toBe(true);
    expect(JSON.parse(missing.text)).toEqual({ status: 404, body: { error: 'no such thing' } });
  });

  it('args builds the parameters and result maps the JSON value', async () => {
    const r = await call('summarize-thing', { id: 'xyz' });
    expect(r.structuredContent).toEqual({ summary: 'xyz/fixed' });
  });

  it('an orchestration gets the arguments, a signal and a request id', async () => {
    const r = await call('steps', { id: 'a', note: 'n' });
    expect(r.structuredContent).toEqual({ got: { id: 'a', note: 'n' } });
    const last = orchestrated.at(-1)!;
    expect(last.options.signal).toBeInstanceOf(AbortSignal);
    expect(last.options.requestId).toMatch(/\S+/);
  });

  it('an unreachable upstream is an isError result, logged with the request id', async () => {
    failures.length = 0;
    const r = await call('offline', { id: 'a' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Could not reach the upstream service for things\.get/);
    expect(failures[0]).toMatchObject({ msg: 'upstream unreachable', fields: { operation: 'things.get', requestId: expect.any(String) } });
  });

  it('a tool that runs nothing is an isError result', async () => {
    const r = await call('nothing', { id: 'a' });
    expect(r).toMatchObject({ isError: true, text: 'The tool nothing declares no call or steps: there is nothing to run.' });
  });
});
