// Step 8: `mappings: [{targetName, value}]` → `[{target, value}]` (still a list), on steps and on the
// units that carry mappings themselves (operations, tools, MCP resources, flows).
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { pairOf, renameKey, type MigrationContext } from '../context.js';
import { entities } from '../tree.js';

export function rewriteMappings(ctx: MigrationContext, root: YAMLMap): void {
  for (const { node } of entities(root)) {
    const list = pairOf(node, 'mappings')?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) if (isMap(item)) renameKey(ctx, item, 'targetName', 'target');
  }
}
