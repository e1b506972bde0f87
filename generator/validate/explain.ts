// Turns ajv's flat error list into the few findings a person needs.
//
// With `allErrors`, a failed oneOf/anyOf leaves every branch's errors in the list, immediately before
// the combinator's own error. We walk the list backwards; at each failed combinator we re-validate the
// value against each branch on its own (ajv compiles the branch from its JSON pointer inside our root
// schema), which tells us how many preceding errors belong to it and which branch the author meant:
// the one whose discriminator (`type`, `transport`) matches, else the one that got furthest.
// Only that branch's errors are kept, recursively.
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { nearest } from '../diagnostics.js';

export interface Finding {
  /** Path of the offending value (keys and indexes). */
  path: Array<string | number>;
  /** For unknown keys: the key itself is the offender. */
  atKey: boolean;
  code: string;
  message: string;
  hint: string;
}

type Json = unknown;

export function explainErrors(ajv: Ajv, rootSchema: Record<string, unknown>, rootData: Json, errors: readonly ErrorObject[]): Finding[] {
  const out: Finding[] = [];
  collapse({ ajv, root: rootSchema, rootId: String(rootSchema.$id), pointers: pointerIndex(rootSchema) }, rootData, errors, out);
  return dedupe(out);
}

interface Ctx {
  ajv: Ajv;
  root: Record<string, unknown>;
  rootId: string;
  /** Where each schema object sits in the root schema (ajv's schemaPath is relative to the compiled $ref). */
  pointers: Map<object, string>;
}

const indexes = new WeakMap<object, Map<object, string>>();

