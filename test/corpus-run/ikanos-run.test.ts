// Every Ikanos file of ../shared/corpus-ikanos (the engine's and the specification's own files) that
// generates is written out as a package, type-checked in ONE strict tsc run, and its servers started
// against a generic fake upstream (test/support/package-run.ts says what each must answer): the
// Ikanos spelling must give packages that compile and boot, as the Naftiko spelling does. Files the
// generator refuses are listed with their first error (test/corpus/ikanos.test.ts checks which).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAll, compileAll, generateRow, printReport, startFake, type FakeUpstream, type Row } from '../support/package-run.js';
import { stopAllProcesses } from '../support/processes.js';

const REPO = join(import.meta.dirname, '../..');
const CORPUS = join(REPO, '../shared/corpus-ikanos');
const ROOT = join(REPO, '.vitest-tmp/ikanos-run');
const present = existsSync(join(CORPUS, 'MANIFEST.tsv'));
if (!present) console.log(`ikanos-run suite skipped: ${CORPUS} (MANIFEST.tsv) is absent`);

/** Versioned files of the manifest (path, version), the unversioned ones (`none`) left out. */
function manifestPaths(): string[] {
  return readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[3] !== 'none')
    .map((c) => c[0]!);
}

/**
 * Known gaps, each a problem the run reports today and the reason; the test fails when one goes away
 * (update this list) or a new one appears. None today: the mock flows (aggregate-shared-mock GET
 * /hello) answer their fixed values, checked by the runner without reaching the fake upstream.
 */
const KNOWN_PROBLEMS: string[] = [];

const rows: Row[] = [];
let compileOutput = '';
let fake: FakeUpstream | undefined;

describe.skipIf(!present)('ikanos-run: generate, compile and start every Ikanos file that generates', () => {
  beforeAll(async () => {
    rmSync(ROOT, { recursive: true, force: true });
    mkdirSync(ROOT, { recursive: true });
    for (const path of manifestPaths()) {
      // A directory name per file from its path: many files share a base name.
      const key = path.replace(/\.ya?ml$/, '').replace(/^modules\//, '').replace(/[^A-Za-z0-9._-]+/g, '__');
      rows.push(await generateRow(ROOT, path, key, path, CORPUS));
    }
    compileOutput = compileAll(ROOT, rows);
    fake = await startFake();
    await bootAll(ROOT, rows, fake);
    printReport(rows, compileOutput, fake);
  }, 420_000);

  afterAll(async () => {
    await stopAllProcesses();
    await fake?.close();
  });

  it('the files that generate are most of the corpus, and each refusal names a position and a code', () => {
    const generated = rows.filter((r) => r.generated);
    expect(rows.filter((r) => !r.rejected && !r.generated).map((r) => `${r.label}: ${r.generateFailure}`)).toEqual([]);
    expect(generated.length).toBeGreaterThanOrEqual(51);
    for (const r of rows.filter((x) => x.rejected)) expect(r.rejected!.first, r.label).toMatch(/:\d+:\d+ NG[A-Z]?\d{3,4} ./);
  });

  it('all generated packages type-check in one strict tsc run', () => {
    expect(rows.flatMap((r) => r.compileErrors)).toEqual([]);
    expect(compileOutput.split('\n').filter((l) => /error TS\d+/.test(l) && !rows.some((r) => r.generated && l.startsWith(`${r.key}/`)))).toEqual([]);
  });

  it('every REST adapter starts, serves /healthz, /openapi.json and a GET route', () => {
    const problems = rows.flatMap((r) => (r.rest ? r.rest.problems.map((p) => `${r.key}: ${p}`) : []));
    expect(problems.map((p) => p.slice(0, KNOWN_PROBLEMS.find((k) => p.startsWith(k))?.length ?? p.length))).toEqual(KNOWN_PROBLEMS);
    for (const r of rows.filter((x) => x.generated && x.model!.rest.length > 0)) expect(r.rest?.started, r.key).toBe(true);
  });

  it('every MCP server starts and lists the tools the capability declares', () => {
    expect(rows.flatMap((r) => (r.mcp ? r.mcp.problems.map((p) => `${r.key}: ${p}`) : []))).toEqual([]);
    for (const r of rows.filter((x) => x.generated && x.model!.mcp.length > 0)) expect(r.mcp?.started, r.key).toBe(true);
  });
});
