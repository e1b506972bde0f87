// Binary content in the model (generator/model/binary.ts): maxBinarySize → bytes, and the binary
// response a REST operation declares in `responses` (long form) or `responseBinary` (shorthand), and
// the cap and media type each route, tool and resource passes on (binaryAnswer).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MAX_BINARY_BYTES, parseBinarySize, readBinaryResponse } from '../../generator/model/binary.js';
import type { CapabilityModel } from '../../generator/model/types.js';
import { checkProject, REPO } from './model-helpers.js';

describe('parseBinarySize', () => {
  it('reads each unit, with fractions rounded down', () => {
    expect(parseBinarySize('512B')).toBe(512);
    expect(parseBinarySize('1KiB')).toBe(1024);
    expect(parseBinarySize('5MiB')).toBe(5 * 1024 * 1024);
    expect(parseBinarySize('1GiB')).toBe(1024 ** 3);
    expect(parseBinarySize('1.5KiB')).toBe(1536);
    expect(parseBinarySize('0.1B')).toBeUndefined();
    expect(DEFAULT_MAX_BINARY_BYTES).toBe(10 * 1024 * 1024);
  });

  it('refuses what the BinarySize pattern refuses', () => {
    for (const bad of ['10', '10MB', '10 MiB', 'MiB', '', undefined, 10, '-1KiB']) expect(parseBinarySize(bad), String(bad)).toBeUndefined();
  });
});

describe('readBinaryResponse', () => {
  it('the shorthand: mediaType, status (default 200) and description', () => {
    expect(readBinaryResponse({ responseBinary: { mediaType: 'image/jpeg' } })).toEqual({ status: 200, mediaType: 'image/jpeg' });
    expect(readBinaryResponse({ responseBinary: { mediaType: 'image/jpeg', status: 206, description: 'Part' } })).toEqual({ status: 206, mediaType: 'image/jpeg', description: 'Part' });
  });

  it('the long form: the first media type with binary: true, under the first status that has one', () => {
    const op = {
      responses: {
        '404': { description: 'Missing', content: { 'application/json': { schema: { type: 'object' } } } },
        '200': { description: 'Photo', content: { 'application/json': {}, 'image/png': { binary: true } } },
      },
    };
    expect(readBinaryResponse(op)).toEqual({ status: 200, mediaType: 'image/png', description: 'Photo' });
  });

  it('no binary response: undefined', () => {
    expect(readBinaryResponse({})).toBeUndefined();
    expect(readBinaryResponse({ responses: { '200': { content: { 'application/json': { binary: false } } } } })).toBeUndefined();
  });
});

describe('binaryAnswer: each route, tool and resource resolved on the model (docs/binary.md)', () => {
  const fixture = readFileSync(join(REPO, 'test/fixtures/constructs/r-binary.yaml'), 'utf8');
  const modelFrom = (text: string): CapabilityModel => {
    const file = checkProject({ 'r-binary.yaml': text })[0]!;
    if (!file.model) throw new Error(file.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
    return file.model;
  };
  const answers = (model: CapabilityModel) => ({
    rest: Object.fromEntries(model.rest[0]!.routes.map((r) => [r.name, r.binaryAnswer])),
    tools: Object.fromEntries(model.mcp[0]!.tools.map((t) => [t.name, t.binaryAnswer])),
    resources: Object.fromEntries(model.mcp[0]!.resources.map((r) => [r.name, r.binaryAnswer])),
  });

  it("the operation's cap and media type first, then the adapter's cap and the route's declared response", () => {
    expect(answers(modelFrom(fixture))).toEqual({
      rest: { 'get-report': { maxBytes: 64 * 1024, mediaType: 'application/pdf' }, 'get-scan': { maxBytes: 1024, mediaType: 'image/tiff' } },
      tools: { 'get-photo': { mediaType: 'image/png' }, 'get-report': {}, 'get-scan': { maxBytes: 1024 } },
      resources: { 'photo-bytes': { mediaType: 'image/png' }, 'scan-bytes': { maxBytes: 1024 } },
    });
  });

  it('no cap on the REST adapter: 10 MiB; a cap on the MCP adapter: that cap where the operation sets none', () => {
    const text = fixture.replace('    maxBinarySize: 64KiB\n', '').replace('    namespace: files-mcp\n', '    namespace: files-mcp\n    maxBinarySize: 2KiB\n');
    const { rest, tools } = answers(modelFrom(text));
    expect(rest['get-report']).toEqual({ maxBytes: DEFAULT_MAX_BINARY_BYTES, mediaType: 'application/pdf' });
    expect(tools).toEqual({ 'get-photo': { mediaType: 'image/png', maxBytes: 2048 }, 'get-report': { maxBytes: 2048 }, 'get-scan': { maxBytes: 1024 } });
  });
});
