// The whole pipeline, pure: capability files in, generated files and diagnostics out. Only the CLI
// touches the output directory.
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { ALL_TARGETS, emitPackage, emitTracedSources, type Target } from './emit/emit-package-files.js';
import type { EmittedFile } from './emit/emitted-file.js';
import type { FileHeader } from './emit/printer.js';
import { cachedFormatter } from './format/format-cache.js';
import { createFormatPool, inProcessFormatter, POOL_MIN_INPUTS } from './format/format-pool.js';
import { useCodeCache } from './format/format.js';
import { expandInputs, packageName, type InputFile } from './inputs.js';
import { normalizedDocument } from './load/ikanos/document.js';
import { importedFile, loadImports, toPosix } from './load/imports.js';
import { resolveSectionImports } from './load/ikanos/section-imports.js';
import { loadFile, type LoadedDocument, type LoadResult } from './load/load-file.js';
import { buildModel } from './model/build-model.js';
import type { CapabilityModel } from './model/types.js';
import { validateDocument } from './validate/index.js';
import { generatorVersion } from './version.js';
import { loadConfig, type ProjectConfig } from './cli/config.js';
import { buildManifest } from './write/manifest.js';

export interface PipelineOptions {
  strict?: boolean;
  cwd?: string;
  /** Project root that headers and manifests name paths relative to (default: cwd), so the bytes do not depend on the working directory. */
  root?: string;
  /** Let imports leave their import root (reported as NG1016 warnings). */
  allowImportsOutside?: boolean;
  /** A directory caching formatted files by content (format/format-cache.ts); none: no cache. */
  formatCacheDir?: string;
  /** A directory caching loaded documents by text (load/load-cache.ts); none: every file is parsed. */
  loadCacheDir?: string;
  /** A directory holding V8's compiled code of prettier (format/code-cache.ts); none: compiled from source. */
  codeCacheDir?: string;
  targets?: readonly Target[];
  /** The project config (names, OpenAPI bindings); default: read from `cwd` (none when unreadable). */
  config?: ProjectConfig;
  /** Also emit each package with source tracing (GeneratedPackage.traced), for `generate --typecheck`. */
  traceSources?: boolean;
}

export type Stage = 'load' | 'validate' | 'model' | 'emit' | 'format';

export interface Timings {
  load: number;
  validate: number;
  model: number;
  emit: number;
  format: number;
}

export interface CheckedFile {
  input: InputFile;
  name: string;
  diagnostics: Diagnostic[];
  model?: CapabilityModel;
  /** Absolute paths of every file read: the capability and its imports. */
  sources: string[];
  /** The loaded documents (capability first), for hashing. */
  docs: LoadedDocument[];
}

export interface GeneratedPackage {
  name: string;
  input: InputFile;
  files: EmittedFile[];
  sources: string[];
  docs: LoadedDocument[];
  /**
   * With `traceSources`: the TypeScript files as emitted (before formatting), each with the ranges the
   * capability's routes, tools and operations produced; what maps a type error back to the capability.
   */
  traced?: EmittedFile[];
}

export interface GenerateResult {
  files: CheckedFile[];
  packages: GeneratedPackage[];
  diagnostics: Diagnostic[];
  missing: string[];
  timings: Timings;
}

function timer(timings: Timings) {
  return <T>(stage: Stage, work: () => T): T => {
    const start = performance.now();
    try {
      return work();
    } finally {
      timings[stage] += performance.now() - start;
    }
  };
}

/** load → validate → model, for each file (what `validate` runs). */
export function checkFiles(args: readonly string[], options: PipelineOptions = {}, timings = emptyTimings()): { files: CheckedFile[]; missing: string[] } {
  const cwd = options.cwd ?? process.cwd();
  const time = timer(timings);
  const { files, missing } = expandInputs(args, cwd);
  const config = options.config ?? configOrNothing(cwd);
  const load = loadOncePerRun(options.loadCacheDir);
  return { files: files.map((input) => checkFile(input, cwd, options.strict ?? false, time, options.allowImportsOutside ?? false, config, load)), missing };
}

