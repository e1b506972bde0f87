// File-by-file comparison of a generated package (in memory) with a directory on disk.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Difference {
  path: string;
  kind: 'changed' | 'missing-on-disk' | 'stale-on-disk';
  /** First differing byte offset, for `changed`. */
  offset?: number;
}

/** Every file under `dir` (relative posix paths → bytes), ignoring the package's dist/ and node_modules/. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (rel === 'dist' || rel === 'node_modules') continue;
        walk(full);
      } else {
        out.set(rel, readFileSync(full));
      }
    }
  };
  walk(dir);
  return out;
}

/** Differences between expected bytes (disk) and produced files (memory); [] means identical. */
export function compareTrees(onDisk: ReadonlyMap<string, Buffer>, produced: readonly { path: string; contents: string }[]): Difference[] {
  const diffs: Difference[] = [];
  const seen = new Set<string>();
  for (const file of produced) {
    seen.add(file.path);
    const expected = onDisk.get(file.path);
    if (!expected) {
      diffs.push({ path: file.path, kind: 'missing-on-disk' });
      continue;
    }
    const actual = Buffer.from(file.contents, 'utf8');
    if (!actual.equals(expected)) {
      let offset = 0;
      while (offset < actual.length && offset < expected.length && actual[offset] === expected[offset]) offset++;
      diffs.push({ path: file.path, kind: 'changed', offset });
    }
  }
  for (const path of onDisk.keys()) if (!seen.has(path)) diffs.push({ path, kind: 'stale-on-disk' });
  return diffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One readable line per difference, for assertion messages. */
export function describeDifferences(diffs: readonly Difference[]): string {
  return diffs.map((d) => `${d.kind}: ${d.path}${d.offset !== undefined ? ` (first difference at byte ${d.offset})` : ''}`).join('\n');
}
