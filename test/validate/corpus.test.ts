// Every corpus file: our strict verdict must equal the official schema's verdict (MANIFEST.tsv, last column).
//
// Naftiko 0.5 is read since issue 14, so its files are compared like the others. (Before: files at an
// unsupported version got our single NG2100 diagnostic, read as FAIL.) The manifest's verdict for them comes from the
// official 0.5 schema, which answers a different question ("is this valid 0.5?"); so for those rows we
// assert the NG2100 diagnostic and only report (not assert) agreement with the manifest. All four 0.5 files
// are FAIL in the manifest, so today both readings agree.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { loadFile } from '../../generator/load/load-file.js';
import { SUPPORTED_VERSIONS, validateDocument } from '../../generator/validate/index.js';

const dir = join(import.meta.dirname, '../../../shared/corpus');
const seed = join(import.meta.dirname, '../../../shared/seed/portkey-batch.yaml');
const present = existsSync(join(dir, 'MANIFEST.tsv'));
if (!present) console.log(`validate corpus suite skipped: ${dir} is absent`);

interface Row {
  file: string;
  version: string;
  official: 'PASS' | 'FAIL';
}

function manifest(): Row[] {
  const lines = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const cols = l.split('\t');
    return { file: cols[0]!, version: cols[5]!, official: cols[cols.length - 1] as 'PASS' | 'FAIL' };
  });
}

function summarize(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort().map(([c, n]) => `${c}×${n}`).join(' ') || '-';
}

describe.skipIf(!present)('corpus', () => {
  it('strict verdict equals the official verdict on every file; default mode never throws', () => {
    const rows = manifest();
    expect(rows.length).toBe(62);
    const table: string[] = [];
    let agree = 0;
    let defaultValid = 0;
    for (const row of rows) {
      const loaded = loadFile(row.file, join(dir, row.file));
      expect(loaded.ok, row.file).toBe(true);
      if (!loaded.ok) continue;
      const strict = validateDocument(loaded.doc, { strict: true });
      const relaxed = validateDocument(loaded.doc, { strict: false });
      const strictVerdict = strict.diagnostics.some((d) => d.severity === 'error') ? 'FAIL' : 'PASS';
      const defaultVerdict = relaxed.diagnostics.some((d) => d.severity === 'error') ? 'FAIL' : 'PASS';
      if (defaultVerdict === 'PASS') defaultValid++;
      if (SUPPORTED_VERSIONS.includes(row.version)) {
        expect(strictVerdict, row.file).toBe(row.official);
      } else {
        expect(strict.diagnostics.map((d) => d.code), row.file).toEqual(['NG2100']);
        expect(relaxed.diagnostics.map((d) => d.code), row.file).toEqual(['NG2100']);
      }
      if (strictVerdict === row.official) agree++;
      for (const d of [...strict.diagnostics, ...relaxed.diagnostics]) {
        expect(d.line, row.file).toBeGreaterThanOrEqual(1);
        expect(d.message.length).toBeGreaterThan(0);
        expect(d.hint.length).toBeGreaterThan(0);
      }
      const warnings = summarize(relaxed.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code));
      const errors = summarize(relaxed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
      table.push(
        [row.file.slice(0, 70).padEnd(70), (strict.version ?? '?').padEnd(13), `${strictVerdict}/${row.official}`.padEnd(10), defaultVerdict.padEnd(5), warnings.padEnd(60), errors].join(' '),
      );
    }
    console.log(
      [`file${' '.repeat(66)} version       strict/off default warnings${' '.repeat(52)} errors(default)`, ...table].join('\n') +
        `\nstrict agrees with the official verdict on ${agree}/${rows.length} files; default mode accepts ${defaultValid}/${rows.length}.`,
    );
    expect(agree).toBe(rows.length);
  });

  it('the seed capability passes default mode with warnings only, and fails strict', () => {
    const loaded = loadFile('portkey-batch.yaml', seed);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const relaxed = validateDocument(loaded.doc, { strict: false });
    expect(relaxed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(relaxed.diagnostics.length).toBeGreaterThan(0);
    expect(relaxed.kind).toBe('capability');
    const strict = validateDocument(loaded.doc, { strict: true });
    expect(strict.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    // Same findings, same codes, different severity.
    expect(strict.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`).sort()).toEqual(
      relaxed.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`).sort(),
    );
  });
});