/** The capability (or a shared consumes file it imports) declares `namespace`. */
function consumesNamespace(doc: LoadedDocument, imports: ReadonlyMap<number, LoadedDocument>, namespace: string): boolean {
  const lists = [doc.data.consumes, (doc.data.capability as Record<string, unknown> | undefined)?.consumes, ...[...imports.values()].map((d) => d.data.consumes)];
  return lists.some((list) => Array.isArray(list) && list.some((c) => c && typeof c === 'object' && ((c as Record<string, unknown>).namespace === namespace || (c as Record<string, unknown>).as === namespace)));
}

/** The config beside the inputs; a broken one is reported by the CLI, which reads it first. */
function configOrNothing(cwd: string): ProjectConfig {
  try {
    return loadConfig(cwd);
  } catch {
    return {};
  }
}

/**
 * loadFile, remembering each file for the rest of one run: a shared consumes file imported by many
 * capabilities (and often an input itself) is parsed once (notes/issue-12g.md). Keyed by the absolute
 * path: the same file reached under another display path (an input that is also imported by a
 * relative path) is not parsed again, only relabelled, so its diagnostics name the path the user
 * wrote there. Documents are never modified after loading (normalizing makes a new one), so sharing
 * their data is safe. One run only: the next run (--watch) must read the files again.
 */
function loadOncePerRun(cacheDir?: string): Loader {
  const seen = new Map<string, LoadResult>();
  return (displayPath, absPath) => {
    const result = seen.get(absPath);
    if (!result) {
      const loaded = loadFile(displayPath, absPath, cacheDir);
      seen.set(absPath, loaded);
      return loaded;
    }
    return shownAs(result, displayPath);
  };
}

/** A loaded file as seen under `displayPath`: the same data and positions, the file named as given. */
function shownAs(result: LoadResult, displayPath: string): LoadResult {
  if (result.ok) return result.doc.file === displayPath ? result : { ok: true, doc: { ...result.doc, file: displayPath } };
  return { ok: false, diagnostics: result.diagnostics.map((d) => (d.file === displayPath ? d : { ...d, file: displayPath })) };
}

type Loader = (displayPath: string, absPath: string) => LoadResult;

function checkFile(input: InputFile, cwd: string, strict: boolean, time: ReturnType<typeof timer>, allowOutside: boolean, config: ProjectConfig, load: Loader = loadFile): CheckedFile {
  const name = packageName(input.displayPath);
  const loaded = time('load', () => load(input.displayPath, input.absPath));
  if (!loaded.ok) return { input, name, diagnostics: loaded.diagnostics, sources: [input.absPath], docs: [] };
  const diagnostics: Diagnostic[] = [];
  const validation = time('validate', () => validateDocument(loaded.doc, { strict }));
  diagnostics.push(...validation.diagnostics);
  if (hasErrors(validation.diagnostics)) return { input, name, diagnostics: sortDiagnostics(diagnostics), sources: [input.absPath], docs: [loaded.doc] };
  // From here on an Ikanos document is read in the Naftiko shape (positions still point into the file).
  // Imports in exposes/aggregates/binds are replaced by the entries they name (Ikanos only).
  const sections = time('load', () => resolveSectionImports(normalizedDocument(loaded.doc), cwd, strict, { allowOutside, load }));
  diagnostics.push(...sections.diagnostics);
  const doc = sections.doc;
  const imported = time('load', () => loadImports(doc, cwd, [doc.absPath], { allowOutside, load }));
  diagnostics.push(...imported.diagnostics);
  for (const [index, importedDoc] of imported.imports) {
    diagnostics.push(...time('validate', () => validateDocument(importedFile(importedDoc), { strict }).diagnostics));
    imported.imports.set(index, normalizedDocument(importedDoc));
  }
  const docs = [doc, ...sections.docs, ...imported.imports.values()];
  const sources = [doc.absPath, ...sections.attempted, ...imported.attempted];
  if (hasErrors(diagnostics)) return { input, name, diagnostics: sortDiagnostics(diagnostics), sources, docs };
  // OpenAPI documents bound to namespaces this capability consumes: read, hashed and watched with it.
  const openapi = new Map<string, LoadResult>();
  for (const [namespace, path] of Object.entries(config.openapi ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!consumesNamespace(doc, imported.imports, namespace)) continue;
    const abs = resolve(config.dir ?? cwd, path);
    const loadedDoc = time('load', () => load(toPosix(relative(cwd, abs)) || abs, abs));
    openapi.set(namespace, loadedDoc);
    sources.push(abs);
    if (loadedDoc.ok) docs.push(loadedDoc.doc);
  }
  const built = time('model', () => buildModel({ name, doc, imports: imported.imports, ...(config.names ? { names: config.names } : {}), openapi }));
  diagnostics.push(...built.diagnostics);
  return { input, name, diagnostics: sortDiagnostics(dedupeDiagnostics(diagnostics)), ...(hasErrors(diagnostics) ? {} : { model: built.model }), sources, docs };
}

