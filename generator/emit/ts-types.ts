// Model schemas → TypeScript type expressions.
import type { JsonType, OutputField, OutputShape, ParamSchema } from '../model/types.js';
import { jsDoc, propertyKey, stringLiteral } from './escape.js';

export function tsType(schema: ParamSchema): string {
  if (schema.enum && schema.enum.length > 0) return schema.enum.map((v) => (typeof v === 'string' ? stringLiteral(v) : String(v))).join(' | ');
  return jsonTypeToTs(schema.type, schema.items ? tsType(schema.items) : undefined);
}

function jsonTypeToTs(type: JsonType | undefined, items?: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'Record<string, unknown>';
    case 'array':
      return `Array<${items ?? 'unknown'}>`;
    default:
      return 'unknown';
  }
}

export function outputTsType(output: OutputShape): string {
  if (output.kind === 'passthrough') return jsonTypeToTs(output.type);
  if (output.single && output.fields[0]) return fieldType(output.fields[0], '').replace(/ \| null$/, '');
  return objectType(output.fields, '');
}

function objectType(fields: readonly OutputField[], indent: string): string {
  const inner = `${indent}  `;
  const lines = fields.map((f) => `${jsDoc([f.source.kind === 'jsonpath' ? `From \`${f.source.path}\`.` : undefined], inner)}${inner}${propertyKey(f.propName)}: ${fieldType(f, inner)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function fieldType(field: OutputField, indent: string): string {
  if (field.type === 'object' && field.fields) return objectType(field.fields, indent);
  if (field.type === 'array' && field.items) return `Array<${fieldType(field.items, indent)}>`;
  return `${jsonTypeToTs(field.type)} | null`;
}
