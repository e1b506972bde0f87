// The schema a bound OpenAPI document gives one argument of a call (a parameter, or the JSON body),
// made self-contained: its `$ref`s to the document's components become `#/$defs/<Name>`. The MCP
// tool input schema and the REST adapter's body check both read it here, so the two surfaces refuse
// the same arguments.
import type { CallBinding, CapabilityModel, Parameter } from '../model/types.js';
import { componentName, resolveSchema } from '../model/schema-ref.js';
import { operationOf } from '../model/call-target.js';

/** A documented argument schema: `schema` refers to `defs` as `#/$defs/<Name>`. */
export interface DocumentedSchema {
  schema: Record<string, unknown>;
  defs: Record<string, unknown>;
}

/**
 * The bound document's schema of `param` of `call`'s operation (its JSON body when `param` is the
 * body input), a root `$ref` inlined so it reads as what it is; undefined when the operation is not
 * typed by a document or says nothing of that argument.
 */
export function documentedArgumentSchema(model: CapabilityModel, call: CallBinding, param: Parameter): DocumentedSchema | undefined {
  const { ns, op } = operationOf(model, call) ?? {};
  if (!ns || !op?.typed) return undefined;
  const documented = op.body.kind === 'json-input' && op.body.param === param ? op.typed.body : op.typed.params[param.wireName];
  if (!documented) return undefined;
  const all = (ns.schemas ?? {}) as Record<string, unknown>;
  const root = resolveSchema(ns.schemas, documented);
  if (!root) return undefined;
  const names = [...defsOf(root, all)].sort();
  return { schema: toDefs(root) as Record<string, unknown>, defs: Object.fromEntries(names.map((n) => [n, toDefs(all[n])])) };
}

/** `$ref`s to the bound document's components → `#/$defs/<Name>` of a self-contained schema. */
export function toDefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toDefs);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => {
      const name = k === '$ref' ? componentName(v) : undefined;
      return [k, name !== undefined ? `#/$defs/${name}` : k === 'enum' || k === 'const' ? v : toDefs(v)];
    }),
  );
}

/** Names of the components `schema` refers to, transitively. */
export function defsOf(schema: unknown, all: Record<string, unknown>, seen = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => defsOf(s, all, seen));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      const name = k === '$ref' ? componentName(v) : undefined;
      if (name !== undefined) {
        if (!seen.has(name) && all[name]) {
          seen.add(name);
          defsOf(all[name], all, seen);
        }
      } else defsOf(v, all, seen);
    }
  }
  return seen;
}
