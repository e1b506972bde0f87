// generator/names: casing, safe identifiers, the collision-free allocator and MCP tool names.
import { describe, expect, it } from 'vitest';
import {
  camelCase,
  isIdentifier,
  isReservedWord,
  kebabCase,
  looseKey,
  MCP_TOOL_NAME_MAX,
  memberName,
  NameAllocator,
  pascalCase,
  safeIdentifier,
  sanitizeToolName,
  shorten,
  titleFromName,
  typeName,
  upperSnakeCase,
  words,
} from '../../generator/names/index.js';

describe('casing', () => {
  const cases: [string, string, string, string, string][] = [
    // input, pascal, camel, UPPER_SNAKE, kebab
    ['portkey-batch', 'PortkeyBatch', 'portkeyBatch', 'PORTKEY_BATCH', 'portkey-batch'],
    ['batches-batch_id', 'BatchesBatchId', 'batchesBatchId', 'BATCHES_BATCH_ID', 'batches-batch-id'],
    ['XMLHttpRequest', 'XmlHttpRequest', 'xmlHttpRequest', 'XML_HTTP_REQUEST', 'xml-http-request'],
    ['getHTTPResponse2', 'GetHttpResponse2', 'getHttpResponse2', 'GET_HTTP_RESPONSE2', 'get-http-response2'],
    ['café au lait', 'CafeAuLait', 'cafeAuLait', 'CAFE_AU_LAIT', 'cafe-au-lait'],
    ['a.b.c', 'ABC', 'aBC', 'A_B_C', 'a-b-c'],
    ['  spaced   out  ', 'SpacedOut', 'spacedOut', 'SPACED_OUT', 'spaced-out'],
    ['', '', '', '', ''],
    ['---', '', '', '', ''],
  ];
  it.each(cases)('%j', (input, pascal, camel, snake, kebab) => {
    expect(pascalCase(input)).toBe(pascal);
    expect(camelCase(input)).toBe(camel);
    expect(upperSnakeCase(input)).toBe(snake);
    expect(kebabCase(input)).toBe(kebab);
  });

  it('every output is made of safe characters only', () => {
    const inputs = ['héllo wörld', 'тест', '日本語 api', '💥 boom', 'a\u0000b', '__proto__', '$ref', 'x-API-key'];
    for (const s of inputs) {
      expect(pascalCase(s)).toMatch(/^[A-Za-z0-9]*$/);
      expect(camelCase(s)).toMatch(/^[A-Za-z0-9]*$/);
      expect(upperSnakeCase(s)).toMatch(/^[A-Z0-9_]*$/);
      expect(kebabCase(s)).toMatch(/^[a-z0-9-]*$/);
      expect(words(s).every((w) => /^[A-Za-z0-9]+$/.test(w))).toBe(true);
    }
  });

  it('looseKey matches {batch-id} with batch_id and batchId', () => {
    expect(looseKey('batch-id')).toBe(looseKey('batch_id'));
    expect(looseKey('batchId')).toBe(looseKey('batch_id'));
    expect(looseKey('batch-id')).not.toBe(looseKey('batch'));
  });
});

describe('identifiers', () => {
  it('reserved words, including the prototype-polluting ones, are flagged', () => {
    for (const w of ['class', 'default', 'await', 'enum', 'constructor', '__proto__', 'prototype', 'string', 'type', 'arguments', 'eval']) {
      expect(isReservedWord(w), w).toBe(true);
    }
    for (const w of ['batch', 'batchId', 'Class', 'proto']) expect(isReservedWord(w), w).toBe(false);
  });

  it('safeIdentifier never returns a reserved word or an invalid identifier', () => {
    const inputs = ['class', 'constructor', '__proto__', 'prototype', 'default', '123abc', '', 'await', 'new'];
    for (const s of inputs) {
      const id = safeIdentifier(s);
      expect(isIdentifier(id), `${s} → ${id}`).toBe(true);
      expect(isReservedWord(id), `${s} → ${id}`).toBe(false);
    }
    expect(safeIdentifier('class')).toBe('class_');
    expect(safeIdentifier('__proto__')).toBe('__proto___');
    expect(safeIdentifier('constructor')).toBe('constructor_');
    expect(safeIdentifier('9lives')).toBe('_9lives');
    expect(safeIdentifier('', 'fallback')).toBe('fallback');
  });

  it('memberName and typeName give valid, non-reserved identifiers for hostile names', () => {
    const inputs = ['class', 'constructor', '__proto__', 'prototype', 'default', '123 go', '', '---', 'тест', 'x-api-key', 'toString', 'hasOwnProperty'];
    for (const s of inputs) {
      for (const id of [memberName(s), typeName(s)]) {
        expect(isIdentifier(id), `${JSON.stringify(s)} → ${id}`).toBe(true);
        expect(isReservedWord(id), `${JSON.stringify(s)} → ${id}`).toBe(false);
      }
    }
    expect(memberName('constructor')).toBe('constructor_');
    expect(memberName('x-api-key')).toBe('xApiKey');
    expect(typeName('batches-batch_id')).toBe('BatchesBatchId');
    expect(memberName('')).toBe('value');
    expect(typeName('')).toBe('Type');
  });
});

