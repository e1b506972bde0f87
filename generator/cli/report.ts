// Text and JSON renderings of diagnostics and summaries.
import { cmp, formatDiagnostic, type Diagnostic } from '../diagnostics.js';

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
 * Each finding as `path:line:col: severity CODE message`, then its `  hint:` line: the diagnostic
 * format of docs/ARCHITECTURE.md that other tools parse, so every finding keeps its hint even when a run repeats
 * it (`validate -q` and generate's dialect summary are the ways to a shorter listing).
 */
export function printDiagnostics(list: readonly Diagnostic[], write: (line: string) => void): void {
  for (const d of list) write(formatDiagnostic(d));
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
