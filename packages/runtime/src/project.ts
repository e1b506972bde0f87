// Output projection of a generated package: builds the declared output shape (outputParameters)
// from an upstream body with JSONPath selections, constants and {{x}} templates, coercing scalars to
// their declared types; and the `lookup` step.
import { JSONPath } from 'jsonpath-plus';
import { textOf } from './template.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** JSONPath relative to the current node, e.g. `$.data[*].id`; `$` (or `$.`) is the node itself.
   * Without path and value, the current node's property `name` is taken. */
  path?: string;
  /** A constant, or a `{{x}}` template over `vars` (a string that is exactly `{{x}}` takes x as is). */
  value?: string;
  /** For objects: the properties, projected relative to the node `path` selects. */
  fields?: FieldSpec[];
  /** For arrays: the element spec, its path relative to each element (default: the element itself). */
  items?: FieldSpec;
}

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const HOLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a field named __proto__ stays an ordinary property.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function normalizePath(path: string): string | undefined {
  const p = path.trim();
  if (p === '' || p === '$' || p === '$.') return undefined; // the node itself
  const full = p.startsWith('$') ? p : p.startsWith('[') ? `$${p}` : `$.${p}`;
  // A name starting with @ (XML attributes: `$['@_id']`, `$.@_id`) would read as a library keyword: escape it.
  return full.replace(/(\.|\[\s*['"])@/g, '$1`@');
}

/** True when a path can select several nodes (wildcards, recursive descent, filters, slices, unions). */
function isIndefinite(path: string): boolean {
  const unquoted = path.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  return /\*|\.\.|\[\?|\[\(|\[[^\]]*[:,][^\]]*\]/.test(unquoted);
}

/**
 * The nodes a JSONPath selects under `node` (relative: `$` is `node`). Filters are evaluated by the
 * library's safe evaluator (no JavaScript eval). An invalid path selects nothing.
 */
export function select(node: unknown, path: string | undefined): unknown[] {
  const p = path === undefined ? undefined : normalizePath(path);
  if (p === undefined) return node === undefined ? [] : [node];
  if (typeof node !== 'object' || node === null) return [];
  try {
    const out = JSONPath({ path: p, json: node as object, wrap: true, eval: 'safe' }) as unknown;
    return Array.isArray(out) ? out : [];
  } catch {
    return [];
  }
}

function varValue(name: string, vars: Record<string, unknown>): unknown {
  if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
  let current: unknown = vars;
  for (const part of name.split('.')) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

/** A constant or a `{{x}}` template over vars. */
export function renderValue(template: string, vars: Record<string, unknown>): unknown {
  const whole = WHOLE.exec(template);
  if (whole) return varValue(whole[1]!, vars);
  return template.replace(HOLE, (_m, name: string) => textOf(varValue(name.trim(), vars)));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Coerces a selected value to a declared type; what cannot be coerced (or is missing) is null. */
export function coerce(value: unknown, type: FieldType): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : textOf(value);
    case 'number':
      return toNumber(value);
    case 'integer': {
      const n = toNumber(value);
      return n === null ? null : Math.trunc(n);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
      if (typeof value === 'string') {
        const t = value.trim().toLowerCase();
        return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : null;
      }
      return null;
    }
    case 'object':
      return isPlainObject(value) ? value : null;
    case 'array':
      return Array.isArray(value) ? value : [value];
  }
}

/** `self`: without path and value, the field is the node itself (array items) rather than its property `name`. */
function projectField(node: unknown, field: FieldSpec, vars: Record<string, unknown>, self = false): unknown {
  // 1. the raw selection
  let selected: unknown;
  let many = false;
  if (field.path !== undefined) {
    const list = select(node, field.path);
    many = isIndefinite(field.path);
    // A multi-node path gives the list of matches ([] when none), unless there is nothing to search.
    selected = many ? (typeof node === 'object' && node !== null ? list : undefined) : list[0];
  } else if (field.value !== undefined) {
    selected = renderValue(field.value, vars);
  } else if (self) {
    selected = node;
  } else {
    selected =
      isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, field.name)
        ? node[field.name]
        : undefined;
  }

  // 2. shape it
  switch (field.type) {
    case 'object': {
      const target = many ? (selected as unknown[])[0] : selected;
      if (field.fields) {
        if (target === undefined || target === null) return null;
        return projectFields(target, field.fields, vars);
      }
      return coerce(target, 'object');
    }
    case 'array': {
      if (selected === undefined || selected === null) return null;
      const list = Array.isArray(selected) ? selected : [selected];
      const items = field.items;
      if (!items) return list;
      return list.map((element) => projectField(element, items, vars, true));
    }
    default: {
      const scalar = many ? (selected as unknown[])[0] : selected;
      return coerce(scalar, field.type);
    }
  }
}

function projectFields(
  node: unknown,
  fields: readonly FieldSpec[],
  vars: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) define(out, f.name, projectField(node, f, vars));
  return out;
}

/**
 * Builds the declared output shape from a body. Each field selects with `path` (JSONPath relative to
 * the current node), renders `value` (constant or `{{x}}` over vars) or takes the property `name`;
 * scalars are coerced to their type (missing or not coercible → null); objects with `fields` project
 * relative to the selected node; arrays with `items` map each element.
 */
export function project(
  body: unknown,
  fields: readonly FieldSpec[],
  vars: Record<string, unknown> = {},
): Record<string, unknown> {
  return projectFields(body, fields, vars);
}

function sameLoose(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  const text = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));
  return text(a) === text(b);
}

/**
 * The `lookup` step: the first element of `items` whose field `match` equals `value` (compared as
 * strings, so 42 matches '42'), keeping only the `keep` fields when given; undefined when none.
 */
export function lookup(items: unknown, match: string, value: unknown, keep?: readonly string[]): unknown {
  if (!Array.isArray(items)) return undefined;
  for (const element of items) {
    if (!isPlainObject(element)) continue;
    const candidate = Object.prototype.hasOwnProperty.call(element, match)
      ? element[match]
      : varValue(match, element);
    if (!sameLoose(candidate, value)) continue;
    if (!keep) return element;
    const out: Record<string, unknown> = {};
    for (const k of keep) if (Object.prototype.hasOwnProperty.call(element, k)) define(out, k, element[k]);
    return out;
  }
  return undefined;
}
