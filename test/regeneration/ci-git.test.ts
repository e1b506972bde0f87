// 1. CI-style: generate, commit, regenerate → no diff, clean working tree.
import { afterAll, describe, expect, test } from 'vitest';
import { copySeed, cleanupTempDirs, git, run, tempDir, writeImportingFixture } from './helpers.js';

afterAll(cleanupTempDirs);

describe('regeneration in a git checkout', () => {
  test('generate → commit → regenerate leaves no diff and a clean status', async () => {
    const dir = tempDir('git');
    copySeed(dir);
    writeImportingFixture(dir);
    expect(git(dir, 'init', '-q').code).toBe(0);
    git(dir, 'config', 'user.email', 'ci@example.test');
    git(dir, 'config', 'user.name', 'CI');
    git(dir, 'config', 'core.autocrlf', 'false');

    const first = await run(dir, 'generate', 'portkey-batch.yaml', 'cap.yaml');
    expect(first.code, first.text).toBe(0);
    expect(git(dir, 'add', '-A').code).toBe(0);
    const commit = git(dir, 'commit', '-q', '-m', 'generated');
    expect(commit.code, commit.stderr).toBe(0);

    const second = await run(dir, 'generate', 'portkey-batch.yaml', 'cap.yaml');
    expect(second.code, second.text).toBe(0);
    expect(second.out.at(-1)).toMatch(/ 0 written, \d+ unchanged, 0 removed /);

    const diff = git(dir, 'diff', '--exit-code');
    expect(diff.code, diff.stdout).toBe(0);
    expect(git(dir, 'status', '--porcelain').stdout).toBe('');

    // And --check agrees with git.
    const check = await run(dir, 'generate', 'portkey-batch.yaml', 'cap.yaml', '--check');
    expect(check.code, check.text).toBe(0);
    expect(git(dir, 'status', '--porcelain').stdout).toBe('');
  });
});
