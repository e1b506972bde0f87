// 5 and 6. Atomic package writes: invalid input keeps the old output, leftovers are cleaned, a killed
// run never leaves a partial package; narrowing --targets removes files that are no longer generated.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { cleanupTempDirs, copySeed, run, SEED, sleep, snapshot, snapshotObject, spawnCli, tempDir } from './helpers.js';
import { sha256 } from '../../generator/write/manifest.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  cleanupTempDirs();
});

/** Every non-hidden package directory under `out` has its manifest and every file it lists, with the recorded hash. */
function assertComplete(out: string): string[] {
  const pkgs = existsSync(out) ? readdirSync(out).filter((n) => !n.startsWith('.')) : [];
  for (const name of pkgs) {
    const manifestPath = join(out, name, 'naftiko-gen.manifest.json');
    expect(existsSync(manifestPath), `${name}: manifest`).toBe(true);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.length).toBeGreaterThan(5);
    for (const f of manifest.files) {
      const p = join(out, name, f.path);
      expect(existsSync(p), `${name}/${f.path}`).toBe(true);
      expect(sha256(readFileSync(p, 'utf8')), `${name}/${f.path}`).toBe(f.sha256);
    }
  }
  return pkgs;
}

describe('atomic writes', () => {
  test('invalid input → exit 1 and the previous package is byte-identical', async () => {
    const dir = tempDir('atomic-invalid');
    copySeed(dir);
    expect((await run(dir, 'generate', 'portkey-batch.yaml')).code).toBe(0);
    const before = snapshot(join(dir, 'generated'));
    appendFileSync(join(dir, 'portkey-batch.yaml'), '\n  junk: [unclosed\n::: not yaml\n');
    const r = await run(dir, 'generate', 'portkey-batch.yaml');
    expect(r.code, r.text).toBe(1);
    expect(r.err.join('\n')).toMatch(/not generating/);
    expect(snapshot(join(dir, 'generated'))).toEqual(before);
  });

  test('one invalid file among several → nothing is written for any of them', async () => {
    const dir = tempDir('atomic-mixed');
    copySeed(dir, 'a.yaml');
    copySeed(dir, 'b.yaml');
    expect((await run(dir, 'generate', 'a.yaml', 'b.yaml')).code).toBe(0);
    const before = snapshot(join(dir, 'generated'));
    writeFileSync(join(dir, 'a.yaml'), readFileSync(SEED, 'utf8').replaceAll('Retrieves a batch.', 'Changed.'));
    appendFileSync(join(dir, 'b.yaml'), '\n::: junk\n');
    expect((await run(dir, 'generate', 'a.yaml', 'b.yaml')).code).toBe(1);
    expect(snapshot(join(dir, 'generated'))).toEqual(before);
  });

  test('leftover temp/old sibling directories are removed on the next run', async () => {
    const dir = tempDir('atomic-leftover');
    copySeed(dir);
    expect((await run(dir, 'generate', 'portkey-batch.yaml')).code).toBe(0);
    for (const leftover of ['.portkey-batch.naftiko-tmp-999', '.portkey-batch.naftiko-old-999']) {
      mkdirSync(join(dir, 'generated', leftover, 'src'), { recursive: true });
      writeFileSync(join(dir, 'generated', leftover, 'src/index.ts'), 'half written');
    }
    const before = snapshotObject(join(dir, 'generated/portkey-batch'));
    // Nothing to rewrite: cleaning must still happen.
    const r = await run(dir, 'generate', 'portkey-batch.yaml');
    expect(r.code, r.text).toBe(0);
    expect(readdirSync(join(dir, 'generated'))).toEqual(['portkey-batch']);
    expect(snapshotObject(join(dir, 'generated/portkey-batch'))).toEqual(before);
  });

  test('SIGKILL mid-run never leaves a partially written package; the next run recovers', async () => {
    const dir = tempDir('atomic-kill');
    const inputs = join(dir, 'caps');
    mkdirSync(inputs);
    for (let i = 0; i < 30; i++) copyFileSync(SEED, join(inputs, `cap-${String(i).padStart(2, '0')}.yaml`));
    const out = join(dir, 'out');

    // Run 1: kill at ~300 ms, as a CI cancel would.
    const early = spawnCli(dir, ['generate', 'caps', '-o', 'out', '-q']);
    children.push(early);
    await sleep(300);
    early.kill('SIGKILL');
    await new Promise((r) => early.once('exit', r));
    assertComplete(out);

    // Run 2: kill as soon as the write phase has started (the first output entry appears).
    const child = spawnCli(dir, ['generate', 'caps', '-o', 'out', '-q']);
    children.push(child);
    const exited = new Promise((r) => child.once('exit', r));
    let done = false;
    void exited.then(() => (done = true));
    const deadline = Date.now() + 40_000;
    while (!done && Date.now() < deadline) {
      if (existsSync(out) && readdirSync(out).length > 0) break;
      await sleep(2);
    }
    await sleep(15);
    child.kill('SIGKILL');
    await exited;
    const complete = assertComplete(out);
    expect(complete.length).toBeLessThanOrEqual(30);
    if (process.env.REGEN_DEBUG) console.log('killed with', complete.length, 'complete; entries', readdirSync(out));

    // Run 3 (one capability, to keep the suite fast): leftovers of the killed run are gone and every
    // package present is complete.
    const r = await run(dir, 'generate', 'caps/cap-29.yaml', '-o', 'out', '-q');
    expect(r.code, r.text).toBe(0);
    const entries = readdirSync(out);
    expect(entries.filter((e) => e.startsWith('.'))).toEqual([]);
    expect(assertComplete(out)).toContain('cap-29');
  }, 60_000);
});

