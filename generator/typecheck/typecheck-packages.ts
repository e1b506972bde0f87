// Stage 6, only under `generate --typecheck` (docs/ARCHITECTURE.md, "Type-checking generated code"):
// the generated packages are type-checked in memory with ts-morph before anything is written, and a
// type error is reported at the capability element (route, tool, operation) that produced the code.
//
// The generated files are added as in-memory source files at the paths they would be written to, in a
// project over the real file system: `@naftiko-gen/runtime`, express, the MCP SDK and @types/node
// resolve from the user's node_modules exactly as `tsc` in the written package would resolve them.
// ts-morph is imported here, lazily: a plain `generate` never loads it (bench/ measures cold start).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { sourceAt } from '../emit/source-trace.js';
import type { EmittedFile } from '../emit/emitted-file.js';
import { toPosix } from '../load/imports.js';
import type { GeneratedPackage } from '../pipeline.js';
import type { CompilerOptions } from 'ts-morph';
import { runtimeAgainstPin } from '../write/runtime-version.js';
import { RUNTIME_PACKAGE } from '../emit/runtime-imports.js';
import { missingModuleOf, moduleResolution, type TsMorph } from './module-resolution.js';

export interface TypecheckOptions {
  /** Absolute output directory: packages are checked at `<outDir>/<name>/`, where they would be written. */
  outDir: string;
  /** The output directory as the user gave it, for messages. */
  displayOut: string;
  /** The directory paths in messages are relative to (default: the process's). */
  cwd?: string;
}

/** One TypeScript error, where the formatted file has it and where the traced (unformatted) text has it. */
interface TsError {
  path: string;
  code: number;
  /** Offset in the file's text. */
  start: number;
  line: number;
  col: number;
  message: string;
}

