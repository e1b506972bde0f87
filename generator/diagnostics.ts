// One shape for every finding the generator reports, from any stage.
// Printed as `path:line:col: severity CODE message` with the hint on the next line (DESIGN.md contract).

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
  severity: Severity;
  code: string; // stable, e.g. NG1001 / NGD101
  message: string; // one sentence
  hint: string; // how to fix it
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code} ${d.message}\n  hint: ${d.hint}`;
}

/** Sort by file, position, then code so output is stable regardless of discovery order. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Locale-independent string comparison (generated output must not depend on LANG). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Drops repeats of the same finding at the same place (stages may reach one problem twice). */
export function dedupeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.severity}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
