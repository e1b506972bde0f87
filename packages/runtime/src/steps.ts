// Runs what orchestrated operations need: JSONPath selection over step results and lookups (the MCP
// result of a computed value is valueResult in mcp.ts).
import { select as selectAll } from './project.js';

/**
 * The value at a JSONPath (`$.get-ship.imo_number`) in `root`; a path that matches several nodes
 * (`$.items[*].id`) gives an array; no match gives null.
 */
export function select(root: unknown, path: string): unknown {
  const trimmed = path.trim();
  if (trimmed === '$' || trimmed === '$.') return root;
  const found = selectAll(root, trimmed);
  if (found.length === 0) return null;
  return isMultiPath(trimmed) ? found : found[0];
}

function isMultiPath(path: string): boolean {
  return /\[\*\]|\.\*|\.\.|\[\?|,/.test(path);
}

/**
 * The lookup step: in the array `index`, the element whose `match` field equals `value` (or, when
 * `value` is an array, one element per value, in order); with `keep`, only those fields.
 */
export function lookupStep(index: unknown, match: string, value: unknown, keep: readonly string[]): unknown {
  const items = Array.isArray(index)
    ? index
    : Array.isArray((index as { data?: unknown })?.data)
      ? (index as { data: unknown[] }).data
      : [];
  const pick = (wanted: unknown): unknown => {
    const hit = items.find(
      (item) =>
        item !== null &&
        typeof item === 'object' &&
        String((item as Record<string, unknown>)[match]) === String(wanted),
    );
    if (hit === undefined) return null;
    if (keep.length === 0) return hit;
    const out: Record<string, unknown> = {};
    for (const key of keep) out[key] = (hit as Record<string, unknown>)[key] ?? null;
    return out;
  };
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

/** Builds the result object of an orchestrated operation from its mappings. */
export function mapResult(
  results: Record<string, unknown>,
  mappings: ReadonlyArray<readonly [string, string]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [target, path] of mappings)
    Object.defineProperty(out, target, {
      value: select(results, path),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
