// Step 2: a file without `capability` may hold exactly one root section in Ikanos (the schema's root
// oneOf). naftiko allowed `consumes` + `binds` side by side in shared files; which split is wanted is
// a human choice (docs/migrate.md), so such a file is reported and left untouched.
import type { YAMLMap } from 'yaml';
import { has, keyText, pairOf, report, type MigrationContext } from '../context.js';

const SECTIONS = ['consumes', 'exposes', 'aggregates', 'binds'] as const;

export function checkRootSections(ctx: MigrationContext, root: YAMLMap): void {
  if (has(root, 'capability')) return;
  const present = root.items.filter((p) => (SECTIONS as readonly string[]).includes(keyText(p) ?? '')).map((p) => keyText(p)!);
  if (present.length < 2) return;
  report(
    ctx,
    pairOf(root, present[1]!),
    'severalRootSections',
    `This file has no \`capability\` and ${present.length} root sections (${present.map((s) => `\`${s}\``).join(', ')}); Ikanos allows exactly one.`,
  );
}