/**
 * The full pipeline: every valid file becomes a package of formatted files. Over many inputs the
 * formatting runs in worker threads (format-pool.ts) while the next files are checked and emitted;
 * the packages come out in input order and byte for byte as formatted in-process.
 */
export async function generate(args: readonly string[], options: PipelineOptions = {}): Promise<GenerateResult> {
  const timings = emptyTimings();
  const time = timer(timings);
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? configOrNothing(cwd);
  const root = options.root ?? cwd;
  const rootRelative = (abs: string): string => toPosix(relative(root, abs)) || abs;
  const { files: inputs, missing } = expandInputs(args, cwd);
  useCodeCache(options.codeCacheDir);
  const formatter = cachedFormatter(() => (inputs.length >= POOL_MIN_INPUTS ? createFormatPool(undefined, { codeCacheDir: options.codeCacheDir }) : inProcessFormatter), options.formatCacheDir);
  const files: CheckedFile[] = [];
  const pending: Array<Promise<GeneratedPackage>> = [];
  const seen = new Map<string, string>();
  const clashes: Diagnostic[] = [];
  const load = loadOncePerRun(options.loadCacheDir);
  try {
    for (const input of inputs) {
      // A turn of the event loop between files: the format workers' answers are handled, and each
      // worker is handed its next files (format-pool.ts), while this thread goes on.
      if (files.length > 0 && inputs.length >= POOL_MIN_INPUTS) await nextTurn();
      const file = checkFile(input, cwd, options.strict ?? false, time, options.allowImportsOutside ?? false, config, load);
      files.push(file);
      if (!file.model) continue;
      const clash = seen.get(file.name);
      if (clash) {
        clashes.push({ file: file.input.displayPath, line: 1, col: 1, severity: 'error', code: 'NG4001', message: `The package name '${file.name}' is already produced by ${clash}.`, hint: 'Rename one of the files: the package name is the file name without its extension.' });
        continue;
      }
      seen.set(file.name, file.input.displayPath);
      const header: FileHeader = { source: rootRelative(file.input.absPath), generator: `naftiko-gen ${generatorVersion()}` };
      const emitted = time('emit', () => emitPackage(file.model!, header, options.targets));
      const traced = options.traceSources ? time('emit', () => emitTracedSources(file.model!, header, options.targets ?? ALL_TARGETS, emitted)) : undefined;
      pending.push(formatPackage(file, header, emitted, formatter, rootRelative).then((pkg) => (traced ? { ...pkg, traced } : pkg)));
    }
    const start = performance.now();
    // Nothing left to emit: the pool may use the main thread's core (format-pool.ts).
    formatter.idle?.();
    const packages = await Promise.all(pending);
    timings.format += performance.now() - start; // what formatting adds once checking and emitting are done
    const diagnostics = [...files.flatMap((f) => f.diagnostics), ...clashes];
    return { files, packages, diagnostics: sortDiagnostics(diagnostics), missing, timings };
  } finally {
    await formatter.close();
  }
}

async function formatPackage(
  file: CheckedFile,
  header: FileHeader,
  emitted: readonly EmittedFile[],
  formatter: { format(path: string, contents: string): Promise<string> },
  rootRelative: (abs: string) => string,
): Promise<GeneratedPackage> {
  const formatted = await Promise.all(emitted.map(async (f) => ({ path: f.path, contents: f.preformatted ? f.contents : await formatter.format(f.path, f.contents) })));
  const inputs = file.docs.map((d) => ({ path: rootRelative(d.absPath), text: d.text }));
  formatted.push(buildManifest(header.generator, inputs, formatted));
  formatted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { name: file.name, input: file.input, files: formatted, sources: file.sources, docs: file.docs };
}

export function emptyTimings(): Timings {
  return { load: 0, validate: 0, model: 0, emit: 0, format: 0 };
}

