// What a generated package needs, decided from what its code imports: the runtime helpers reachable
// from the emitted files (a client-only package carries no server helpers) and the npm packages
// those files import (a JSON-only API does not depend on an XML or CSV parser).

/** Versions generated packages depend on: the ones this repository installs and tests with. */
export const GENERATED_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@modelcontextprotocol/express': '2.0.2',
  '@modelcontextprotocol/node': '2.1.2',
  '@modelcontextprotocol/server': '2.4.0',
  'csv-parse': '7.0.3',
  express: '5.3.0',
  'fast-xml-parser': '5.12.1',
  'jsonpath-plus': '10.3.0',
  'swagger-ui-dist': '5.35.0',
  yaml: '2.9.1',
};

/** Type packages for the dependencies above that ship no types of their own. */
const TYPE_PACKAGES: Readonly<Record<string, string>> = { express: '@types/express' };

export const GENERATED_DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@types/express': '5.0.6',
  '@types/node': '20.19.43',
  typescript: '5.9.3',
};

// `import … from 'x';`, `import type …`, `export … from 'x';` at the start of a line. The clause may
// span lines but holds no quote, so a string literal or comment that mentions "from '…'" never
// matches: generated code keeps user text in escaped one-line literals and comments.
const MODULE_REFERENCE = /^(?:import|export)\b[^;'"`]*?\bfrom '([^']+)';/gm;

export function importedModules(code: string): string[] {
  return [...code.matchAll(MODULE_REFERENCE)].map((m) => m[1]!);
}

// A runtime file that reads an npm package's files without importing it (api-docs.ts serves those of
// swagger-ui-dist) names the package on a line of its own: `// runtime-dependency: <package>`.
const DECLARED_DEPENDENCY = /^\/\/ runtime-dependency: (\S+)$/gm;

/** Packages a file declares it reads without importing them. */
export function declaredDependencies(code: string): string[] {
  return [...code.matchAll(DECLARED_DEPENDENCY)].map((m) => m[1]!);
}

/** The npm package of a bare specifier (`csv-parse/sync` → `csv-parse`); undefined for files and builtins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Runtime file names (`http.ts`) reachable from `roots` through `./runtime/x.js` / `../runtime/x.js` imports. */
export function runtimeClosure(roots: readonly string[], runtime: ReadonlyMap<string, string>): Set<string> {
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    const text = runtime.get(name);
    if (text === undefined) throw new Error(`internal: generated code imports runtime/${name}, which templates/runtime/ does not have`);
    needed.add(name);
    for (const spec of importedModules(text)) if (spec.startsWith('./')) visit(spec.slice(2).replace(/\.js$/, '.ts'));
  };
  for (const code of roots) {
    for (const spec of importedModules(code)) {
      const m = /^\.\.?\/runtime\/([^/]+)\.js$/.exec(spec);
      if (m) visit(`${m[1]}.ts`);
    }
  }
  return needed;
}

/** dependencies and devDependencies for the package.json of a package made of `files`. */
export function packageDependencies(files: readonly string[]): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const used = new Set<string>();
  for (const code of files) {
    for (const spec of importedModules(code)) {
      const pkg = packageOf(spec);
      if (pkg) used.add(pkg);
    }
    for (const pkg of declaredDependencies(code)) used.add(pkg);
  }
  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  for (const pkg of [...used].sort()) {
    const version = GENERATED_DEPENDENCIES[pkg];
    if (version === undefined) throw new Error(`internal: generated code imports '${pkg}', which has no pinned version in generator/emit/dependencies.ts`);
    dependencies[pkg] = version;
  }
  const devNames = ['@types/node', 'typescript', ...[...used].flatMap((pkg) => (TYPE_PACKAGES[pkg] ? [TYPE_PACKAGES[pkg]] : []))];
  for (const name of devNames.sort()) devDependencies[name] = GENERATED_DEV_DEPENDENCIES[name]!;
  return { dependencies, devDependencies };
}
