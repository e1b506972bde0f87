// Literal values checked against the type of the parameter they fill (docs/ARCHITECTURE.md, "Literal
// values"): a `with` entry that gives a consumed parameter a fixed value (`limit: twenty`) and a
// parameter's static `value`. The generated code passes such a value through untouched — the route and
// tool tables type their arguments `unknown` — so a wrong one would only show as a rejected upstream
// request at run time. The type is the one the capability declares, or the bound OpenAPI document's.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { looseKey } from '../names/case.js';
import type { ModelContext } from './context.js';
import type { OperationIndex } from './operations-index.js';
import { toJsonType } from './parameters.js';
import { arr, rec, str } from './raw.js';
import { resolveSchema } from './schema-ref.js';
import type { ConsumesNamespace, JsonSchema, JsonType, Operation, ParamDeclaration, Parameter, SourceRef } from './types.js';

/** What a parameter accepts, and where that was said. */
interface Expected {
  type?: JsonType;
  enum?: readonly unknown[];
  items?: Expected;
  /** `file:line:col` of the declaration(s), for messages. */
  declared: string;
}

type Verdict = { kind: 'ok' } | { kind: 'coercible' } | { kind: 'mismatch'; expected: string } | { kind: 'enum'; values: readonly unknown[] };

/** Locations whose values travel as text: `42` and `'42'` put the same bytes on the wire. */
const TEXT_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

export function checkLiteralValues(ctx: ModelContext, doc: LoadedDocument, consumes: ConsumesNamespace[], ops: OperationIndex): void {
  checkStaticValues(ctx, consumes);
  checkWithValues(ctx, doc, ops);
}

function key(at: SourceRef): string {
  return `${at.file}:${at.line}:${at.col}`;
}

/**
 * The type the capability declares, unless a bound OpenAPI document types the parameter (it wins, as
 * NG3114 says): the document types a parameter the capability only assumed (NG3011) too.
 */
function expectedOf(decl: ParamDeclaration | undefined, op: Operation | undefined, ns: ConsumesNamespace, param: Parameter): Expected | undefined {
  const bound = op?.typed?.params[param.wireName];
  if (bound && op?.typed) {
    const typedBy = key(op.typed.source);
    const fromDoc = fromSchema(bound, ns, decl ? `${key(decl.source)}, typed by ${typedBy}` : `typed by ${typedBy}`);
    if (fromDoc?.type || fromDoc?.enum) return fromDoc;
  }
  if (!decl || (!decl.type && !decl.enum)) return undefined; // nothing declared: the parameter takes what it is given
  const here = key(decl.source);
  return { ...(decl.type ? { type: decl.type } : {}), ...(decl.enum ? { enum: decl.enum } : {}), ...(decl.itemsType ? { items: { type: decl.itemsType, declared: here } } : {}), declared: here };
}

function fromSchema(schema: JsonSchema, ns: ConsumesNamespace, declared: string, depth = 0): Expected | undefined {
  const s = rec(resolveSchema(ns.schemas, schema));
  const raw = s.type;
  const type = toJsonType(Array.isArray(raw) ? raw.find((t) => t !== 'null') : raw);
  const values = Array.isArray(s.enum) ? s.enum.filter((v) => v !== null) : undefined;
  if (!type && !values) return undefined;
  const items = type === 'array' && depth < 4 && s.items ? fromSchema(s.items as JsonSchema, ns, declared, depth + 1) : undefined;
  return { ...(type ? { type } : {}), ...(values && values.length > 0 ? { enum: values } : {}), ...(items ? { items } : {}), declared };
}

