// A V8 code cache for prettier's scripts. A cold generation spends most of its time in prettier, and
// part of that is V8 parsing and compiling prettier's ~620 kB of code, function by function as each is
// first called (~90 ms of a ~440 ms cold format of the seed's files: notes/issue-12gen.md). Node 20 has no module compile cache
// (module.enableCompileCache came in 22), so the files are compiled through `node:vm` with
// `cachedData` (https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcreatecacheddata): the data is
// taken after a run has formatted, so it holds the functions that formatting compiled lazily too.
//
// Only prettier's UMD builds (the `require` condition of its exports) can be loaded this way: they are
// plain scripts, while its .mjs builds are ES modules (vm modules are experimental in Node 20). Both
// builds come from the same sources; test/unit/code-cache.test.ts checks the output against prettier's
// main entry, and the golden tests hold the generated files byte for byte.
//
// The data never changes output: V8 checks it against the source, its own version and its flags and
// rejects it when anything differs (script.cachedDataRejected); a rejected, unreadable or missing
// entry means compiling as without a cache, and the entry is written again once formatting is done.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { contentKey, readBytes, writeEntry } from '../cache/content-cache.js';

/** Bumped when the meaning of an entry (the wrapper below included) changes. */
const CACHE_FORMAT = 1;

/** The code cache of a project: beside its format cache (format-cache.ts), on and off with it. */
export function codeCacheDirBeside(formatCacheDir: string | undefined): string | undefined {
  return formatCacheDir === undefined ? undefined : join(dirname(formatCacheDir), 'code');
}

/** A UMD file run as the body of a CommonJS-like function: it then sets `module.exports`. */
const wrap = (source: string): string => `(function (exports, module, define) {${source}\n})`;

export interface CachedScript<T> {
  exports: T;
  /** Whether V8 accepted cached code for this script. */
  readonly fromCache: boolean;
  /** Stores the code compiled so far when the cache did not already hold it (no-op without a cache dir). */
  save(): void;
}

/**
 * Runs the UMD script `file` and returns what it exports, compiled with the code cache in `dir` when
 * given (none: compiled as usual, nothing written).
 */
export function loadScript<T>(file: string, dir: string | undefined): CachedScript<T> {
  const source = wrap(readFileSync(file, 'utf8'));
  // V8 checks its own version and flags; the key names the Node build too so that two Node versions
  // sharing a project keep an entry each instead of overwriting each other's on every run.
  const key = `${basename(file)}-${contentKey(`${CACHE_FORMAT}\0${process.version}\0${process.arch}`, source)}`;
  const cachedData = dir === undefined ? undefined : readBytes(dir, key);
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  (script.runInThisContext() as (exports: unknown, module: unknown, define: undefined) => void)(module.exports, module, undefined);
  let saved = fromCache;
  return {
    exports: module.exports,
    fromCache,
    save() {
      if (dir === undefined || saved) return;
      saved = true;
      try {
        writeEntry(dir, key, script.createCachedData());
      } catch {
        // A cache must never fail a run (cache/content-cache.ts).
      }
    },
  };
}
