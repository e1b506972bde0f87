// Proof over real files: every naftiko file the project's own validator accepts (default and strict)
// is still valid after `migrate`, judged by the OFFICIAL ikanos 1.0.0-beta5 schema: strictly where the
// original was strictly valid, with the same common-dialect relaxations where it needed them. Files
// migrate leaves untouched must say why, with a §5.2 code (docs/migrate.md). Counts are printed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadText } from '../../generator/load/load-file.js';
import { migrateText } from '../../generator/migrate/index.js';
import { validateDocument } from '../../generator/validate/index.js';
import { CORPUS_DIR, corpusPresent, readManifest } from '../support/corpus.js';
import { errorLines, generatorReadsIkanos, ikanosWith, oraclePresent, PAIRS_DIR, SHARED } from './official-oracle.js';

const readsIkanos = generatorReadsIkanos();

const IKANOS_CORPUS = join(SHARED, 'corpus-ikanos');

const present = corpusPresent() && oraclePresent();
if (!present) console.log(`migrate validity suite skipped: ${CORPUS_DIR} or ${PAIRS_DIR} (or the beta5 schema) is absent`);

/** Valid before but left untouched, with the reason (all §5.2 cases; see docs/migrate.md). */
const EXPECTED_UNTOUCHED: Record<string, string> = {
  // Three consumed resources whose generated names were cut at 48 characters and collide.
  'api-evangelist__okta__capabilities--okta-capability.yaml': 'NG6003',
};
const SECTION_5_2 = new Set(['NG6002', 'NG6003', 'NG6004']);

interface Verdict {
  file: string;
  strict: boolean;
  dialectCodes: string[];
  status: string;
  errorCodes: string[];
  official: boolean;
  relaxed: boolean;
  problems: string[];
}

