/** (j) the shared consumes file generated on its own → a client-only package. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBuiltPackage } from '../support/built-package.js';
import { compileTest, useConstruct } from './harness.js';

const NAME = 'j-shared-client';
const KEY = 'inv-key-client-77';
let mod: any;

const ctx = useConstruct(NAME, {
  file: 'shared/inventory-api.yaml',
  notes: 'client-only package from a root consumes file',
  rest: false,
  mcp: false,
  routes: (fake) => {
    fake.route('GET', /^\/api\/stock\//, (req) => ({ json: { sku: decodeURIComponent(req.path.slice(11)), level: 3 } }));
    fake.route('GET', '/api/stock/missing', { status: 404, json: { error: 'unknown sku' } });
  },
  setup: async ({ fx }) => {
    mod = await importBuiltPackage(fx.dir);
  },
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: no rest/mcp sources, only the client, config, index and runtime', () => {
    const src = ctx.fx.files.filter((f) => f.startsWith('src/'));
    expect(src.sort()).toEqual(['src/clients/inventory-client.ts', 'src/config.ts', 'src/index.ts']);
    expect(ctx.fx.files).not.toContain('openapi.json');
  });

  it('client: package.json advertises no server scripts (there is no dist/rest.js or dist/mcp.js)', () => {
    const pkg = JSON.parse(readFileSync(join(ctx.fx.dir, 'package.json'), 'utf8'));
    const scripts = Object.values(pkg.scripts ?? {}) as string[];
    expect(scripts.filter((s) => /dist\/(rest|mcp)\.js/.test(s))).toEqual([]);
  });

  it('client: InventoryClient calls the fake with the apikey header and a JSON body', async () => {
    const client = new mod.InventoryClient({ env: { INVENTORY_KEY: KEY, INVENTORY_BASE_URL: `${ctx.fake.url}/api` } });
    const from = ctx.fake.requests.length;
    expect(await client.stock.get({ sku: 'A/1' })).toEqual({ sku: 'A/1', level: 3 });
    await client.stock.set({ sku: 'A1', level: 12 });
    const up = ctx.fake.since(from);
    expect(up.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/stock/A%2F1', 'PUT /api/stock/A1']);
    expect(up[0]!.headers['x-inventory-key']).toBe(KEY);
    expect(JSON.parse(up[1]!.body)).toEqual({ level: 12 });
  });

  it('client: an upstream 404 throws UpstreamHttpError with status and body', async () => {
    const client = new mod.InventoryClient({ env: { INVENTORY_KEY: KEY, INVENTORY_BASE_URL: `${ctx.fake.url}/api` } });
    const err = await client.stock.get({ sku: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(mod.UpstreamHttpError);
    expect(err.status).toBe(404);
    expect(err.body).toEqual({ error: 'unknown sku' });
  });
});
