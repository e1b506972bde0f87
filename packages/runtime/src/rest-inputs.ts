// The caller's inputs of a generated REST route: read from the path, query, headers, cookies or JSON
// body, coerced from strings to the declared types and validated against a small JSON-schema subset,
// every problem collected so that one 400 names them all.
import type { Request, Response } from 'express';
import { emptyBody } from './rest-body.js';
import type { BodyCheck } from './rest-body-schema.js';

export type InputSource = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'bodyField';

export interface JsonSchemaLite {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly unknown[];
  items?: JsonSchemaLite;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface InputSpec {
  /** Name of the value in the result (the generated code's identifier). */
  name: string;
  source: InputSource;
  /** Name in the path/query/header/cookie/body field; for source 'body' the whole JSON request body is read. */
  wireName: string;
  schema: JsonSchemaLite;
  required: boolean;
  /** The bound OpenAPI document's schema of a JSON body (documentedBody), checked after `schema`. */
  check?: BodyCheck | undefined;
}

export interface InputProblem {
  /** The caller-facing (wire) name. */
  name: string;
  in: InputSource;
  message: string;
  /** Where a body check failed: a JSON Pointer into the body ('' for the body itself). */
  path?: string;
}

type Raw = string | string[] | undefined;

function firstHeaderValue(req: Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Parses the Cookie header without a dependency; the first occurrence of a name wins. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (!key || Object.prototype.hasOwnProperty.call(out, key)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[key] = decodeURIComponent(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

function rawValue(req: Request, spec: InputSpec): Raw | { json: unknown } {
  switch (spec.source) {
    case 'path': {
      const v = (req.params as Record<string, string | string[] | undefined> | undefined)?.[spec.wireName];
      return v;
    }
    case 'query': {
      const q = req.query as Record<string, unknown>;
      const v = q[spec.wireName];
      if (v === undefined) return undefined;
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
      return { json: v }; // an extended-parser object: validated as JSON
    }
    case 'header':
      return firstHeaderValue(req, spec.wireName);
    case 'cookie':
      return parseCookies(firstHeaderValue(req, 'cookie'))[spec.wireName];
    case 'body':
      return { json: emptyBody(req) ? undefined : req.body };
    case 'bodyField': {
      const body: unknown = emptyBody(req) ? undefined : req.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return { json: undefined };
      return {
        json: Object.prototype.hasOwnProperty.call(body, spec.wireName)
          ? (body as Record<string, unknown>)[spec.wireName]
          : undefined,
      };
    }
  }
}

function describeType(schema: JsonSchemaLite): string {
  switch (schema.type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    default:
      return 'a value';
  }
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** Coerces one string from the path/query/header/cookie to the schema's type. */
function coerceString(raw: string, schema: JsonSchemaLite): Coerced {
  switch (schema.type) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(raw.trim())) return { ok: false, message: 'must be an integer' };
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) return { ok: false, message: 'must be an integer within the safe range' };
      return { ok: true, value: n };
    }
    case 'number': {
      const t = raw.trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) return { ok: false, message: 'must be a number' };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const t = raw.trim().toLowerCase();
      if (t === 'true' || t === '1') return { ok: true, value: true };
      if (t === 'false' || t === '0') return { ok: true, value: false };
      return { ok: false, message: 'must be true or false' };
    }
    case 'object':
    case 'array': {
      try {
        return { ok: true, value: JSON.parse(raw) };
      } catch {
        return { ok: false, message: `must be ${describeType(schema)} (JSON)` };
      }
    }
    default: {
      if (schema.enum && schema.type === undefined) {
        const match = schema.enum.find((e) => String(e) === raw);
        if (match !== undefined) return { ok: true, value: match };
      }
      return { ok: true, value: raw };
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null)
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Validates an already-typed value against the schema; returns the first problem or undefined. */
export function validateValue(value: unknown, schema: JsonSchemaLite, path = ''): string | undefined {
  const at = path ? `${path} ` : '';
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return `${at}must be a string`;
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${at}must be an integer`;
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${at}must be a number`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `${at}must be true or false`;
      break;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return `${at}must be an object`;
      break;
    case 'array':
      if (!Array.isArray(value)) return `${at}must be an array`;
      if (schema.items) {
        for (let i = 0; i < value.length; i++) {
          const p = validateValue(value[i], schema.items, `${path}[${i}]`);
          if (p) return p.startsWith(`${path}[`) ? p : `${path}[${i}] ${p}`;
        }
      }
      break;
    default:
      break;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `${at}must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum)
      return `${at}must be at most ${schema.maximum}`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength)
      return `${at}must be at least ${schema.minLength} characters long`;
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength)
      return `${at}must be at most ${schema.maxLength} characters long`;
    if (schema.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(value)) return `${at}must match the pattern ${schema.pattern}`;
    }
  }
  if (schema.enum && schema.enum.length > 0 && !schema.enum.some((e) => sameValue(e, value))) {
    return `${at}must be one of: ${schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join(', ')}`;
  }
  return undefined;
}

/**
 * Reads, coerces (path/query/header/cookie strings → integer/number/boolean per schema; arrays from
 * repeated query keys) and validates inputs. Values that are absent are left out of `values`.
 * `onUncompilable` goes to the body checks (BodyCheck): the route's way to log a schema not compiled.
 */
export function readInputs(
  req: Request,
  specs: readonly InputSpec[],
  onUncompilable?: (reason: string) => void,
): { values: Record<string, unknown>; problems: InputProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: InputProblem[] = [];
  for (const spec of specs) {
    const problem = (message: string): void => {
      problems.push({ name: spec.wireName, in: spec.source, message: `${spec.wireName} ${message}` });
    };
    const raw = rawValue(req, spec);
    let value: unknown;
    if (raw !== undefined && typeof raw === 'object' && !Array.isArray(raw)) {
      value = raw.json; // already JSON-typed: validate without coercion
    } else if (raw === undefined) {
      value = undefined;
    } else if (spec.schema.type === 'array') {
      const list = Array.isArray(raw) ? raw : [raw];
      const itemSchema = spec.schema.items ?? {};
      const out: unknown[] = [];
      let failed = false;
      for (const item of list) {
        const c = coerceString(item, itemSchema);
        if (!c.ok) {
          problem(`items ${c.message}`);
          failed = true;
          break;
        }
        out.push(c.value);
      }
      if (failed) continue;
      value = out;
    } else {
      if (Array.isArray(raw)) {
        problem('must be given once');
        continue;
      }
      const c = coerceString(raw, spec.schema);
      if (!c.ok) {
        problem(c.message);
        continue;
      }
      value = c.value;
    }
    if (value === undefined || (value === null && spec.source === 'body')) {
      if (spec.required) problem('is required');
      continue;
    }
    const p = validateValue(value, spec.schema);
    if (p) {
      problem(p);
      continue;
    }
    if (spec.check) {
      const found = spec.check(value, spec.wireName, onUncompilable);
      if (found.length > 0) {
        for (const { path, message } of found)
          problems.push({ name: spec.wireName, in: spec.source, message, path });
        continue;
      }
    }
    values[spec.name] = value;
  }
  return { values, problems };
}

/** 400 {"error":{"code":"invalid_request","message":"…","details":[…]}} */
export function sendProblems(res: Response, problems: readonly InputProblem[]): void {
  const message =
    problems.length === 0
      ? 'Invalid request'
      : `Invalid request: ${problems.map((p) => p.message).join('; ')}`;
  res.status(400).json({ error: { code: 'invalid_request', message, details: problems } });
}
