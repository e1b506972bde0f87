// naftiko-gen command line. Exit codes (docs/ARCHITECTURE.md): 0 ok (warnings allowed), 1 invalid input or drift
// found by --check, 2 usage error (including inputs that hold no capability file).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, CommanderError, Option } from 'commander';
import { hasErrors, nearest, sortDiagnostics } from '../diagnostics.js';
import { ALL_TARGETS, type Target } from '../emit/emit-package-files.js';
import { expandInputs } from '../inputs.js';
import { toPosix } from '../load/imports.js';
import { checkFiles, generate } from '../pipeline.js';
import { generatorVersion } from '../version.js';
import { typecheckPackages } from '../typecheck/typecheck-packages.js';
import { checkRuntimeVersion } from '../write/runtime-version.js';
import { cleanLeftovers, compare, writePackage } from '../write/write-package.js';
import { countByCode, isDialect, noCapabilityFiles, printDiagnostics, summarize } from './report.js';
import { loadConfig, projectRoot, type ProjectConfig } from './config.js';
import { init } from './init.js';
import { watchAndRun } from './watch.js';
import { formatCacheDir } from '../format/format-cache.js';
import { loadCacheDirBeside } from '../load/load-cache.js';
import { codeCacheDirBeside } from '../format/code-cache.js';
import { addMigrateCommand } from './migrate-command.js';

// Each command lists only the exit codes it can return.
const EXIT_HELP = `
Exit codes:
  0  success (warnings allowed)
  1  invalid input, drift found by generate --check, or a file migrate --check would change
  2  usage error`;

const VALIDATE_EXIT_HELP = `
Exit codes:
  0  every file is valid (warnings allowed)
  1  a file has an error
  2  usage error: unknown option, missing path, or no capability file found`;

