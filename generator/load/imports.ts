// Shared consumes files imported with `{location, import, as}`, resolved relative to the importing file.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { loadFile, type LoadedDocument } from './load-file.js';

export interface ImportedFile {
  doc: LoadedDocument;
  /** Index in capability.consumes of the entry that imported it. */
  entryIndex: number;
}

export function loadImports(
  doc: LoadedDocument,
  cwd: string,
  chain: readonly string[] = [doc.absPath],
): { imports: Map<number, LoadedDocument>; diagnostics: Diagnostic[]; attempted: string[] } {
  const imports = new Map<number, LoadedDocument>();
  const diagnostics: Diagnostic[] = [];
  /** Every file an import points at, loaded or not: --watch must see a broken import get fixed. */
  const attempted: string[] = [];
  const capability = doc.data.capability;
  const consumes = capability && typeof capability === 'object' ? (capability as Record<string, unknown>).consumes : undefined;
  if (!Array.isArray(consumes)) return { imports, diagnostics, attempted };
  consumes.forEach((entry, index) => {
    if (!entry || typeof entry !== 'object') return;
    const location = (entry as Record<string, unknown>).location;
    if (typeof location !== 'string') return;
    const at = doc.map.locate(['capability', 'consumes', index, 'location']);
    const target = resolve(dirname(doc.absPath), location.replace(/^file:\/\/\/?\.?\//, './'));
    const shown = toPosix(relative(cwd, target) || target);
    attempted.push(target);
    const report = (code: string, message: string, hint: string): void => {
      diagnostics.push({ file: doc.file, line: at.line, col: at.col, severity: 'error', code, message, hint });
    };
    if (chain.includes(target)) {
      report('NG1011', `The import of '${location}' forms a cycle (${[...chain, target].map((p) => toPosix(relative(cwd, p))).join(' → ')}).`, 'Shared consumes files must not import the files that import them.');
      return;
    }
    if (!existsSync(target) || !statSync(target).isFile()) {
      report('NG1010', `The imported file '${location}' ${existsSync(target) ? 'is a directory, not a file' : 'does not exist'} (looked for ${shown}).`, 'Fix the location: it names a shared consumes file, resolved relative to the importing file.');
      return;
    }
    const loaded = loadFile(shown, target);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      return;
    }
    if (!Array.isArray(loaded.doc.data.consumes)) {
      report('NG1012', `The imported file '${location}' is not a shared consumes file (no root 'consumes' list).`, "Point 'location' at a file whose root holds 'consumes:'.");
      return;
    }
    imports.set(index, loaded.doc);
  });
  return { imports, diagnostics, attempted };
}

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}
