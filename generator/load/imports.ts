// Shared consumes files imported with `{location, import, as}` (Ikanos: `from`), resolved relative to
// the importing file. An import stays inside its import root (see importRoot): a capability file from
// elsewhere must not make naftiko-gen read /etc/passwd or a file a symlink points at outside the
// project. Nothing of a refused target is read or echoed; `--allow-imports-outside` lifts the rule,
// with a warning per import that uses it.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { loadFile, type LoadedDocument, type LoadResult } from './load-file.js';
import type { DocPath } from './source-map.js';

export interface ImportedFile {
  doc: LoadedDocument;
  /** Index in capability.consumes of the entry that imported it. */
  entryIndex: number;
}

export interface ImportOptions {
  /** Let imports leave their import root (each such import is still reported, as a warning). */
  allowOutside?: boolean;
  /** How a file is read (default loadFile); generate() passes one that reads a shared file once per run. */
  load?: (displayPath: string, absPath: string) => LoadResult;
}

/** Files whose directory marks a project: imports may not leave the nearest one above the importing file. */
const ROOT_MARKERS = ['package.json', 'naftiko-gen.config.json', '.git'];

/** The nearest directory above `file` holding a project marker, else the file's own directory. */
export function importRoot(file: string): string {
  const own = dirname(file);
  for (let dir = own; ; dir = dirname(dir)) {
    if (ROOT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    if (dirname(dir) === dir) return own;
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function loadImports(
  doc: LoadedDocument,
  cwd: string,
  chain: readonly string[] = [doc.absPath],
  options: ImportOptions = {},
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
    const report = (code: string, message: string, hint: string, severity: 'error' | 'warning' = 'error'): void => {
      diagnostics.push({ file: doc.file, line: at.line, col: at.col, severity, code, message, hint });
    };
    const checked = importTarget(doc, location, cwd, chain, options, report);
    if (checked.target) attempted.push(checked.target);
    if (!checked.ok) return;
    const { target, shown } = checked;
    const loaded = (options.load ?? loadFile)(shown, target);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      return;
    }
    const source = consumesSource(loaded.doc);
    if (!source) {
      report('NG1012', `The imported file '${location}' holds no consumes list (neither at its root nor under 'capability').`, "Point 'location' at a file that declares 'consumes:'.");
      return;
    }
    imports.set(index, source);
  });
  return { imports, diagnostics, attempted };
}

/** Consumes views of capability files, each with the file it shows (validated as the file it is). */
const viewed = new WeakMap<LoadedDocument, LoadedDocument>();

/**
 * The document an import reads its namespaces from: a shared file's root `consumes`, else (as the
 * Ikanos engine's import resolver does) the `capability.consumes` of a whole capability file, shown as
 * a shared file whose positions still point into the capability file.
 */
function consumesSource(doc: LoadedDocument): LoadedDocument | undefined {
  if (Array.isArray(doc.data.consumes)) return doc;
  const capability = doc.data.capability;
  const consumes = capability && typeof capability === 'object' ? (capability as Record<string, unknown>).consumes : undefined;
  if (!Array.isArray(consumes)) return undefined;
  const { capability: _capability, ...rest } = doc.data;
  const into = (path: DocPath): DocPath => (path[0] === 'consumes' ? ['capability', ...path] : path);
  const view: LoadedDocument = {
    ...doc,
    data: { ...rest, consumes },
    map: { locate: (path) => doc.map.locate(into(path)), locateKey: (path) => doc.map.locateKey(into(path)) },
  };
  viewed.set(view, doc);
  return view;
}

/** The file to validate for an imported document: the capability file behind a consumes view. */
export function importedFile(doc: LoadedDocument): LoadedDocument {
  return viewed.get(doc) ?? doc;
}

type Report = (code: string, message: string, hint: string, severity?: 'error' | 'warning') => void;

/**
 * Where an import (`location`/`from`) of `doc` points, once the rules are checked: a local file (no
 * URL), inside the import root (unless allowed, then a warning), not on the chain of importing files
 * (a cycle), an existing file. Each refusal is reported at the importing line and nothing is read.
 * `target` is set whenever a local path was resolved (--watch follows it even while broken).
 */
export function importTarget(
  doc: LoadedDocument,
  location: string,
  cwd: string,
  chain: readonly string[],
  options: ImportOptions,
  report: Report,
): { ok: true; target: string; shown: string } | { ok: false; target?: string } {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) && !/^file:/i.test(location)) {
    report('NG1014', 'This import points at a URL; naftiko-gen reads imports from local files only.', 'Download the shared file into the project and import it by a relative path.');
    return { ok: false };
  }
  const target = resolve(dirname(doc.absPath), location.replace(/^file:\/\/\/?\.?\//, './'));
  const shown = toPosix(relative(cwd, target) || target);
  const root = importRoot(doc.absPath);
  if (!inside(real(root), real(target))) {
    const rootShown = toPosix(relative(cwd, root) || '.');
    if (!options.allowOutside) {
      report('NG1015', `This import leaves its import root (${rootShown}); the file it names was not read.`, 'Move the shared file inside the project (the nearest directory with a package.json, naftiko-gen config or .git), or pass --allow-imports-outside if you trust this file.');
      return { ok: false };
    }
    report('NG1016', `This import leaves its import root (${rootShown}) and is read because of --allow-imports-outside.`, 'Move the shared file inside the project to drop --allow-imports-outside.', 'warning');
  }
  if (chain.includes(target)) {
    report('NG1011', `The import of '${location}' forms a cycle (${[...chain, target].map((p) => toPosix(relative(cwd, p))).join(' → ')}).`, 'Shared files must not import the files that import them.');
    return { ok: false, target };
  }
  if (!existsSync(target) || !statSync(target).isFile()) {
    report('NG1010', `The imported file '${location}' ${existsSync(target) ? 'is a directory, not a file' : 'does not exist'} (looked for ${shown}).`, 'Fix the location: it names a shared file, resolved relative to the importing file.');
    return { ok: false, target };
  }
  return { ok: true, target, shown };
}

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}
