/** (k) transport: stdio on the MCP expose → `node dist/mcp.js` with no flags speaks stdio. */
import { describe, expect, it } from 'vitest';
import { compileTest, textOf, useConstruct } from './harness.js';

const NAME = 'k-stdio';

const ctx = useConstruct(NAME, {
  notes: 'stdio by default, no flags',
  rest: false,
  mcp: 'stdio',
  routes: (fake) => fake.route('GET', '/quote', (req) => ({ json: { topic: req.query.topic, text: 'Simplicity is prerequisite for reliability.' } })),
  env: (fake) => ({ QUOTES_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('mcp: no REST adapter is generated (the capability has no rest expose)', () => {
    expect(ctx.fx.files).not.toContain('src/rest.ts');
  });

  it('mcp over stdio without flags: initialize, server name, instructions', () => {
    expect(ctx.client.getServerVersion()).toMatchObject({ name: 'quotes-mcp' });
    expect(ctx.client.getInstructions()).toBe('Quotes over stdio.');
  });

  it('mcp over stdio: random-quote calls the upstream with the topic', async () => {
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'random-quote', arguments: { topic: 'design' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toMatchObject({ topic: 'design' });
    expect(ctx.fake.since(from).map((r) => r.url)).toEqual(['/quote?topic=design']);
  });

  it('mcp over stdio: logs go to stderr only (stdout stays JSON-RPC)', () => {
    expect(ctx.stdioStderr).toContain('stdio');
  });
});
