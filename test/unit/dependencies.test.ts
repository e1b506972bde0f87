// generator/emit/dependencies.ts: a package depends on the npm packages its code imports, nothing else,
// the runtime package at exactly the generator's version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_OPTIONAL_DEPENDENCIES,
  importedModules,
  packageDependencies,
  packageOf,
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

describe('packageDependencies', () => {
  it('declares exactly the packages imported, with @types/express only beside express', () => {
    const withExpress = packageDependencies(["import express from 'express';", "import { serve } from '@naftiko-gen/runtime/server';"]);
    expect(Object.keys(withExpress.dependencies)).toEqual(['@naftiko-gen/runtime', 'express']);
    expect(Object.keys(withExpress.devDependencies)).toEqual(['@types/express', '@types/node', 'typescript']);
    const clientOnly = packageDependencies(["import { request } from 'node:http';"]);
    expect(clientOnly.dependencies).toEqual({});
    expect(Object.keys(clientOnly.devDependencies)).toEqual(['@types/node', 'typescript']);
  });

  it('pins the runtime package to the generator version', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const runtime = JSON.parse(readFileSync(join(import.meta.dirname, '../../packages/runtime/package.json'), 'utf8')) as { version: string };
    expect(runtime.version).toBe(pkg.version);
    expect(packageDependencies(["import { Transport } from '@naftiko-gen/runtime/client';"]).dependencies).toEqual({ '@naftiko-gen/runtime': pkg.version });
  });

  it('adds swagger-ui-dist only where the apiDocs runtime helper is imported (the runtime reads it from disk)', () => {
    const rest = packageDependencies(["import { accessLog, apiDocs } from '@naftiko-gen/runtime/server';"]);
    expect(Object.keys(rest.dependencies)).toContain('swagger-ui-dist');
    const multiLine = packageDependencies(['import {\n  accessLog,\n  apiDocs as docs,\n} from \'@naftiko-gen/runtime/server\';']);
    expect(Object.keys(multiLine.dependencies)).toContain('swagger-ui-dist');
    const mcp = packageDependencies(["import { accessLog } from '@naftiko-gen/runtime/server';", '// apiDocs is mentioned in a comment only']);
    expect(Object.keys(mcp.dependencies)).not.toContain('swagger-ui-dist');
  });

  it('refuses a package without a pinned version', () => {
    expect(() => packageDependencies(["import leftPad from 'left-pad';"])).toThrow(/left-pad/);
  });

  it('lists the OpenTelemetry SDK as optionalDependencies of a package with a server only', () => {
    const server = packageDependencies(["import { serve } from '@naftiko-gen/runtime/server';"]);
    expect(server.optionalDependencies).toEqual(GENERATED_OPTIONAL_DEPENDENCIES);
    expect(Object.keys(server.optionalDependencies)).toContain('@opentelemetry/api');
    expect(packageDependencies(["import { Transport } from '@naftiko-gen/runtime/client';"]).optionalDependencies).toEqual({});
  });

  it('pins the versions the runtime package declares and tests with (packages/runtime/package.json)', () => {
    const runtime = JSON.parse(readFileSync(new URL('../../packages/runtime/package.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
    for (const [name, version] of Object.entries(GENERATED_OPTIONAL_DEPENDENCIES)) {
      expect(runtime.peerDependenciesMeta?.[name], name).toEqual({ optional: true });
      expect(runtime.devDependencies?.[name], name).toBe(version);
    }
  });
});
