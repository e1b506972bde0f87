// Builds the model of inline YAML (load → validate → model), for unit tests of the model stage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Diagnostic } from '../../generator/diagnostics.js';
import { loadText } from '../../generator/load/load-file.js';
import { buildModel } from '../../generator/model/build-model.js';
import { checkFiles, type CheckedFile } from '../../generator/pipeline.js';
import type { CapabilityModel } from '../../generator/model/types.js';
import { validateDocument } from '../../generator/validate/index.js';

export const REPO = join(import.meta.dirname, '../..');
export const SEED_PATH = 'capabilities/portkey-batch.yaml';
export const seedText = (): string => readFileSync(join(REPO, SEED_PATH), 'utf8');

export interface Modelled {
  model: CapabilityModel;
  diagnostics: Diagnostic[];
  /** Validation diagnostics (default mode), kept apart from model findings. */
  validation: Diagnostic[];
}

export function modelOf(yaml: string, name = 'inline', names?: Record<string, string>): Modelled {
  const loaded = loadText(`${name}.yaml`, `/virtual/${name}.yaml`, new TextEncoder().encode(yaml));
  if (!loaded.ok) throw new Error(`does not load: ${loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const validation = validateDocument(loaded.doc, { strict: false }).diagnostics;
  const built = buildModel({ name, doc: loaded.doc, imports: new Map(), ...(names ? { names } : {}) });
  return { model: built.model, diagnostics: built.diagnostics, validation };
}

/**
 * Runs the whole check (load → validate → model, config included) over `files` written to a fresh
 * temporary project (removed after the test file's tests), for tests that need a second file such as a bound
 * OpenAPI document. `inputs` defaults to the whole project.
 */
const projects: string[] = [];
afterAll(() => projects.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function checkProject(
  files: Record<string, string>,
  options: { openapi?: Record<string, string>; inputs?: string[] } = {},
): CheckedFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'naftiko-unit-'));
  projects.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = options.openapi ? { openapi: options.openapi } : {};
  return checkFiles(options.inputs ?? ['.'], { cwd: dir, config }).files;
}

export const at = (d: Diagnostic): string => `${d.line}:${d.col} ${d.severity} ${d.code}`;

/** 1-based line and column of the n-th (0-based) occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, nth = 0): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found`);
  }
  const before = text.slice(0, index);
  return { line: before.split('\n').length, col: index - before.lastIndexOf('\n') };
}

/** A small capability: one consumed op with a path parameter, a REST expose and an MCP expose. */
export function miniCapability(opts: { upstreamPath?: string; restPath?: string; withRest?: string; extraUpstreamParams?: string } = {}): string {
  return `naftiko: 1.0.0-alpha2
info:
  label: Mini
  description: Mini capability.
binds:
- namespace: env
  keys:
    MINI_TOKEN: MINI_TOKEN
capability:
  consumes:
  - type: http
    namespace: mini
    baseUri: https://api.example.com
    authentication:
      type: bearer
      token: '{{env.MINI_TOKEN}}'
    resources:
    - name: items
      path: ${opts.upstreamPath ?? '/items/{item_id}'}
      operations:
      - name: get-item
        method: GET
        inputParameters:
        - name: item_id
          in: path
${opts.extraUpstreamParams ?? ''}  exposes:
  - type: rest
    namespace: mini-rest
    port: 8080
    resources:
    - path: ${opts.restPath ?? '/v1/items/{item-id}'}
      name: items
      operations:
      - method: GET
        name: get-item
        call: mini.get-item
        with:
${opts.withRest ?? '          item_id: rest.item_id'}
`;
}
