// 2 and 3. --check: drift kinds, reasons, and that it never writes; manifest input hashes cover imports.
import { cpSync, appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, copySeed, run, SHARED_PATH, sharedConsumes, snapshot, tempDir, writeImportingFixture } from './helpers.js';
import { sha256 } from '../../generator/write/manifest.js';

afterAll(cleanupTempDirs);

const CLIENT = 'src/clients/portkey-batch-client.ts';
let base: string;

beforeAll(async () => {
  base = tempDir('check-base');
  copySeed(base);
  const r = await run(base, 'generate', 'portkey-batch.yaml');
  expect(r.code, r.text).toBe(0);
});

/** A copy of the freshly generated workspace (cwd-relative paths stay the same). */
function workspace(label: string): string {
  const dir = tempDir(label);
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** Runs --check and asserts it wrote nothing. */
async function check(dir: string, ...extra: string[]) {
  const before = snapshot(dir);
  const r = await run(dir, 'generate', 'portkey-batch.yaml', '--check', ...extra);
  expect(snapshot(dir)).toEqual(before);
  return r;
}

describe('generate --check', () => {
  test('fresh output → exit 0, summary reports 0 out of date', async () => {
    const r = await check(workspace('check-fresh'));
    expect(r.code, r.text).toBe(0);
    expect(r.out.at(-1)).toMatch(/^check: 1 package\(s\), 0 file\(s\) out of date; /);
  });

  test('hand edit of one generated file → exit 1, edited: names it, with a diff', async () => {
    const dir = workspace('check-edit');
    appendFileSync(join(dir, 'generated/portkey-batch', CLIENT), '// my local tweak\n');
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    const drift = r.out.filter((l) => /^(edited|changed|missing|stale): /.test(l));
    expect(drift).toEqual([`edited: generated/portkey-batch/${CLIENT} (edited by hand (its hash differs from the manifest))`]);
    expect(r.text).toContain('-// my local tweak');
    expect(r.out.at(-1)).toMatch(/1 file\(s\) out of date/);
  });

  test('capability edit (a description) → exit 1, changed: … (input changed: portkey-batch.yaml)', async () => {
    const dir = workspace('check-input');
    const cap = join(dir, 'portkey-batch.yaml');
    const text = readFileSync(cap, 'utf8');
    expect(text).toContain('Retrieves a batch.');
    writeFileSync(cap, text.replaceAll('Retrieves a batch.', 'Retrieves exactly one batch.'));
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    const drift = r.out.filter((l) => /^(edited|changed|missing|stale): /.test(l));
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.some((l) => l.startsWith(`changed: generated/portkey-batch/${CLIENT} `))).toBe(true);
    for (const l of drift) expect(l).toMatch(/^changed: .* \(input changed: portkey-batch\.yaml\)$/);
    expect(r.text).toContain('+');
    expect(r.text).toContain('Retrieves exactly one batch.');
  });

  test('extra file in the package → exit 1, stale:', async () => {
    const dir = workspace('check-stale');
    writeFileSync(join(dir, 'generated/portkey-batch/src/leftover.ts'), 'export const x = 1;\n');
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    const drift = r.out.filter((l) => /^(edited|changed|missing|stale): /.test(l));
    expect(drift).toEqual(['stale: generated/portkey-batch/src/leftover.ts (no longer generated)']);
  });

  test('build output (dist/, node_modules/) is not reported stale', async () => {
    const dir = workspace('check-dist');
    cpSync(join(dir, 'generated/portkey-batch/src'), join(dir, 'generated/portkey-batch/dist'), { recursive: true });
    const r = await check(dir);
    expect(r.code, r.text).toBe(0);
  });

  test('missing file → exit 1, missing:', async () => {
    const dir = workspace('check-missing');
    rmSync(join(dir, 'generated/portkey-batch/src/index.ts'));
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    const drift = r.out.filter((l) => /^(edited|changed|missing|stale): /.test(l));
    expect(drift).toEqual(['missing: generated/portkey-batch/src/index.ts (not generated yet)']);
  });

  test('missing manifest → exit 1, missing: manifest', async () => {
    const dir = workspace('check-nomanifest');
    rmSync(join(dir, 'generated/portkey-batch/naftiko-gen.manifest.json'));
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    expect(r.out).toContain('missing: generated/portkey-batch/naftiko-gen.manifest.json (not generated yet)');
  });

  test('nothing generated yet → exit 1, every file missing, nothing created', async () => {
    const dir = tempDir('check-empty');
    copySeed(dir);
    const r = await check(dir);
    expect(r.code, r.text).toBe(1);
    expect(r.out.filter((l) => l.startsWith('missing: ')).length).toBeGreaterThan(10);
  });

  test('-q: drift lines still printed (without diffs); fresh → silent', async () => {
    const fresh = await check(workspace('check-quiet-fresh'), '-q');
    expect(fresh.code).toBe(0);
    expect(fresh.out).toEqual([]);
    expect(fresh.err).toEqual([]);
    const dir = workspace('check-quiet');
    appendFileSync(join(dir, 'generated/portkey-batch', CLIENT), '// tweak\n');
    const r = await check(dir, '-q');
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^edited: generated\/portkey-batch\/src\/clients\/portkey-batch-client\.ts /);
    expect(r.text).not.toContain('@@');
  });
});

