// Stage 6: the only code that writes output. A package is written into a temporary sibling directory
// and swapped in with renames, so an interrupted or failed run never leaves a half-written package.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { cmp } from '../diagnostics.js';
import type { EmittedFile } from '../emit/emitted-file.js';
import { toPosix } from '../load/imports.js';
import { MANIFEST_FILE, parseManifest, sha256, type Manifest } from './manifest.js';

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

export interface Drift {
  path: string;
  kind: 'changed' | 'missing' | 'stale' | 'edited';
  /** Why, in words: which input changed, or that the file was edited by hand. */
  reason: string;
  diff: string;
}

/** Files currently in a package directory (relative posix paths), ignoring build output. */
export function listExisting(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const rel = toPosix(relative(dir, full));
      if (entry.isDirectory()) {
        if (rel === 'dist' || rel === 'node_modules') continue;
        walk(full);
      } else if (entry.isFile()) found.set(rel, readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

export function compare(dir: string, files: readonly EmittedFile[]): Drift[] {
  const existing = listExisting(dir);
  const onDisk = existing.get(MANIFEST_FILE);
  const recorded = parseManifest(onDisk);
  const fresh = parseManifest(files.find((f) => f.path === MANIFEST_FILE)?.contents);
  const recordedHash = new Map(recorded?.files.map((f) => [f.path, f.sha256]) ?? []);
  const changedInputs = changedInputNames(recorded, fresh);
  const drift: Drift[] = [];
  for (const file of files) {
    const current = existing.get(file.path);
    existing.delete(file.path);
    if (current === file.contents || file.path === MANIFEST_FILE) continue;
    const edited = current !== undefined && recordedHash.has(file.path) && recordedHash.get(file.path) !== sha256(current);
    drift.push({
      path: file.path,
      kind: current === undefined ? 'missing' : edited ? 'edited' : 'changed',
      reason:
        current === undefined
          ? 'not generated yet'
          : edited
            ? 'edited by hand (its hash differs from the manifest)'
            : changedInputs.length > 0
              ? `input changed: ${changedInputs.join(', ')}`
              : recorded && fresh && recorded.generator !== fresh.generator
                ? `generator changed: ${recorded.generator} → ${fresh.generator}`
                : 'output changed',
      diff: patch(file.path, current ?? '', file.contents),
    });
  }
  const manifest = files.find((f) => f.path === MANIFEST_FILE);
  if (manifest && drift.length === 0 && onDisk !== undefined && onDisk !== manifest.contents) {
    drift.push({ path: MANIFEST_FILE, kind: 'changed', reason: changedInputs.length > 0 ? `input changed: ${changedInputs.join(', ')}` : 'manifest out of date', diff: patch(MANIFEST_FILE, onDisk, manifest.contents) });
  } else if (manifest && onDisk === undefined) {
    drift.push({ path: MANIFEST_FILE, kind: 'missing', reason: 'not generated yet', diff: patch(MANIFEST_FILE, '', manifest.contents) });
  }
  existing.delete(MANIFEST_FILE);
  for (const [path, contents] of [...existing].sort(([a], [b]) => cmp(a, b))) {
    drift.push({ path, kind: 'stale', reason: 'no longer generated', diff: patch(path, contents, '') });
  }
  return drift;
}

// `diff` is loaded on the first drift found (--check), not on every generate.
const requireHere = createRequire(import.meta.url);

function patch(path: string, before: string, after: string): string {
  const { createTwoFilesPatch } = requireHere('diff') as typeof import('diff');
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
}

function changedInputNames(recorded: Manifest | undefined, fresh: Manifest | undefined): string[] {
  if (!recorded || !fresh) return [];
  const before = new Map(recorded.inputs.map((i) => [i.path, i.sha256]));
  return fresh.inputs.filter((i) => before.get(i.path) !== i.sha256).map((i) => i.path);
}

export function writePackage(dir: string, files: readonly EmittedFile[]): WriteStats {
  const existing = listExisting(dir);
  let unchanged = 0;
  for (const file of files) if (existing.get(file.path) === file.contents) unchanged++;
  const produced = new Set(files.map((f) => f.path));
  const removed = [...existing.keys()].filter((p) => !produced.has(p)).length;
  const stats = { written: files.length - unchanged, unchanged, removed };
  if (stats.written === 0 && removed === 0) return stats;

  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const base = dir.slice(parent.length + 1);
  const tmp = join(parent, `.${base}.naftiko-tmp-${process.pid}`);
  const old = join(parent, `.${base}.naftiko-old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = join(tmp, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
    }
    // Build output and installed modules are not ours: carry them over so a regeneration does not
    // force a reinstall.
    for (const keep of ['dist', 'node_modules']) if (existsSync(join(dir, keep))) renameSync(join(dir, keep), join(tmp, keep));
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
  } catch (err) {
    // Put the previous package back where it was (it may already have been moved aside), with its
    // build output, before dropping the half-written one.
    if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
    for (const keep of ['dist', 'node_modules']) if (existsSync(join(tmp, keep)) && existsSync(dir) && !existsSync(join(dir, keep))) renameSync(join(tmp, keep), join(dir, keep));
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
  return stats;
}

/**
 * Leftovers of an interrupted run (temporary siblings) are removed at the next run, but only those
 * of processes that are gone: another naftiko-gen may be writing into the same directory right now.
 */
export function cleanLeftovers(outDir: string): void {
  if (!existsSync(outDir)) return;
  for (const entry of readdirSync(outDir)) {
    const match = /^\..+\.naftiko-(?:tmp|old)-(\d+)$/.exec(entry);
    if (match && !isRunning(Number(match[1]))) rmSync(join(outDir, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
