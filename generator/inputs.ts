// Expands CLI arguments (files and directories) into capability files, in a stable order.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cmp } from './diagnostics.js';
import { toPosix } from './load/imports.js';

/** Files a directory scan picks up; a `.json` capability is read when named explicitly (directories hold package.json, openapi.json…). */
const CAPABILITY_FILE = /\.ya?ml$/i;
/** OpenAPI documents kept beside capabilities (bound in the config's `openapi`) are not capabilities. */
const OPENAPI_FILE = /\.openapi\.ya?ml$/i;

export interface InputFile {
  absPath: string;
  /** As shown in diagnostics and headers: relative to cwd, posix separators. */
  displayPath: string;
}

export function expandInputs(args: readonly string[], cwd: string): { files: InputFile[]; missing: string[] } {
  const files = new Map<string, InputFile>();
  const missing: string[] = [];
  const add = (abs: string): void => void files.set(abs, { absPath: abs, displayPath: toPosix(relative(cwd, abs)) || abs });
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && CAPABILITY_FILE.test(entry.name) && !OPENAPI_FILE.test(entry.name)) add(full);
    }
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) walk(abs);
    else add(abs);
  }
  return { files: [...files.values()].sort((a, b) => cmp(a.displayPath, b.displayPath)), missing };
}

/** Package name: the file name without .yaml/.yml/.json and a trailing .naftiko or .ikanos (a file and its Ikanos spelling side by side name one package). */
export function packageName(displayPath: string): string {
  const base = displayPath.split('/').pop() ?? displayPath;
  return base.replace(/\.(ya?ml|json)$/i, '').replace(/\.(naftiko|ikanos)$/i, '');
}
