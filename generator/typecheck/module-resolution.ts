// How `generate --typecheck` resolves imports: as `tsc` does for the written package, from the module
// format of each importing file. ts-morph leaves that format unset on every file it creates (so under
// NodeNext all of node_modules would be resolved with `require` conditions, and a dual package such as
// the MCP SDK would load its CommonJS types next to the ESM ones the runtime sees, two unrelated
// McpServer types); here each file's format comes from its extension and nearest package.json.
import type * as TsMorphModule from 'ts-morph';

export type TsMorph = typeof TsMorphModule;

export function moduleResolution({ ts }: TsMorph, currentDirectory: string): TsMorphModule.ResolutionHostFactory {
  return (host, getCompilerOptions) => {
    const cache = ts.createModuleResolutionCache(currentDirectory, (f) => f, getCompilerOptions());
    return {
      resolveModuleNames: (names, containingFile, _reused, redirected, options, containingSourceFile) =>
        names.map((name) => {
          const mode = containingSourceFile?.impliedNodeFormat ?? ts.getImpliedNodeFormatForFile(containingFile, cache.getPackageJsonInfoCache(), host, options);
          return ts.resolveModuleName(name, containingFile, options, host, cache, redirected, mode).resolvedModule;
        }),
    };
  };
}

/**
 * The package a TypeScript error says is not installed: TS2307 (no module) and TS7016 (no types) for
 * a bare specifier, TS2688 (a `types` entry such as `node`). A relative import that does not resolve
 * is a generator bug, not a missing install, and is reported as a type error.
 */
export function missingModuleOf(code: number, message: string): string[] {
  if (code !== 2307 && code !== 7016 && code !== 2688) return [];
  const specifier = /'([^']+)'/.exec(message)?.[1];
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/')) return [];
  // The package to install, not each subpath imported (`@naftiko-gen/runtime/client` → `@naftiko-gen/runtime`).
  // Node's built-in modules come with @types/node.
  if (specifier.startsWith('node:') || code === 2688) return [`@types/${specifier.replace(/^node:.*/, 'node')}`];
  const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  return [code === 7016 ? `${name} (its types)` : name];
}
