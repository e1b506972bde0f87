// Every corpus file through the whole pipeline: checkFiles in default and strict mode (never throws),
// generate for the files valid by default; the strict verdict must equal the official schema's verdict
// for alpha1/alpha2/alpha3 files. Prints one table row per file.
import { describe, expect, it } from 'vitest';
import { hasErrors, type Diagnostic } from '../../generator/diagnostics.js';
import { checkFiles, generate } from '../../generator/pipeline.js';
import { buildCorpusLayout, CORPUS_DIR, corpusPresent, countCodes, readManifest, type CorpusRow } from '../support/corpus.js';

const present = corpusPresent();
if (!present) console.log(`corpus suite skipped: ${CORPUS_DIR} (MANIFEST.tsv) is absent`);

const ALPHA = new Set(['1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3']);

interface Outcome {
  row: CorpusRow;
  defaultDiags: Diagnostic[];
  strictDiags: Diagnostic[];
  defaultVerdict: 'PASS' | 'FAIL';
  strictVerdict: 'PASS' | 'FAIL';
  generated: number | string;
  failure?: string;
}

describe.skipIf(!present)('corpus: whole pipeline on every file', () => {
  it('every file gets a verdict, strict agrees with the official schema, valid files generate', async () => {
    const rows = readManifest();
    expect(rows.length).toBeGreaterThanOrEqual(62);
    const layout = buildCorpusLayout(rows);
    const outcomes: Outcome[] = [];
    const started = performance.now();
    try {
      for (const row of rows) {
        const { cwd, path } = layout.locate(row);
        const outcome: Outcome = { row, defaultDiags: [], strictDiags: [], defaultVerdict: 'FAIL', strictVerdict: 'FAIL', generated: '-' };
        try {
          const relaxed = checkFiles([path], { cwd });
          const strict = checkFiles([path], { cwd, strict: true });
          expect(relaxed.missing, row.file).toEqual([]);
          expect(relaxed.files, row.file).toHaveLength(1);
          outcome.defaultDiags = relaxed.files[0]!.diagnostics;
          outcome.strictDiags = strict.files[0]!.diagnostics;
          outcome.defaultVerdict = hasErrors(outcome.defaultDiags) ? 'FAIL' : 'PASS';
          outcome.strictVerdict = hasErrors(outcome.strictDiags) ? 'FAIL' : 'PASS';
          // A file valid by default has a model; an invalid one has none.
          expect(relaxed.files[0]!.model !== undefined, row.file).toBe(outcome.defaultVerdict === 'PASS');
          if (outcome.defaultVerdict === 'PASS') {
            const result = await generate([path], { cwd });
            const errors = result.diagnostics.filter((d) => d.severity === 'error');
            if (errors.length > 0) outcome.failure = `generate errors: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`;
            outcome.generated = result.packages[0]?.files.length ?? 0;
          }
        } catch (err) {
          outcome.failure = `threw: ${(err as Error).stack ?? String(err)}`;
        }
        outcomes.push(outcome);
      }
    } finally {
      layout.dispose();
    }
    const seconds = (performance.now() - started) / 1000;

    const warn = (l: Diagnostic[]) => countCodes(l.filter((d) => d.severity === 'warning').map((d) => d.code));
    const errs = (l: Diagnostic[]) => countCodes(l.filter((d) => d.severity === 'error').map((d) => d.code));
    const lines = outcomes.map((o) =>
      [
        o.row.file.slice(0, 72).padEnd(72),
        o.row.version.padEnd(13),
        o.defaultVerdict.padEnd(7),
        `${o.strictVerdict}/${o.row.official}`.padEnd(10),
        warn(o.defaultDiags).padEnd(48),
        errs(o.defaultDiags).padEnd(28),
        errs(o.strictDiags).slice(0, 60).padEnd(60),
        String(o.generated).padStart(5),
        o.failure ? `  !! ${o.failure.split('\n')[0]}` : '',
      ].join(' '),
    );
    const agree = outcomes.filter((o) => ALPHA.has(o.row.version) && o.strictVerdict === o.row.official).length;
    const alpha = outcomes.filter((o) => ALPHA.has(o.row.version)).length;
    console.log(
      [
        `${'file'.padEnd(72)} ${'version'.padEnd(13)} default strict/off ${'warnings (default)'.padEnd(48)} ${'errors (default)'.padEnd(28)} ${'errors (strict)'.padEnd(60)} files`,
        ...lines,
        `${outcomes.length} files in ${seconds.toFixed(1)} s; default accepts ${outcomes.filter((o) => o.defaultVerdict === 'PASS').length}; ` +
          `strict agrees with the official verdict on ${agree}/${alpha} alpha files; generated ${outcomes.filter((o) => typeof o.generated === 'number' && o.generated > 0).length} packages.`,
      ].join('\n'),
    );

    // Every file got a verdict, without an exception, and every diagnostic is well-formed.
    expect(outcomes.filter((o) => o.failure).map((o) => `${o.row.file}: ${o.failure}`)).toEqual([]);
    for (const o of outcomes) {
      for (const d of [...o.defaultDiags, ...o.strictDiags]) {
        expect(d.line, o.row.file).toBeGreaterThanOrEqual(1);
        expect(d.col, o.row.file).toBeGreaterThanOrEqual(1);
        expect(d.code, o.row.file).toMatch(/^NG[A-Z]?\d{3,4}$/);
        expect(d.message.length, o.row.file).toBeGreaterThan(0);
        expect(d.hint.length, o.row.file).toBeGreaterThan(0);
      }
      // Strict never accepts what default rejects.
      if (o.defaultVerdict === 'FAIL') expect(o.strictVerdict, o.row.file).toBe('FAIL');
      if (typeof o.generated === 'number') expect(o.generated, o.row.file).toBeGreaterThan(0);
    }
    // The strict verdict equals the official schema's verdict for alpha1/2/3 files.
    const mismatches = outcomes.filter((o) => ALPHA.has(o.row.version) && o.strictVerdict !== o.row.official);
    expect(mismatches.map((o) => `${o.row.file}: strict ${o.strictVerdict}, official ${o.row.official}: ${errs(o.strictDiags)}`)).toEqual([]);
    // Other versions (0.5) get a diagnostic, not silence.
    for (const o of outcomes.filter((x) => !ALPHA.has(x.row.version))) expect(o.defaultDiags.length, o.row.file).toBeGreaterThan(0);
    // `seconds` is printed with the table, not asserted: speed is measured in bench/.
  }, 300_000);
});
