import { describe, expect, it } from 'vitest';
import { coerce, lookup, project, renderValue, select, type FieldSpec } from '../../packages/runtime/src/project.js';

const body = {
  data: [
    { id: 'b1', status: 'completed', counts: { total: '10', failed: 0 }, tags: ['a', 'b'], created_at: 1700000000 },
    { id: 'b2', status: 'failed', counts: { total: 3, failed: '2' }, tags: [], created_at: '1700000001' },
  ],
  has_more: 'true',
  total: '2',
  meta: { page: { next: 'cursor-2' } },
};

describe('project', () => {
  it('selects scalars with JSONPath and coerces them to their types; missing → null', () => {
    const out = project(body, [
      { name: 'hasMore', type: 'boolean', path: '$.has_more' },
      { name: 'total', type: 'integer', path: '$.total' },
      { name: 'next', type: 'string', path: '$.meta.page.next' },
      { name: 'firstId', type: 'string', path: '$.data[0].id' },
      { name: 'missing', type: 'string', path: '$.nope.nothing' },
      { name: 'notNumber', type: 'number', path: '$.data[0].status' },
      { name: 'created', type: 'string', path: '$.data[0].created_at' },
      { name: 'firstOfMany', type: 'string', path: '$.data[*].id' },
    ]);
    expect(out).toEqual({ hasMore: true, total: 2, next: 'cursor-2', firstId: 'b1', missing: null, notNumber: null, created: '1700000000', firstOfMany: 'b1' });
  });

  it('maps arrays with items (scalar items and object items with fields relative to each element)', () => {
    const fields: FieldSpec[] = [
      { name: 'ids', type: 'array', path: '$.data[*].id', items: { name: 'id', type: 'string' } },
      {
        name: 'batches',
        type: 'array',
        path: '$.data',
        items: {
          name: 'batch',
          type: 'object',
          fields: [
            { name: 'id', type: 'string', path: '$.id' },
            { name: 'total', type: 'integer', path: '$.counts.total' },
            { name: 'failed', type: 'number', path: 'counts.failed' },
            { name: 'created', type: 'integer', path: '$.created_at' },
            { name: 'firstTag', type: 'string', path: '$.tags[0]' },
            { name: 'tags', type: 'array', path: '$.tags' },
            { name: 'kind', type: 'string', value: 'batch' },
          ],
        },
      },
      { name: 'totals', type: 'array', path: '$.data[*]', items: { name: 't', type: 'number', path: '$.counts.total' } },
    ];
    expect(project(body, fields)).toEqual({
      ids: ['b1', 'b2'],
      batches: [
        { id: 'b1', total: 10, failed: 0, created: 1700000000, firstTag: 'a', tags: ['a', 'b'], kind: 'batch' },
        { id: 'b2', total: 3, failed: 2, created: 1700000001, firstTag: null, tags: [], kind: 'batch' },
      ],
      totals: [10, 3],
    });
  });

  it('projects object fields relative to the node their path selects; $ and $. mean the node itself', () => {
    const out = project(body, [
      { name: 'page', type: 'object', path: '$.meta.page', fields: [{ name: 'cursor', type: 'string', path: '$.next' }] },
      { name: 'self', type: 'object', path: '$.', fields: [{ name: 'more', type: 'boolean', path: 'has_more' }] },
      { name: 'whole', type: 'object', path: '$' },
      { name: 'absent', type: 'object', path: '$.nope', fields: [{ name: 'x', type: 'string' }] },
      { name: 'meta', type: 'object' },
    ]);
    expect(out.page).toEqual({ cursor: 'cursor-2' });
    expect(out.self).toEqual({ more: true });
    expect(out.whole).toBe(body);
    expect(out.absent).toBeNull();
    expect(out.meta).toEqual(body.meta);
  });

  it('renders values: constants and {{x}} templates over vars (whole holes keep the value)', () => {
    const out = project(body, [
      { name: 'source', type: 'string', value: 'portkey' },
      { name: 'id', type: 'string', value: 'batch-{{batch_id}}' },
      { name: 'limit', type: 'integer', value: '{{limit}}' },
      { name: 'nested', type: 'string', value: '{{ctx.user}}' },
      { name: 'unset', type: 'string', value: '{{nope}}' },
      { name: 'flag', type: 'boolean', value: 'true' },
    ], { batch_id: 'b1', limit: '20', ctx: { user: 'ann' } });
    expect(out).toEqual({ source: 'portkey', id: 'batch-b1', limit: 20, nested: 'ann', unset: null, flag: true });
    expect(renderValue('{{a}}', { a: { x: 1 } })).toEqual({ x: 1 });
    expect(renderValue('a={{a}};b={{b}}', { a: { x: 1 } })).toBe('a={"x":1};b=');
  });

  it('takes the property named like the field when there is no path or value, and survives odd bodies', () => {
    expect(project({ id: 7, name: 'n' }, [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }])).toEqual({ id: '7', name: 'n' });
    expect(project('plain text', [{ name: 'x', type: 'string', path: '$.x' }, { name: 'all', type: 'string', path: '$' }])).toEqual({ x: null, all: 'plain text' });
    expect(project(null, [{ name: 'x', type: 'array', path: '$.x', items: { name: 'i', type: 'string' } }])).toEqual({ x: null });
    expect(project(undefined, [{ name: 'x', type: 'integer', path: '$' }])).toEqual({ x: null });
    expect(project(0, [{ name: 'x', type: 'integer', path: '$' }])).toEqual({ x: 0 });
    // An invalid path selects nothing rather than throwing.
    expect(project(body, [{ name: 'x', type: 'string', path: '$.[[[' }])).toEqual({ x: null });
  });

  it('keeps a field named __proto__ an ordinary property', () => {
    const out = project({ a: 1 }, [{ name: '__proto__', type: 'integer', path: '$.a' }]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('supports filters without JavaScript eval', () => {
    expect(select(body, '$.data[?(@.status === "failed")].id')).toEqual(['b2']);
    expect(select(body, '$.data[?(@.constructor.constructor("return process")())]')).toEqual([]);
  });
});

describe('coerce', () => {
  it('converts between scalar types', () => {
    expect(coerce('42', 'integer')).toBe(42);
    expect(coerce('4.7', 'integer')).toBe(4);
    expect(coerce(' 1e3 ', 'number')).toBe(1000);
    expect(coerce('', 'number')).toBeNull();
    expect(coerce('abc', 'integer')).toBeNull();
    expect(coerce(true, 'string')).toBe('true');
    expect(coerce({ a: 1 }, 'string')).toBe('{"a":1}');
    expect(coerce('FALSE', 'boolean')).toBe(false);
    expect(coerce(1, 'boolean')).toBe(true);
    expect(coerce('yes', 'boolean')).toBeNull();
    expect(coerce([1], 'object')).toBeNull();
    expect(coerce('x', 'array')).toEqual(['x']);
    expect(coerce(undefined, 'string')).toBeNull();
  });
});

describe('lookup', () => {
  const items = [
    { id: 1, name: 'one', secret: 's1' },
    { id: '2', name: 'two', secret: 's2' },
    { id: 2, name: 'two again' },
  ];
  it('finds the first element whose field equals the value (loose string compare), keeping the listed fields', () => {
    expect(lookup(items, 'id', '1')).toBe(items[0]);
    expect(lookup(items, 'id', 2)).toEqual({ id: '2', name: 'two', secret: 's2' });
    expect(lookup(items, 'id', 2, ['name', 'missing'])).toEqual({ name: 'two' });
    expect(lookup(items, 'id', 3)).toBeUndefined();
    expect(lookup(items, 'nope', undefined)).toBeUndefined();
    expect(lookup('not an array', 'id', 1)).toBeUndefined();
    expect(lookup([{ a: { b: 'x' } }], 'a.b', 'x')).toEqual({ a: { b: 'x' } });
  });
});