function pointerIndex(root: Record<string, unknown>): Map<object, string> {
  let index = indexes.get(root);
  if (index) return index;
  const found = new Map<object, string>();
  const walk = (node: unknown, ptr: string): void => {
    if (typeof node !== 'object' || node === null || found.has(node)) return;
    found.set(node, ptr);
    for (const [k, v] of Object.entries(node)) walk(v, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(root, '#');
  index = found;
  indexes.set(root, index);
  return index;
}

function collapse(ctx: Ctx, rootData: Json, errors: readonly ErrorObject[], out: Finding[]): void {
  let i = errors.length - 1;
  while (i >= 0) {
    const e = errors[i]!;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const consumed = explainCombinator(ctx, rootData, e, out);
      i -= consumed + 1;
      continue;
    }
    const f = toFinding(ctx, e);
    if (f) out.push(f);
    i--;
  }
}

interface Branch {
  index: number;
  schema: Record<string, unknown>;
  errors: ErrorObject[];
}

/** Emits the findings for one failed combinator; returns how many preceding errors were its branches'. */
function explainCombinator(ctx: Ctx, rootData: Json, e: ErrorObject, out: Finding[]): number {
  const { ajv, rootId } = ctx;
  const owner = isObject(e.parentSchema) ? ctx.pointers.get(e.parentSchema) : undefined;
  const combinatorPtr = owner === undefined ? undefined : `${owner}/${e.keyword}`;
  const base = pointerToPath(e.instancePath);
  const value = valueAt(rootData, base);
  const options = (Array.isArray(e.schema) ? e.schema : []) as unknown[];
  const branches: Branch[] = [];
  let consumed = 0;
  for (let k = 0; k < options.length; k++) {
    if (combinatorPtr === undefined) break;
    const validate = ajv.getSchema(`${rootId}${combinatorPtr}/${k}`) as ValidateFunction | undefined;
    if (!validate) continue;
    const ok = validate(value);
    const errs = ok ? [] : (validate.errors ?? []).map((x) => ({ ...x, instancePath: e.instancePath + x.instancePath }));
    consumed += errs.length;
    branches.push({ index: k, schema: resolve(ajv, rootId, options[k]), errors: errs });
  }

  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing)) {
    const names = passing.map((k) => describeBranch(branches[k]?.schema)).filter((s) => s !== '');
    out.push({
      path: base,
      atKey: false,
      code: 'NG2006',
      message: names.length === passing.length
        ? `This value uses ${names.join(' and ')} at once; only one of them is allowed.`
        : `This value matches more than one of the allowed forms; it must match exactly one.`,
      hint: names.length === passing.length ? `Keep only one of ${names.join(', ')}.` : 'Remove the keys that make it ambiguous.',
    });
    return consumed;
  }

  const failing = branches.filter((b) => b.errors.length > 0);
  if (failing.length === 0) {
    out.push({ path: base, atKey: false, code: 'NG2006', message: 'This value does not match any allowed form.', hint: 'Compare it with the Naftiko specification for this section.' });
    return consumed;
  }

  // A discriminator: a key whose value picks the branch (`type: rest`, `transport: stdio`).
  const disc = discriminator(value, failing);
  if (disc && disc.matching.length === 0) {
    const allowed = disc.allowed;
    const raw = isObject(value) ? value[disc.key] : undefined;
    out.push({
      path: [...base, disc.key],
      atKey: false,
      code: 'NG2005',
      message: `\`${disc.key}: ${String(raw)}\` is not one of the allowed values: ${allowed.join(', ')}.`,
      hint: `Use one of ${allowed.map((a) => `\`${a}\``).join(', ')}.`,
    });
    return consumed;
  }
  const candidates = disc && disc.matching.length > 0 ? disc.matching : failing;
  const best = [...candidates].sort((a, b) => score(a, value, base.length) - score(b, value, base.length) || a.index - b.index)[0]!;
  if (!isObject(value) && typeof value !== 'string' && candidates.every((c) => c.errors.some((x) => x.keyword === 'type' && x.instancePath === e.instancePath))) {
    const kinds = [...new Set(candidates.flatMap((c) => c.errors.filter((x) => x.keyword === 'type' && x.instancePath === e.instancePath).map((x) => String((x.params as { type: string }).type))))];
    out.push({
      path: base,
      atKey: false,
      code: 'NG2003',
      message: `This value is ${jsonType(value)}, but ${kinds.join(' or ')} is expected here.`,
      hint: `Write a ${kinds.join(' or ')} here.`,
    });
    return consumed;
  }
  collapse(ctx, rootData, best.errors, out);
  return consumed;
}

/** Lower is better: errors at the branch's own level weigh most (wrong shape), then total errors. */
function score(b: Branch, value: Json, depth: number): number {
  let shallow = 0;
  for (const x of b.errors) if (pointerToPath(x.instancePath).length <= depth) shallow++;
  const required = Array.isArray(b.schema.required) ? (b.schema.required as string[]) : [];
  const present = isObject(value) ? required.filter((k) => k in value).length : 0;
  return shallow * 1000 - present * 100 + Math.min(b.errors.length, 99);
}

function discriminator(value: Json, branches: Branch[]): { key: string; matching: Branch[]; allowed: string[] } | undefined {
  if (!isObject(value)) return undefined;
  for (const key of ['type', 'transport']) {
    const raw = value[key];
    if (typeof raw !== 'string') continue;
    const allowed: string[] = [];
    const matching: Branch[] = [];
    let sawDiscriminator = false;
    for (const b of branches) {
      const values = constValues(b.schema, key);
      if (values.length === 0) continue;
      sawDiscriminator = true;
      allowed.push(...values);
      if (values.includes(raw)) matching.push(b);
    }
    if (sawDiscriminator) return { key, matching, allowed: [...new Set(allowed)] };
  }
  return undefined;
}

function constValues(schema: Record<string, unknown>, key: string): string[] {
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  const p = props?.[key];
  if (!p || typeof p !== 'object') return [];
  if (typeof p.const === 'string') return [p.const];
  if (Array.isArray(p.enum)) return p.enum.filter((v): v is string => typeof v === 'string');
  return [];
}

function describeBranch(schema: Record<string, unknown> | undefined): string {
  const req = schema?.required;
  if (Array.isArray(req) && req.length === 1) return `\`${String(req[0])}\``;
  return '';
}

