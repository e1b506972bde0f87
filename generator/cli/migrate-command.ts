// `naftiko-gen migrate`: prints what the Ikanos spelling of each file would be (a unified diff),
// rewrites files with --write, or only checks with --check (CI). docs/migrate.md has the rules.
import { Command, Option } from 'commander';
import { hasErrors, sortDiagnostics } from '../diagnostics.js';
import type { MigratedFile } from '../migrate/index.js';
import { TARGET_VERSION } from '../migrate/target.js';
import { noCapabilityFiles, printDiagnostics, summarize } from './report.js';

const MIGRATE_EXIT_HELP = `
Exit codes:
  0  every file is migrated, or already in the Ikanos spelling (warnings allowed)
  1  a file could not be migrated (left untouched, see its errors), or with --check a file would change
  2  usage error: unknown option, --write with --check, missing path, or no capability file found`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

interface MigrateFlags {
  to: string;
  write?: boolean;
  check?: boolean;
  format: 'text' | 'json';
  quiet?: boolean;
}

/** Adds the subcommand; `setExit` receives the command's exit code. */
export function addMigrateCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('migrate')
    .description(`Rewrite naftiko 1.0.0-alpha1/alpha2/alpha3 capability files into the Ikanos ${TARGET_VERSION} spelling, keeping comments, key order and quoting. Prints a diff unless --write.`)
    .argument('<paths...>', 'capability files or directories')
    .addOption(new Option('--to <version>', 'target version').choices([TARGET_VERSION]).default(TARGET_VERSION))
    .addOption(new Option('--write', 'rewrite the files in place (atomically)').conflicts('check'))
    .addOption(new Option('--check', 'write nothing; exit 1 when a file would change (for CI)').conflicts('write'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'no diffs and no warnings: the files that change, errors and the summary')
    .addHelpText('after', MIGRATE_EXIT_HELP)
    .action(async (paths: string[], opts: MigrateFlags) => setExit(await runMigrate(paths, opts, io)));
}

// The migrate modules (and `diff`) load only when this command runs: `generate` never pays for them.
async function runMigrate(paths: string[], opts: MigrateFlags, io: Io): Promise<number> {
  const { migrateFiles, migrationDiff, writeAtomically } = await import('../migrate/index.js');
  const { files, missing } = migrateFiles(paths, io.cwd);
  if (missing.length > 0) {
    io.err(`naftiko-gen: no such file or directory: ${missing.join(', ')}`);
    return 2;
  }
  if (files.length === 0) {
    io.err(noCapabilityFiles(paths));
    return 2;
  }
  const written = new Set<MigratedFile>();
  if (opts.write) {
    for (const f of files) {
      if (f.status !== 'migrated') continue;
      try {
        writeAtomically(f.input.absPath, f.output);
        written.add(f);
      } catch (err) {
        io.err(`naftiko-gen: cannot write ${f.input.displayPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return 1;
      }
    }
  }
  const diagnostics = sortDiagnostics(files.flatMap((f) => f.diagnostics));
  const changed = files.filter((f) => f.status === 'migrated');
  const blocked = files.filter((f) => f.status === 'blocked');
  if (opts.format === 'json') {
    io.out(
      JSON.stringify(
        {
          to: TARGET_VERSION,
          mode: opts.write ? 'write' : opts.check ? 'check' : 'diff',
          files: files.map((f) => ({
            file: f.input.displayPath,
            from: f.from ?? null,
            status: f.status,
            written: written.has(f),
            diagnostics: opts.quiet ? f.diagnostics.filter((d) => d.severity === 'error') : f.diagnostics,
            ...(f.status === 'migrated' && !opts.write && !opts.quiet ? { diff: migrationDiff(f) } : {}),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    for (const f of changed) {
      if (opts.write) io.out(`migrated ${f.input.displayPath} (${f.from} → ikanos ${f.to})`);
      else {
        io.out(`${opts.check ? 'would change' : 'migrate'}: ${f.input.displayPath} (${f.from} → ikanos ${f.to})`);
        if (!opts.quiet) io.out(migrationDiff(f).trimEnd());
      }
    }
    printDiagnostics(opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics, io.out);
    const verb = opts.write ? 'migrated' : opts.check ? 'would change' : 'to migrate';
    io.out(`migrate: ${changed.length} ${verb}, ${files.length - changed.length - blocked.length} unchanged, ${blocked.length} left untouched (errors); ${summarize(files.length, diagnostics)}`);
  }
  if (hasErrors(diagnostics)) return 1;
  return opts.check && changed.length > 0 ? 1 : 0;
}
