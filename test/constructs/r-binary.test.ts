/** (r) binary content (outputRawFormat: binary): a byte-stream client method, REST passes the bytes through, MCP returns them base64 (image or blob), bounded. */
import { describe, expect, it } from 'vitest';
import { compileTest, useConstruct } from './harness.js';

const NAME = 'r-binary';
/** Bytes that are not valid UTF-8: a text round trip would change them. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xe2, 0x28, 0xa1, 0x00, 0xff])]);

const ctx = useConstruct(NAME, {
  notes: 'binary: bytes client, REST passthrough, MCP base64',
  routes: (fake) => {
    fake.route('GET', /^\/photos\//, { bytes: PNG, contentType: 'application/octet-stream' });
    fake.route('GET', /^\/reports\//, { bytes: PDF, contentType: 'application/pdf' });
    // Over the MCP result bound (1 MiB by default); the later route wins.
    fake.route('GET', /^\/photos\/big$/, { bytes: Buffer.alloc(1_200_000, 7), contentType: 'image/png' });
  },
  env: (fake) => ({ FILES_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: the binary operations are byte-stream methods', () => {
    const client = ctx.fx.source('src/clients/files-client.ts');
    expect(client).toContain('Promise<ReadableStream<Uint8Array>>');
    expect(client).toContain('bytesOf(');
  });

  it('rest GET /reports/{id} → the upstream bytes and content type, unchanged', async () => {
    const res = await fetch(`${ctx.rest.url}/reports/r1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('mcp get-photo → an image content, base64 of the exact bytes, with the declared media type', async () => {
    const r: any = await ctx.client.callTool({ name: 'get-photo', arguments: { id: 'p1' } });
    expect(r.isError ?? false, JSON.stringify(r)).toBe(false);
    expect(r.content).toEqual([{ type: 'image', mimeType: 'image/png', data: PNG.toString('base64') }]);
  });

  it('mcp get-report → an embedded resource holding the blob, typed by the upstream content type', async () => {
    const r: any = await ctx.client.callTool({ name: 'get-report', arguments: { id: 'r1' } });
    expect(r.isError ?? false, JSON.stringify(r)).toBe(false);
    expect(r.content).toHaveLength(1);
    expect(r.content[0].type).toBe('resource');
    expect(r.content[0].resource).toMatchObject({ mimeType: 'application/pdf', blob: PDF.toString('base64') });
    expect(r.content[0].resource.uri).toMatch(/^naftiko:\/\/transient\/get-report\//);
  });

  it('mcp get-photo over the result bound → an isError result, no partial file', async () => {
    const r: any = await ctx.client.callTool({ name: 'get-photo', arguments: { id: 'big' } });
    expect(r.isError, JSON.stringify(r).slice(0, 300)).toBe(true);
    expect(JSON.stringify(r.content)).not.toContain('"type":"image"');
  });
});
