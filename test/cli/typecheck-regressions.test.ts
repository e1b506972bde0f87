// Constructs that `generate --typecheck` found not compiling, fixed in the generator (notes/issue-4002.md):
// each is generated and type-checked for real here, so a regression shows as an NG4002.
//  - a bound OpenAPI document's component named like a global or runtime type (`Promise`, `CallOptions`)
//    became `export type Promise = …` and shadowed it;
//  - a `names` override putting methods in a group that is a member of the client class (`raw`);
//  - a component named like the client class or its options type (`BatchesClient`, `BatchesClientOptions`).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { TYPECHECK_TIMEOUT, exampleCapability, repoTempDir, writeProject } from '../support/projects.js';


let inside: string;
beforeAll(() => {
  inside = repoTempDir('typecheck-regressions-');
});
afterAll(() => rmSync(inside, { recursive: true, force: true }));

/** A project (package.json, config, the example capability, other files) inside the repository, so the generated imports resolve. */
function project(name: string, config: object, files: Record<string, string> = {}): string {
  return writeProject(inside, name, { 'capabilities/batches.yaml': exampleCapability(), ...files }, config);
}

const OPENAPI = `openapi: 3.0.3
info: {title: Batches, version: '1'}
servers: [{url: 'https://api.portkey.ai/v1'}]
paths:
  /batches:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Promise'}
  /batches/{batch_id}:
    get:
      parameters:
        - {name: batch_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CallOptions'}
components:
  schemas:
    Promise:
      type: object
      properties:
        data: {type: array, items: {type: string}}
    CallOptions:
      type: object
      properties:
        id: {type: string}
`;

/** Components named like the generated client class and its options interface. */
const CLASS_NAMED = OPENAPI.replace(/Promise/g, 'BatchesClient').replace(/CallOptions/g, 'BatchesClientOptions');

describe('generate --typecheck: constructs that once did not compile', () => {
  it(
    'OpenAPI components named like the client class and its options get other type names; the package type-checks',
    async () => {
      const dir = project('class-named', { openapi: { batches: 'capabilities/batches.openapi.yaml' } }, { 'capabilities/batches.openapi.yaml': CLASS_NAMED });
      const r = await runCli(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.out.filter((l) => / error NG/.test(l))).toEqual([]);
      expect(r.code).toBe(0);
      const client = readFileSync(join(dir, 'out/batches/src/clients/batches-client.ts'), 'utf8');
      expect(client).toContain('export class BatchesClient {');
      expect(client).toContain('export interface BatchesClientOptions {');
      expect(client).toMatch(/export (type|interface) BatchesClient2\b/);
      expect(client).toMatch(/export (type|interface) BatchesClientOptions2\b/);
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'OpenAPI components named Promise and CallOptions get other type names; the package type-checks',
    async () => {
      const dir = project('components', { openapi: { batches: 'capabilities/batches.openapi.yaml' } }, { 'capabilities/batches.openapi.yaml': OPENAPI });
      const r = await runCli(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.out.filter((l) => / error NG/.test(l))).toEqual([]);
      expect(r.code).toBe(0);
      const client = readFileSync(join(dir, 'out/batches/src/clients/batches-client.ts'), 'utf8');
      expect(client).toMatch(/export (type|interface) Promise2\b/);
      expect(client).toMatch(/export (type|interface) CallOptions2\b/);
      expect(client).toContain('Promise<Promise2>');
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'a names override into the group `raw` (a client member) is NG3143 at the operation, renamed rawResource; the package type-checks',
    async () => {
      const dir = project('raw-group', { names: { 'batches.listbatches': 'raw.list' } });
      const r = await runCli(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      const text = exampleCapability();
      const line = text.split('\n').findIndex((l) => l.trim() === '- name: listbatches') + 1;
      expect(r.out.filter((l) => / (error|warning) NG3/.test(l))).toEqual([
        `capabilities/batches.yaml:${line}:15: warning NG3143 The "names" override 'batches.listbatches' → 'raw.list' puts the method in the group 'raw', which the generated client already has as a member; the group is 'rawResource' instead.`,
      ]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'out/batches/src/rest-app.ts'), 'utf8')).toContain('.raw.rawResource.list');
    },
    TYPECHECK_TIMEOUT,
  );

  it(
    'a names override into the group `constructor` is renamed too (it used to end in an internal error)',
    async () => {
      const dir = project('constructor-group', { names: { 'batches.listbatches': 'constructor.list' } });
      const r = await runCli(['generate', 'capabilities', '--typecheck', '-o', 'out'], dir);
      expect(r.err.join('\n')).not.toMatch(/internal error/);
      expect(r.out.filter((l) => / NG3143 /.test(l))).toHaveLength(1);
      expect(r.code).toBe(0);
    },
    TYPECHECK_TIMEOUT,
  );
});
