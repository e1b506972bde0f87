// 4. Determinism: same bytes from different directories and from a child process under a foreign
// time zone and Turkish locale; no absolute paths, CRLF or timestamps in the output.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, copySeed, REPO, run, runChild, snapshotObject, tempDir, writeImportingFixture } from './helpers.js';

afterAll(cleanupTempDirs);

function workspace(label: string): string {
  const dir = tempDir(label);
  copySeed(dir);
  writeImportingFixture(dir);
  return dir;
}

describe('deterministic output', () => {
  const dirs: string[] = [];

  test('two temp directories, in-process → byte-identical trees', async () => {
    for (const label of ['det-a', 'det-b']) {
      const dir = workspace(label);
      const r = await run(dir, 'generate', 'portkey-batch.yaml', 'cap.yaml');
      expect(r.code, r.text).toBe(0);
      dirs.push(dir);
    }
    const a = snapshotObject(join(dirs[0]!, 'generated'));
    const b = snapshotObject(join(dirs[1]!, 'generated'));
    expect(Object.keys(a).length).toBeGreaterThan(20); // two packages of 12 files (the runtime is a dependency, not copied)
    expect(b).toEqual(a);
  });

  test('child process with TZ=Pacific/Kiritimati and a Turkish locale → byte-identical', () => {
    const dir = workspace('det-tr');
    const r = runChild(dir, ['generate', 'portkey-batch.yaml', 'cap.yaml'], { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(snapshotObject(join(dir, 'generated'))).toEqual(snapshotObject(join(dirs[0]!, 'generated')));
    dirs.push(dir);
  });

  test('the same capability given by absolute path produces the same bytes', async () => {
    const dir = workspace('det-abs');
    const r = await run(dir, 'generate', join(dir, 'portkey-batch.yaml'), join(dir, 'cap.yaml'));
    expect(r.code, r.text).toBe(0);
    expect(snapshotObject(join(dir, 'generated'))).toEqual(snapshotObject(join(dirs[0]!, 'generated')));
  });

  test('no absolute path, CRLF or timestamp in any generated file', () => {
    expect(dirs.length).toBe(3);
    const forbidden = [REPO, tmpdir(), homedir(), ...dirs].filter((p) => p.length > 1);
    for (const dir of dirs) {
      for (const [path, bytes] of Object.entries(snapshotObject(join(dir, 'generated')))) {
        if (path.endsWith('/')) continue;
        for (const p of forbidden) expect(bytes.includes(p), `${path} contains ${p}`).toBe(false);
        expect(bytes.includes('\r'), `${path} has CR`).toBe(false);
        expect(bytes, path).not.toMatch(/20\d\d-\d\d-\d\dT\d\d/);
        expect(bytes, path).not.toMatch(/\b\d\d:\d\d:\d\d\b/);
        expect(bytes, path).not.toMatch(/\/(home|tmp|Users|work)\//);
        expect(bytes.endsWith('\n'), `${path} ends with a newline`).toBe(true);
      }
    }
  });
});
