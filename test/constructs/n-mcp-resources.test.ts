/**
 * (n) MCP beyond tools: a tool whose argument is renamed on the way upstream (`subject` → `topic`, a
 * table entry with `args`), a resource template whose URI variable is the upstream parameter, and a
 * prompt filled from its arguments.
 */
import { describe, expect, it } from 'vitest';
import { compileTest, textOf, useConstruct } from './harness.js';

const NAME = 'n-mcp-resources';

const ctx = useConstruct(NAME, {
  notes: 'renamed tool argument, resource template, prompt',
  rest: false,
  routes: (fake) => fake.route('GET', '/quote', (req) => ({ json: { topic: req.query.topic, text: 'Less is more.' } })),
  env: (fake) => ({ QUOTES_BASE_URL: fake.url }),
});

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('tool: the `subject` argument reaches the upstream as `topic`', async () => {
    const from = ctx.fake.requests.length;
    const result: any = await ctx.client.callTool({ name: 'random-quote', arguments: { subject: 'design' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(result.structuredContent).toMatchObject({ topic: 'design' });
    expect(ctx.fake.since(from).map((r) => r.url)).toEqual(['/quote?topic=design']);
  });

  it('resource template: the URI variable is the upstream parameter', async () => {
    const from = ctx.fake.requests.length;
    const result = await ctx.client.readResource({ uri: 'quote://craft' });
    const contents = result.contents[0] as { uri: string; text?: string };
    expect(contents.uri).toBe('quote://craft');
    expect(JSON.parse(contents.text ?? '')).toEqual({ topic: 'craft', text: 'Less is more.' });
    expect(ctx.fake.since(from).map((r) => r.url)).toEqual(['/quote?topic=craft']);
  });

  it('prompt: the message is filled from the arguments', async () => {
    const result = await ctx.client.getPrompt({ name: 'inspire', arguments: { topic: 'focus' } });
    expect(result.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Give me a quote about focus.' } }]);
  });
});
