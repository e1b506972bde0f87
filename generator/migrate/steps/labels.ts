// Step 4: `label` → `display` on every entity that had a label (tree.ts LABELLED). Only entity maps
// are touched, never user data that happens to use the word (an output property called `label`).
import type { YAMLMap } from 'yaml';
import { renameKey, type MigrationContext } from '../context.js';
import { entities, LABELLED } from '../tree.js';

export function rewriteLabels(ctx: MigrationContext, root: YAMLMap): void {
  for (const { kind, node } of entities(root)) if (LABELLED.has(kind)) renameKey(ctx, node, 'label', 'display');
}
