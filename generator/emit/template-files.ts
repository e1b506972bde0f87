// Locates templates/ whether running from source (vitest) or from dist/ (the CLI).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function templatePath(relative: string): string {
  if (!root) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'templates', 'skeleton'))) {
      const parent = dirname(dir);
      if (parent === dir) throw new Error('naftiko-gen: templates/ folder not found next to the generator');
      dir = parent;
    }
    root = join(dir, 'templates');
  }
  return join(root, relative);
}
