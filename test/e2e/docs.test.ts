// GET /docs of the generated REST adapter over plain HTTP (the browser suite, docs-browser.test.ts,
// drives the page itself): the page and the Swagger UI files it names are served from the installed
// swagger-ui-dist with a strict Content-Security-Policy, nothing else of that package is; /docs/
// redirects; NAFTIKO_REST_DOCS=off removes it; a bad value stops the server at start-up.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToExit, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, PACKAGE_DIR, REST_JS, ensureBuilt } from './helpers.js';

let rest: RunningProcess;
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

beforeAll(async () => {
  await ensureBuilt();
  rest = await startServer({ script: REST_JS, env: { PORTKEY_API_KEY: CANARY_KEY } });
});

afterAll(async () => {
  await stopAllProcesses();
});

const get = (path: string, init: RequestInit = {}) =>
  fetch(rest.url + path, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });

describe('REST adapter: /docs', () => {
  it('serves the page: own scripts only, relative links, the capability title escaped, a strict CSP', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])).toEqual(['docs/swagger-ui-bundle.js', 'docs/init.js']);
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // nothing from another origin
    expect(html).toContain('<title>Portkey API — Batch — API reference</title>');
  });

  it('serves the Swagger UI files the page names, byte for byte from swagger-ui-dist, and nothing else of it', async () => {
    for (const [asset, type] of [
      ['swagger-ui-bundle.js', /javascript/],
      ['swagger-ui.css', /text\/css/],
      ['favicon-32x32.png', /image\/png/],
    ] as const) {
      const res = await get(`/docs/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(swaggerUiDir, asset))), asset).toBe(true);
    }
    for (const other of ['swagger-ui.js.map', 'index.html', 'package.json', '..%2Fpackage.json', 'swagger-initializer.js']) {
      const res = await get(`/docs/${other}`);
      expect(res.status, other).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('init.js points the document at this adapter and turns off the online validator', async () => {
    const res = await get('/docs/init.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain("new URL('openapi.json', root)");
    expect(js).toContain('spec.servers = [');
    expect(js).toContain('validatorUrl: null');
  });

  it('/docs/ redirects to /docs (its relative links would miss); POST /docs → 405 with Allow', async () => {
    const slash = await get('/docs/');
    expect(slash.status).toBe(301);
    expect(new URL(slash.headers.get('location')!, rest.url + '/docs/').pathname).toBe('/docs');
    const post = await get('/docs', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('NAFTIKO_REST_DOCS=off: /docs and its files are unknown paths (404); the API is unchanged', async () => {
    const off = await startServer({ script: REST_JS, env: { PORTKEY_API_KEY: CANARY_KEY, NAFTIKO_REST_DOCS: 'OFF' } });
    for (const path of ['/docs', '/docs/init.js', '/docs/swagger-ui-bundle.js']) {
      const res = await fetch(off.url + path, { signal: AbortSignal.timeout(10_000) });
      expect(res.status, path).toBe(404);
    }
    expect((await fetch(off.url + '/openapi.json')).status).toBe(200);
    await off.stop();
  });

  it('NAFTIKO_REST_DOCS=maybe: the server refuses to start, naming the variable and its values', async () => {
    const r = await runToExit({ script: REST_JS, args: ['--port', '0'], env: { PORTKEY_API_KEY: CANARY_KEY, NAFTIKO_REST_DOCS: 'maybe' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('NAFTIKO_REST_DOCS="maybe" is not valid: expected on or off; default on');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('swagger-ui-dist is a dependency of the package, read from disk only: the client and the REST app never import it', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    expect(pkg.dependencies['swagger-ui-dist']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scarfSettings).toEqual({ enabled: false });
    const runtime = join(PACKAGE_DIR, '../../packages/runtime/src');
    const sources = [join(PACKAGE_DIR, 'src/index.ts'), join(PACKAGE_DIR, 'src/rest-app.ts'), join(runtime, 'api-docs.ts')].map((f) => readFileSync(f, 'utf8'));
    for (const text of sources) expect(text).not.toMatch(/from 'swagger-ui-dist/);
    expect(sources[0]).not.toContain('rest-app');
    expect(sources[0]).not.toContain('apiDocs');
    // The runtime's client entry (all a client-only user loads) does not reach the docs page either.
    expect(readFileSync(join(runtime, 'entries/client.ts'), 'utf8')).not.toContain('api-docs');
  });
});
