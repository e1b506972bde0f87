// `naftiko-gen init`: sets naftiko-gen up in an existing npm project (a config file, the `generate` and
// `check:generated` scripts, with --example a capability to start from). Idempotent: what is already
// there is left as is and reported; --force replaces what differs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatePath } from '../emit/template-files.js';

export const CONFIG_FILE = 'naftiko-gen.config.json';
const EXAMPLE = 'capabilities/batches.yaml';
const SCRIPTS: Readonly<Record<string, string>> = {
  generate: 'naftiko-gen generate',
  'check:generated': 'naftiko-gen generate --check',
};

export interface InitOptions {
  example?: boolean;
  force?: boolean;
}

/** Runs init in `cwd`; returns the exit code (0 done or nothing to do, 1 something left as is, 2 not an npm project). */
export function init(cwd: string, options: InitOptions, out: (line: string) => void, err: (line: string) => void): number {
  const pkgPath = join(cwd, 'package.json');
  if (!existsSync(pkgPath)) {
    err(`naftiko-gen init: no package.json in ${cwd}; run it at the root of an npm project (npm init -y creates one)`);
    return 2;
  }
  const pkgText = readFileSync(pkgPath, 'utf8');
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(pkgText) as Record<string, unknown>;
  } catch (e) {
    err(`naftiko-gen init: package.json is not valid JSON (${(e as Error).message}); fix it first`);
    return 2;
  }
  let kept = 0;
  const keep = (what: string): void => {
    kept++;
    out(`kept ${what} (differs from what init writes; --force replaces it)`);
  };

  // The configuration: naftiko-gen.config.json, unless package.json already holds a "naftiko-gen" key.
  const config = JSON.stringify({ inputs: ['capabilities'], out: 'generated' }, null, 2) + '\n';
  const configPath = join(cwd, CONFIG_FILE);
  if (pkg['naftiko-gen'] !== undefined && !existsSync(configPath)) out('unchanged: package.json "naftiko-gen" holds the configuration');
  else writeOnce(configPath, CONFIG_FILE, config, options.force, out, keep);

  // The scripts, in package.json (its indentation kept).
  const scripts = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}) };
  let scriptsChanged = false;
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] === command) out(`unchanged: script "${name}"`);
    else if (scripts[name] !== undefined && !options.force) keep(`script "${name}": ${scripts[name]}`);
    else {
      scripts[name] = command;
      scriptsChanged = true;
      out(`added script "${name}": ${command}`);
    }
  }
  if (scriptsChanged) {
    const indent = /^[{[]\r?\n([ \t]+)/.exec(pkgText)?.[1] ?? '  ';
    writeFileSync(pkgPath, JSON.stringify({ ...pkg, scripts }, null, indent) + '\n');
  }

  if (options.example) {
    mkdirSync(join(cwd, 'capabilities'), { recursive: true });
    writeOnce(join(cwd, EXAMPLE), EXAMPLE, readFileSync(templatePath('example/batches.yaml'), 'utf8'), options.force, out, keep);
  }
  out('next: npm run generate (then build the generated package; CI: npm run check:generated)');
  return kept > 0 ? 1 : 0;
}

function writeOnce(path: string, shown: string, text: string, force: boolean | undefined, out: (line: string) => void, keep: (what: string) => void): void {
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') === text) return out(`unchanged: ${shown}`);
    if (!force) return keep(shown);
  }
  writeFileSync(path, text);
  out(`wrote ${shown}`);
}
