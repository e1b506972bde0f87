// Text and JSON renderings of diagnostics and summaries.
import { cmp, formatDiagnostic, formatFinding, type Diagnostic } from '../diagnostics.js';

export function summarize(files: number, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return `${files} file(s), ${errors} error(s), ${warnings.length} warning(s)${warnings.length > 0 ? ` (${countByCode(warnings)})` : ''}`;
}

/** `NGD101×5 NGD103×10`, sorted by code. */
export function countByCode(diagnostics: readonly Diagnostic[]): string {
  const byCode = new Map<string, number>();
  for (const d of diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  return [...byCode].sort(([a], [b]) => cmp(a, b)).map(([code, n]) => `${code}×${n}`).join(' ');
}

/**
 * One `path:line:col: severity CODE message` line per finding. A hint is printed at the first finding it
 * applies to and not repeated: a run over real files reaches the same dialect finding hundreds of
 * times, and the same hint under each buried the errors. Hints that differ (a "did you mean" naming
 * the nearest operation) are all printed. Returns how many repeated hints were left out.
 */
export function printDiagnostics(list: readonly Diagnostic[], write: (line: string) => void): number {
  const shown = new Set<string>();
  let omitted = 0;
  for (const d of list) {
    const key = `${d.code}\u0000${d.hint}`;
    if (shown.has(key)) {
      omitted++;
      write(formatFinding(d));
    } else {
      shown.add(key);
      write(formatDiagnostic(d));
    }
  }
  return omitted;
}

/** Common-dialect findings (NGD1xx): spellings the official schema rejects that naftiko-gen accepts. */
export function isDialect(d: Diagnostic): boolean {
  return d.code.startsWith('NGD');
}

/** Why the inputs name no capability file, and what to do (exit 2 for validate and generate alike). */
export function noCapabilityFiles(paths: readonly string[], fromConfig?: string): string {
  const where = paths.map((p) => `'${p}'`).join(', ');
  const fix = fromConfig ? `; fix "inputs" in ${fromConfig}` : '';
  return `naftiko-gen: no capability files in ${where}: a directory is scanned for .yaml and .yml files (name a .json capability explicitly); check the path${fix}`;
}
