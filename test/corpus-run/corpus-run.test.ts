// Every corpus file (../shared/corpus) that generates is written out as a package, type-checked (all
// packages in ONE tsc run), and its servers started against a generic fake upstream
// (test/support/package-run.ts says what each server must answer). Prints a table per file.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpusLayout, CORPUS_DIR, corpusPresent, readManifest } from '../support/corpus.js';
import { bootAll, compileAll, generateRow, printReport, startFake, type FakeUpstream, type Row } from '../support/package-run.js';
import { stopAllProcesses } from '../support/processes.js';

const present = corpusPresent();
if (!present) console.log(`corpus-run suite skipped: ${CORPUS_DIR} (MANIFEST.tsv) is absent`);

const REPO = join(import.meta.dirname, '../..');
const ROOT = join(REPO, '.vitest-tmp/corpus-run');

const rows: Row[] = [];
let compileOutput = '';
let fake: FakeUpstream | undefined;

describe.skipIf(!present)('corpus-run: generate, compile and start every valid corpus file', () => {
  beforeAll(async () => {
    rmSync(ROOT, { recursive: true, force: true });
    mkdirSync(ROOT, { recursive: true });
    const manifest = readManifest();
    const layout = buildCorpusLayout(manifest);
    try {
      for (const row of manifest) {
        // The flat corpus name without extension: package names can clash.
        const { cwd, path } = layout.locate(row);
        rows.push(await generateRow(ROOT, row.file, row.file.replace(/\.ya?ml$/, ''), path, cwd));
      }
    } finally {
      layout.dispose();
    }
    compileOutput = compileAll(ROOT, rows);
    fake = await startFake();
    await bootAll(ROOT, rows, fake);
    printReport(rows, compileOutput, fake);
  }, 600_000); // ~50 packages generated, one tsc run, two servers each: minutes on a shared machine

  afterAll(async () => {
    await stopAllProcesses();
    await fake?.close();
  });

  it('every file valid by default generates a package', () => {
    expect(rows.length).toBeGreaterThanOrEqual(62);
    expect(rows.filter((r) => !r.rejected && !r.generated).map((r) => `${r.label}: ${r.generateFailure}`)).toEqual([]);
  });

  it('every rejected file names a real defect (an error diagnostic with a position)', () => {
    for (const r of rows.filter((x) => x.rejected)) expect(r.rejected!.first, r.label).toMatch(/:\d+:\d+ NG[A-Z]?\d{3,4} ./);
  });

  it('all generated packages type-check in one strict tsc run', () => {
    expect(rows.filter((r) => r.generated).length).toBeGreaterThan(0);
    expect(rows.flatMap((r) => r.compileErrors)).toEqual([]);
    // tsc diagnostics that could not be attributed to a package (config problems) also fail.
    expect(compileOutput.split('\n').filter((l) => /error TS\d+/.test(l) && !rows.some((r) => r.generated && l.startsWith(`${r.key}/`)))).toEqual([]);
  });

  it('every REST adapter starts, serves /healthz, /openapi.json and a GET route', () => {
    const problems = rows.flatMap((r) => (r.rest ? r.rest.problems.map((p) => `${r.key}: ${p}`) : []));
    expect(problems).toEqual([]);
    for (const r of rows.filter((x) => x.generated && x.model!.rest.length > 0)) expect(r.rest?.started, r.key).toBe(true);
  });

  it('every MCP server starts and lists the tools the capability declares', () => {
    const problems = rows.flatMap((r) => (r.mcp ? r.mcp.problems.map((p) => `${r.key}: ${p}`) : []));
    expect(problems).toEqual([]);
    for (const r of rows.filter((x) => x.generated && x.model!.mcp.length > 0)) expect(r.mcp?.started, r.key).toBe(true);
  });
});
