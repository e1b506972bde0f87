// outputParameters → passthrough (body unchanged) or a projection of named fields.
import { memberName, NameAllocator } from '../names/identifiers.js';
import type { ModelContext } from './context.js';
import { toJsonType } from './parameters.js';
import { arr, rec, str } from './raw.js';
import { parseTemplate } from './templates.js';
import type { OutputField, OutputShape } from './types.js';

const ROOT = new Set(['$', '$.', '$.*']);

export function readOutput(ctx: ModelContext, list: unknown): OutputShape {
  const entries = arr(list).map(rec);
  if (entries.length === 0) return { kind: 'passthrough' };
  if (entries.length === 1 && isWholeBody(entries[0]!)) {
    const type = toJsonType(entries[0]!.type);
    return type ? { kind: 'passthrough', type } : { kind: 'passthrough' };
  }
  const names = new NameAllocator();
  const single = entries.length === 1 && (str(entries[0]!.name) === undefined || entries[0]!.properties !== undefined || entries[0]!.items !== undefined);
  // The one output of a single projection without a mapping is the body itself.
  const roots = single && str(entries[0]!.mapping) === undefined && str(entries[0]!.value) === undefined ? [{ ...entries[0]!, mapping: '$' }] : entries;
  return { kind: 'projection', single, fields: roots.map((e, i) => readField(ctx, e, `result${i + 1}`, names)) };
}

/**
 * Mock mode (an element with no call, steps or ref): outputs that are all fixed `value`s (constants
 * or `{{input}}` templates) are the answer, computed without calling upstream.
 */
export function isFixedOutput(output: OutputShape): output is Extract<OutputShape, { kind: 'projection' }> {
  // Mock outputs are scalars (the schemas' MockOutputParameter: string, number or boolean with a value).
  return output.kind === 'projection' && output.fields.length > 0 && output.fields.every((f) => f.source.kind === 'value');
}

function isWholeBody(entry: Record<string, unknown>): boolean {
  const source = str(entry.mapping) ?? str(entry.value);
  return source !== undefined && ROOT.has(source.trim()) && entry.properties === undefined && entry.items === undefined;
}

function readField(ctx: ModelContext, raw: Record<string, unknown>, fallback: string, names: NameAllocator): OutputField {
  const name = str(raw.name) ?? fallback;
  const type = toJsonType(raw.type) ?? 'string';
  const mapping = str(raw.mapping);
  const value = str(raw.value);
  const source: OutputField['source'] =
    mapping !== undefined || (value !== undefined && value.trim().startsWith('$'))
      ? { kind: 'jsonpath', path: (mapping ?? value)!.trim() }
      : value !== undefined
        ? { kind: 'value', template: parseTemplate(value, { env: new Set(), inputs: new Set() }).template }
        : { kind: 'self' }; // no mapping: the property of the same name (array items: the element)
  const field: OutputField = { name, propName: names.claim(memberName(name)), type, source };
  const props = rec(raw.properties);
  const propKeys = Object.keys(props);
  if (propKeys.length > 0) {
    const inner = new NameAllocator();
    field.fields = propKeys.map((k) => readField(ctx, { name: k, ...rec(props[k]) }, k, inner));
  }
  if (raw.items !== undefined) field.items = readField(ctx, rec(raw.items), 'item', new NameAllocator());
  return field;
}
