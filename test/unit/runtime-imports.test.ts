// The table of generator/emit/runtime-imports.ts is the one place that says which runtime module
// defines a name generated code imports: every entry must match the templates, and no emitter may
// spell a runtime path itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_NAMES, reexportRuntime, runtimeModulePath } from '../../generator/emit/runtime-imports.js';

const root = join(import.meta.dirname, '../..');

function exportsOf(module: string): Set<string> {
  const text = readFileSync(join(root, 'templates/runtime', `${module}.ts`), 'utf8');
  const names = [...text.matchAll(/^export (?:declare )?(?:async )?(?:function\*?|const|let|class|interface|type|enum) (\w+)/gm)].map((m) => m[1]!);
  return new Set(names);
}

describe('runtime imports', () => {
  it.each([...RUNTIME_NAMES])('%s is exported by templates/runtime/%s.ts', (name, module) => {
    expect(exportsOf(module)).toContain(name);
  });

  it('no emitter names a runtime module path itself', () => {
    const dir = join(root, 'generator/emit');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'runtime-imports.ts')) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/'\.{1,2}\/runtime\//);
    }
  });

  it('paths are relative to the importing file', () => {
    expect(runtimeModulePath('src/index.ts', 'transport')).toBe('./runtime/transport.js');
    expect(runtimeModulePath('src/clients/a-client.ts', 'transport')).toBe('../runtime/transport.js');
    expect(reexportRuntime('src/index.ts', ['readBody', 'UpstreamHttpError', 'InvalidRequestError'], ['CallOptions'])).toEqual([
      "export { readBody } from './runtime/read-body.js';",
      "export type { CallOptions } from './runtime/request-plan.js';",
      "export { InvalidRequestError, UpstreamHttpError } from './runtime/upstream-errors.js';",
    ]);
  });
});
