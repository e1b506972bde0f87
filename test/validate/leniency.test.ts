// Leniency where the intent is plain (issue 14): each is a warning with a stable code by default and
// an error under --strict; real defects (an unrendered template) stay errors.
import { describe, expect, it } from 'vitest';
import { check, codes, isValid, MINIMAL_ALPHA2 } from './helpers.js';

const IKANOS = `ikanos: "1.0.0-beta5"
info:
  display: Demo
  description: Demo.
  version: "2.1.0"
capability:
  consumes:
    - type: http
      namespace: demo
      baseUri: https://api.example.com
      resources:
        items:
          path: /items
          operations:
            list-items:
              method: GET
              inputParameters:
                "filter[score][$op]": {in: query}
  exposes:
    - type: mcp
      namespace: demo-mcp
      tools:
        list-items:
          description: List items.
          call: demo.list-items
`;

function expectLenient(text: string, code: string, line?: number): void {
  const relaxed = check(text);
  expect(isValid(relaxed), JSON.stringify(relaxed.diagnostics)).toBe(true);
  expect(codes(relaxed, 'warning')).toContain(code);
  if (line !== undefined) expect(relaxed.diagnostics.find((d) => d.code === code)!.line).toBe(line);
  const strict = check(text, true);
  expect(codes(strict, 'error')).toContain(code);
}

describe('leniency', () => {
  it('unknown keys under info (NGD111), at the key', () => {
    expectLenient(MINIMAL_ALPHA2.replace('  description: Demo capability.\n', '  description: Demo capability.\n  personas: [developer]\n'), 'NGD111', 5);
  });

  it('info.version is official from Ikanos beta4 on, dialect metadata in Naftiko', () => {
    expect(codes(check(IKANOS))).not.toContain('NGD111');
    expectLenient(MINIMAL_ALPHA2.replace('  description: Demo capability.\n', '  description: Demo capability.\n  version: 1.2.0\n'), 'NGD111');
  });

  it('an MCP or REST expose without port (NGD112)', () => {
    expectLenient(IKANOS, 'NGD112', 20);
    expectLenient(MINIMAL_ALPHA2.replace('    port: 8080\n', ''), 'NGD112');
  });

  it('any non-empty consumed parameter name (NGD110), Naftiko and Ikanos, at the name', () => {
    expectLenient(IKANOS, 'NGD110', 18);
    const odd = MINIMAL_ALPHA2.replace('        - name: id\n          in: path\n', '        - name: id\n          in: path\n        - name: ValidUntilDate<\n          in: query\n');
    expectLenient(odd, 'NGD110');
    expect(isValid(check(MINIMAL_ALPHA2.replace('        - name: id\n          in: path\n', "        - name: id\n          in: path\n        - name: ''\n          in: query\n")))).toBe(false);
  });

  it('an unrendered template stays an error', () => {
    const template = MINIMAL_ALPHA2.replace('namespace: demo\n', 'namespace: ${{ values.name }}\n');
    expect(isValid(check(template))).toBe(false);
  });
});
