// The `yaml` package, loaded on first use: a run whose documents all come from the load cache
// (load-cache.ts) never loads it (notes/issue-12g2.md); the build's one-file copy of it (vendor.ts).
import { requireVendored } from '../vendor.js';

let yamlModule: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  yamlModule ??= requireVendored<typeof import('yaml')>('yaml');
  return yamlModule;
}
