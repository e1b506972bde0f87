// Step 3: aggregates. `functions` → `flows` (the items become a map in named-lists). An `ikanos`
// file from the alpha3 window that keyed `capability.aggregates` by namespace gets its list back,
// each key moved into `namespace` (docs/migrate.md).
import { isMap, Pair, Scalar, YAMLSeq, type YAMLMap } from 'yaml';
import { has, mapAt, pairOf, renameKey, type MigrationContext } from '../context.js';
import { entities } from '../tree.js';

export function rewriteAggregates(ctx: MigrationContext, root: YAMLMap): void {
  for (const holder of [root, mapAt(root, 'capability')]) {
    const pair = holder && pairOf(holder, 'aggregates');
    if (!pair || !isMap(pair.value)) continue;
    const list = new YAMLSeq();
    list.commentBefore = pair.value.commentBefore;
    list.comment = pair.value.comment;
    for (const entry of pair.value.items) {
      if (!isMap(entry.value)) continue;
      const body = entry.value;
      if (!has(body, 'namespace')) body.items.unshift(new Pair(new Scalar('namespace'), keyNode(entry.key)));
      list.items.push(body);
    }
    pair.value = list;
    ctx.touched = true;
  }
  for (const { kind, node } of entities(root)) if (kind === 'aggregate') renameKey(ctx, node, 'functions', 'flows');
}

function keyNode(key: unknown): Scalar {
  return key instanceof Scalar ? new Scalar(key.value) : new Scalar(key);
}
