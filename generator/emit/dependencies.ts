// What a generated package needs, decided from what its code imports: the npm packages those files
// import (a client-only package depends on neither express nor the MCP SDK), the runtime package at
// exactly the generator's version among them.
import { generatorVersion } from '../version.js';
import { RUNTIME_PACKAGE } from './runtime-imports.js';

/**
 * Versions generated packages depend on: the ones this repository installs and tests with, and the
 * runtime released with this generator (same version, pinned: generated code and runtime change together).
 */
export const GENERATED_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@modelcontextprotocol/node': '2.1.2',
  '@modelcontextprotocol/server': '2.4.0',
  express: '5.3.0',
  [RUNTIME_PACKAGE]: generatorVersion(),
  // The files GET /docs serves (packages/runtime/src/api-docs.ts reads them from disk, never imports them).
  'swagger-ui-dist': '5.35.0',
};

/**
 * Packages the runtime loads only when a setting asks for them (packages/runtime/src/tracing.ts: the
 * OpenTelemetry SDK, with OTEL_EXPORTER_OTLP_ENDPOINT). They are optional peers of the runtime, so a
 * package with a server (it imports the runtime's server entry) lists them as optionalDependencies:
 * installed where they can be, and tracing switched off with a log line where they are missing.
 */
export const GENERATED_OPTIONAL_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@opentelemetry/api': '1.9.1',
  '@opentelemetry/exporter-trace-otlp-http': '0.223.1',
  '@opentelemetry/resources': '2.12.1',
  '@opentelemetry/sdk-trace-base': '2.12.1',
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

// Runtime names that need an npm package the generated code does not import itself (an optional peer
// of the runtime: swagger-ui-dist is read from disk, the MCP SDK's Node adapter used by the /mcp
// handler): a generated file importing the name makes its package depend on that package.
const PACKAGES_OF_RUNTIME_NAMES: Readonly<Record<string, readonly string[]>> = {
  apiDocs: ['swagger-ui-dist'],
  mcpNodeHandler: ['@modelcontextprotocol/node', '@modelcontextprotocol/server'],
};

// `import { a, type B } from '<runtime package>/<entry>';` (the clause holds no quote or brace).
const RUNTIME_NAMED_IMPORT = new RegExp(`^import\\s*(?:type\\s*)?\\{([^}'"\`]*)\\}\\s*from '${RUNTIME_PACKAGE}/[a-z-]+';`, 'gm');

/** Packages a file needs because of the runtime names it imports (not because it imports them itself). */
export function declaredDependencies(code: string): string[] {
  const names = [...code.matchAll(RUNTIME_NAMED_IMPORT)].flatMap((m) => m[1]!.split(',').map((n) => n.replace(/^\s*type\s+/, '').split(/\s+as\s+/)[0]!.trim()));
  return names.flatMap((name) => PACKAGES_OF_RUNTIME_NAMES[name] ?? []);
}

/** The npm package of a bare specifier (`csv-parse/sync` → `csv-parse`); undefined for files and builtins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** dependencies, devDependencies and optionalDependencies for the package.json of a package made of `files`. */
export function packageDependencies(files: readonly string[]): { dependencies: Record<string, string>; devDependencies: Record<string, string>; optionalDependencies: Record<string, string> } {
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
  const hasServer = files.some((code) => importedModules(code).includes(`${RUNTIME_PACKAGE}/server`));
  const optionalDependencies: Record<string, string> = hasServer ? { ...GENERATED_OPTIONAL_DEPENDENCIES } : {};
  return { dependencies, devDependencies, optionalDependencies };
}
