// Types from an OpenAPI 3.0/3.1 document bound to a consumed namespace (config `openapi`): each
// consumed operation is matched by method and path; its request body, parameter and 2xx response
// schemas become the client's types. Local documents only: a `$ref` to a URL or another file is
// refused (no network, nothing read that the config does not name).
import type { LoadedDocument } from '../load/load-file.js';
import { typeName } from '../names/identifiers.js';
import type { ModelContext } from './context.js';
import { pagePagination, schemaProperties } from './page-pagination.js';
import { looksCutOff } from './cut-off-text.js';
import { rec, str } from './raw.js';
import { componentName, resolveSchema, SCHEMA_REF } from './schema-ref.js';
import type { ConsumesNamespace, CursorPagination, JsonSchema, Operation, OperationTypes, ParamSchema } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSONL_TYPES = /^application\/(jsonl|x-ndjson|x-jsonlines|jsonlines|ndjson)$/i;
const JSON_TYPES = /^application\/(.+\+)?json$/i;
const EVENT_STREAM_TYPES = /^text\/event-stream$/i;

/** `/batches/{batch_id}` and `/batches/{id}` match: placeholders compare as one. */
function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

/** Every `$ref` in the document must point inside it: report the others (file:line:col of the ref). */
function refuseForeignRefs(ctx: ModelContext, doc: LoadedDocument): boolean {
  let ok = true;
  const visit = (value: unknown, at: (string | number)[]): void => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...at, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && !v.startsWith('#/')) {
          ok = false;
          ctx.report(doc, [...at, k], 'error', 'NG3111', `The $ref '${v.slice(0, 120)}' points outside this OpenAPI document; naftiko-gen reads local references only (no network, no other files).`, "Copy the referenced schema into this document's components and refer to it as '#/components/schemas/<Name>'.");
        } else visit(v, [...at, k]);
      }
    }
  };
  visit(doc.data, []);
  return ok;
}

/** Follows a local `$ref` (`#/components/parameters/X`) to the value it names. */
function deref(doc: LoadedDocument, value: unknown): Record<string, unknown> {
  let current = rec(value);
  for (let i = 0; i < 8 && typeof current.$ref === 'string'; i++) {
    const parts = (current.$ref as string).slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target: unknown = doc.data;
    for (const p of parts) target = rec(target)[p];
    current = rec(target);
  }
  return current;
}

/**
 * A schema as the model keeps it: OpenAPI 3.0 `nullable` as a `null` type, `$ref`s renamed to the
 * TypeScript names of the components (`names`), everything else as written.
 */
function normalize(schema: unknown, names: ReadonlyMap<string, string>): JsonSchema {
  if (Array.isArray(schema)) return schema.map((s) => normalize(s, names)) as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema as JsonSchema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    const ref = k === '$ref' ? componentName(v) : undefined;
    if (ref !== undefined) out.$ref = SCHEMA_REF + (names.get(ref) ?? ref);
    else if (k === 'nullable') continue;
    else if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, normalize(s, names)]));
    else if (typeof v === 'object' && v !== null && !['enum', 'required', 'example', 'examples', 'default', 'const'].includes(k)) out[k] = normalize(v, names);
    else out[k] = v;
  }
  if ((schema as Record<string, unknown>).nullable === true) {
    const type = out.type;
    if (typeof type === 'string') out.type = [type, 'null'];
    else if (out.$ref !== undefined) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

/** Component schema names a schema refers to, transitively. */
function reachable(roots: unknown[], components: Record<string, unknown>): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const name = k === '$ref' ? componentName(v) : undefined;
        if (name !== undefined) {
          if (!seen.has(name) && name in components) {
            seen.add(name);
            visit(components[name]);
          }
        } else visit(v);
      }
    }
  };
  roots.forEach(visit);
  return [...seen];
}

function jsonType(schema: Record<string, unknown>): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return undefined;
}

/**
 * Binds `doc` to `ns`: fills `op.typed` of every matched operation and `ns.schemas`, and sharpens the
 * parameters' schemas (enums, bounds, descriptions). Mismatches are warnings naming both places.
 */
