// Tiny builders for JSON Schema 2020-12 fragments, so the Naftiko schemas read as declarations, not JSON.
// Every builder returns a fresh plain object: schemas are data, built once per version and mode.

export type Schema = { [keyword: string]: unknown } | boolean;

/** Reference to a shared definition under `$defs`. */
export function ref(name: string): Schema {
  return { $ref: `#/$defs/${name}` };
}

export function str(extra: Record<string, unknown> = {}): Schema {
  return { type: 'string', ...extra };
}

/** A string that must match `regex` (JavaScript syntax, as ajv applies it with the `u` flag). */
export function pattern(regex: string): Schema {
  return str({ pattern: regex });
}

/** A string limited to the listed values. */
export function oneOfValues(...values: string[]): Schema {
  return str({ enum: values });
}

/** A string that must be exactly `value`. */
export function literal(value: string): Schema {
  return str({ const: value });
}

export function bool(): Schema {
  return { type: 'boolean' };
}

export function num(extra: Record<string, unknown> = {}): Schema {
  return { type: 'number', ...extra };
}

export function int(min?: number, max?: number): Schema {
  const s: Record<string, unknown> = { type: 'integer' };
  if (min !== undefined) s.minimum = min;
  if (max !== undefined) s.maximum = max;
  return s;
}

/** A TCP port number. */
export function port(): Schema {
  return int(1, 65535);
}

export function list(items: Schema, opts: { min?: number } = {}): Schema {
  const s: Record<string, unknown> = { type: 'array', items };
  if (opts.min !== undefined) s.minItems = opts.min;
  return s;
}

/** A non-empty list. */
export function list1(items: Schema): Schema {
  return list(items, { min: 1 });
}

export interface ObjOptions {
  required?: string[];
  /** Closed objects reject keys not listed in `props` (the default). */
  open?: boolean;
  /** Extra keywords merged in (oneOf/anyOf/not …). */
  extra?: Record<string, unknown>;
}

/** An object with the given properties; closed unless `open`. */
export function obj(props: Record<string, Schema>, opts: ObjOptions = {}): Schema {
  const s: Record<string, unknown> = { type: 'object', properties: props };
  if (opts.required && opts.required.length > 0) s.required = opts.required;
  if (!opts.open) s.additionalProperties = false;
  return { ...s, ...(opts.extra ?? {}) };
}

/** A map from arbitrary keys to `values`. */
export function dict(values: Schema, extra: Record<string, unknown> = {}): Schema {
  return { type: 'object', additionalProperties: values, ...extra };
}

export function oneOf(...options: Schema[]): Schema {
  return { oneOf: options };
}

export function anyOf(...options: Schema[]): Schema {
  return { anyOf: options };
}

/** `{required: keys}` — used inside oneOf/anyOf/not to express "has these keys". */
export function has(...keys: string[]): Record<string, unknown> {
  return { required: keys };
}
