// 8. --watch: imported files are watched, invalid intermediate states only print diagnostics, and
// fixing them regenerates again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, importingCapability, snapshot, SHARED_PATH, sharedConsumes, sleep, spawnCli, tempDir, writeImportingFixture } from './helpers.js';

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
  cleanupTempDirs();
});

interface Watcher {
  child: ChildProcess;
  output(): string;
  alive(): boolean;
}

function startWatch(dir: string): Watcher {
  const child = spawnCli(dir, ['generate', 'cap.yaml', '--watch']);
  children.push(child);
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  return { child, output: () => text, alive: () => child.exitCode === null && child.signalCode === null };
}

async function until(what: string, cond: () => boolean, w: Watcher, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}; watcher output:\n${w.output()}`);
}

const CLIENT = 'generated/cap/src/clients/svc-client.ts';

describe('generate --watch', () => {
  test('shared file edit regenerates; invalid shared YAML prints diagnostics and keeps running; fixing it regenerates', async () => {
    const dir = tempDir('watch-shared');
    writeImportingFixture(dir);
    const w = startWatch(dir);
    await until('first generation', () => w.output().includes('watching for changes') && existsSync(join(dir, CLIENT)), w, 15_000);
    const client = (): string => readFileSync(join(dir, CLIENT), 'utf8');

    // The package is swapped in before the summary line is printed: wait for both, or a late
    // "generated" line from this run would be counted against the invalid edit below.
    const generations = (): number => w.output().split('generated 1 package').length - 1;
    const countAtStart = generations();
    writeFileSync(join(dir, SHARED_PATH), sharedConsumes('Fetches the widget named first-edit.'));
    await until('regeneration after shared edit', () => client().includes('first-edit') && generations() > countAtStart, w);

    const generatedBefore = client();
    const countBefore = generations();
    writeFileSync(join(dir, SHARED_PATH), 'naftiko: 1.0.0-alpha2\nconsumes:\n  - type: http\n    namespace: [unclosed\n');
    await until('diagnostics for invalid shared YAML', () => / error NG/.test(w.output()) || /not generating/.test(w.output()), w);
    await sleep(300);
    expect(w.alive()).toBe(true);
    expect(client()).toBe(generatedBefore);
    expect(generations()).toBe(countBefore);

    // While the imported file fails to load it must stay watched (the run reports it as attempted),
    // or fixing it would never be noticed.
    writeFileSync(join(dir, SHARED_PATH), sharedConsumes('Fetches the widget named after-fix.'));
    await until('regeneration after fixing the shared file', () => client().includes('after-fix'), w);
    expect(w.alive()).toBe(true);
  }, 60_000);

  test('invalid capability YAML prints diagnostics and keeps running; fixing it regenerates', async () => {
    const dir = tempDir('watch-cap');
    writeImportingFixture(dir);
    const w = startWatch(dir);
    await until('first generation', () => w.output().includes('watching for changes') && existsSync(join(dir, CLIENT)), w, 15_000);
    const pkgText = (): string => [...snapshot(join(dir, 'generated/cap')).values()].join('\n');

    writeFileSync(join(dir, 'cap.yaml'), importingCapability('Get a widget.') + '\n  broken: [unclosed\n');
    await until('diagnostics for invalid capability', () => / error NG/.test(w.output()) || /not generating/.test(w.output()), w);
    await sleep(300);
    expect(w.alive()).toBe(true);

    writeFileSync(join(dir, 'cap.yaml'), importingCapability('Get a widget, cap-fixed.'));
    await until('regeneration after fixing the capability', () => pkgText().includes('cap-fixed'), w);

    // The shared file is watched again after the recovery.
    writeFileSync(join(dir, SHARED_PATH), sharedConsumes('Fetches the widget named post-recovery.'));
    await until('regeneration after shared edit post-recovery', () => readFileSync(join(dir, CLIENT), 'utf8').includes('post-recovery'), w);
    expect(w.alive()).toBe(true);
  }, 60_000);
});
