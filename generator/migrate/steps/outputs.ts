// Step 7: exposed-side `outputParameters`, decided per unit (REST operation, MCP tool, MCP resource,
// aggregate flow) by its mode:
//   - with `steps` → orchestrated outputs: list → map, and so are nested array `items` lists;
//   - no call/ref/steps and named items → mock outputs: list → map;
//   - otherwise (call/ref mode) → mapped outputs stay a list; a `name` on one is dropped (NG6007):
//     Ikanos rejects it and it never named anything.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { has, keyText, pairOf, report, textAt, type MigrationContext } from '../context.js';
import { namedListToMap } from '../named-map.js';
import { entities, OUTPUT_UNITS } from '../tree.js';

export function rewriteOutputs(ctx: MigrationContext, root: YAMLMap): void {
  for (const { kind, node } of entities(root)) {
    if (!OUTPUT_UNITS.has(kind)) continue;
    const value = pairOf(node, 'outputParameters')?.value;
    if (!isSeq(value)) continue;
    const named = value.items.length > 0 && value.items.every((i) => isMap(i) && has(i, 'name'));
    const orchestrated = has(node, 'steps');
    const mock = !orchestrated && !has(node, 'call') && !has(node, 'ref') && named;
    if (orchestrated || mock) {
      const map = namedListToMap(ctx, node, 'outputParameters', { what: orchestrated ? 'orchestrated output' : 'mock output' });
      if (map) for (const p of map.items) if (isMap(p.value)) nestedItems(ctx, p.value);
      continue;
    }
    for (const item of value.items) {
      if (!isMap(item)) continue;
      const at = item.items.findIndex((p) => keyText(p) === 'name');
      if (at < 0) continue;
      const [removed] = item.items.splice(at, 1);
      ctx.touched = true;
      const name = isScalar(removed!.value) ? String(removed!.value.value) : '?';
      report(ctx, removed, 'mappedOutputName', `The mapped output \`${name}\` (call/ref mode) carries a \`name\`, which Ikanos rejects; it was dropped.`);
    }
  }
}

/** `type: array` with an `items` list of named outputs → map; recurses through `properties` and `items`. */
function nestedItems(ctx: MigrationContext, param: YAMLMap): void {
  if (textAt(param, 'type') === 'array' && isSeq(pairOf(param, 'items')?.value)) {
    namedListToMap(ctx, param, 'items', { what: 'array item output' });
  }
  for (const key of ['items', 'properties']) {
    const child = pairOf(param, key)?.value;
    if (!isMap(child)) continue;
    for (const p of child.items) {
      if (!isMap(p.value)) continue;
      // naftiko repeated the key as `name` inside an object's `properties`; Ikanos has the key only.
      if (key === 'properties') dropRepeatedName(ctx, p.value, keyText(p));
      nestedItems(ctx, p.value);
    }
  }
}

function dropRepeatedName(ctx: MigrationContext, entry: YAMLMap, key: string | undefined): void {
  const at = entry.items.findIndex((p) => keyText(p) === 'name');
  if (at < 0) return;
  const name = entry.items[at]!.value;
  const text = isScalar(name) ? String(name.value) : undefined;
  if (text !== key) {
    report(ctx, name as YAMLMap, 'propertyNameMismatch', `The property \`${key ?? '?'}\` carries \`name: ${text ?? '?'}\`; Ikanos names it by its key only.`);
  }
  entry.items.splice(at, 1);
  ctx.touched = true;
}