// ---------------------------------------------------------------- judging a value
function judge(value: unknown, expected: Expected, location: string): Verdict {
  if (expected.enum && expected.enum.length > 0) {
    if (expected.enum.some((e) => e === value)) return { kind: 'ok' };
    if (isScalar(value) && expected.enum.some((e) => isScalar(e) && String(e) === String(value))) return { kind: 'coercible' };
    return { kind: 'enum', values: expected.enum };
  }
  const mismatch: Verdict = { kind: 'mismatch', expected: describe(expected) };
  switch (expected.type) {
    case undefined:
      return { kind: 'ok' };
    case 'string':
      if (typeof value === 'string') return { kind: 'ok' };
      return typeof value === 'number' || typeof value === 'boolean' ? { kind: 'coercible' } : mismatch;
    case 'integer':
      if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'ok' } : mismatch;
      return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? { kind: 'coercible' } : mismatch;
    case 'number':
      if (typeof value === 'number') return { kind: 'ok' };
      return typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? { kind: 'coercible' } : mismatch;
    case 'boolean':
      if (typeof value === 'boolean') return { kind: 'ok' };
      return value === 'true' || value === 'false' ? { kind: 'coercible' } : mismatch;
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? { kind: 'ok' } : mismatch;
    case 'array': {
      if (Array.isArray(value)) {
        let worst: Verdict = { kind: 'ok' };
        for (const item of value) {
          const v = expected.items ? judge(item, expected.items, location) : { kind: 'ok' as const };
          if (v.kind === 'mismatch' || v.kind === 'enum') return mismatch;
          if (v.kind === 'coercible') worst = v;
        }
        return worst;
      }
      // One value where a list is declared: a text location sends it as a list of one.
      if (!isScalar(value) || !TEXT_LOCATIONS.has(location)) return mismatch;
      const item = expected.items ? judge(value, expected.items, location) : { kind: 'ok' as const };
      return item.kind === 'mismatch' || item.kind === 'enum' ? mismatch : { kind: 'coercible' };
    }
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function describe(expected: Expected): string {
  if (expected.type === 'array' && expected.items?.type) return `an array of ${expected.items.type}`;
  return expected.type === 'integer' || expected.type === 'array' || expected.type === 'object' ? `an ${expected.type}` : `a ${expected.type ?? 'value'}`;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `the string '${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

function example(expected: Expected): string {
  if (expected.enum && expected.enum.length > 0) return expected.enum.slice(0, 6).map((v) => JSON.stringify(v)).join(', ');
  return { string: "'text'", integer: '20', number: '2.5', boolean: 'true', object: '{ key: value }', array: '[a, b]' }[expected.type ?? 'string'];
}

/** A coercible value written as the declared type, for hints (`'42'` → `42`, `2` → `'2'`). */
function asDeclared(value: unknown, expected: Expected): string {
  const type = expected.enum ? typeof expected.enum.find((e) => isScalar(e) && String(e) === String(value)) : expected.type;
  if (type === 'string') return `'${String(value)}'`;
  if (type === 'array') return `[${String(value)}]`;
  return String(value).trim();
}

// ---------------------------------------------------------------- static values
/** A parameter's fixed `value` (text by the format): only a value that cannot be read as the declared type is reported. */
function checkStaticValues(ctx: ModelContext, consumes: ConsumesNamespace[]): void {
  const reported = new Set<string>();
  for (const ns of consumes) {
    for (const op of ns.operations) for (const param of op.params) checkStatic(ctx, op, ns, param, reported);
    for (const param of ns.params) checkStatic(ctx, undefined, ns, param, reported);
  }
}

function checkStatic(ctx: ModelContext, op: Operation | undefined, ns: ConsumesNamespace, param: Parameter, reported: Set<string>): void {
  const decl = param.declared;
  if (!decl?.value) return;
  const value = decl.value.raw;
  if (typeof value === 'string' && (value.includes('{{') || value.trim().startsWith('$'))) return; // filled at run time
  const expected = expectedOf(decl, op, ns, param);
  if (!expected) return;
  const verdict = judge(value, expected, param.in);
  if (verdict.kind === 'ok' || verdict.kind === 'coercible') return;
  const where = key(decl.value.source);
  if (reported.has(where)) return; // a resource-level parameter is shared by its operations
  reported.add(where);
  const owner = op ? op.ref : `the '${ns.namespace}' namespace`;
  if (verdict.kind === 'enum') {
    ctx.reportAt(decl.value.source, 'error', 'NG3142', `The fixed value of '${param.wireName}' (${owner}) is ${shown(value)}, not one of the values declared at ${expected.declared}.`, `Use one of: ${example(expected)}.`);
  } else {
    ctx.reportAt(decl.value.source, 'error', 'NG3140', `The fixed value of '${param.wireName}' (${owner}) is ${shown(value)}, but ${expected.declared} declares ${verdict.expected}.`, `Write ${describe(expected)} (e.g. ${example(expected)}), or correct the parameter's type.`);
  }
}

// ---------------------------------------------------------------- `with` values
/**
 * Every `call` + `with` of the rest and mcp exposes and of the aggregates (steps included, however
 * deep). Values that name something (`tools.x`, `$.step.x`, `{{x}}`) are not literals.
 */