describe('manifest and imported shared consumes files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('manifest');
    writeImportingFixture(dir);
    const v = await run(dir, 'validate', 'cap.yaml');
    expect(v.code, v.text).toBe(0);
    const g = await run(dir, 'generate', 'cap.yaml');
    expect(g.code, g.text).toBe(0);
  });

  test('manifest input hashes include the imported file', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'generated/cap/naftiko-gen.manifest.json'), 'utf8'));
    expect(manifest.inputs).toEqual([
      { path: 'cap.yaml', sha256: sha256(readFileSync(join(dir, 'cap.yaml'), 'utf8')) },
      { path: SHARED_PATH, sha256: sha256(readFileSync(join(dir, SHARED_PATH), 'utf8')) },
    ]);
    // Every listed file exists with the recorded hash.
    for (const f of manifest.files) expect(sha256(readFileSync(join(dir, 'generated/cap', f.path), 'utf8')), f.path).toBe(f.sha256);
  });

  test('editing only the shared file → --check reports input changed: shared/svc.yaml', async () => {
    const ws = tempDir('manifest-shared');
    cpSync(dir, ws, { recursive: true });
    writeFileSync(join(ws, SHARED_PATH), sharedConsumes('Fetches a single widget, by its id.'));
    const before = snapshot(ws);
    const r = await run(ws, 'generate', 'cap.yaml', '--check');
    expect(snapshot(ws)).toEqual(before);
    expect(r.code, r.text).toBe(1);
    const drift = r.out.filter((l) => /^(edited|changed|missing|stale): /.test(l));
    expect(drift).toContain('changed: generated/cap/src/clients/svc-client.ts (input changed: shared/svc.yaml)');
    for (const l of drift) expect(l).toMatch(/\(input changed: shared\/svc\.yaml\)$/);
  });

  test('a shared-file edit that changes no generated code (a comment) still reports input changed via the manifest', async () => {
    const ws = tempDir('manifest-comment');
    cpSync(dir, ws, { recursive: true });
    appendFileSync(join(ws, SHARED_PATH), '# a comment only\n');
    const r = await run(ws, 'generate', 'cap.yaml', '--check');
    expect(r.code, r.text).toBe(1);
    expect(r.out).toContain('changed: generated/cap/naftiko-gen.manifest.json (input changed: shared/svc.yaml)');
    // Regenerating brings it back in sync.
    expect((await run(ws, 'generate', 'cap.yaml')).code).toBe(0);
    expect((await run(ws, 'generate', 'cap.yaml', '--check')).code).toBe(0);
  });
});
