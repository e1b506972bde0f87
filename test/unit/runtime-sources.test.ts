// packages/runtime/src is kept in the pinned prettier form (the style of generated code), imports only
// node built-ins, sibling files and the packages its package.json declares, and its entry points keep
// their promise: client and results reach neither express nor the MCP SDK, not even in types.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedModules, packageOf } from '../../generator/emit/dependencies.js';
import { formatFile } from '../../generator/format/format.js';

const pkgDir = join(import.meta.dirname, '../../packages/runtime');
const dir = join(pkgDir, 'src');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

describe('packages/runtime/src', () => {
  it.each(files)('%s is prettier-formatted with the pinned options (run `npm run format:templates`)', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(await formatFile(`src/runtime/${file}`, text)).toBe(text);
  });

  it('imports only node builtins, sibling files and packages declared in its package.json', () => {
    const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const spec of importedModules(text)) {
        if (spec.startsWith('./')) {
          expect(files, `${file} imports ${spec}`).toContain(spec.slice(2).replace(/\.js$/, '.ts'));
          continue;
        }
        const pkg = packageOf(spec);
        if (pkg) expect(declared, `${file} imports ${spec}`).toContain(pkg);
      }
    }
  });
});

/** Every package an entry point reaches through its built .js and .d.ts files (relative imports followed). */
function packagesReached(entry: string): Set<string> {
  const dist = join(pkgDir, 'dist');
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ext of ['.js', '.d.ts']) {
      const text = readFileSync(join(dist, file + ext), 'utf8');
      for (const spec of importedModules(text)) {
        if (spec.startsWith('.')) visit(normalize(join(dirname(file), spec.replace(/\.js$/, ''))));
        else if (packageOf(spec)) packages.add(packageOf(spec)!);
      }
    }
  };
  visit(`entries/${entry}`);
  return packages;
}

describe.runIf(existsSync(join(pkgDir, 'dist/entries/client.js')))('runtime entry points (built by `npm run build`)', () => {
  const heavy = (pkgs: Set<string>): string[] => [...pkgs].filter((p) => p === 'express' || p.startsWith('@modelcontextprotocol/')).sort();

  it('client and results reach neither express nor the MCP SDK', () => {
    expect(heavy(packagesReached('client'))).toEqual([]);
    expect(heavy(packagesReached('results'))).toEqual([]);
    expect([...packagesReached('results')].sort()).toEqual(['csv-parse', 'fast-xml-parser', 'jsonpath-plus', 'yaml']);
  });

  it('server reaches express, not the MCP SDK; mcp reaches the MCP SDK', () => {
    expect(heavy(packagesReached('server'))).toEqual(['express']);
    expect(heavy(packagesReached('mcp'))).toContain('@modelcontextprotocol/server');
  });
});
