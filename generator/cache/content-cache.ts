// What the format cache (format/format-cache.ts), the load cache (load/load-cache.ts) and prettier's
// code cache (format/code-cache.ts) share: an entry is a file named by the sha256 of everything its
// contents depend on, written atomically (a temp file, then a rename) so a stopped run never leaves a
// half entry. Every error is a miss or a skipped write: a cache may make a run faster, never make it fail.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key of an entry: sha256 over the settings it depends on and the text it was made from. */
export function contentKey(settings: string, text: string): string {
  return createHash('sha256').update(`${settings}\0`).update(text).digest('hex');
}

/** The entry `key` in `dir`, or undefined (a miss, or an unreadable entry). */
export function readEntry(dir: string, key: string): string | undefined {
  try {
    return readFileSync(join(dir, key), 'utf8');
  } catch {
    return undefined;
  }
}

/** The entry `key` in `dir` as bytes (binary entries: format/code-cache.ts), or undefined. */
export function readBytes(dir: string, key: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, key));
  } catch {
    return undefined;
  }
}

/** Cache directories found unwritable (a read-only checkout, a full disk): not tried again for every miss. */
const unwritable = new Set<string>();

/** Stores `contents` as entry `key` in `dir`; false when the directory cannot be written. */
export function writeEntry(dir: string, key: string, contents: string | Uint8Array): boolean {
  if (unwritable.has(dir)) return false;
  try {
    const entry = join(dir, key);
    mkdirSync(dir, { recursive: true });
    const temp = `${entry}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, contents);
    renameSync(temp, entry);
    return true;
  } catch {
    unwritable.add(dir);
    return false;
  }
}
