// Step 5: a consumes import `{location, import, as?}` becomes `{from, import, as?}`. An entry with a
// `baseUri` is an HTTP adapter, whose `location` (if any) is left alone.
import type { YAMLMap } from 'yaml';
import { has, renameKey, type MigrationContext } from '../context.js';
import { entities } from '../tree.js';

export function rewriteImports(ctx: MigrationContext, root: YAMLMap): void {
  for (const { kind, node } of entities(root)) {
    if (kind === 'consumes' && has(node, 'import') && has(node, 'location') && !has(node, 'baseUri')) renameKey(ctx, node, 'location', 'from');
  }
}
