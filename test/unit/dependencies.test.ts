// generator/emit/dependencies.ts: a package carries the runtime helpers and npm packages its code
// imports, nothing else.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  GENERATED_DEPENDENCIES,
  GENERATED_OPTIONAL_DEPENDENCIES,
  importedModules,
  packageDependencies,
  packageOf,
  runtimeClosure,
} from '../../generator/emit/dependencies.js';

describe('importedModules', () => {
  it('finds imports, type imports and re-exports, also across lines', () => {
    const code = [
      "import express from 'express';",
      "import type { Request } from 'express';",
      'import {\n  a,\n  b,\n} from "./double-quoted-is-not-ours.js";',
      "import {\n  readInputs,\n  sendFailure,\n} from './runtime/rest.js';",
      "export { iterateJsonLines } from './runtime/json-lines.js';",
      "export * from './clients/x-client.js';",
    ].join('\n');
    expect(importedModules(code)).toEqual(['express', 'express', './runtime/rest.js', './runtime/json-lines.js', './clients/x-client.js']);
  });

  it('ignores "from \'…\'" inside strings and comments', () => {
    const code = [
      "export const DESCRIPTION = 'Copies data from \\'a\\' to b; import x from \\'evil\\';';",
      "/** import x from 'jsdoc'; */",
      "const t = `import y from 'template';`;",
      "  // export { z } from 'comment';",
    ].join('\n');
    expect(importedModules(code)).toEqual([]);
  });
});

describe('packageOf', () => {
  it.each([
    ['csv-parse/sync', 'csv-parse'],
    ['@modelcontextprotocol/server/stdio', '@modelcontextprotocol/server'],
    ['express', 'express'],
    ['node:http', undefined],
    ['./runtime/http.js', undefined],
  ])('%s → %s', (spec, pkg) => expect(packageOf(spec)).toBe(pkg));
});

describe('runtimeClosure', () => {
  const runtime = new Map([
    ['a.ts', "import { b } from './b.js';\nimport express from 'express';"],
    ['b.ts', "import { c } from './c.js';"],
    ['c.ts', "import { parse } from 'yaml';"],
    ['unused.ts', "import { XMLParser } from 'fast-xml-parser';"],
  ]);

  it('follows runtime imports from src/ and src/clients/', () => {
    expect([...runtimeClosure(["import { a } from '../runtime/a.js';"], runtime)].sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect([...runtimeClosure(["import { c } from './runtime/c.js';"], runtime)]).toEqual(['c.ts']);
  });

  it('names a runtime file that does not exist', () => {
    expect(() => runtimeClosure(["import { z } from './runtime/missing.js';"], runtime)).toThrow(/runtime\/missing\.ts/);
  });
});

describe('packageDependencies', () => {
  it('declares exactly the packages imported, with @types/express only beside express', () => {
    const withExpress = packageDependencies(["import express from 'express';", "import { parse } from 'csv-parse/sync';"]);
    expect(Object.keys(withExpress.dependencies)).toEqual(['csv-parse', 'express']);
    expect(Object.keys(withExpress.devDependencies)).toEqual(['@types/express', '@types/node', 'typescript']);
    const clientOnly = packageDependencies(["import { request } from 'node:http';"]);
    expect(clientOnly.dependencies).toEqual({});
    expect(Object.keys(clientOnly.devDependencies)).toEqual(['@types/node', 'typescript']);
  });

  it('refuses a package without a pinned version', () => {
    expect(() => packageDependencies(["import leftPad from 'left-pad';"])).toThrow(/left-pad/);
  });

  it('lists optionalImport() packages as optionalDependencies only', () => {
    const deps = packageDependencies(["const api = await optionalImport('@opentelemetry/api');"]);
    expect(deps.dependencies).toEqual({});
    expect(deps.optionalDependencies).toEqual({ '@opentelemetry/api': GENERATED_OPTIONAL_DEPENDENCIES['@opentelemetry/api'] });
    expect(packageDependencies(["import x from 'express';"]).optionalDependencies).toEqual({});
    expect(() => packageDependencies(["await optionalImport('left-pad');"])).toThrow(/left-pad/);
  });

  it('pins the versions the repository installs and tests with (package.json)', () => {
    const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
    for (const [name, version] of Object.entries(GENERATED_OPTIONAL_DEPENDENCIES)) expect(root.optionalDependencies?.[name], name).toBe(version);
    expect(root.dependencies?.jose).toBe(GENERATED_DEPENDENCIES.jose);
  });
});
