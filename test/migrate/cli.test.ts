// `naftiko-gen migrate` in process: diff by default, --check exit codes, --write in place and
// idempotent, --format json, files with errors left untouched, usage errors (exit 2).
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { migrateText } from '../../generator/migrate/index.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/commented-alpha2.yaml');
const BETA5 = 'ikanos: "1.0.0-beta5"\ninfo: {display: X, description: X}\nconsumes:\n  - type: http\n    namespace: a\n    baseUri: https://x.example.com\n    resources: {r: {path: /r, operations: {get: {method: GET}}}}\n';
const DUPLICATE = `naftiko: 1.0.0-alpha2
info: {label: X, description: X}
capability:
  exposes:
    - type: mcp
      namespace: m
      port: 3000
      tools:
        - {name: t, description: T, call: a.get}
        - {name: t, description: T again, call: a.get}
`;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], cwd: string): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-migrate-'));
  mkdirSync(join(dir, 'caps'));
  copyFileSync(FIXTURE, join(dir, 'caps/shipyard.yaml'));
  writeFileSync(join(dir, 'caps/already.yaml'), BETA5);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (p: string): string => readFileSync(join(dir, p), 'utf8');

describe('naftiko-gen migrate', () => {
  it('prints a unified diff and writes nothing by default', async () => {
    const before = read('caps/shipyard.yaml');
    const r = await run(['migrate', 'caps'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--- a/caps/shipyard.yaml');
    expect(r.out).toContain('-naftiko: "1.0.0-alpha2" # the version line');
    expect(r.out).toContain('+ikanos: "1.0.0-beta5" # the version line');
    expect(r.out).toMatch(/caps\/shipyard\.yaml:\d+:\d+: warning NG6005 /);
    expect(r.out).toContain('migrate: 1 to migrate, 1 unchanged, 0 left untouched');
    expect(r.out).not.toContain('a/caps/already.yaml');
    expect(read('caps/shipyard.yaml')).toBe(before);
  });

  it('--check exits 1 while a file would change, 0 once migrated; --write is idempotent', async () => {
    const check = await run(['migrate', '--check', 'caps'], dir);
    expect(check.code).toBe(1);
    expect(check.out).toContain('would change: caps/shipyard.yaml (naftiko 1.0.0-alpha2 → ikanos 1.0.0-beta5)');

    const write = await run(['migrate', '--write', 'caps'], dir);
    expect(write.code).toBe(0);
    expect(write.out).toContain('migrated caps/shipyard.yaml');
    expect(read('caps/shipyard.yaml')).toBe(migrateText('caps/shipyard.yaml', readFileSync(FIXTURE, 'utf8')).output);
    expect(read('caps/already.yaml')).toBe(BETA5);
    expect(readdirSync(join(dir, 'caps')).sort()).toEqual(['already.yaml', 'shipyard.yaml']); // no temporary file left

    const migrated = read('caps/shipyard.yaml');
    expect((await run(['migrate', '--check', 'caps'], dir)).code).toBe(0);
    const again = await run(['migrate', '--write', 'caps'], dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain('migrate: 0 migrated, 2 unchanged');
    expect(read('caps/shipyard.yaml')).toBe(migrated);
  });

  it('--write through a symlink rewrites the target and keeps the link', async () => {
    mkdirSync(join(dir, 'linked'));
    symlinkSync(join(dir, 'caps/shipyard.yaml'), join(dir, 'linked/link.yaml'));
    expect((await run(['migrate', '--write', 'linked/link.yaml'], dir)).code).toBe(0);
    expect(lstatSync(join(dir, 'linked/link.yaml')).isSymbolicLink()).toBe(true);
    expect(read('caps/shipyard.yaml')).toContain('ikanos: "1.0.0-beta5"');
  });

  it('--format json lists each file with its status and findings', async () => {
    const r = await run(['migrate', '--format', 'json', 'caps'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { to: string; mode: string; files: Array<{ file: string; from: string; status: string; written: boolean; diff?: string; diagnostics: Array<{ code: string; line: number; col: number; hint: string }> }> };
    expect(report.to).toBe('1.0.0-beta5');
    expect(report.mode).toBe('diff');
    const byFile = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byFile['caps/already.yaml']).toMatchObject({ status: 'unchanged', from: 'ikanos 1.0.0-beta5', written: false, diagnostics: [] });
    const shipyard = byFile['caps/shipyard.yaml']!;
    expect(shipyard).toMatchObject({ status: 'migrated', from: 'naftiko 1.0.0-alpha2', written: false });
    expect(shipyard.diff).toContain('+ikanos: "1.0.0-beta5"');
    expect(shipyard.diagnostics.map((d) => d.code)).toEqual(['NG6005', 'NG6005']);
    expect(shipyard.diagnostics[0]!.hint.length).toBeGreaterThan(10);
  });

  it('a file that cannot be migrated is left untouched, with its error and exit 1, even with --write', async () => {
    writeFileSync(join(dir, 'caps/dup.yaml'), DUPLICATE);
    const r = await run(['migrate', '--write', 'caps'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('caps/dup.yaml:10:18: error NG6003 Two MCP tool items are named `t` (the first at line 9)');
    expect(r.out).toContain('  hint: Rename one of them');
    expect(r.out).toContain('1 left untouched (errors)');
    expect(read('caps/dup.yaml')).toBe(DUPLICATE);
    expect(read('caps/shipyard.yaml')).toContain('ikanos: "1.0.0-beta5"'); // the others are still migrated
  });

  it('usage errors exit 2: --write with --check, an unknown target, a missing path, no capability file', async () => {
    expect((await run(['migrate', '--write', '--check', 'caps'], dir)).code).toBe(2);
    expect((await run(['migrate', '--to', '1.0.0-beta4', 'caps'], dir)).code).toBe(2);
    const missing = await run(['migrate', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file or directory: nope');
    mkdirSync(join(dir, 'empty'));
    expect((await run(['migrate', 'empty'], dir)).code).toBe(2);
    expect(read('caps/shipyard.yaml')).toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('--help lists the command and its exit codes', async () => {
    const top = await run(['--help'], dir);
    expect(top.out).toMatch(/migrate \[options\] <paths\.\.\.>/);
    const help = await run(['migrate', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Exit codes:');
    expect(help.out).toMatch(/1 +a file could not be migrated/);
  });
});