const GENERATE_EXIT_HELP = `
Exit codes:
  0  generated (warnings allowed); with --check, everything is up to date
  1  invalid input or, with --typecheck, code that does not type-check (nothing is written), or drift found by --check
  2  usage error: unknown option or target, bad config, missing path, or no capability file found`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('naftiko-gen')
    .description('Generate a typed client, an Express REST adapter and an MCP server from Naftiko capability files.')
    .version(generatorVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText('after', EXIT_HELP);

  program
    .command('validate')
    .description('Check capability files (and the shared consumes files they import) without generating.')
    .argument('<paths...>', 'capability files or directories')
    .option('--strict', 'apply the official schema only: common-dialect relaxations become errors')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'print errors only (and, in text, the summary)')
    .option('--allow-imports-outside', 'let imports leave their project (the nearest directory with package.json, a naftiko-gen config or .git); each such import is reported')
    .addHelpText('after', VALIDATE_EXIT_HELP)
    .action((paths: string[], opts: { strict?: boolean; format: 'text' | 'json'; quiet?: boolean; allowImportsOutside?: boolean }) => {
      if (opts.allowImportsOutside) io.err(ALLOW_OUTSIDE_BANNER);
      const { files, missing } = checkFiles(paths, { strict: opts.strict ?? false, cwd: io.cwd, allowImportsOutside: opts.allowImportsOutside ?? false });
      if (missing.length > 0) {
        io.err(`naftiko-gen: no such file or directory: ${missing.join(', ')}`);
        exitCode = 2;
        return;
      }
      const diagnostics = files.flatMap((f) => f.diagnostics);
      const keep = (list: typeof diagnostics) => (opts.quiet ? list.filter((d) => d.severity === 'error') : list);
      if (opts.format === 'json') {
        // JSON keeps every field of every finding (hints included); --quiet drops warnings only.
        io.out(JSON.stringify({ files: files.map((f) => ({ file: f.input.displayPath, valid: !hasErrors(f.diagnostics), diagnostics: keep(f.diagnostics) })) }, null, 2));
      } else {
        printDiagnostics(keep(diagnostics), io.out);
        io.out(summarize(files.length, diagnostics));
      }
      exitCode = hasErrors(diagnostics) ? 1 : files.length === 0 ? 2 : 0;
      if (files.length === 0) io.err(noCapabilityFiles(paths));
    });

  program
    .command('init')
    .description('Set naftiko-gen up in this npm project: naftiko-gen.config.json and the generate / check:generated scripts; never overwrites without --force.')
    .option('--example', `also write an example capability (capabilities/batches.yaml)`)
    .option('--force', 'replace a config, script or example that differs from what init writes')
    .action((opts: { example?: boolean; force?: boolean }) => {
      exitCode = init(io.cwd, opts, io.out, io.err);
    });

  program
    .command('generate')
    .description('Generate one package per capability file into <out>/<name>/. Without paths, reads naftiko-gen.config.json or package.json "naftiko-gen".')
    .argument('[paths...]', 'capability files or directories')
    .option('-o, --out <dir>', 'output directory (default: generated)')
    .option('--strict', 'apply the official schema only')
    .option('--check', 'write nothing; exit 1 when any generated file would change, is missing, is stale or was edited by hand')
    .option('--dry-run', 'list what would be written, write nothing')
    .option('--watch', 'regenerate whenever a capability or a file it imports changes')
    .option('--typecheck', 'type-check each generated package in memory (ts-morph) before writing; a type error is reported at the capability element that produced it and nothing is written')
    .option('--targets <list>', `comma-separated subset of ${ALL_TARGETS.join(',')}`)
    .option('-q, --quiet', 'print errors only')
    .option('--allow-imports-outside', 'let imports leave their project (the nearest directory with package.json, a naftiko-gen config or .git); each such import is reported')
    .addHelpText('after', GENERATE_EXIT_HELP)
    .action(async (paths: string[], opts: GenerateFlags) => {
      let config: ProjectConfig;
      try {
        config = loadConfig(io.cwd);
      } catch (err) {
        io.err(`naftiko-gen: ${(err as Error).message}`);
        exitCode = 2;
        return;
      }
      const fromConfig = (p: string): string => (config.dir ? toPosix(relative(io.cwd, resolve(config.dir, p))) || '.' : p);
      const settings = {
        // Paths from the command line are relative to the working directory; from the configuration,
        // to the directory that holds it (so `generate` works from any subdirectory).
        paths: paths.length > 0 ? paths : (config.inputs ?? []).map(fromConfig),
        out: opts.out ?? fromConfig(config.out ?? 'generated'),
        strict: opts.strict ?? config.strict ?? false,
        allowImportsOutside: opts.allowImportsOutside ?? false,
        targets: (opts.targets?.split(',') ?? config.targets ?? [...ALL_TARGETS]).map((t) => t.trim()).filter(Boolean),
        root: '',
      };
      settings.root = projectRoot(config, resolve(io.cwd, settings.out), io.cwd);
      if (settings.paths.length === 0) {
        io.err('naftiko-gen: no inputs: give capability files or directories, or set "inputs" in naftiko-gen.config.json');
        exitCode = 2;
        return;
      }
      const unknown = settings.targets.filter((t) => !ALL_TARGETS.includes(t as Target));
      if (unknown.length > 0) {
        const guesses = unknown.map((t) => nearest(t, ALL_TARGETS, { limit: 1, maxDistance: 2 })[0]).filter((g): g is string => g !== undefined);
        io.err(`naftiko-gen: unknown target(s) ${unknown.join(', ')}${guesses.length > 0 ? ` (did you mean ${guesses.join(', ')}?)` : ''}; use ${ALL_TARGETS.join(', ')}`);
        exitCode = 2;
        return;
      }
      // A mistyped or empty directory is a usage error, as for validate: "generated 0 package(s)" (or a
      // --check that compares nothing) would let CI pass without looking at anything.
      const inputs = expandInputs(settings.paths, io.cwd);
      if (inputs.missing.length === 0 && inputs.files.length === 0) {
        io.err(noCapabilityFiles(settings.paths, paths.length > 0 ? undefined : config.from));
        exitCode = 2;
        return;
      }
      if (opts.watch) {
        const handle = await watchAndRun(
          async () => {
            const { sources } = await generateOnce(settings, opts, io);
            return sources;
          },
          (err) => io.err(`naftiko-gen: watch: ${err.message}`),
        );
        io.out('watching for changes (Ctrl-C to stop)');
        await new Promise<void>((resolveStop) => {
          const stop = (): void => {
            handle.close();
            resolveStop();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return;
      }
      exitCode = (await generateOnce(settings, opts, io)).exitCode;
    });

  addMigrateCommand(program, io, (code) => (exitCode = code));

  if (argv.length === 0) {
    io.err(program.helpInformation().trimEnd());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    io.err(`naftiko-gen: internal error: ${(err as Error).message}`);
    io.err('This is a bug in naftiko-gen; please report it with the input file.');
    return 1;
  }
  return exitCode;
}

interface GenerateFlags {
  out?: string;
  strict?: boolean;
  check?: boolean;
  dryRun?: boolean;
  watch?: boolean;
  targets?: string;
  quiet?: boolean;
  allowImportsOutside?: boolean;
  typecheck?: boolean;
}

interface GenerateSettings {
  /** Project root: headers and manifests name paths relative to it. */
  root: string;
  paths: string[];
  out: string;
  strict: boolean;
  allowImportsOutside: boolean;
  targets: string[];
}

/** Said on stderr before anything else: the flag lets a capability file make naftiko-gen read any file. */
const ALLOW_OUTSIDE_BANNER = 'naftiko-gen: WARNING: --allow-imports-outside: imports may read files outside their project; use it only on capability files you trust.';

/** One generation (or check, or dry run). Returns the exit code and every file it read. */
async function generateOnce(settings: GenerateSettings, opts: GenerateFlags, io: Io): Promise<{ exitCode: number; sources: string[] }> {
  const started = performance.now();
  if (settings.allowImportsOutside) io.err(ALLOW_OUTSIDE_BANNER);
  const formatCache = formatCacheDir(settings.root);
  const result = await generate(settings.paths, { strict: settings.strict, cwd: io.cwd, root: settings.root, formatCacheDir: formatCache, loadCacheDir: loadCacheDirBeside(formatCache), codeCacheDir: codeCacheDirBeside(formatCache), allowImportsOutside: settings.allowImportsOutside, targets: settings.targets as Target[], traceSources: opts.typecheck ?? false });
  const sources = result.files.flatMap((f) => [f.input.absPath, ...f.sources]);
  if (result.missing.length > 0) {
    io.err(`naftiko-gen: no such file or directory: ${result.missing.join(', ')}`);
    return { exitCode: 2, sources };
  }
  // Errors and the warnings about generated behaviour are listed; common-dialect warnings (NGD1xx) are
  // counted in one line: they are about spelling, not about what is generated, and `validate` lists them.
  // Listing them made a routine build print ~40 lines for the README's own sample capability.
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const dialect = opts.quiet ? [] : result.diagnostics.filter((d) => d.severity === 'warning' && isDialect(d));
  const shown = opts.quiet ? errors : result.diagnostics.filter((d) => d.severity === 'error' || !isDialect(d));
  printDiagnostics(shown, opts.quiet ? io.err : io.out);
  if (dialect.length > 0) {
    io.out(`note: ${dialect.length} common-dialect warning(s) not listed (${countByCode(dialect)}); \`naftiko-gen validate ${settings.paths.join(' ')}\` lists each with its fix, --strict makes them errors`);
  }
  const outDir = resolve(io.cwd, settings.out);
  if (opts.typecheck && !hasErrors(result.diagnostics)) {
    // Stage 6: before --check compares or anything is written; a package that would not compile fails the run.
    const typeStarted = performance.now();
    const typeErrors = await typecheckPackages(result.packages, { outDir, displayOut: settings.out, cwd: io.cwd });
    printDiagnostics(sortDiagnostics(typeErrors), opts.quiet ? io.err : io.out);
    result.diagnostics.push(...typeErrors);
    if (!opts.quiet) io.out(`typecheck: ${result.packages.length} package(s), ${typeErrors.length} error(s) (${Math.round(performance.now() - typeStarted)} ms)`);
  }
  if (opts.check) {
    let drifted = 0;
    let runtimeErrors = 0;
    for (const pkg of result.packages) {
      const pkgDir = join(outDir, pkg.name);
      for (const d of compare(pkgDir, pkg.files)) {
        drifted++;
        io.out(`${d.kind}: ${settings.out}/${pkg.name}/${d.path} (${d.reason})`);
        if (!opts.quiet) io.out(d.diff);
      }
      const expectedJson = pkg.files.find((f) => f.path === 'package.json')?.contents ?? '';
      const actualJson = readIfExists(join(pkgDir, 'package.json'));
      for (const finding of checkRuntimeVersion(pkgDir, `${settings.out}/${pkg.name}`, expectedJson, actualJson, io.cwd)) {
        if (finding.severity === 'error') runtimeErrors++;
        if (finding.severity === 'error' || !opts.quiet) io.out(finding.message);
      }
    }
    if (!opts.quiet || drifted > 0) io.out(`check: ${result.packages.length} package(s), ${drifted} file(s) out of date; ${summarize(result.files.length, result.diagnostics)}`);
    return { exitCode: drifted > 0 || runtimeErrors > 0 || hasErrors(result.diagnostics) ? 1 : 0, sources };
  }
  if (hasErrors(result.diagnostics)) {
    // Nothing is written when any input is invalid: a build step must not half-update its output.
    io.err(`naftiko-gen: not generating: ${summarize(result.files.length, result.diagnostics)}`);
    return { exitCode: 1, sources };
  }
  if (opts.dryRun) {
    for (const pkg of result.packages) for (const f of pkg.files) io.out(`would write ${settings.out}/${pkg.name}/${f.path}`);
    return { exitCode: 0, sources };
  }
  cleanLeftovers(outDir);
  const totals = { written: 0, unchanged: 0, removed: 0 };
  for (const pkg of result.packages) {
    const stats = writePackage(join(outDir, pkg.name), pkg.files);
    totals.written += stats.written;
    totals.unchanged += stats.unchanged;
    totals.removed += stats.removed;
  }
  if (!opts.quiet) {
    const ms = Math.round(performance.now() - started);
    io.out(`generated ${result.packages.length} package(s) in ${settings.out}/: ${totals.written} written, ${totals.unchanged} unchanged, ${totals.removed} removed (${ms} ms); ${summarize(result.files.length, result.diagnostics)}`);
  }
  return { exitCode: 0, sources };
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function defaultIo(): Io {
  return { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), cwd: process.cwd() };
}
