// Consumed inputParameters → typed Parameters (the dialect's type/required/description are the only
// type information real files carry, so they are used).
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { isIdentifier, isReservedWord, memberName, NameAllocator } from '../names/identifiers.js';
import type { ModelContext } from './context.js';
import { arr, bool, rec, str } from './raw.js';
import { parseTemplate } from './templates.js';
import type { JsonType, ParamDeclaration, ParamLocation, ParamSchema, Parameter } from './types.js';

const LOCATIONS: readonly ParamLocation[] = ['path', 'query', 'header', 'cookie', 'body', 'environment'];
const JSON_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array'];

export function toJsonType(value: unknown): JsonType | undefined {
  const t = str(value)?.toLowerCase();
  if (t === 'int' || t === 'long') return 'integer';
  if (t === 'float' || t === 'double') return 'number';
  if (t === 'bool') return 'boolean';
  return JSON_TYPES.find((j) => j === t);
}

export function readParameters(ctx: ModelContext, doc: LoadedDocument, path: DocPath, list: unknown): Parameter[] {
  const params: Parameter[] = [];
  arr(list).forEach((entry, index) => {
    const raw = rec(entry);
    const at = [...path, index];
    const wireName = str(raw.name);
    if (!wireName) return; // the schema stage reports the missing name
    const location = (str(raw.in)?.toLowerCase() ?? 'query') as ParamLocation;
    if (!LOCATIONS.includes(location)) return;
    const declaredType = toJsonType(raw.type);
    const type = declaredType ?? (location === 'body' ? 'object' : 'string');
    const description = str(raw.description);
    // An array without item types travels as repeated strings (query keys, header values).
    const schema: ParamSchema = { type, ...(type === 'array' ? { items: { type: 'string' } } : {}), ...(description ? { description } : {}) };
    let value;
    if (raw.value !== undefined && raw.value !== null) {
      const text = typeof raw.value === 'string' ? raw.value : JSON.stringify(raw.value);
      const parsed = parseTemplate(text, { env: ctx.envNames, inputs: new Set() });
      value = parsed.template;
    }
    const itemsType = toJsonType(rec(raw.items).type);
    const declared: ParamDeclaration = {
      source: ctx.where(doc, at),
      ...(declaredType ? { type: declaredType } : {}),
      ...(Array.isArray(raw.enum) ? { enum: raw.enum } : {}),
      ...(itemsType ? { itemsType } : {}),
      ...(value ? { value: { raw: raw.value, source: ctx.where(doc, [...at, 'value']) } } : {}),
    };
    params.push({
      wireName,
      propName: '', // chosen per operation by assignPropNames
      in: location,
      schema,
      // Path parameters are always required; others only when the file says so.
      required: location === 'path' || bool(raw.required) === true,
      ...(description ? { description } : {}),
      ...(value ? { value } : {}),
      declared,
    });
  });
  return params;
}

/**
 * Input property names: the wire name when it is already a plain identifier (`batch_id` stays
 * `batch_id`, matching the upstream docs), camelCase otherwise (`X-Api-Key` → `xApiKey`); unique
 * within the operation.
 */
export function assignPropNames(params: Parameter[], reserved: Iterable<string> = []): void {
  const names = new NameAllocator(reserved);
  for (const p of params) {
    const preferred = isIdentifier(p.wireName) && !isReservedWord(p.wireName) ? p.wireName : memberName(p.wireName, 'param');
    p.propName = names.claim(preferred);
  }
}