/** Type-checks every package; the findings (errors only) are empty when all compile. */
export async function typecheckPackages(packages: readonly GeneratedPackage[], options: TypecheckOptions): Promise<Diagnostic[]> {
  if (packages.length === 0) return [];
  const tsMorph: TsMorph = await import('ts-morph');
  // Packages of one run share their compiler options (their tsconfig.json files differ only in the
  // header comment); one project per distinct set (in practice, one) parses the declaration files of
  // node_modules once for all packages (39 corpus packages: 6 s, against about a minute with one
  // project per package).
  const byOptions = new Map<string, { options: CompilerOptions; packages: GeneratedPackage[] }>();
  for (const pkg of packages) {
    const compilerOptions = compilerOptionsOf(tsMorph, pkg.files.find((f) => f.path === 'tsconfig.json')?.contents ?? '{}', options.outDir);
    const key = JSON.stringify(Object.entries(compilerOptions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const group = byOptions.get(key) ?? { options: compilerOptions, packages: [] };
    group.packages.push(pkg);
    byOptions.set(key, group);
  }
  const diagnostics: Diagnostic[] = [];
  for (const group of byOptions.values()) diagnostics.push(...checkGroup(tsMorph, group.options, group.packages, options));
  return diagnostics;
}

function checkGroup(tsMorph: TsMorph, packageOptions: CompilerOptions, packages: readonly GeneratedPackage[], options: TypecheckOptions): Diagnostic[] {
  const { Project, ts } = tsMorph;
  const compilerOptions = { ...packageOptions, typeRoots: typeRootsOf(packages.map((pkg) => join(options.outDir, pkg.name))) };
  const project = new Project({ compilerOptions, skipAddingFilesFromTsConfig: true, resolutionHost: moduleResolution(tsMorph, options.outDir) });
  const dirOf = (pkg: GeneratedPackage): string => join(options.outDir, pkg.name);
  const load = (pkg: GeneratedPackage, files: readonly EmittedFile[]): void => {
    // The package's own package.json decides ESM or CommonJS; ts-morph does not read it for in-memory
    // files (it leaves every file's module format unset), so the format is set here.
    const format = packageType(pkg) === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
    for (const f of files) {
      if (!f.path.endsWith('.ts')) continue;
      const sf = project.createSourceFile(join(dirOf(pkg), f.path), f.contents, { overwrite: true });
      (sf.compilerNode as { impliedNodeFormat?: number }).impliedNodeFormat = format;
    }
  };
  for (const pkg of packages) load(pkg, pkg.files);
  const errors = collect(tsMorph, project);
  const diagnostics: Diagnostic[] = [];
  const failing: GeneratedPackage[] = [];
  // Errors outside every package: a global one (`types: ["node"]` not found) or in a declaration file.
  const outsideAll = errors.filter((e) => !packages.some((pkg) => isInside(dirOf(pkg), e.path)));
  const missingEverywhere = outsideAll.flatMap((e) => missingModuleOf(e.code, e.message));
  const stray = outsideAll.filter((e) => missingModuleOf(e.code, e.message).length === 0);
  for (const pkg of packages) {
    const own = errors.filter((e) => isInside(dirOf(pkg), e.path));
    // Anything not installed makes every other error of the package a consequence: one finding says what to install.
    const missing = [...new Set([...missingEverywhere, ...own.flatMap((e) => missingModuleOf(e.code, e.message))])].sort();
    if (missing.length > 0) {
      diagnostics.push(notInstalled(pkg, missing, `${options.displayOut}/${pkg.name}`));
      continue;
    }
    if (own.length > 0) failing.push(pkg);
  }
  if (failing.length === 0 && stray.length === 0) return diagnostics;
  // Where in the capability: the same check over the files as emitted (before formatting), whose
  // ranges say which element produced each stretch. Formatting changes no types, so the same errors
  // come out in the same order; the k-th error of a code in a file is paired with its formatted twin.
  for (const pkg of failing) load(pkg, pkg.traced ?? []);
  const tracedErrors = failing.some((pkg) => (pkg.traced ?? []).length > 0) ? collect(tsMorph, project) : [];
  for (const pkg of failing) {
    const dir = dirOf(pkg);
    const hint = runtimeMismatchHint(pkg, dir, options.cwd ?? process.cwd());
    const formatted = errors.filter((e) => isInside(dir, e.path));
    const twins = tracedErrors.filter((e) => isInside(dir, e.path));
    const seen = new Map<string, number>();
    for (const e of formatted) {
      const key = `${e.path}\u0000${e.code}`;
      const k = seen.get(key) ?? 0;
      seen.set(key, k + 1);
      const twin = twins.filter((t) => `${t.path}\u0000${t.code}` === key)[k];
      const file = pkg.traced?.find((f) => join(dir, f.path) === e.path);
      const source = twin && file?.ranges ? sourceAt(file.ranges, twin.start) : undefined;
      diagnostics.push(typeError(pkg, e, `${options.displayOut}/${pkg.name}/${relativeTo(dir, e.path)}:${e.line}:${e.col}`, source, hint));
    }
  }
  for (const e of stray) {
    for (const pkg of packages.filter((p) => !diagnostics.some((d) => d.code === 'NG4003' && d.file === p.input.displayPath))) diagnostics.push(typeError(pkg, e, e.path ? `${toPosix(relative(options.outDir, e.path))}:${e.line}:${e.col}` : `${options.displayOut}/${pkg.name} (its compiler options)`, undefined));
  }
  return diagnostics;
}

/** The tsconfig.json the package is built with, less what only emitting needs (nothing is emitted here). */
function compilerOptionsOf({ ts }: TsMorph, tsconfig: string, outDir: string): CompilerOptions {
  const parsed = ts.parseConfigFileTextToJson('tsconfig.json', tsconfig);
  const raw = ((parsed.config ?? {}) as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {};
  const { options } = ts.convertCompilerOptionsFromJson(raw, outDir);
  // rootDir/outDir point into one package; several packages share this project. `declaration` stays:
  // it adds the checks `tsc` makes while writing .d.ts files (an exported type that cannot be named).
  delete options.rootDir;
  delete options.outDir;
  return { ...options, noEmit: true };
}

/**
 * The `node_modules/@types` directories tsc would search from each package directory (the package's
 * own, then every one above it). Without them ts-morph would search above the working directory.
 */
function typeRootsOf(dirs: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const start of dirs) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', '@types');
      if (existsSync(candidate)) roots.add(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  return [...roots];
}

function collect({ ts }: TsMorph, project: import('ts-morph').Project): TsError[] {
  return project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
    .map((d) => {
      const sf = d.getSourceFile();
      const start = d.getStart() ?? 0;
      const pos = sf ? sf.getLineAndColumnAtPos(start) : { line: 1, column: 1 };
      const text = d.getMessageText();
      const message = typeof text === 'string' ? text : ts.flattenDiagnosticMessageText(text.compilerObject, '\n');
      return { path: sf?.getFilePath() ?? '', code: d.getCode(), start, line: pos.line, col: pos.column, message };
    });
}

/**
 * When the runtime the package would load is not the version its package.json pins (the generator's
 * own), the type errors most likely come from that difference, not from the capability: the hint
 * says which version is installed where and the command that installs the right one.
 */
function runtimeMismatchHint(pkg: GeneratedPackage, dir: string, cwd: string): string | undefined {
  const runtime = runtimeAgainstPin(dir, pkg.files.find((f) => f.path === 'package.json')?.contents);
  if (runtime?.installed !== 'other') return undefined;
  const where = toPosix(relative(cwd, runtime.path));
  return `The installed ${RUNTIME_PACKAGE} is ${runtime.version} (${where}), but this code is generated for ${runtime.wanted}: the error most likely comes from that difference. Install the matching version (npm i -E ${RUNTIME_PACKAGE}@${runtime.wanted}) and run again. Nothing was written.`;
}

function typeError(
  pkg: GeneratedPackage,
  e: TsError,
  where: string,
  source: { file: string; line: number; col: number } | undefined,
  hint = 'This element produces TypeScript that does not compile; change it, or report it as a naftiko-gen bug with the capability file. Nothing was written.',
): Diagnostic {
  const first = e.message.split('\n')[0]!.trim();
  const at = source ?? { file: pkg.input.displayPath, line: 1, col: 1 };
  return {
    ...at,
    severity: 'error',
    code: 'NG4002',
    message: `The generated ${where} does not type-check: TS${e.code} ${first}${source ? '' : ' (not traced to one element of the capability)'}`,
    hint,
  };
}

function notInstalled(pkg: GeneratedPackage, missing: readonly string[], where: string): Diagnostic {
  return {
    file: pkg.input.displayPath,
    line: 1,
    col: 1,
    severity: 'error',
    code: 'NG4003',
    message: `Cannot type-check ${where}: ${missing.join(', ')} cannot be resolved from where it would be written.`,
    hint: `Install the generated package's dependencies (run \`naftiko-gen generate\` once, add ${where} to your workspaces or install its package.json dependencies, then \`npm install\`), or generate without --typecheck. Nothing was written.`,
  };
}

function packageType(pkg: GeneratedPackage): string | undefined {
  const json = pkg.files.find((f) => f.path === 'package.json')?.contents;
  try {
    return json ? ((JSON.parse(json) as { type?: string }).type ?? 'commonjs') : undefined;
  } catch {
    return undefined;
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return path !== '' && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function relativeTo(dir: string, path: string): string {
  return toPosix(relative(dir, path));
}
