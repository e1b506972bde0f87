// /docs in a real headless browser: Debian's Chromium driven by playwright-core. The page lists the
// five operations of the seed, and "Try it out" on the retrieve operation goes through the adapter to
// the fake upstream and shows its batch. The page loads nothing from another origin and logs no error
// (a Content-Security-Policy violation would be one). A screenshot is kept in test-artifacts/.
//
// Chromium comes from apt (`apt-get install -y chromium`; .ci/run does it). Under CI a missing
// browser fails this suite; elsewhere it is skipped with the reason printed.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, REST_JS, ROOT, ensureBuilt } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI']) {
  throw new Error(`${CHROMIUM} is missing: the /docs browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
}
if (!haveChromium) console.warn(`skipping the /docs browser test: ${CHROMIUM} not found (apt-get install -y chromium)`);

let fake: FakePortkey;
let rest: RunningProcess;
let context: BrowserContext;
let page: Page;
let profile: string;
const problems: string[] = [];
const requested: string[] = [];

describe.skipIf(!haveChromium)('REST adapter /docs in headless Chromium', () => {
  beforeAll(async () => {
    await ensureBuilt();
    fake = await startFakePortkey({ apiKey: CANARY_KEY });
    rest = await startServer({ script: REST_JS, env: { PORTKEY_API_KEY: CANARY_KEY, PORTKEY_BATCH_BASE_URL: fake.url } });
    profile = mkdtempSync(join(tmpdir(), 'naftiko-docs-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir.
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requested.push(r.url()));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stopAllProcesses();
    await fake?.close();
  });

  it('lists the five operations of the seed', async () => {
    await page.goto(`${rest.url}/docs`, { waitUntil: 'load' });
    await page.locator('.opblock').nth(4).waitFor({ timeout: 30_000 });
    const operations = await page.locator('.opblock-summary').evaluateAll((nodes) =>
      nodes.map((n) => `${n.querySelector('.opblock-summary-method')?.textContent} ${n.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`),
    );
    expect(operations.sort()).toEqual([
      'GET /v1/batches',
      'GET /v1/batches/{batch_id}',
      'GET /v1/batches/{batch_id}/output',
      'POST /v1/batches',
      'POST /v1/batches/{batch_id}/cancel',
    ]);
    expect(await page.title()).toBe('Portkey API — Batch — API reference');
  });

  it('"Try it out" on retrieve calls the adapter, which returns the fake upstream\'s batch', async () => {
    const batch = fake.store.createBatch({ metadata: { shown: 'in the browser' } });
    const before = fake.requests.length;
    const block = page.locator('.opblock', { has: page.locator('.opblock-summary-path[data-path="/v1/batches/{batch_id}"]') });
    await block.locator('.opblock-summary').click();
    await block.getByRole('button', { name: 'Try it out' }).click();
    await block.locator('tr[data-param-name="batch_id"] input').fill(batch.id);
    await block.getByRole('button', { name: 'Execute' }).click();
    const response = block.locator('.live-responses-table tbody tr.response');
    await response.waitFor({ timeout: 30_000 });
    expect((await response.locator('.response-col_status').textContent())?.trim()).toBe('200');
    const shown = await response.locator('.response-col_description pre').first().textContent();
    expect(JSON.parse(shown!)).toMatchObject({ id: batch.id, object: 'batch', metadata: { shown: 'in the browser' } });
    // The request URL Swagger UI shows is this adapter's, and the upstream saw exactly that call.
    expect(await block.locator('.request-url pre').textContent()).toBe(`${rest.url}/v1/batches/${batch.id}`);
    const upstream = fake.requests.slice(before);
    expect(upstream.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /v1/batches/${batch.id}`]);
    expect(upstream[0]!.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs-try-it-retrieve.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'docs-try-it-retrieve.png'))).toBe(true);
  });

  it('loaded nothing from another origin and logged no error (no CSP violation)', () => {
    const origin = new URL(rest.url).origin;
    expect(requested.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
    expect(requested).toContain(`${origin}/docs/swagger-ui-bundle.js`);
    expect(problems).toEqual([]);
  });
});