describe('NameAllocator', () => {
  it('never hands out two names that differ only by case', () => {
    const names = new NameAllocator();
    const got = ['Foo', 'foo', 'FOO', 'fOo'].map((n) => names.claim(n));
    expect(got).toEqual(['Foo', 'foo2', 'FOO3', 'fOo4']);
    expect(new Set(got.map((g) => g.toLowerCase())).size).toBe(got.length);
  });

  it('respects reserved names case-insensitively', () => {
    const names = new NameAllocator(['McpServer', 'index']);
    expect(names.claim('mcpserver')).toBe('mcpserver2');
    expect(names.claim('INDEX')).toBe('INDEX2');
  });

  it('a suffixed name that is itself wanted later still stays unique', () => {
    const names = new NameAllocator();
    const got = ['foo', 'foo', 'foo2', 'foo2', 'foo'].map((n) => names.claim(n));
    expect(new Set(got.map((g) => g.toLowerCase())).size).toBe(5);
  });

  it('is deterministic: the same claims give the same names', () => {
    const run = () => {
      const a = new NameAllocator(['rest']);
      return ['rest', 'Rest', 'x', 'X', 'x2', 'x'].map((n) => a.claim(n));
    };
    expect(run()).toEqual(run());
  });
});

describe('sanitizeToolName', () => {
  const valid = (name: string) => name.length >= 1 && name.length <= MCP_TOOL_NAME_MAX && /^[A-Za-z0-9_.-]+$/.test(name);

  it('keeps valid names unchanged', () => {
    for (const n of ['retrieves-batch', 'a.b_c-D9', 'x']) expect(sanitizeToolName(n)).toBe(n);
  });

  it('always yields 1..64 characters of [A-Za-z0-9_.-]', () => {
    const inputs = ['', '!!!', ' ', 'héllo wörld/тест!', 'a'.repeat(64), 'a'.repeat(65), 'b'.repeat(500), 'tool name with spaces', '💥'.repeat(40), 'x'.repeat(63) + '💥' + 'y'.repeat(10), '\u0000\u2028'];
    for (const s of inputs) expect(valid(sanitizeToolName(s)), `${JSON.stringify(s)} → ${sanitizeToolName(s)}`).toBe(true);
    expect(sanitizeToolName('a'.repeat(64))).toBe('a'.repeat(64));
    expect(sanitizeToolName('')).toBe('tool');
    expect(sanitizeToolName('héllo wörld')).toBe('hello_world');
  });

  it('long names stay distinct after shortening, and are deterministic', () => {
    const a = 'x'.repeat(70) + 'a';
    const b = 'x'.repeat(70) + 'b';
    expect(sanitizeToolName(a)).not.toBe(sanitizeToolName(b));
    expect(sanitizeToolName(a)).toBe(sanitizeToolName(a));
    expect(sanitizeToolName(a)).toHaveLength(64);
    expect(shorten('short', 64)).toBe('short');
    expect(shorten('y'.repeat(100), 20)).toHaveLength(20);
  });
});

describe('titleFromName', () => {
  it.each([
    ['list-your-organization-s-batches', "List your organization's batches"],
    ['don-t-retry', "Don't retry"],
    ['retrieves-batch', 'Retrieves batch'],
    ['s-t-only', 'S t only'],
    ['get_user.profile', 'Get user profile'],
    ['--', '--'],
  ])('%s → %s', (name, title) => {
    expect(titleFromName(name)).toBe(title);
  });
});
