// generator/emit/emit-package.ts emitReadme: the package README describes the package that was
// generated (targets, the MCP transport, orchestrated operations), nothing more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitReadme } from '../../generator/emit/emit-package.js';
import { modelOf, REPO, seedText } from './model-helpers.js';

const HEADER = { generator: 'naftiko-gen test', source: 'inline.yaml' };
const fixture = (name: string): string => readFileSync(join(REPO, 'test/fixtures/constructs', `${name}.yaml`), 'utf8');
const BOTH = { rest: true, mcp: true };

describe('package README', () => {
  it('documents both servers when both are generated', () => {
    const text = emitReadme(modelOf(seedText()).model, HEADER, BOTH);
    expect(text).toContain('node dist/rest.js');
    expect(text).toContain('node dist/mcp.js --stdio');
    expect(text).toContain('## REST routes');
    expect(text).toContain('## MCP tools');
    expect(text).toContain('"PORTKEY_API_KEY": "..."');
  });

  it('a client-only package documents no server', () => {
    const text = emitReadme(modelOf(seedText()).model, HEADER, { rest: false, mcp: false });
    expect(text).not.toMatch(/dist\/(rest|mcp)\.js|## REST routes|## MCP tools|NAFTIKO_CORS_ORIGINS|NAFTIKO_MCP_/);
    expect(text).toContain('a typed HTTP client, calling');
  });

  it('an MCP-only package has no REST section', () => {
    const text = emitReadme(modelOf(seedText()).model, HEADER, { rest: false, mcp: true });
    expect(text).not.toMatch(/dist\/rest\.js|## REST routes|NAFTIKO_REST_MAX_BODY/);
    expect(text).toContain('## MCP tools');
  });

  it('transport: stdio — plain `node dist/mcp.js` is stdio, HTTP needs --port', () => {
    const text = emitReadme(modelOf(fixture('k-stdio'), 'k-stdio').model, HEADER, { rest: false, mcp: true });
    expect(text).toMatch(/^node dist\/mcp\.js +# MCP over stdio/m);
    expect(text).not.toContain('--stdio');
    expect(text).toContain('"args": ["<absolute path to this package>/dist/mcp.js"]');
    expect(text).toContain('"env": {}');
  });

  it('orchestrated operations list their steps', () => {
    const text = emitReadme(modelOf(fixture('a-steps-lookup'), 'a-steps-lookup').model, HEADER, BOTH);
    expect(text).toContain('steps `fleet.get-ship` → `fleet.list-crew` → lookup in `list-crew`');
    expect(text).not.toContain('not generated');
  });

  it('the client example type-checks in shape: placeholders by type, no `as never`', () => {
    const text = emitReadme(modelOf(seedText()).model, HEADER, BOTH);
    expect(text).toContain('await client.batches.create({ body: { /* ... */ } });');
    expect(text).not.toContain('as never');
  });
});
