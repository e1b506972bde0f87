// JSON Schemas of a bound OpenAPI document → TypeScript types: string-literal unions for enums,
// doc comments from descriptions, `$ref`s as the named types of the components.
import type { JsonSchema } from '../model/types.js';
import { jsDoc, propertyKey, stringLiteral } from './escape.js';
import { componentName } from '../model/schema-ref.js';

function literal(v: unknown): string {
  if (typeof v === 'string') return stringLiteral(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return 'unknown';
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  return unique.length === 0 ? 'unknown' : unique.join(' | ');
}

/** The TypeScript type of `schema`; nested objects are written inline with `indent`. */
export function schemaTs(schema: JsonSchema | undefined, indent = ''): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') return componentName(s.$ref) ?? 'unknown';
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map(literal));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key])) return union((s[key] as JsonSchema[]).map((x) => wrapUnion(schemaTs(x, indent))));
  }
  if (Array.isArray(s.allOf)) return (s.allOf as JsonSchema[]).map((x) => wrapUnion(schemaTs(x, indent))).join(' & ') || 'unknown';
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (types.length === 0) return s.properties ? objectTs(s, indent) : 'unknown';
  return union(types.map((t) => {
    switch (t) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return `Array<${schemaTs(s.items as JsonSchema | undefined, indent)}>`;
      case 'object':
        return objectTs(s, indent);
      default:
        return 'unknown';
    }
  }));
}

function wrapUnion(t: string): string {
  return t.includes(' | ') && !t.startsWith('{') ? `(${t})` : t;
}

function objectTs(s: Record<string, unknown>, indent: string): string {
  const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, JsonSchema>) : {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const extra = s.additionalProperties;
  const extraType = extra && typeof extra === 'object' ? schemaTs(extra as JsonSchema, `${indent}  `) : 'unknown';
  if (Object.keys(props).length === 0) return `Record<string, ${extraType}>`;
  const inner = `${indent}  `;
  const lines = Object.entries(props).map(([name, p]) => {
    const description = typeof (p as Record<string, unknown>).description === 'string' ? ((p as Record<string, unknown>).description as string) : undefined;
    return `${jsDoc([description], inner)}${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${schemaTs(p, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `export interface Batch {…}` (objects) or `export type BatchStatus = …` for a named component. */
export function namedSchemaTs(name: string, schema: JsonSchema): string {
  const s = schema as Record<string, unknown>;
  const doc = jsDoc([typeof s.description === 'string' ? s.description : undefined]);
  const ts = schemaTs(schema);
  const isObject = (s.type === 'object' || (s.type === undefined && s.properties !== undefined)) && ts.startsWith('{');
  return isObject ? `${doc}export interface ${name} ${ts}` : `${doc}export type ${name} = ${ts};`;
}