function resolve(ajv: Ajv, rootId: string, schema: unknown): Record<string, unknown> {
  if (isObject(schema) && typeof schema.$ref === 'string') {
    const target = ajv.getSchema(`${rootId}${schema.$ref}`);
    if (target && isObject(target.schema)) return target.schema;
  }
  return isObject(schema) ? schema : {};
}

// ---------------------------------------------------------------- single errors

function toFinding(ctx: Ctx, e: ErrorObject): Finding | undefined {
  const path = pointerToPath(e.instancePath);
  const where = describePath(path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = isObject(e.parentSchema) && isObject(e.parentSchema.properties) ? Object.keys(e.parentSchema.properties) : [];
      // Only a near miss is worth naming (`descripton`); otherwise the key is simply not part of the format.
      const [meant] = nearest(key, known, { limit: 1, maxDistance: key.length <= 5 ? 1 : 2 });
      return {
        path: [...path, key],
        atKey: true,
        code: 'NG2001',
        message: `Unknown key \`${key}\` in ${where}.`,
        hint: meant ? `Did you mean \`${meant}\`? Otherwise remove \`${key}\`.` : `Remove \`${key}\` or check its spelling against the Naftiko specification.`,
      };
    }
    case 'required': {
      const key = String(p.missingProperty);
      return {
        path,
        atKey: true,
        code: 'NG2002',
        message: `${capitalize(where)} is missing the required key \`${key}\`.`,
        hint: `Add \`${key}:\` to ${where}.`,
      };
    }
    case 'type':
      return {
        path,
        atKey: false,
        code: 'NG2003',
        message: `${capitalize(where)} is ${jsonType(e.data)}, but ${String(p.type)} is expected.`,
        hint: `Write ${article(String(p.type))} ${String(p.type)} here.`,
      };
    case 'pattern':
      return {
        path,
        atKey: false,
        code: 'NG2004',
        message: `${capitalize(where)} value ${show(e.data)} does not match the pattern ${String(p.pattern)}.`,
        hint: patternHint(String(p.pattern)),
      };
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue];
      return {
        path,
        atKey: false,
        code: 'NG2005',
        message: `${capitalize(where)} value ${show(e.data)} is not allowed; expected ${allowed.map((a) => show(a)).join(', ')}.`,
        hint: `Use ${allowed.length === 1 ? show(allowed[0]) : `one of ${allowed.map((a) => show(a)).join(', ')}`}.`,
      };
    }
    case 'propertyNames':
      return undefined; // the pattern error on the name itself says it better
    case 'not': {
      const conflict = conflictFinding(ctx, e, path, where);
      if (conflict) return conflict;
      const req = isObject(e.schema) && Array.isArray(e.schema.required) ? (e.schema.required as string[]) : [];
      const what = req.length === 1 ? `\`${req[0]}\`` : 'these keys';
      return {
        path,
        atKey: false,
        code: 'NG2006',
        message: `${capitalize(where)} may not use ${what} in this form.`,
        hint: `Remove ${what}, or remove the key it conflicts with.`,
      };
    }
    default:
      return {
        path,
        atKey: false,
        code: 'NG2006',
        message: `${capitalize(where)} ${e.message ?? 'is invalid'}.`,
        hint: 'Fix the value so it satisfies this constraint of the Naftiko specification.',
      };
  }
}

/**
 * A `not: {required: [key]}` inside one form of a oneOf (`transport: stdio` forbids `port`): the finding
 * points at the forbidden key, names what it conflicts with, and offers the sibling form that allows it.
 */
