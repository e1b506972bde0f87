// A disk cache of formatted files, keyed by what decides prettier's output: the prettier version, our
// options, the parser's file kind and the unformatted text. Regenerating an unchanged capability (the
// build step's usual case) then loads neither prettier nor its workers: formatting is most of a
// generation's time (bench/RESULTS.md). The cache lives in <project root>/node_modules/.cache/naftiko-gen
// (where build tools keep theirs, ignored by git); NAFTIKO_GEN_CACHE=off turns it off. Entries are
// written atomically (temp file, then rename), so a stopped run never leaves a half entry; any cache
// error falls back to formatting (cache/content-cache.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { contentKey, readEntry, writeEntry } from '../cache/content-cache.js';
import { PRETTIER_OPTIONS, parserFor } from './format.js';
import type { Formatter } from './format-pool.js';

/** Bumped when the meaning of an entry changes. */
const CACHE_FORMAT = 1;

let settings: string | undefined;

/** What every key shares: prettier's version (from its package.json, without loading prettier) and our options. */
function formatSettings(): string {
  settings ??= JSON.stringify([CACHE_FORMAT, (createRequire(import.meta.url)('prettier/package.json') as { version: string }).version, PRETTIER_OPTIONS]);
  return settings;
}

/** The cache key of one file: everything prettier's output depends on. */
export function formatCacheKey(path: string, contents: string): string {
  return contentKey(`${formatSettings()}\0${parserFor(path) ?? ''}`, contents);
}

/** The cache directory of a project (one with node_modules), or undefined when caching is off. */
export function formatCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if ((env.NAFTIKO_GEN_CACHE ?? '').trim().toLowerCase() === 'off') return undefined;
  const modules = join(projectRoot, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'naftiko-gen', 'format') : undefined;
}

/**
 * A formatter that formats each distinct text once per run and answers from the cache in `dir` (if
 * any); `makeInner()` (created on the first miss only, so a fully cached run starts no worker and loads
 * no prettier) formats the rest. Identical texts are common across packages (runtime files, package
 * and config files): over the benchmark corpus fewer than half the formatted files are distinct
 * (notes/issue-12g2.md), so the in-run memo halves prettier's work even without a disk cache.
 */
export function cachedFormatter(makeInner: () => Formatter, dir: string | undefined): Formatter {
  let inner: Formatter | undefined;
  const formatter = (): Formatter => (inner ??= makeInner());
  const memo = new Map<string, Promise<string>>();
  const formatOnce = async (key: string, path: string, contents: string): Promise<string> => {
    const cached = dir === undefined ? undefined : readEntry(dir, key);
    if (cached !== undefined) return cached;
    const formatted = await formatter().format(path, contents);
    if (dir !== undefined) writeEntry(dir, key, formatted);
    return formatted;
  };
  return {
    format(path, contents) {
      if (!parserFor(path)) return Promise.resolve(contents);
      const key = formatCacheKey(path, contents);
      let formatted = memo.get(key);
      if (!formatted) memo.set(key, (formatted = formatOnce(key, path, contents)));
      return formatted;
    },
    idle: () => inner?.idle?.(),
    close: async () => inner?.close(),
  };
}