function checkWithValues(ctx: ModelContext, doc: LoadedDocument, ops: OperationIndex): void {
  const capability = rec(doc.data.capability);
  const exposes = arr(capability.exposes);
  const prefixes = new Set(['rest', 'tools', 'resources', 'prompts', 'mcp']);
  for (const e of exposes) if (str(rec(e).namespace)) prefixes.add(str(rec(e).namespace)!);
  for (const a of arr(capability.aggregates)) if (str(rec(a).namespace)) prefixes.add(str(rec(a).namespace)!);

  /** @param caller how this place names its caller's inputs (`rest.x`, `tools.x`, `<aggregate>.x`), for hints. */
  const visit = (value: unknown, path: DocPath, caller: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i], caller));
    if (value === null || typeof value !== 'object') return;
    const raw = value as Record<string, unknown>;
    const call = str(raw.call);
    const withMap = raw.with;
    if (call && withMap && typeof withMap === 'object' && !Array.isArray(withMap)) checkCall(ctx, doc, path, call, withMap as Record<string, unknown>, ops, prefixes, caller);
    for (const [k, v] of Object.entries(raw)) if (k !== 'with') visit(v, [...path, k], caller);
  };
  exposes.forEach((e, i) => {
    const type = str(rec(e).type)?.toLowerCase();
    if (type === 'rest' || type === 'mcp') visit(e, ['capability', 'exposes', i], type === 'rest' ? 'rest' : 'tools');
  });
  arr(capability.aggregates).forEach((a, i) => visit(a, ['capability', 'aggregates', i], str(rec(a).namespace) ?? 'tools'));
}

function isReference(value: string, prefixes: ReadonlySet<string>): boolean {
  const t = value.trim();
  if (t.startsWith('$') || t.includes('{{')) return true;
  const dot = t.indexOf('.');
  return dot > 0 && prefixes.has(t.slice(0, dot));
}

function checkCall(ctx: ModelContext, doc: LoadedDocument, path: DocPath, call: string, withMap: Record<string, unknown>, ops: OperationIndex, prefixes: ReadonlySet<string>, caller: string): void {
  const hit = ops.resolve(call, Object.keys(withMap));
  if (!hit) return; // NG3001 says so
  for (const [name, value] of Object.entries(withMap)) {
    if (typeof value === 'string' && isReference(value, prefixes)) continue;
    const settable = hit.op.params.filter((p) => !p.value);
    const param = settable.find((p) => p.wireName === name) ?? settable.find((p) => looseKey(p.wireName) === looseKey(name));
    if (!param || param.in === 'template' || param.in === 'environment') continue; // NG3041/NG3042, or filled into text
    const expected = expectedOf(param.declared, hit.op, hit.consumes, param);
    if (!expected) continue;
    if (value === null) {
      if (param.required) ctx.report(doc, [...path, 'with', name], 'error', 'NG3140', `'with' gives '${name}' null, but ${hit.op.ref} requires it (${expected.declared}).`, `Give ${describe(expected)} (e.g. ${example(expected)}), or take it from the caller.`);
      continue;
    }
    const verdict = judge(value, expected, param.in);
    const at: DocPath = [...path, 'with', name];
    const takeIt = `or take it from the caller ('${name}: ${caller}.${name}')`;
    if (verdict.kind === 'enum') {
      ctx.report(doc, at, 'error', 'NG3142', `'with' gives '${name}' ${shown(value)}, which is not one of the values ${hit.op.ref} declares for it (${expected.declared}).`, `Use one of: ${example(expected)}; ${takeIt}.`);
    } else if (verdict.kind === 'mismatch') {
      ctx.report(doc, at, 'error', 'NG3140', `'with' gives '${name}' ${shown(value)}, but ${hit.op.ref} declares it ${verdict.expected} (${expected.declared}); the generated code would send the value as written.`, `Write ${describe(expected)} (e.g. ${example(expected)}), ${takeIt}.`);
    } else if (verdict.kind === 'coercible') {
      const travels = TEXT_LOCATIONS.has(param.in) ? `it goes out as the same text in the ${param.in}` : 'it is sent as written in the JSON body, which the upstream may refuse';
      ctx.report(doc, at, 'warning', 'NG3141', `'with' gives '${name}' ${shown(value)}, where ${hit.op.ref} declares ${describe(expected)} (${expected.declared}); ${travels}.`, `Write '${name}: ${asDeclared(value, expected)}' to say what is meant.`);
    }
  }
}