function conflictFinding(ctx: Ctx, e: ErrorObject, path: Array<string | number>, where: string): Finding | undefined {
  const data = isObject(e.data) ? e.data : undefined;
  const branch = isObject(e.parentSchema) ? e.parentSchema : undefined;
  if (!data || !branch) return undefined;
  const forbidden = requiredKeys(e.schema);
  const key = forbidden.find((k) => k in data);
  if (key === undefined) return undefined;
  const props = (branch.properties ?? {}) as Record<string, unknown>;
  const constOf = (schema: Record<string, unknown> | undefined, k: string): unknown => {
    const p = (schema?.properties as Record<string, unknown> | undefined)?.[k];
    return isObject(p) ? p.const : undefined;
  };
  // What selects this form: its required keys, shown with their value when the form fixes one.
  const chosenBy = requiredKeys(branch).filter((k) => !forbidden.includes(k) && k in data);
  if (chosenBy.length === 0) return undefined;
  const setting = (k: string, v: unknown): string => (v === undefined ? `\`${k}\`` : `\`${k}: ${String(v)}\``);
  const by = chosenBy.map((k) => setting(k, isObject(props[k]) ? (props[k] as Record<string, unknown>).const : undefined));
  // Sibling forms that fix the same keys to other values and do not forbid `key`: the way to keep it.
  const ptr = ctx.pointers.get(branch);
  const siblings = ptr && /\/(oneOf|anyOf)\/\d+$/.test(ptr) ? schemaAt(ctx.root, ptr.replace(/\/\d+$/, '')) : undefined;
  const alternatives: string[] = [];
  for (const sibling of Array.isArray(siblings) ? siblings : []) {
    if (!isObject(sibling) || sibling === branch || requiredKeys(sibling.not).includes(key)) continue;
    for (const k of chosenBy) {
      const v = constOf(sibling, k);
      if (v !== undefined && v !== constOf(branch, k)) alternatives.push(setting(k, v));
    }
  }
  const fixedKeys = chosenBy.filter((k) => constOf(branch, k) !== undefined);
  const other = alternatives.length > 0
    ? `, or use ${[...new Set(alternatives)].join(' or ')} instead`
    : fixedKeys.length === 0 ? `, or remove ${by.join(' and ')}` : '';
  return {
    path: [...path, key],
    atKey: true,
    code: 'NG2006',
    message: `\`${key}\` cannot be used together with ${by.join(' and ')} in ${where}.`,
    hint: `Remove \`${key}\`${other}.`,
  };
}

/** The keys a schema requires, directly or through any of its anyOf/oneOf forms. */
function requiredKeys(schema: unknown): string[] {
  if (!isObject(schema)) return [];
  const own = Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [];
  const nested = [...(Array.isArray(schema.anyOf) ? schema.anyOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf : [])].flatMap(requiredKeys);
  return [...new Set([...own, ...nested])];
}

/** The node at a `#/…` JSON pointer inside the root schema. */
function schemaAt(root: Record<string, unknown>, pointer: string): unknown {
  return valueAt(root, pointerToPath(pointer.replace(/^#/, '')));
}

function patternHint(pattern: string): string {
  if (pattern === '^[a-zA-Z0-9-]+$') return 'Use letters, digits and `-` only (kebab-case).';
  if (pattern === '^[A-Z][A-Z0-9_]*$') return 'Use UPPER_SNAKE_CASE, starting with a letter.';
  if (pattern.includes('https?')) return 'Write an absolute http(s) URL without `{…}` placeholders.';
  if (pattern.includes('\\.[a-zA-Z0-9-]+$')) return 'Write `<namespace>.<operation>`, both kebab-case.';
  if (pattern.startsWith('^file:///')) return 'Write a `file:///…` URI.';
  return `Change the value so it matches ${pattern}.`;
}

function dedupe(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of list) {
    const key = `${f.code}\u0000${f.path.join('/')}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

// ---------------------------------------------------------------- helpers

export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

export function valueAt(root: Json, path: ReadonlyArray<string | number>): Json {
  let v: Json = root;
  for (const step of path) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step];
    else if (isObject(v)) v = v[String(step)];
    else return undefined;
  }
  return v;
}

/** `capability.exposes[0].tools[2]` style, or "the document" at the root. */
export function describePath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return 'the document';
  let s = '';
  for (const step of path) s += typeof step === 'number' ? `[${step}]` : s === '' ? step : `.${step}`;
  return `\`${s}\``;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'string') return 'a string';
  return typeof v;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function capitalize(s: string): string {
  return s.startsWith('`') ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const cut = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return `\`${cut}\``;
}
