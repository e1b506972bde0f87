// Files and directories → one migration per capability file; `--write` replaces each changed file
// atomically (a temporary file in the same directory, then rename), so an interrupted run never leaves
// a half-written capability.
import { readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Diagnostic } from '../diagnostics.js';
import { expandInputs, type InputFile } from '../inputs.js';
import { MAX_FILE_BYTES } from '../load/load-file.js';
import { migrateDiagnostic } from './codes.js';
import { migrateText, type MigratedText } from './migrate-text.js';
import { TARGET_VERSION } from './target.js';

export interface MigratedFile extends MigratedText {
  input: InputFile;
  original: string;
}

export function migrateFiles(paths: readonly string[], cwd: string): { files: MigratedFile[]; missing: string[] } {
  const { files, missing } = expandInputs(paths, cwd);
  return { files: files.map(migrateFile), missing };
}

export function migrateFile(input: InputFile): MigratedFile {
  let original: string;
  try {
    if (statSync(input.absPath).size > MAX_FILE_BYTES) throw new Error('too large');
    original = readFileSync(input.absPath, 'utf8');
  } catch {
    const d: Diagnostic = migrateDiagnostic(input.displayPath, { line: 1, col: 1 }, 'unsupportedSource', 'The file cannot be read (missing, unreadable or over the size limit).');
    return { input, original: '', status: 'blocked', to: TARGET_VERSION, output: '', diagnostics: [{ ...d, code: 'NG1001', hint: 'Check the path, the permissions and that it is a capability file.' }] };
  }
  return { input, original, ...migrateText(input.displayPath, original) };
}

/** Unified diff of one file, as `generate --check` prints it. */
export function migrationDiff(file: MigratedFile): string {
  const path = file.input.displayPath;
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, file.original, file.output, '', '', { context: 3 });
}

/**
 * Replaces the file in one rename; the temporary file never survives a failure. A symlink is followed,
 * so the file it points at is rewritten and the link stays a link.
 */
export function writeAtomically(path: string, text: string): void {
  const absPath = realpathSync(path);
  const tmp = join(dirname(absPath), `.${basename(absPath)}.migrate-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text, { mode: statSync(absPath).mode });
    renameSync(tmp, absPath);
  } finally {
    rmSync(tmp, { force: true });
  }
}
