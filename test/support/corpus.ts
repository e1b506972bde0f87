// The shared corpus (../shared/corpus): real capability files stored flat as
// `owner__repo__path--with--dashes.yaml`, described by MANIFEST.tsv. Rebuilding each repository's layout
// in a temporary directory makes relative imports (`location: ./shared/x.yaml`) resolve as they did there.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CORPUS_DIR = join(import.meta.dirname, '../../../shared/corpus');
export const corpusPresent = (): boolean => existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'));

export interface CorpusRow {
  /** Flat file name inside the corpus directory. */
  file: string;
  /** owner/name of the origin repository. */
  repo: string;
  /** Path inside that repository. */
  path: string;
  version: string;
  features: string[];
  /** Verdict of the official JSON Schema for the declared version. */
  official: 'PASS' | 'FAIL';
}

/** MANIFEST.tsv rows, read by column name (file, repo, path, version, features, schema_validation). */
export function readManifest(dir = CORPUS_DIR): CorpusRow[] {
  const [header, ...lines] = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header!.split('\t');
  const col = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no '${name}' column (has ${cols.join(', ')})`);
    return i;
  };
  const [file, repo, path, version, features, verdict] = ['file', 'repo', 'path', 'version', 'features', 'schema_validation'].map(col);
  return lines.map((line) => {
    const c = line.split('\t');
    const official = c[verdict!]!.trim();
    if (official !== 'PASS' && official !== 'FAIL') throw new Error(`unexpected verdict '${official}' in: ${line}`);
    return { file: c[file!]!, repo: c[repo!]!, path: c[path!]!, version: c[version!]!, features: (c[features!] ?? '').split(' ').filter(Boolean), official };
  });
}

export interface CorpusLayout {
  root: string;
  /** Directory of a row's repository (use as cwd) and the row's path inside it. */
  locate(row: CorpusRow): { cwd: string; path: string };
  dispose(): void;
}

/** Copies every corpus file to `<tmp>/<owner>__<repo>/<path>`. */
export function buildCorpusLayout(rows: readonly CorpusRow[], dir = CORPUS_DIR): CorpusLayout {
  const root = mkdtempSync(join(tmpdir(), 'naftiko-corpus-'));
  const repoDir = (row: CorpusRow): string => join(root, row.repo.replace(/\//g, '__'));
  for (const row of rows) {
    const target = join(repoDir(row), row.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(join(dir, row.file)));
  }
  return {
    root,
    locate: (row) => ({ cwd: repoDir(row), path: row.path }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `NG3012×2 NGD101×5`, sorted by code; '-' when empty. */
export function countCodes(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, n]) => `${c}×${n}`).join(' ') || '-';
}
