/**
 * @modelcontextprotocol/conformance (0.2.0-alpha.12, server mode) against generated/portkey-batch's
 * MCP server, generic scenarios only. Node 20 lacks fs.globSync: the CLI runs with
 * `--import ./register.mjs`, a resolve hook that maps its `fs` import to fs-shim.mjs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, ROOT, ensureBuilt } from '../e2e/helpers.js';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';

const CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const REGISTER = join(ROOT, 'test/conformance/register.mjs');
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection', 'server-stateless', 'http-header-validation'];

let fake: FakePortkey;
let mcp: RunningProcess;
const available = existsSync(CLI);

beforeAll(async () => {
  if (!available) return;
  await ensureBuilt();
  fake = await startFakePortkey();
  mcp = await startServer({ script: MCP_JS, env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: `${fake.url}/v1` } });
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

function conformance(scenario: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', REGISTER, CLI, 'server', '--url', `http://127.0.0.1:${mcp.port}/mcp`, '--scenario', scenario],
      { cwd: join(ROOT, '.vitest-tmp'), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? -1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });
}

describe.skipIf(!available)('MCP conformance (generic server scenarios)', () => {
  it.each(SCENARIOS)('%s', async (scenario) => {
    const r = await conformance(scenario);
    console.log(`--- conformance ${scenario}: exit ${r.code}\n${r.out.slice(-2500)}`);
    expect(r.out).not.toMatch(/globSync/);
    const plain = r.out.replace(/\x1b\[[0-9;]*m/g, '');
    // Checks of server-stateless (0.2.0-alpha.12) that drive the reference server's diagnostic tools
    // (test_missing_capability, test_logging_tool), which a generated server does not have: the
    // scenario reports them as FAILURE ("Not testable …"). Every other check must pass.
    const needsReferenceTools = new Set([
      'sep-2575-server-rejects-undeclared-capability',
      'sep-2575-missing-capability-http-400',
      'sep-2575-http-server-no-independent-requests-on-stream',
      'sep-2575-server-no-log-without-loglevel',
    ]);
    const failures = [...plain.matchAll(/\[([a-z0-9-]+)\s*\]\s+FAILURE/g)].map((m) => m[1]!);
    const real = failures.filter((id) => !needsReferenceTools.has(id));
    if (failures.length > 0) console.log(`${scenario}: not testable without the reference server's diagnostic tools: ${failures.filter((id) => needsReferenceTools.has(id)).join(', ')}`);
    expect(real, r.out.slice(-4000)).toEqual([]);
    if (failures.length > 0) {
      expect(plain).toMatch(/Passed: \d+\/\d+/);
      return;
    }
    expect(r.code, r.out.slice(-4000)).toBe(0);
  });
});