describe('stale removal', () => {
  test('--targets client after a full generation removes the rest/mcp files and reports them', async () => {
    const dir = tempDir('stale-targets');
    copySeed(dir);
    expect((await run(dir, 'generate', 'portkey-batch.yaml')).code).toBe(0);
    const full = [...snapshot(join(dir, 'generated/portkey-batch')).keys()].filter((k) => !k.endsWith('/'));
    expect(full).toEqual(expect.arrayContaining(['src/rest.ts', 'src/rest-app.ts', 'src/mcp.ts', 'src/mcp-server.ts', 'openapi.json']));

    const r = await run(dir, 'generate', 'portkey-batch.yaml', '--targets', 'client');
    expect(r.code, r.text).toBe(0);
    const after = [...snapshot(join(dir, 'generated/portkey-batch')).keys()].filter((k) => !k.endsWith('/'));
    for (const gone of ['src/rest.ts', 'src/rest-app.ts', 'src/mcp.ts', 'src/mcp-server.ts', 'openapi.json', 'src/openapi-document.ts']) expect(after).not.toContain(gone);
    expect(after).toContain('src/clients/portkey-batch-client.ts');
    const removed = full.filter((f) => !after.includes(f)).length;
    expect(removed).toBeGreaterThan(0);
    expect(r.out.at(-1)).toMatch(new RegExp(`, ${removed} removed \\(`));

    // The manifest lists exactly what is on disk, and --check with the same targets is clean.
    const manifest = JSON.parse(readFileSync(join(dir, 'generated/portkey-batch/naftiko-gen.manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect([...manifest.files.map((f) => f.path), 'naftiko-gen.manifest.json'].sort()).toEqual([...after].sort());
    expect((await run(dir, 'generate', 'portkey-batch.yaml', '--targets', 'client', '--check')).code).toBe(0);
    // Without --targets the removed files are reported missing.
    const full2 = await run(dir, 'generate', 'portkey-batch.yaml', '--check');
    expect(full2.code).toBe(1);
    expect(full2.out).toContain('missing: generated/portkey-batch/src/rest.ts (not generated yet)');
  });
});
