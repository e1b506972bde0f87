// Packages the CLI loads on most runs, as the build bundles them: one CommonJS file each in
// dist/generator/vendor/ (scripts/bundle-cli.mjs) instead of the package's own modules (yaml: 73,
// the Handlebars runtime: 21), which a cold run would otherwise resolve and read one by one
// (notes/issue-12cold.md). The same code at the same pinned version; running from the TypeScript
// sources (no build), the package itself is loaded.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const requireHere = createRequire(import.meta.url);

/** The file the build bundles `specifier` into, beside this module. */
export function vendorFile(specifier: string): string {
  return `vendor/${specifier.replace(/\//g, '__')}.cjs`;
}

export function requireVendored<T>(specifier: 'yaml' | 'handlebars/runtime'): T {
  const bundled = fileURLToPath(new URL(`./${vendorFile(specifier)}`, import.meta.url));
  return requireHere(existsSync(bundled) ? bundled : specifier) as T;
}
