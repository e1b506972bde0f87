// Projects the CLI tests generate into: a directory with a package.json (the project root), its
// capabilities/ and an optional naftiko-gen.config.json. A project inside the repository (under
// .vitest-tmp/) resolves the generated code's imports (@naftiko-gen/runtime, express, the MCP SDK)
// from the repository's node_modules, as a user's repository would.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');
/** A type-check takes seconds; more when the machine is shared. */
export const TYPECHECK_TIMEOUT = 120_000;

/** The example capability `init --example` writes (templates/example/batches.yaml). */
export const exampleCapability = (): string => readFileSync(join(REPO, 'templates/example/batches.yaml'), 'utf8');

/** A fresh directory under the repository's .vitest-tmp/ (remove it in afterAll). */
export function repoTempDir(prefix: string): string {
  mkdirSync(join(REPO, '.vitest-tmp'), { recursive: true });
  return mkdtempSync(join(REPO, '.vitest-tmp', prefix));
}

/** `parent/name` holding a package.json, capabilities/, the config when given, and `files` (path → text). */
export function writeProject(parent: string, name: string, files: Record<string, string>, config?: object): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'capabilities'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }) + '\n');
  if (config) writeFileSync(join(dir, 'naftiko-gen.config.json'), JSON.stringify(config) + '\n');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** Every file below dir (relative path → contents); empty when dir does not exist. */
export function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
