// Step 1: `naftiko: <v>` → `ikanos: "1.0.0-beta5"` (same place, same quoting), and an editor's
// `# yaml-language-server: $schema=…` comment that names a naftiko schema points at the Ikanos one.
import { isScalar, type YAMLMap } from 'yaml';
import { pairOf, type MigrationContext } from '../context.js';
import { TARGET_SCHEMA_ID, TARGET_VERSION } from '../target.js';

const SCHEMA_COMMENT = /(yaml-language-server:\s*\$schema=)(\S*naftiko\S*)/gi;

export function rewriteVersion(ctx: MigrationContext, root: YAMLMap): void {
  const pair = pairOf(root, ctx.source);
  if (!pair) return;
  if (ctx.source === 'naftiko') {
    if (isScalar(pair.key)) pair.key.value = 'ikanos';
    else pair.key = 'ikanos';
    ctx.touched = true;
  }
  if (isScalar(pair.value)) {
    if (pair.value.value !== TARGET_VERSION) {
      pair.value.value = TARGET_VERSION;
      ctx.touched = true;
    }
  }
  const doc = ctx.doc;
  const fix = (comment: string | null | undefined): string | null | undefined => {
    if (!comment) return comment;
    const fixed = comment.replace(SCHEMA_COMMENT, `$1${TARGET_SCHEMA_ID}`);
    if (fixed !== comment) ctx.touched = true;
    return fixed;
  };
  doc.commentBefore = fix(doc.commentBefore) ?? null;
  root.commentBefore = fix(root.commentBefore) ?? undefined;
  const first = root.items[0];
  if (first && isScalar(first.key)) first.key.commentBefore = fix(first.key.commentBefore) ?? undefined;
}
