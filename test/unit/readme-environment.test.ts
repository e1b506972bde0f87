// The Environment section of the package README: the sentence after the table is a paragraph (a
// blank line ends the table; without it Markdown renders the sentence as one more table row), and it
// says what is true of secrets: kept out of logs and of the error bodies the servers write, while a
// 2xx upstream body is passed through as it came.
import { describe, expect, it } from 'vitest';
import { emitReadme } from '../../generator/emit/emit-package.js';
import { modelOf, seedText } from './model-helpers.js';

const HEADER = { generator: 'naftiko-gen test', source: 'inline.yaml' };

describe('package README: Environment', () => {
  const targets = [
    { rest: true, mcp: true },
    { rest: true, mcp: false },
    { rest: false, mcp: true },
    { rest: false, mcp: false },
  ];
  it.each(targets)('a blank line ends the table before the secrets sentence (rest: $rest, mcp: $mcp)', (target) => {
    const lines = emitReadme(modelOf(seedText()).model, HEADER, target).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Secrets are read from the environment only.'));
    expect(at).toBeGreaterThan(1);
    expect(lines[at - 1]).toBe('');
    expect(lines[at - 2]).toMatch(/^\|.*\|$/);
  });

  it('says secrets stay out of logs and error bodies, and that a 2xx body is passed through unscrubbed', () => {
    const text = emitReadme(modelOf(seedText()).model, HEADER, { rest: true, mcp: true }).replace(/\s+/g, ' ');
    expect(text).toContain(
      'Secrets are read from the environment only. They never appear in the logs or in the error bodies the servers write (an upstream error body is scrubbed of them); a 2xx upstream body is passed through as the upstream sent it, not scrubbed.',
    );
    expect(text).not.toContain('never appear in logs (redacted) or responses');
  });

  it('lists the production settings where they apply: caller credentials and tracing on any server, OAuth on MCP', () => {
    const row = (name: string) => new RegExp(`^\\| \`${name}\`.*\\|$`, 'm');
    const both = emitReadme(modelOf(seedText()).model, HEADER, { rest: true, mcp: true });
    expect(both).toMatch(row('NAFTIKO_UPSTREAM_CREDENTIALS'));
    expect(both).toContain('`x-naftiko-credential-portkey-api-key` for `PORTKEY_API_KEY`');
    expect(both).toContain('gets 401 (REST) / an `isError` result naming it (MCP)');
    expect(both).toMatch(row('OTEL_EXPORTER_OTLP_ENDPOINT'));
    expect(both).toMatch(/^\| `NAFTIKO_MCP_OAUTH_ISSUER`, `NAFTIKO_MCP_OAUTH_AUDIENCE`/m);
    expect(both).toMatch(row('NAFTIKO_MCP_OAUTH_SCOPES'));
    const restOnly = emitReadme(modelOf(seedText()).model, HEADER, { rest: true, mcp: false });
    expect(restOnly).not.toContain('NAFTIKO_MCP_OAUTH');
    expect(restOnly).toContain('a request without the header gets 401, nothing sent upstream');
    const clientOnly = emitReadme(modelOf(seedText()).model, HEADER, { rest: false, mcp: false });
    expect(clientOnly).not.toContain('NAFTIKO_UPSTREAM_CREDENTIALS');
    expect(clientOnly).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});
