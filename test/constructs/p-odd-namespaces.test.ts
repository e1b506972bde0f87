/** (p) namespaces outside the official pattern (`github:issues`, `triage.v1`) used consistently: NGD113 warnings, safe names, working calls. */
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/pipeline.js';
import { compileTest, FIXTURES, getJson, OUT, textOf, useConstruct } from './harness.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NAME = 'p-odd-namespaces';

const ctx = useConstruct(NAME, {
  notes: 'namespaces with : and . (NGD113)',
  routes: (fake) => fake.route('GET', /^\/issues$/, { json: [{ id: 1, state: 'open' }] }),
  env: (fake) => ({ GITHUB_ISSUES_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: warnings only (NGD113 at each odd namespace and reference), names derived safely', () => {
    expect(ctx.fx.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ctx.fx.diagnostics.filter((d) => d.code === 'NGD113')).toHaveLength(8);
    expect(ctx.fx.files).toContain('src/clients/github-issues-client.ts');
    expect(ctx.fx.source('src/config.ts')).toContain('GITHUB_ISSUES_BASE_URL');
  });

  it('rest GET /issues → the call to github:issues reaches the upstream', async () => {
    const res = await getJson(`${ctx.rest.url}/issues`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual([{ id: 1, state: 'open' }]);
  });

  it('mcp list-issues (call) and open-issues (ref to triage.v1) call the upstream', async () => {
    const from = ctx.fake.requests.length;
    for (const name of ['list-issues', 'open-issues']) {
      const r: any = await ctx.client.callTool({ name, arguments: {} });
      expect(r.isError ?? false, textOf(r)).toBe(false);
      expect(JSON.parse(textOf(r))).toEqual([{ id: 1, state: 'open' }]);
    }
    expect(ctx.fake.since(from).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /issues', 'GET /issues']);
  });

  it('client: inconsistent use stays an error (the call names a spelling no namespace has)', async () => {
    const text = readFileSync(join(FIXTURES, `${NAME}.yaml`), 'utf8').replace('        call: github:issues.list-issues\n  exposes', '        call: github-issues.list-issues\n  exposes');
    const dir = join(OUT, `${NAME}-inconsistent`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'inconsistent.yaml'), text);
    const { diagnostics } = await generate([join(dir, 'inconsistent.yaml')], { cwd: dir });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code}`)).toEqual(['22 NG3001']);
    expect(diagnostics.find((d) => d.code === 'NG3001')!.message).toContain('`github-issues`');
  });
});
