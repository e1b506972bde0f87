// --watch: regenerate when a capability or any file it imports changes (debounced). Invalid
// intermediate states (a half-typed file) only print diagnostics; the last good output stays.
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

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
  const rewatch = (): void => {
    // Watch directories, not files: editors often save by renaming a new file over the old one.
    const dirs = new Set([...files].map((f) => dirname(f)));
    for (const [dir, w] of watchers) if (!dirs.has(dir)) (w.close(), watchers.delete(dir));
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => {
          if (name === null || [...files].some((f) => f.endsWith(`/${name}`) || f.endsWith(`\\${name}`))) trigger();
        });
        w.on('error', (err) => onError(err));
        watchers.set(dir, w);
      } catch (err) {
        onError(err as Error);
      }
    }
  };
  const cycle = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      files = new Set(await run());
      rewatch();
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
