/** (q) Ikanos imports in exposes, aggregates and binds (`from`): the named entries are copied in (one renamed with `as`) and work. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/pipeline.js';
import { compileTest, FIXTURES, getJson, textOf, useConstruct } from './harness.js';

const NAME = 'q-section-imports';

const ctx = useConstruct(NAME, {
  notes: 'imports in exposes/aggregates/binds',
  routes: (fake) => fake.route('GET', /^\/forecast\//, (req) => ({ json: { city: decodeURIComponent(req.path.slice(10)), auth: req.headers.authorization ?? null } })),
  env: (fake) => ({ METEO_BASE_URL: fake.url, METEO_TOKEN: 'tok-123' }),
});

/** Generates a variant of the fixture (written beside it, so `./shared/q/…` still resolves) and returns its diagnostics. */
async function variant(label: string, edit: (text: string) => string): Promise<string[]> {
  const text = edit(readFileSync(join(FIXTURES, `${NAME}.yaml`), 'utf8'));
  const file = join(FIXTURES, `_${NAME}-${label}.yaml`);
  writeFileSync(file, text);
  try {
    const { diagnostics } = await generate([file], { cwd: FIXTURES });
    return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code}`);
  } finally {
    rmSync(file, { force: true });
  }
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: no findings; the imported MCP expose carries its alias, the imported bind its secret', () => {
    expect(ctx.fx.diagnostics).toEqual([]);
    expect(ctx.fx.source('src/mcp-server.ts')).toContain("name: 'meteo-mcp'");
    expect(ctx.fx.source('src/config.ts')).toContain('METEO_TOKEN');
  });

  it('rest GET /forecast/{city} (imported expose, ref to the imported flow) → upstream with the imported secret', async () => {
    const res = await getJson(`${ctx.rest.url}/forecast/Lyon`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ city: 'Lyon', auth: 'Bearer tok-123' });
  });

  it('mcp get-forecast (imported expose and flow; hints from the flow semantics)', async () => {
    const { tools } = await ctx.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['get-forecast']);
    expect(tools[0]!.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    const r: any = await ctx.client.callTool({ name: 'get-forecast', arguments: { city: 'Nice' } });
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(r.structuredContent).toEqual({ city: 'Nice', auth: 'Bearer tok-123' });
  });

  it('client: a namespace the shared file lacks (NG3134), a file without the section (NG3133), at the importing line', async () => {
    expect(await variant('missing', (t) => t.replace('import: weather-rest', 'import: weather-grpc'))).toEqual(['30 NG3134']);
    expect(await variant('section', (t) => t.replace('  - import: forecast\n    from: ./shared/q/forecast.aggregates.yml', '  - import: forecast\n    from: ./shared/q/secrets.binds.yml'))).toEqual(['24 NG3133']);
  });

  it('client: the consumes-import rules hold — out of the import root (NG1015, nothing read), a cycle (NG1011), a missing file (NG1010)', async () => {
    expect(await variant('outside', (t) => t.replace('from: ./shared/q/secrets.binds.yml', 'from: ../../../../../../../../etc/hosts'))).toEqual(['7 NG1015']);
    expect(await variant('cycle', (t) => t.replace('from: ./shared/q/secrets.binds.yml', `from: ./_${NAME}-cycle.yaml`))).toEqual(['7 NG1011']);
    expect(await variant('absent', (t) => t.replace('from: ./shared/q/secrets.binds.yml', 'from: ./shared/q/nothing.yml'))).toEqual(['7 NG1010']);
  });
});
