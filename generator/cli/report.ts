// Text and JSON renderings of diagnostics and summaries.
import { cmp, formatDiagnostic, type Diagnostic } from '../diagnostics.js';

export function summarize(files: number, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const byCode = new Map<string, number>();
  for (const w of warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  const codes = [...byCode].sort(([a], [b]) => cmp(a, b)).map(([code, n]) => `${code}×${n}`).join(' ');
  return `${files} file(s), ${errors} error(s), ${warnings.length} warning(s)${codes ? ` (${codes})` : ''}`;
}

export function printDiagnostics(list: readonly Diagnostic[], write: (line: string) => void): void {
  for (const d of list) write(formatDiagnostic(d));
}
