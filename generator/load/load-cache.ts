// A disk cache of loaded documents, keyed by the file's text: the document as plain data and the
// positions of its nodes (source-map.ts). Parsing YAML with positions was the largest share of a
// cached 1,000-file run and of a cold single-file run (notes/issue-12g2.md); a hit needs neither the
// parse nor the `yaml` module. Only documents that load without a diagnostic and survive JSON exactly
// are stored (no alias-shared objects, no NaN/Infinity/-0, nothing but plain objects, arrays,
// strings, finite numbers, booleans and null); anything else is parsed every time, as before. Entries
// are written atomically; any cache error falls back to parsing (cache/content-cache.ts). Lives beside
// the format cache (format/format-cache.ts), switched off with it (NAFTIKO_GEN_CACHE=off).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { contentKey, readEntry, writeEntry } from '../cache/content-cache.js';
import type { DocumentPositions } from './source-map.js';

/** Bumped when the meaning of an entry (or how load-file.ts parses) changes. */
const CACHE_FORMAT = 1;

export interface CachedLoad {
  data: Record<string, unknown>;
  positions: DocumentPositions;
}

let settings: string | undefined;

/** What every key shares: the `yaml` version (from its package.json, without loading it) and the entry format. */
function loadSettings(): string {
  settings ??= JSON.stringify([CACHE_FORMAT, (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version]);
  return settings;
}

/** The load cache of a project: beside its format cache (format-cache.ts), on and off with it. */
export function loadCacheDirBeside(formatCacheDir: string | undefined): string | undefined {
  return formatCacheDir === undefined ? undefined : join(dirname(formatCacheDir), 'load');
}

export function loadCacheKey(text: string): string {
  return contentKey(loadSettings(), text);
}

/** The cached document for `text`, or undefined (a miss, or an unreadable or malformed entry). */
export function readLoadCache(dir: string, text: string): CachedLoad | undefined {
  const stored = readEntry(dir, loadCacheKey(text));
  if (stored === undefined) return undefined;
  try {
    const entry = JSON.parse(stored) as Partial<CachedLoad> | null;
    const { data, positions } = entry ?? {};
    if (!isPlainObject(data) || !positions || typeof positions !== 'object' || !Array.isArray(positions.origin)) return undefined;
    return { data, positions };
  } catch {
    return undefined;
  }
}

/** Stores a loaded document when JSON gives it back exactly; false when the directory cannot be written. */
export function writeLoadCache(dir: string, text: string, loaded: CachedLoad): boolean {
  if (!survivesJson(loaded.data)) return true;
  return writeEntry(dir, loadCacheKey(text), JSON.stringify(loaded));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** JSON.parse(JSON.stringify(value)) equals value: plain data, finite numbers but -0, no object reached twice. */
export function survivesJson(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) return false;
      continue;
    }
    if (typeof v !== 'object') return false;
    if (seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) return false;
        stack.push(v[i]);
      }
    } else if (isPlainObject(v)) {
      for (const key of Reflect.ownKeys(v)) {
        if (typeof key !== 'string') return false;
        const d = Object.getOwnPropertyDescriptor(v, key)!;
        if (!d.enumerable || !('value' in d)) return false;
        stack.push(d.value);
      }
    } else {
      return false;
    }
  }
  return true;
}
