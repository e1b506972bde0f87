import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestPlan } from '../../packages/runtime/src/request-plan.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import { toToolResult } from '../../packages/runtime/src/mcp.js';
import { project, type FieldSpec } from '../../packages/runtime/src/project.js';
import { startUpstream, type Upstream } from './helpers.js';
import { parseRawFormat } from '../../packages/runtime/src/formats.js';

const fmt = (name: string) => ({ name, parse: (text: string) => parseRawFormat(text, name) });

const fields: FieldSpec[] = [
  { name: 'count', type: 'integer', path: '$.total' },
  { name: 'ids', type: 'array', path: '$.items[*].id', items: { name: 'id', type: 'string' } },
  { name: 'source', type: 'string', value: 'upstream' },
];

describe('toToolResult with project and format against a real upstream', () => {
  let up: Upstream;
  let transport: Transport;
  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      const send = (status: number, type: string | undefined, body: string): void => {
        res.writeHead(status, type ? { 'content-type': type } : {});
        res.end(body);
      };
      switch (req.url) {
        case '/json':
          return send(200, 'application/json', JSON.stringify({ total: '2', items: [{ id: 1, secret: 'x' }, { id: 2 }], noise: 'n' }));
        case '/xml':
          return send(200, 'application/xml', '<r><total>2</total><items id="1"/><items id="2"/></r>');
        case '/csv':
          return send(200, 'text/csv', 'id,name\n1,a\n2,b\n');
        case '/yaml':
          return send(200, 'application/yaml', 'total: 3\nitems:\n  - id: a\n');
        case '/bad-xml':
          return send(200, 'application/xml', '<r><unclosed></r>');
        case '/text':
          return send(200, 'text/plain', 'just text');
        case '/empty':
          return send(204, undefined, '');
        case '/big':
          return send(200, 'application/json', JSON.stringify({ total: 1, pad: 'x'.repeat(5000) }));
        case '/error':
          return send(404, 'application/json', '{"error":"nope"}');
        default:
          return send(500, undefined, '');
      }
    });
    transport = new Transport({ baseUrl: up.url, retry: { retries: 0 } });
  });
  afterAll(() => up.close());

  const call = (path: string) => transport.send({ operation: 'op', method: 'GET', path } satisfies RequestPlan);

  it('projects a 2xx JSON body into text + structuredContent', async () => {
    const r = await toToolResult(await call('/json'), { maxBytes: 1 << 20, project: (b) => project(b, fields) });
    expect(r.isError).toBeUndefined();
    expect(r.structuredContent).toEqual({ count: 2, ids: ['1', '2'], source: 'upstream' });
    expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('without project keeps the old behaviour', async () => {
    const r = await toToolResult(await call('/json'), { maxBytes: 1 << 20 });
    expect(r.structuredContent).toMatchObject({ total: '2', noise: 'n' });
  });

  it('converts xml, csv and yaml with format before projecting', async () => {
    const xml = await toToolResult(await call('/xml'), {
      maxBytes: 1 << 20,
      format: fmt('xml'),
      project: (b) => project(b, [
        { name: 'count', type: 'integer', path: '$.r.total' },
        { name: 'ids', type: 'array', path: '$.r.items[*]', items: { name: 'id', type: 'integer', path: "$['@_id']" } },
      ]),
    });
    expect(xml.structuredContent).toEqual({ count: 2, ids: [1, 2] });

    const csv = await toToolResult(await call('/csv'), {
      maxBytes: 1 << 20,
      format: fmt('csv'),
      project: (rows) => project({ rows }, [{ name: 'rows', type: 'array', path: '$.rows', items: { name: 'r', type: 'object', fields: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'string' }] } }]),
    });
    expect(csv.structuredContent).toEqual({ rows: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] });

    const yaml = await toToolResult(await call('/yaml'), { maxBytes: 1 << 20, format: fmt('yaml'), project: (b) => project(b, fields) });
    expect(yaml.structuredContent).toEqual({ count: 3, ids: ['a'], source: 'upstream' });

    // format without project: converted, not projected
    const rawCsv = await toToolResult(await call('/csv'), { maxBytes: 1 << 20, format: fmt('csv') });
    expect(JSON.parse((rawCsv.content[0] as { text: string }).text)).toEqual([{ id: '1', name: 'a' }, { id: '2', name: 'b' }]);
  });

  it('an invalid body for its format is an isError result when projecting, the raw text otherwise', async () => {
    const r = await toToolResult(await call('/bad-xml'), { maxBytes: 1 << 20, format: fmt('xml'), project: (b) => project(b, fields) });
    expect(r.isError).toBe(true);
    expect((r.content[0] as { text: string }).text).toMatch(/not valid xml/);
    const plain = await toToolResult(await call('/bad-xml'), { maxBytes: 1 << 20, format: fmt('xml') });
    expect(plain.isError).toBeUndefined();
    expect((plain.content[0] as { text: string }).text).toBe('<r><unclosed></r>');
  });

  it('a body over the budget cannot be projected: isError, not a partial projection', async () => {
    const r = await toToolResult(await call('/big'), { maxBytes: 100, project: (b) => project(b, fields) });
    expect(r.isError).toBe(true);
    expect((r.content[0] as { text: string }).text).toMatch(/larger than 100 bytes/);
  });

  it('text stays text; an empty body projects constants; errors are untouched by project', async () => {
    const t = await toToolResult(await call('/text'), { maxBytes: 1 << 20, project: (b) => project(b, fields) });
    expect((t.content[0] as { text: string }).text).toBe('just text');
    const e = await toToolResult(await call('/empty'), { maxBytes: 1 << 20, project: (b) => project(b, fields) });
    expect(e.structuredContent).toEqual({ count: null, ids: null, source: 'upstream' });
    const err = await toToolResult(await call('/error'), { maxBytes: 1 << 20, project: () => ({ never: true }) });
    expect(err.isError).toBe(true);
    expect(JSON.parse((err.content[0] as { text: string }).text)).toEqual({ status: 404, body: { error: 'nope' } });
  });

  it('a throwing project function gives an isError result without details', async () => {
    const r = await toToolResult(await call('/json'), {
      maxBytes: 1 << 20,
      project: () => {
        throw new Error('boom with secret');
      },
    });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});
