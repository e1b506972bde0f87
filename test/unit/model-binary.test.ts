// Binary content in the model (generator/model/binary.ts): maxBinarySize → bytes, and the binary
// response a REST operation declares in `responses` (long form) or `responseBinary` (shorthand).
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BINARY_BYTES, parseBinarySize, readBinaryResponse } from '../../generator/model/binary.js';

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
