// The `yaml` package, loaded on first use: a run whose documents all come from the load cache
// (load-cache.ts) never loads its ~70 modules (notes/issue-12g2.md).
import { createRequire } from 'node:module';

let yamlModule: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}
