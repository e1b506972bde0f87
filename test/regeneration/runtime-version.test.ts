// generate --check and the runtime package: generated code is written for exactly the generator's
// @naftiko-gen/runtime version; a package pinning another one, or another installed version where the
// package would load it, fails the check with the command that fixes it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, copySeed, REPO, run, tempDir } from './helpers.js';

afterAll(cleanupTempDirs);

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** A workspace with the seed generated into it and, when given, a runtime of `installed` version in its node_modules. */
async function workspace(label: string, installed?: string): Promise<string> {
  const dir = tempDir(label);
  copySeed(dir);
  if (installed !== undefined) {
    const pkg = join(dir, 'node_modules/@naftiko-gen/runtime');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@naftiko-gen/runtime', version: installed, exports: { './package.json': './package.json' } }));
  }
  const r = await run(dir, 'generate', 'portkey-batch.yaml');
  expect(r.code, r.text).toBe(0);
  return dir;
}

describe('generate --check: runtime version', () => {
  test('the generated package pins the runtime at exactly the generator version', async () => {
    const dir = await workspace('rt-pin', VERSION);
    const pkg = JSON.parse(readFileSync(join(dir, 'generated/portkey-batch/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@naftiko-gen/runtime']).toBe(VERSION);
  });

  test('the matching installed runtime passes', async () => {
    const dir = await workspace('rt-match', VERSION);
    const r = await run(dir, 'generate', 'portkey-batch.yaml', '--check');
    expect(r.code, r.text).toBe(0);
    expect(r.text).not.toMatch(/^runtime:/m);
  });

  test('another installed runtime version fails, naming both versions and the fix', async () => {
    const dir = await workspace('rt-other', '0.0.1');
    const r = await run(dir, 'generate', 'portkey-batch.yaml', '--check');
    expect(r.code, r.text).toBe(1);
    expect(r.text).toContain(
      `runtime: @naftiko-gen/runtime 0.0.1 is installed (node_modules/@naftiko-gen/runtime/package.json), generated/portkey-batch needs exactly ${VERSION}; install the matching version: npm i -E @naftiko-gen/runtime@${VERSION}`,
    );
    // --quiet still prints what fails the check.
    const q = await run(dir, 'generate', 'portkey-batch.yaml', '--check', '--quiet');
    expect(q.code).toBe(1);
    expect(q.text).toMatch(/^runtime: @naftiko-gen\/runtime 0\.0\.1 is installed/m);
  });

  test('a checked-in package generated for another runtime fails, saying to regenerate', async () => {
    const dir = await workspace('rt-stale', VERSION);
    const path = join(dir, 'generated/portkey-batch/package.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace(`"@naftiko-gen/runtime": "${VERSION}"`, '"@naftiko-gen/runtime": "0.0.9"'));
    const r = await run(dir, 'generate', 'portkey-batch.yaml', '--check');
    expect(r.code).toBe(1);
    expect(r.text).toContain(`runtime: generated/portkey-batch was generated for @naftiko-gen/runtime 0.0.9, this naftiko-gen generates for ${VERSION}; regenerate it`);
  });
});