export function bindOpenApi(
  ctx: ModelContext,
  ns: ConsumesNamespace,
  doc: LoadedDocument,
  claimType: (preferred: string) => string,
): void {
  const version = str(doc.data.openapi) ?? '';
  if (!/^3\.[01]\./.test(version)) {
    ctx.report(doc, doc.data.openapi === undefined ? [] : ['openapi'], 'error', 'NG3110', `'${doc.file}' is not an OpenAPI 3.0 or 3.1 document (openapi: '${version.slice(0, 20)}'), so it cannot type '${ns.namespace}'.`, 'Bind an OpenAPI 3.0.x or 3.1.x document in the config\'s "openapi", or remove the binding.');
    return;
  }
  if (!refuseForeignRefs(ctx, doc)) return;
  const components = rec(rec(doc.data.components).schemas);
  const byKey = new Map<string, { path: string; method: string; value: Record<string, unknown> }>();
  for (const [path, item] of Object.entries(rec(doc.data.paths))) {
    for (const method of METHODS) {
      const value = rec(item)[method];
      if (value && typeof value === 'object') byKey.set(`${method.toUpperCase()} ${pathKey(path)}`, { path, method, value: value as Record<string, unknown> });
    }
  }
  // The document's server path (`/v1`) may be part of the capability's baseUri or of its paths.
  const serverPath = (() => {
    try {
      return new URL(str(rec(Array.isArray(doc.data.servers) ? doc.data.servers[0] : undefined).url) ?? '').pathname.replace(/\/+$/, '');
    } catch {
      return '';
    }
  })();
  const found: { op: Operation; hit: { path: string; method: string; value: Record<string, unknown> }; roots: unknown[] }[] = [];
  for (const op of ns.operations) {
    const hit = byKey.get(`${op.method} ${pathKey(op.path)}`) ?? (serverPath && op.path.startsWith(serverPath) ? byKey.get(`${op.method} ${pathKey(op.path.slice(serverPath.length))}`) : undefined);
    if (!hit) {
      ctx.reportAt(op.source, 'warning', 'NG3112', `${op.ref} (${op.method} ${op.path}) has no operation in ${doc.file}; its types stay those of the capability.`, `Add '${op.method.toLowerCase()}' under '${op.path}' in ${doc.file}, or correct the operation's method or path.`);
      continue;
    }
    const roots: unknown[] = [];
    const params = [...(Array.isArray(rec(rec(doc.data.paths)[hit.path]).parameters) ? (rec(rec(doc.data.paths)[hit.path]).parameters as unknown[]) : []), ...(Array.isArray(hit.value.parameters) ? hit.value.parameters : [])].map((p) => deref(doc, p));
    for (const p of params) roots.push(p.schema);
    const body = rec(rec(deref(doc, hit.value.requestBody)).content)['application/json'];
    if (body) roots.push(rec(body).schema);
    const responses = rec(hit.value.responses);
    const ok = Object.keys(responses).sort().find((code) => /^2(\d\d|XX)$/i.test(code));
    const content = ok ? rec(deref(doc, responses[ok]).content) : {};
    for (const c of Object.values(content)) roots.push(rec(c).schema, rec(c).itemSchema);
    found.push({ op, hit, roots });
  }
  // Named types for the components the matched operations use, claimed once for the package.
  const names = new Map<string, string>();
  for (const name of reachable(found.flatMap((f) => f.roots), components).sort()) names.set(name, claimType(typeName(name, 'Schema')));
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, tsName] of [...names.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))) schemas[tsName] = normalize(components[name], names);
  if (Object.keys(schemas).length > 0) ns.schemas = schemas;

  for (const { op, hit } of found) {
    const where = ['paths', hit.path, hit.method];
    const { line, col } = doc.map.locate(where);
    const typed: OperationTypes = { source: { file: doc.file, line, col }, params: {} };
    const opParams = [...(Array.isArray(rec(rec(doc.data.paths)[hit.path]).parameters) ? (rec(rec(doc.data.paths)[hit.path]).parameters as unknown[]) : []), ...(Array.isArray(hit.value.parameters) ? hit.value.parameters : [])].map((p) => deref(doc, p));
    const here = `${doc.file}:${line}:${col}`;
    for (const p of opParams) {
      const wire = str(p.name) ?? '';
      const mine = op.params.find((x) => x.wireName === wire || x.wireName.replace(/[-_]/g, '').toLowerCase() === wire.replace(/[-_]/g, '').toLowerCase());
      const schema = normalize(p.schema ?? {}, names);
      if (!mine) {
        if (p.required === true) ctx.reportAt(op.source, 'warning', 'NG3113', `${op.ref} declares no parameter '${wire}', which ${here} requires.`, `Declare {name: ${wire}, in: ${str(p.in) ?? 'query'}} in the operation's inputParameters, or correct ${doc.file}.`);
        continue;
      }
      typed.params[mine.wireName] = schema;
      const docType = jsonType(schema as Record<string, unknown>);
      if (mine.schema.type && docType && docType !== mine.schema.type && !(docType === 'integer' && mine.schema.type === 'number')) {
        ctx.reportAt(op.source, 'warning', 'NG3114', `${op.ref}: the parameter '${mine.wireName}' is ${mine.schema.type} here but ${docType} in ${here}; the document's type is used.`, 'Make the two agree.');
      }
      sharpen(mine.schema, schema as Record<string, unknown>, str(p.description));
      if (!mine.description && str(p.description)) mine.description = str(p.description);
      else if (mine.description && looksCutOff(mine.description) && str(p.description)) mine.description = str(p.description);
    }
    const body = rec(rec(deref(doc, hit.value.requestBody)).content)['application/json'];
    if (body && rec(body).schema) typed.body = normalize(rec(body).schema, names);
    const responses = rec(hit.value.responses);
    const ok = Object.keys(responses).sort().find((code) => /^2(\d\d|XX)$/i.test(code));
    const content = ok ? rec(deref(doc, responses[ok]).content) : {};
    const types = Object.keys(content);
    const json = types.find((t) => JSON_TYPES.test(t));
    const jsonl = types.find((t) => JSONL_TYPES.test(t));
    const events = types.find((t) => EVENT_STREAM_TYPES.test(t));
    if (events && !json) {
      const { json: jsonData, data } = eventData(doc, rec(content[events]));
      typed.stream = { kind: 'sse', json: jsonData, ...(data ? { data: normalize(data, names) } : {}) };
    } else if (json) {
      const schema = rec(content[json]).schema;
      if (schema) typed.result = normalize(schema, names);
    } else if (jsonl) {
      const item = rec(content[jsonl]).schema;
      typed.stream = { kind: 'jsonl', ...(item ? { item: normalize(item, names) } : {}) };
    } else if (types.length > 0) typed.stream = { kind: 'bytes', contentType: types.sort()[0]! };
    // An event stream's data format is the document's to say (eventData), so json there is no clash.
    if (typed.stream && typed.stream.kind !== 'sse' && op.outputRawFormat === 'json') {
      ctx.reportAt(op.source, 'warning', 'NG3115', `${op.ref} declares a JSON response (outputRawFormat: json), but ${here} answers ${typed.stream.kind === 'jsonl' ? 'JSON lines' : types.sort()[0]}; the client streams it.`, `Correct outputRawFormat, or the response content type in ${doc.file}.`);
    }
    op.typed = typed;
    const pagination = cursorPagination(op, typed, schemas) ?? pagePagination(op, schemaProperties(resolveSchema(schemas, typed.result)) ?? {});
    if (pagination) op.pagination = pagination;
  }
}

