// Shared helpers for the regeneration suite: temp workspaces, an in-process CLI runner, a child
// process runner for the compiled launcher, and tree snapshots.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../generator/cli/main.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED = join(REPO, 'capabilities/portkey-batch.yaml');
export const LAUNCHER = join(REPO, 'bin/naftiko-gen.js');
const TMP_ROOT = join(REPO, '.vitest-tmp');

const made: string[] = [];

export function tempDir(label: string): string {
  mkdirSync(TMP_ROOT, { recursive: true });
  const dir = mkdtempSync(join(TMP_ROOT, `regen-${label}-`));
  made.push(dir);
  // A project of its own, as a user's repository is: generated headers name paths relative to the
  // nearest package.json, which would otherwise be this repository's (and name the temp directory).
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  return dir;
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliResult {
  code: number;
  out: string[];
  err: string[];
  text: string;
}

/** Runs the CLI in-process with `cwd`. */
export async function run(cwd: string, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, out, err, text: [...out, ...err].join('\n') };
}

/** Runs the compiled launcher in a child process. */
export function runChild(cwd: string, argv: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [LAUNCHER, ...argv], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCli(cwd: string, argv: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [LAUNCHER, ...argv], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Copies the seed capability into `dir` (as `name`), returns its path. */
export function copySeed(dir: string, name = 'portkey-batch.yaml'): string {
  const to = join(dir, name);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(SEED, to);
  return to;
}

/** Every file under `dir` (relative posix path → bytes as latin1 string), directories included as entries ending in '/'. */
export function snapshot(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(current, entry.name);
      const rel = relative(dir, full).split('\\').join('/');
      if (entry.isDirectory()) {
        found.set(rel + '/', '');
        walk(full);
      } else found.set(rel, readFileSync(full).toString('latin1'));
    }
  };
  try {
    if (statSync(dir).isDirectory()) walk(dir);
  } catch {
    /* missing: empty */
  }
  return found;
}

export function snapshotObject(dir: string): Record<string, string> {
  return Object.fromEntries(snapshot(dir));
}

export const SHARED_PATH = 'shared/svc.yaml';

/** A shared consumes file with one GET operation whose description is `opDescription`. */
export function sharedConsumes(opDescription = 'Fetches one widget by id.'): string {
  return `naftiko: 1.0.0-alpha2
consumes:
- type: http
  namespace: svc
  baseUri: https://x.test
  description: Shared widget service.
  resources:
  - name: widgets
    path: /widgets/{id}
    operations:
    - name: getwidget
      method: GET
      description: ${opDescription}
      outputRawFormat: json
      outputParameters:
      - name: result
        type: object
        value: $.
      inputParameters:
      - name: id
        in: path
        type: string
        description: The widget id.
        required: true
`;
}

/** A capability importing ./shared/svc.yaml, exposing one MCP tool. */
export function importingCapability(toolDescription = 'Get a widget.'): string {
  return `naftiko: 1.0.0-alpha2
info:
  label: Widgets
  description: Widgets capability built on a shared consumes file.
capability:
  consumes:
  - import: svc
    location: ./${SHARED_PATH}
  exposes:
  - type: mcp
    namespace: widgets-mcp
    port: 9090
    transport: http
    description: MCP adapter for widgets.
    tools:
    - name: get-widget
      description: ${toolDescription}
      hints:
        readOnly: true
        destructive: false
        idempotent: true
      call: svc.getwidget
      with:
        id: tools.id
      outputParameters:
      - type: object
        mapping: $.
`;
}

/** Writes cap.yaml + shared/svc.yaml into `dir`. */
export function writeImportingFixture(dir: string, opDescription?: string): { cap: string; shared: string } {
  const cap = join(dir, 'cap.yaml');
  const shared = join(dir, SHARED_PATH);
  mkdirSync(dirname(shared), { recursive: true });
  writeFileSync(cap, importingCapability());
  writeFileSync(shared, sharedConsumes(opDescription));
  return { cap, shared };
}

export { sleep } from '../support/wait.js';

export function git(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
