// generator/emit/emit-openapi.ts: the document describes the capability, not the file format.
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../generator/emit/emit-openapi.js';
import { modelOf, seedText } from './model-helpers.js';

const HEADER = { generator: 'naftiko-gen test', source: 'inline.yaml' };
type Doc = { info: { version: string }; 'x-naftiko-version': string; paths: Record<string, Record<string, { operationId: string }>> };
const doc = (yaml: string): Doc => buildOpenApi(modelOf(yaml).model, HEADER) as unknown as Doc;
const operationIds = (d: Doc): string[] => Object.values(d.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

describe('openapi.json', () => {
  it('info.version is the capability version (info.modified here), the format version stays apart', () => {
    const d = doc(seedText());
    expect(d.info.version).toBe('2026-05-19');
    expect(d['x-naftiko-version']).toBe('1.0.0-alpha2');
  });

  it('info.version prefers info.version over info.modified', () => {
    const d = doc(seedText().replace("  modified: '2026-05-19'", "  modified: '2026-05-19'\n  version: 2.3.4"));
    expect(d.info.version).toBe('2.3.4');
  });

  it('operationIds are the declared operation names when unique', () => {
    expect(operationIds(doc(seedText())).sort()).toEqual(['cancelbatch', 'createbatch', 'getbatchoutput', 'listbatches', 'retrievebatch']);
  });

  it('a declared name used twice falls back to the unique handler names', () => {
    const ids = operationIds(doc(seedText().replace('name: retrievebatch\n        description: Retrieves', 'name: listbatches\n        description: Retrieves')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id === 'listbatches')).toEqual([]);
  });

  it('operations that take a JSON body document the 415 the adapter answers for other media types', () => {
    const d = buildOpenApi(modelOf(seedText()).model, HEADER) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(d.paths['/v1/batches']!.post!.responses)).toContain('415');
    expect(Object.keys(d.paths['/v1/batches']!.get!.responses)).not.toContain('415');
  });
});
