/**
 * (r) binary content (outputRawFormat: binary): a byte-stream client method, REST passes the bytes
 * through, MCP tools return them base64 (image or blob) and MCP resources as a blob; every surface
 * refuses a body over its maxBinarySize (the operation's, else the adapter's) instead of cutting it;
 * a REST operation's `responses`/`responseBinary` give the media type and the OpenAPI response.
 */
import { describe, expect, it } from 'vitest';
import { importBuiltPackage } from '../support/built-package.js';
import { compileTest, useConstruct } from './harness.js';

const NAME = 'r-binary';
/** Bytes that are not valid UTF-8: a text round trip would change them. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xe2, 0x28, 0xa1, 0x00, 0xff])]);
/** get-scan declares maxBinarySize: 1KiB; the REST adapter 64KiB. */
const SCAN = Buffer.alloc(1024, 0xfe);
const SCAN_OVER = Buffer.alloc(1025, 0xfe);
const REPORT_OVER = Buffer.alloc(64 * 1024 + 1, 0xfd);

const ctx = useConstruct(NAME, {
  notes: 'binary: bytes client, REST passthrough, MCP base64, maxBinarySize',
  routes: (fake) => {
    fake.route('GET', /^\/photos\//, { bytes: PNG, contentType: 'application/octet-stream' });
    fake.route('GET', /^\/reports\//, { bytes: PDF, contentType: 'application/pdf' });
    // Over the MCP result bound (1 MiB by default); the later route wins.
    fake.route('GET', /^\/photos\/big$/, { bytes: Buffer.alloc(1_200_000, 7), contentType: 'image/png' });
    // Declared as application/pdf by the REST operation's `responses`; the upstream says octet-stream.
    fake.route('GET', /^\/reports\/untyped$/, { bytes: PDF, contentType: 'application/octet-stream' });
    fake.route('GET', /^\/reports\/huge$/, { bytes: REPORT_OVER });
    // The same, chunked: no content-length to check up front.
    fake.route('GET', /^\/reports\/huge-chunked$/, {
      write: (res) => {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write(REPORT_OVER.subarray(0, 40_000));
        res.end(REPORT_OVER.subarray(40_000));
      },
    });
    fake.route('GET', /^\/scans\//, { bytes: SCAN, contentType: 'application/octet-stream' });
    fake.route('GET', /^\/scans\/over$/, { bytes: SCAN_OVER });
    fake.route('GET', /^\/scans\/over-chunked$/, {
      write: (res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(SCAN_OVER.subarray(0, 600));
        res.end(SCAN_OVER.subarray(600));
      },
    });
  },
  env: (fake) => ({ FILES_BASE_URL: fake.url }),
});

interface FilesClient {
  scans: { get(params: { id: string }): Promise<ReadableStream<Uint8Array>> };
  photos: { get(params: { id: string }): Promise<ReadableStream<Uint8Array>> };
}

async function client(): Promise<FilesClient> {
  const mod = await importBuiltPackage<{ FilesClient: new (o: object) => FilesClient }>(ctx.fx.dir);
  return new mod.FilesClient({ baseUrl: ctx.fake.url, env: {} });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: the binary operations are byte-stream methods', () => {
    const client = ctx.fx.source('src/clients/files-client.ts');
    expect(client).toContain('Promise<ReadableStream<Uint8Array>>');
    expect(client).toContain('bytesOf(');
  });

  it('client: a body within maxBinarySize streams whole; one over it fails (declared length or not)', async () => {
    const files = await client();
    expect((await readAll(await files.scans.get({ id: 's1' }))).equals(SCAN)).toBe(true);
    await expect(files.scans.get({ id: 'over' })).rejects.toMatchObject({ name: 'BinaryTooLargeError', maxBytes: 1024 });
    const chunked = await files.scans.get({ id: 'over-chunked' });
    await expect(readAll(chunked)).rejects.toMatchObject({ name: 'BinaryTooLargeError' });
    // An operation without maxBinarySize is not capped by the client.
    expect((await readAll(await files.photos.get({ id: 'big' }))).length).toBe(1_200_000);
  });

  it('rest GET /reports/{id} → the upstream bytes and content type, unchanged', async () => {
    const res = await fetch(`${ctx.rest.url}/reports/r1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('rest: the media type declared in `responses` replaces the upstream octet-stream', async () => {
    const res = await fetch(`${ctx.rest.url}/reports/untyped`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('rest: over the adapter maxBinarySize (64KiB) → 502 upstream_too_large, with or without content-length', async () => {
    for (const id of ['huge', 'huge-chunked']) {
      const res = await fetch(`${ctx.rest.url}/reports/${id}`);
      expect(res.status, id).toBe(502);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, id).toBe('upstream_too_large');
      expect(body.error.message, id).toContain('65536 bytes');
    }
  });

  it('rest: the operation maxBinarySize (1KiB) wins over the adapter; responseBinary names the media type', async () => {
    const ok = await fetch(`${ctx.rest.url}/scans/s1`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/tiff');
    expect(Buffer.from(await ok.arrayBuffer()).equals(SCAN)).toBe(true);
    for (const id of ['over', 'over-chunked']) {
      const res = await fetch(`${ctx.rest.url}/scans/${id}`);
      expect(res.status, id).toBe(502);
      expect(((await res.json()) as { error: { message: string } }).error.message, id).toContain('1024 bytes');
    }
  });

  it('openapi.json: the declared binary responses (media type, description)', async () => {
    const doc = JSON.parse(ctx.fx.source('openapi.json'));
    const report = doc.paths['/reports/{id}'].get.responses['200'];
    expect(report.description).toBe('The report as a PDF file.');
    expect(Object.keys(report.content)).toEqual(['application/pdf']);
    const scan = doc.paths['/scans/{id}'].get.responses['200'];
    expect(scan.description).toBe('The scan.');
    expect(Object.keys(scan.content)).toEqual(['image/tiff']);
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

  it('mcp get-scan: within its maxBinarySize → the blob; over it → isError naming the cap', async () => {
    const ok: any = await ctx.client.callTool({ name: 'get-scan', arguments: { id: 's1' } });
    expect(ok.isError ?? false, JSON.stringify(ok).slice(0, 300)).toBe(false);
    expect(ok.content[0].resource.blob).toBe(SCAN.toString('base64'));
    const over: any = await ctx.client.callTool({ name: 'get-scan', arguments: { id: 'over' } });
    expect(over.isError).toBe(true);
    expect(JSON.stringify(over.content)).toContain('more than 1024 bytes');
  });

  it('mcp resource of a binary operation → a blob with the exact bytes, not text', async () => {
    const result = await ctx.client.readResource({ uri: 'photos://library/p1/bytes' });
    expect(result.contents).toEqual([{ uri: 'photos://library/p1/bytes', mimeType: 'image/png', blob: PNG.toString('base64') }]);
  });

  it('mcp resource over its maxBinarySize → a read error, no partial blob', async () => {
    const ok = await ctx.client.readResource({ uri: 'scans://library/s1/bytes' });
    expect((ok.contents[0] as { blob?: string }).blob).toBe(SCAN.toString('base64'));
    await expect(ctx.client.readResource({ uri: 'scans://library/over/bytes' })).rejects.toThrow(/more than 1024 bytes/);
  });
});
