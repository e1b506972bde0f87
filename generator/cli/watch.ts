// --watch: regenerate when a capability or any file it imports changes (debounced). Invalid
// intermediate states (a half-typed file) only print diagnostics; the last good output stays.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

const MTIME_SLACK_MS = 20;

export interface WatchHandle {
  close(): void;
}

/**
 * @param run performs one generation and returns the absolute paths it read (inputs and imports),
 *   which become the watched set for the next change.
 */
export async function watchAndRun(run: () => Promise<string[]>, onError: (err: Error) => void, debounceMs = 150): Promise<WatchHandle> {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;

  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void cycle(), debounceMs);
  };
  /** @returns the directories that were not watched before this call. */
  const rewatch = (): Set<string> => {
    // Watch directories, not files: editors often save by renaming a new file over the old one.
    const dirs = new Set([...files].map((f) => dirname(f)));
    const added = new Set<string>();
    for (const [dir, w] of watchers) if (!dirs.has(dir)) (w.close(), watchers.delete(dir));
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => {
          if (name === null || [...files].some((f) => f.endsWith(`/${name}`) || f.endsWith(`\\${name}`))) trigger();
        });
        w.on('error', (err) => onError(err));
        watchers.set(dir, w);
        added.add(dir);
      } catch (err) {
        onError(err as Error);
      }
    }
    return added;
  };
  // A file in a directory that only became watched after this run read it (an import that was
  // unreachable while its importer was broken) may have changed in between, unseen by any watcher.
  const changedSince = (startedAt: number, dirs: Set<string>): boolean =>
    [...files].some((f) => {
      if (!dirs.has(dirname(f))) return false;
      try {
        // Slack for the kernel's coarse file-time clock.
        return statSync(f).mtimeMs >= startedAt - MTIME_SLACK_MS;
      } catch {
        return true;
      }
    });
  const cycle = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const startedAt = Date.now();
    try {
      files = new Set(await run());
      if (changedSince(startedAt, rewatch())) again = true;
    } catch (err) {
      onError(err as Error);
    } finally {
      running = false;
      if (again) {
        again = false;
        trigger();
      }
    }
  };
  await cycle();
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
