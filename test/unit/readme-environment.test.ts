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
});