function judge(file: string, text: string): Verdict | undefined {
  const loaded = loadText(file, file, new TextEncoder().encode(text));
  if (!loaded.ok) return undefined;
  const byDefault = validateDocument(loaded.doc, { strict: false });
  if (byDefault.diagnostics.some((d) => d.severity === 'error')) return undefined; // invalid before: not claimed
  const strictRun = validateDocument(loaded.doc, { strict: true });
  const strict = !strictRun.diagnostics.some((d) => d.severity === 'error');
  const dialectCodes = [...new Set(strictRun.diagnostics.map((d) => d.code))].sort();
  const r = migrateText(file, text);
  const errorCodes = [...new Set(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
  let official = false;
  let relaxed = false;
  let problems: string[] = [];
  if (r.status !== 'blocked') {
    const data = parse(r.output) as unknown;
    const b5 = ikanosWith();
    official = b5(data) as boolean;
    const withDialect = ikanosWith(dialectCodes);
    relaxed = withDialect(data) as boolean;
    problems = strict ? (official ? [] : errorLines(b5)) : relaxed ? [] : errorLines(withDialect);
    // And by naftiko-gen's own validator, in the same mode, once it reads ikanos files.
    if (readsIkanos) {
      const again = loadText(file, file, new TextEncoder().encode(r.output));
      const own = again.ok ? validateDocument(again.doc, { strict }).diagnostics : again.diagnostics;
      problems.push(...own.filter((d) => d.severity === 'error').map((d) => `naftiko-gen ${strict ? 'strict' : 'default'}: ${d.line}:${d.col} ${d.code} ${d.message}`));
    }
  }
  return { file, strict, dialectCodes, status: r.status, errorCodes, official, relaxed, problems };
}

function check(verdicts: Verdict[], label: string): void {
  const strict = verdicts.filter((v) => v.strict);
  const dialect = verdicts.filter((v) => !v.strict);
  const untouched = verdicts.filter((v) => v.status === 'blocked');
  console.log(
    `migrate ${label}${readsIkanos ? ' (also checked by naftiko-gen\'s own validator, same mode)' : ''}: ${verdicts.length} file(s) valid before (${strict.length} strictly); after: ` +
      `${strict.filter((v) => v.official).length}/${strict.length} strict → official beta5 valid, ` +
      `${dialect.filter((v) => v.relaxed).length}/${dialect.length} dialect → beta5 + the same relaxations valid ` +
      `(${dialect.filter((v) => v.official).length} of them official outright), ${untouched.length} left untouched (${untouched.map((v) => `${v.file}: ${v.errorCodes.join(',')}`).join('; ') || 'none'})`,
  );
  for (const v of verdicts) {
    if (v.status === 'blocked') {
      expect(v.errorCodes.length, `${v.file} left untouched without an error`).toBeGreaterThan(0);
      for (const c of v.errorCodes) expect(SECTION_5_2.has(c), `${v.file}: ${c} is not a §5.2 case`).toBe(true);
      continue;
    }
    expect(v.problems, `${v.file} (${v.strict ? 'strict' : `dialect ${v.dialectCodes.join(',')}`}) is not valid after migration`).toEqual([]);
  }
}

describe.skipIf(!present)('migrate: valid before → valid against the official beta5 schema after', () => {
  it('over ../shared/corpus (naftiko alpha1, alpha2, alpha3)', () => {
    const rows = readManifest().filter((r) => /^1\.0\.0-alpha[123]$/.test(r.version));
    const verdicts = rows.map((r) => judge(r.file, readFileSync(join(CORPUS_DIR, r.file), 'utf8'))).filter((v): v is Verdict => v !== undefined);
    check(verdicts, 'corpus');
    expect(Object.fromEntries(verdicts.filter((v) => v.status === 'blocked').map((v) => [v.file, v.errorCodes.join(',')]))).toEqual(EXPECTED_UNTOUCHED);
    expect(verdicts.length).toBeGreaterThan(40);
    // Each distinct set of relaxations compiles its own oracle schema (seconds each on a loaded machine).
  }, 240_000);

  it('over ../shared/migration-pairs/alpha2 (the Naftiko project\'s own files)', () => {
    const dir = join(PAIRS_DIR, 'alpha2');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.ya?ml$/.test(e.name)) files.push(join(d, e.name));
      }
    };
    walk(dir);
    const verdicts = files.sort().map((f) => judge(relative(dir, f), readFileSync(f, 'utf8'))).filter((v): v is Verdict => v !== undefined);
    check(verdicts, 'migration-pairs/alpha2');
    expect(verdicts.filter((v) => v.status === 'blocked')).toEqual([]);
    expect(verdicts.length).toBeGreaterThan(30);
  });

  it.skipIf(!existsSync(join(IKANOS_CORPUS, 'MANIFEST.tsv')))('leaves every beta5 file of ../shared/corpus-ikanos that the official schema accepts byte for byte', () => {
    const [, ...rows] = readFileSync(join(IKANOS_CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const b5 = ikanosWith();
    let valid = 0;
    let repaired = 0;
    let stillInvalid = 0;
    for (const row of rows) {
      const path = row.split('\t')[0]!;
      const text = readFileSync(join(IKANOS_CORPUS, path), 'utf8');
      let data: unknown;
      try {
        data = parse(text);
      } catch {
        continue; // malformed on purpose: migrate reports NG1007 (see the unit tests)
      }
      if ((data as Record<string, unknown> | null)?.ikanos !== '1.0.0-beta5') continue;
      const r = migrateText(path, text);
      if (b5(data)) {
        valid++;
        expect({ path, status: r.status, same: r.output === text }).toEqual({ path, status: 'unchanged', same: true });
      } else if (r.status === 'migrated') {
        if (b5(parse(r.output))) repaired++;
        else stillInvalid++;
      }
    }
    console.log(`migrate corpus-ikanos: ${valid} beta5 files valid and left unchanged; of the invalid ones, ${repaired} in the old list spelling became valid, ${stillInvalid} stay invalid (negative fixtures)`);
    expect(valid).toBeGreaterThan(40);
  });
});
