// The resource and prompt tables (mcp-resources.ts) registered on a real McpServer and read by the
// official client over linked transports: a fixed-URI resource, a template whose variables reach
// `read`, files under a location, and prompts with and without arguments; each read/fill gets the
// caller's call options (a signal and a request id).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, fromJsonSchema } from '@modelcontextprotocol/server';
import {
  fileResources,
  prompt,
  registerPrompts,
  registerResources,
  resource,
} from '../../packages/runtime/src/mcp-resources.js';
import type { CallOptions } from '../../packages/runtime/src/request-plan.js';
import { valueContents } from '../../packages/runtime/src/resources.js';

/** Not valid UTF-8: served as a blob. */
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xfe]);
const dir = mkdtempSync(join(tmpdir(), 'naftiko-mcp-resources-'));
let client: Client;
const seen: Array<{ values: Record<string, unknown>; options: CallOptions }> = [];

beforeAll(async () => {
  writeFileSync(join(dir, 'guide.md'), '# Guide\n');
  writeFileSync(join(dir, 'logo.png'), LOGO);
  const server = new McpServer({ name: 'r', version: '1.0.0' });
  registerResources(server, [
    resource({
      name: 'status',
      uri: 'shop://status',
      mimeType: 'application/json',
      read: async (uri, values, options) => {
        seen.push({ values, options });
        return valueContents(uri, { ok: true }, 'application/json');
      },
    }),
    resource({
      name: 'order',
      uri: 'shop://orders/{id}',
      template: true,
      title: 'Order',
      read: async (uri, values, options) => {
        seen.push({ values, options });
        return valueContents(uri, { id: values.id }, undefined);
      },
    }),
    fileResources({ name: 'docs', uri: 'file:///docs', location: `file://${dir}` }),
  ]);
  registerPrompts(server, [
    prompt({
      name: 'greet',
      description: 'Greets someone.',
      argsSchema: fromJsonSchema<Record<string, string>>({ type: 'object', properties: { who: { type: 'string' } }, required: ['who'] }),
      messages: (args, options) => [{ role: 'user', content: { type: 'text', text: `Hello ${args.who} (${typeof options.requestId})` } }],
    }),
    prompt({
      name: 'plain',
      messages: async () => [{ role: 'assistant', content: { type: 'text', text: 'Nothing to fill.' } }],
    }),
  ]);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 't', version: '1.0.0' });
  await client.connect(clientSide);
});

afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('resource and prompt tables', () => {
  it('lists the fixed resources (and the files) and the template', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.name).sort()).toEqual(expect.arrayContaining(['status']));
    expect(resources.some((r) => r.uri.endsWith('guide.md'))).toBe(true);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual([expect.objectContaining({ name: 'order', uriTemplate: 'shop://orders/{id}', title: 'Order' })]);
  });

  it('a fixed resource is read with no values and the call options', async () => {
    seen.length = 0;
    const result = await client.readResource({ uri: 'shop://status' });
    expect(result.contents[0]).toMatchObject({ uri: 'shop://status', mimeType: 'application/json', text: '{"ok":true}' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.values).toEqual({});
    expect(seen[0]!.options.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.options.requestId).toMatch(/\S/);
  });

  it('files: text files are text, binary files a blob of the exact bytes', async () => {
    const { resources } = await client.listResources();
    const guide = await client.readResource({ uri: resources.find((r) => r.uri.endsWith('guide.md'))!.uri });
    expect(guide.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: '# Guide\n' });
    const logo = await client.readResource({ uri: resources.find((r) => r.uri.endsWith('logo.png'))!.uri });
    expect(logo.contents[0]).toMatchObject({ mimeType: 'image/png', blob: LOGO.toString('base64') });
    expect(logo.contents[0]).not.toHaveProperty('text');
  });

  it("a template's variables reach read", async () => {
    seen.length = 0;
    const result = await client.readResource({ uri: 'shop://orders/42' });
    expect(JSON.parse((result.contents[0] as { text: string }).text)).toEqual({ id: '42' });
    expect(seen[0]!.values).toMatchObject({ id: '42' });
  });

  it('prompts: filled from their arguments (validated), or without any', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['greet', 'plain']);
    const greet = await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
    expect(greet.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello Ada (string)' } }]);
    await expect(client.getPrompt({ name: 'greet', arguments: {} })).rejects.toThrow(/who/);
    const plain = await client.getPrompt({ name: 'plain' });
    expect(plain.messages).toEqual([{ role: 'assistant', content: { type: 'text', text: 'Nothing to fill.' } }]);
  });
});
