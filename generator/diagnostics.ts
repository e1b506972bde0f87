// One shape for every finding the generator reports, from any stage.
// Printed as `path:line:col: severity CODE message` with the hint on the next line (docs/ARCHITECTURE.md, "Diagnostics").

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
  return `${formatFinding(d)}\n  hint: ${d.hint}`;
}

/** The finding line alone, for a hint already printed at an earlier finding. */
export function formatFinding(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code} ${d.message}`;
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

/**
 * The candidates nearest to `wanted`, nearest first: the one ranking behind every "did you mean" hint.
 * Names are compared in normalized form (lower-case words joined by `-`, so `listJobs`, `list_jobs`
 * and `list-jobs` are one name): first by the words they share (`list-jobs` finds `list-brokers` before
 * `create-tags`, whatever the word order; a trailing plural `s` is ignored), then by Damerau–Levenshtein
 * distance (typos such as `lsit-jobs`), then alphabetically so hints are stable.
 * `maxDistance` keeps only candidates that are a near miss (a short typo away), for hints that should
 * stay silent rather than suggest something unrelated.
 */
export function nearest(wanted: string, candidates: Iterable<string>, opts: { limit?: number; maxDistance?: number } = {}): string[] {
  const target = normalizeName(wanted);
  const targetWords = new Set(target.split('-').filter(Boolean).map(stem));
  const ranked = [...new Set(candidates)].map((name) => {
    const norm = normalizeName(name);
    const shared = new Set(norm.split('-').filter((w) => w !== '' && targetWords.has(stem(w)))).size;
    return { name, shared, distance: editDistance(target, norm) };
  });
  return ranked
    .filter((r) => opts.maxDistance === undefined || r.distance <= opts.maxDistance)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || cmp(a.name, b.name))
    .slice(0, opts.limit ?? 3)
    .map((r) => r.name);
}

/** Lower-case words joined by `-`; camelCase, snake_case and spaces split into words. */
function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');
}

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
 * transpositions of adjacent characters each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
