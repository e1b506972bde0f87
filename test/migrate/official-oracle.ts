// The oracle of the migrate tests: the OFFICIAL schemas (reference data, loaded at test time only),
// compiled with ajv 2020. A file the project's validator accepts only thanks to the common dialect
// (NGD1xx) keeps those deviations after migration, at new paths: `ikanosWith(codes)` is the official
// beta5 schema with exactly the relaxations of those codes, patched in here so the verdict stays the
// official one for everything else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { loadText } from '../../generator/load/load-file.js';
import { UNSUPPORTED_VERSION_CODE, validateDocument } from '../../generator/validate/index.js';

export const SHARED = join(import.meta.dirname, '../../../shared');
export const B5_SCHEMA = join(SHARED, 'reference/schemas/ikanos/1.0.0-beta5.json');
export const PAIRS_DIR = join(SHARED, 'migration-pairs');
export const oraclePresent = (): boolean => existsSync(B5_SCHEMA) && existsSync(join(PAIRS_DIR, 'PAIRS.tsv'));

type Json = Record<string, any>;

/** The relaxation of each dialect code, as a patch of the official beta5 `$defs` (NAFTIKO.md dialect). */
const RELAX: Record<string, (defs: Json) => void> = {
  // typing on consumed parameters
  NGD101: (d) => Object.assign(d.ConsumedInputParameter.properties, { type: { type: 'string' }, description: { type: 'string' }, required: { type: 'boolean' } }),
  // `description` on a REST adapter
  NGD102: (d) => (d.ExposesRest.properties.description = { type: 'string' }),
  // `{type: object, mapping: $.}` without `properties`
  NGD103: (d) => (d.MappedOutputParameterObject.allOf[1].required = []),
  // `_` in identifiers
  NGD104: (d) => (d.IdentifierKebab.pattern = '^[a-zA-Z0-9_-]+$'),
  // alpha1 files using alpha2 keys: nothing to relax in beta5, which has them all
  NGD105: () => undefined,
  // apiKey spelled `{in, name, value}` or with `headers`
  NGD106: (d) => Object.assign(d.AuthApiKey.properties, { in: { enum: ['header', 'query'] }, name: { type: 'string' }, headers: { type: 'object' } }),
  // free-form consumed resource names
  NGD107: (d) => (d.ConsumesHttp.properties.resources.propertyNames = { minLength: 1 }),
  // `type: form` bodies
  NGD108: (d) => d.RequestBody.oneOf.push({ type: 'object', properties: { type: { const: 'form' }, data: {} }, required: ['type', 'data'], additionalProperties: false }),
  // `{type: json}` without `data`
  NGD109: (d) => (d.RequestBodyJson.required = ['type']),
  // wire parameter names (`filter[x]`, `a.b`)
  NGD110: (d) => {
    for (const holder of [d.ConsumesHttp, d.ConsumedHttpResource, d.ConsumedHttpOperation]) holder.properties.inputParameters.propertyNames = { pattern: '^[a-zA-Z0-9-_*.\\[\\]]+$' };
  },
  // metadata keys under `info`
  NGD111: (d) => (d.Info.additionalProperties = true),
  // rest/mcp exposes without `port`
  NGD112: (d) => {
    d.ExposesRest.required = d.ExposesRest.required.filter((k: string) => k !== 'port');
    d.ExposesMcp.oneOf = [{}];
  },
  // an operation with its own `path`
  NGD114: (d) => (d.ConsumedHttpOperation.properties.path = { type: 'string' }),
  // a baseUri that is one template variable
  NGD115: (d) => (d.ConsumesHttp.properties.baseUri.pattern = '^(https?://[^/]+(/[^{]*)?|\\{\\{\\s*[A-Za-z_][A-Za-z0-9_.-]*\\s*\\}\\})$'),
  // skill exposes that group their skills
  NGD116: (d) => {
    d.ExposesSkill.required = d.ExposesSkill.required.filter((k: string) => k !== 'skills');
    d.ExposesSkill.properties.groups = { type: 'array' };
  },
  // MCP tool arguments in the REST spelling
  NGD117: (d) => {
    d.McpToolInputParameter.required = [];
    d.McpToolInputParameter.properties.in = { enum: ['path', 'query', 'header', 'cookie'] };
  },
  // REST inputs with `required`, or without type/description
  NGD118: (d) => {
    d.ExposedInputParameter.required = ['in'];
    d.ExposedInputParameter.properties.required = { type: 'boolean' };
  },
};

const cache = new Map<string, ValidateFunction>();

function compile(schema: Json): ValidateFunction {
  // Formats are not asserted, as in test/validate/oracle.test.ts: the verdict is structural.
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

/** Official beta5, plus the relaxations of `codes` (none: the official schema itself). */
export function ikanosWith(codes: readonly string[] = []): ValidateFunction {
  const key = [...new Set(codes)].sort().join(',');
  let v = cache.get(key);
  if (!v) {
    const schema = JSON.parse(readFileSync(B5_SCHEMA, 'utf8')) as Json;
    for (const code of key.split(',').filter(Boolean)) {
      const relax = RELAX[code];
      if (!relax) throw new Error(`no beta5 relaxation known for ${code}: add one to test/migrate/official-oracle.ts`);
      relax(schema.$defs);
    }
    v = compile(schema);
    cache.set(key, v);
  }
  return v;
}

/** `path keyword detail` lines of a failing validation, for assertion messages. */
export function errorLines(v: ValidateFunction): string[] {
  return (v.errors ?? []).filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword)).slice(0, 12).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
}

/** PAIRS.tsv: alpha2 path → hand-migrated path ('-' when the project dropped the file). */
export function readPairs(): Array<{ alpha2: string; ikanos: string | undefined }> {
  const [, ...rows] = readFileSync(join(PAIRS_DIR, 'PAIRS.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return rows.map((r) => {
    const [alpha2, ikanos] = r.split('\t');
    return { alpha2: alpha2!, ikanos: ikanos === '-' ? undefined : ikanos };
  });
}

const PROBE = 'ikanos: "1.0.0-beta5"\ninfo: {display: X, description: X}\nconsumes:\n  - type: http\n    namespace: a\n    baseUri: https://x.example.com\n    resources: {r: {path: /r, operations: {get: {method: GET}}}}\n';

/** Whether naftiko-gen's own validator reads `ikanos:` files (issue 14, part 1). */
export function generatorReadsIkanos(): boolean {
  const loaded = loadText('probe.yaml', '/virtual/probe.yaml', new TextEncoder().encode(PROBE));
  return loaded.ok && !validateDocument(loaded.doc, { strict: false }).diagnostics.some((d) => d.code === UNSUPPORTED_VERSION_CODE);
}
