// The tables of generator/emit/runtime-imports.ts are the one place that says where generated code
// imports a runtime name from: every name must be exported by its module in packages/runtime/src,
// every module re-exported by exactly the entry point the table gives it, and no emitter may spell a
// runtime path itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_ENTRIES, RUNTIME_NAMES, reexportRuntime, runtimeImportPath } from '../../generator/emit/runtime-imports.js';

const root = join(import.meta.dirname, '../..');
const src = join(root, 'packages/runtime/src');

function exportsOf(module: string): Set<string> {
  const text = readFileSync(join(src, `${module}.ts`), 'utf8');
  const names = [...text.matchAll(/^export (?:declare )?(?:async )?(?:function\*?|const|let|class|interface|type|enum) (\w+)/gm)].map((m) => m[1]!);
  return new Set(names);
}

/** Entry point → the modules its barrel (src/entries/<entry>.ts) re-exports with `export *`. */
function barrels(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(join(src, 'entries')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(src, 'entries', file), 'utf8');
    out.set(file.replace(/\.ts$/, ''), [...text.matchAll(/^export \* from '\.\.\/([\w-]+)\.js';$/gm)].map((m) => m[1]!));
  }
  return out;
}

describe('runtime imports', () => {
  it.each([...RUNTIME_NAMES])('%s is exported by packages/runtime/src/%s.ts', (name, module) => {
    expect(exportsOf(module)).toContain(name);
  });

  it('every runtime module is re-exported by the one entry point the table names', () => {
    const modules = readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(Object.keys(RUNTIME_ENTRIES).sort()).toEqual(modules);
    const seen: string[] = [];
    for (const [entry, listed] of barrels()) {
      for (const module of listed) {
        expect(RUNTIME_ENTRIES[module as keyof typeof RUNTIME_ENTRIES], `entries/${entry}.ts re-exports ${module}`).toBe(entry);
        seen.push(module);
      }
    }
    expect(seen.sort()).toEqual(modules);
  });

  it('the entry points are the subpath exports of the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/runtime/package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    for (const entry of new Set(Object.values(RUNTIME_ENTRIES))) {
      expect(pkg.exports[`./${entry}`]?.default).toBe(`./dist/entries/${entry}.js`);
    }
  });

  it('no emitter names a runtime path itself', () => {
    const dir = join(root, 'generator/emit');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'runtime-imports.ts')) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/'\.{1,2}\/runtime\/|'@naftiko-gen\/runtime/);
    }
  });

  it('imports name the package entry point, one re-export statement per entry', () => {
    expect(runtimeImportPath('Transport')).toBe('@naftiko-gen/runtime/client');
    expect(runtimeImportPath('errorHandler')).toBe('@naftiko-gen/runtime/server');
    expect(runtimeImportPath('toToolResult')).toBe('@naftiko-gen/runtime/mcp');
    expect(reexportRuntime(['readBody', 'UpstreamHttpError', 'InvalidRequestError'], ['CallOptions'])).toEqual([
      "export { type CallOptions, InvalidRequestError, UpstreamHttpError, readBody } from '@naftiko-gen/runtime/client';",
    ]);
    expect(reexportRuntime([], ['CallOptions', 'Logger'])).toEqual([
      "export type { CallOptions } from '@naftiko-gen/runtime/client';",
      "export type { Logger } from '@naftiko-gen/runtime/server';",
    ]);
  });
});