/**
 * What the document says of one event's data: the schema of an event (OpenAPI 3.2's `itemSchema`,
 * else `schema`) is an object whose `data` property is either text (a string schema, or nothing
 * said) or JSON: `contentMediaType: application/json` (its `contentSchema` is the parsed value's
 * schema), or a schema of a non-string type.
 */
function eventData(doc: LoadedDocument, media: Record<string, unknown>): { json: boolean; data?: unknown } {
  const event = deref(doc, media.itemSchema ?? media.schema);
  const declared = rec(event.properties).data;
  const data = deref(doc, declared);
  const mediaType = str(data.contentMediaType);
  if ((mediaType && JSON_TYPES.test(mediaType)) || data.contentSchema !== undefined) {
    return { json: true, ...(data.contentSchema !== undefined ? { data: data.contentSchema } : {}) };
  }
  const type = data.type;
  const textual = type === undefined ? data.properties === undefined && data.items === undefined : type === 'string' || (Array.isArray(type) && type.every((t) => t === 'string' || t === 'null'));
  return textual ? { json: false } : { json: true, data: declared };
}

const CURSOR_PARAMS = ['after', 'starting_after', 'cursor'];

/**
 * The after/limit + has_more/last_id pattern: a cursor query parameter, and a result object with an
 * array of items, a boolean saying more follow and the id to continue after.
 */
function cursorPagination(op: Operation, typed: OperationTypes, schemas: Record<string, JsonSchema>): CursorPagination | undefined {
  const cursor = op.params.find((p) => p.in === 'query' && CURSOR_PARAMS.includes(p.wireName) && !p.value);
  if (!cursor || !typed.result) return undefined;
  const result = resolveSchema(schemas, typed.result);
  const props = rec(result?.properties);
  const items = ['data', 'items', 'results'].find((k) => rec(props[k]).type === 'array');
  const hasMore = ['has_more', 'hasMore'].find((k) => k in props);
  const next = ['last_id', 'next_cursor', 'lastId'].find((k) => k in props);
  if (!items || !hasMore || !next) return undefined;
  return { cursorParam: cursor.wireName, itemsField: items, hasMoreField: hasMore, nextCursorField: next };
}


/** The document's enum, bounds and type sharpen a parameter's schema (they feed REST and MCP validation too). */
function sharpen(target: ParamSchema, schema: Record<string, unknown>, description: string | undefined): void {
  const type = jsonType(schema);
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean' || type === 'object' || type === 'array') target.type = type;
  if (Array.isArray(schema.enum)) target.enum = schema.enum.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
  if (typeof schema.minimum === 'number') target.minimum = schema.minimum;
  if (typeof schema.maximum === 'number') target.maximum = schema.maximum;
  if (description && (!target.description || looksCutOff(target.description))) target.description = description;
}
