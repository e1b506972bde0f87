// `$ref`s in the schemas of a bound OpenAPI document, as the model keeps them: model/openapi-binding.ts
// renames every local component reference to `#/components/schemas/<TypeScript name>`, the key of
// ConsumesNamespace.schemas. Reading and following such a reference happens here only.
import type { JsonSchema } from './types.js';

export const SCHEMA_REF = '#/components/schemas/';

/** The component a `$ref` value names (`#/components/schemas/Batch` → `Batch`); undefined for anything else. */
export function componentName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
}

/**
 * `schema` with a root `$ref` to a component followed: the component (undefined when the namespace
 * has no such schema); a schema that is not a component reference is returned as it is.
 */
export function resolveSchema(schemas: Readonly<Record<string, JsonSchema>> | undefined, schema: JsonSchema | undefined): Record<string, unknown> | undefined {
  const name = componentName(schema?.$ref);
  return (name === undefined ? schema : schemas?.[name]) as Record<string, unknown> | undefined;
}
