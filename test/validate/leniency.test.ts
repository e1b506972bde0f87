// Leniency where the intent is plain (issue 14): each is a warning with a stable code by default and
// an error under --strict; real defects (an unrendered template) stay errors.
import { describe, expect, it } from 'vitest';
import { check, codes, isValid, MINIMAL_ALPHA2 } from './helpers.js';
import { modelOf } from '../unit/model-helpers.js';

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

/** Namespaces with `:` and `.` (NGD113), used consistently: declared, called, referenced, forwarded to. */
const ODD_NAMESPACES = `ikanos: "1.0.0-beta5"
info:
  display: Odd namespaces
  description: Namespaces outside the official pattern, written the same way everywhere.
capability:
  consumes:
    - type: http
      namespace: github:issues
      baseUri: https://api.example.com
      resources:
        issues:
          path: /issues
          operations:
            list-issues:
              method: GET
  aggregates:
    - display: Triage
      namespace: triage.v1
      flows:
        open-issues:
          description: Open issues.
          call: github:issues.list-issues
  exposes:
    - type: mcp
      port: 9090
      namespace: gh:mcp
      tools:
        list-issues:
          description: List issues.
          call: github:issues.list-issues
        open-issues:
          description: Open issues through the flow.
          ref: triage.v1.open-issues
`;

describe('leniency: namespaces outside the pattern (NGD113)', () => {
  it('declared and referenced consistently: warnings at each place, with the official spelling; errors under --strict', () => {
    const relaxed = check(ODD_NAMESPACES);
    expect(isValid(relaxed), JSON.stringify(relaxed.diagnostics)).toBe(true);
    const found = relaxed.diagnostics.filter((d) => d.code === 'NGD113');
    // The consumes, aggregate and expose namespaces, the flow's and the tool's call, the tool's ref.
    expect(found.map((d) => `${d.line}:${d.severity}`).sort((a, b) => parseInt(a) - parseInt(b))).toEqual(['8:warning', '18:warning', '22:warning', '26:warning', '30:warning', '33:warning']);
    expect(found[0]!.hint).toContain('`github-issues`');
    expect(found.find((d) => d.line === 30)!.hint).toContain('`call: github-issues.list-issues`');
    expect(found.find((d) => d.line === 33)!.hint).toContain('`ref: triage-v1.open-issues`');
    const strict = check(ODD_NAMESPACES, true);
    expect(codes(strict, 'error')).toEqual(['NGD113']);
  });

  it('Naftiko alpha2 spelling too, at the namespace and the call', () => {
    const odd = MINIMAL_ALPHA2.replace('namespace: demo\n', 'namespace: acme:demo\n').replace('call: demo.get-item', 'call: acme:demo.get-item');
    expectLenient(odd, 'NGD113', 12);
    expect(check(odd).diagnostics.filter((d) => d.code === 'NGD113').map((d) => d.line)).toEqual([12, 36]);
  });

  it('still refused: whitespace, braces or an empty name part', () => {
    for (const bad of ['acme demo', '{{ns}}', 'acme"demo']) {
      const text = MINIMAL_ALPHA2.replace('namespace: demo\n', `namespace: '${bad}'\n`);
      expect(isValid(check(text)), bad).toBe(false);
    }
    expect(isValid(check(MINIMAL_ALPHA2.replace('call: demo.get-item', 'call: acme:demo.')))).toBe(false);
  });
});

describe('leniency: an operation with its own path (NGD114), a baseUri that is a variable (NGD115)', () => {
  const OP_PATH = MINIMAL_ALPHA2.replace('      - name: get-item\n        method: GET\n', '      - name: get-item\n        method: GET\n        path: /items/{{id}}/history\n');

  it('NGD114 at the key, with the official spelling (a resource of its own); error under --strict', () => {
    expectLenient(OP_PATH, 'NGD114', 23);
    const hint = check(OP_PATH).diagnostics.find((d) => d.code === 'NGD114')!.hint;
    expect(hint).toContain('path: /items/{{id}}/history');
  });

  it('NGD114: the operation is called at its own path, not its resource path', () => {
    const op = modelOf(OP_PATH).model.consumes[0]!.operations[0]!;
    expect(op.path).toBe('/items/{id}/history');
    expect(modelOf(MINIMAL_ALPHA2).model.consumes[0]!.operations[0]!.path).toBe('/items/{id}');
  });

  it('NGD115: `baseUri: {{api_url}}` is read (the base URL comes from the environment); other non-URLs still fail', () => {
    const variable = MINIMAL_ALPHA2.replace('baseUri: https://api.example.com/v1', "baseUri: '{{ DEMO_URL }}'").replace('    DEMO_TOKEN: DEMO_TOKEN\n', '    DEMO_TOKEN: DEMO_TOKEN\n    DEMO_URL: DEMO_URL\n');
    expectLenient(variable, 'NGD115', 14);
    expect(check(variable).diagnostics.find((d) => d.code === 'NGD115')!.hint).toContain('https://');
    for (const bad of ['api.example.com', '{{a}}/v1', 'ftp://x']) {
      expect(isValid(check(MINIMAL_ALPHA2.replace('baseUri: https://api.example.com/v1', `baseUri: '${bad}'`))), bad).toBe(false);
    }
  });
});

describe('leniency: REST-spelled inputs (NGD117 tools, NGD118 REST) and grouped skills (NGD116)', () => {
  it('NGD118: a REST input with `required` and no type/description is read as a required string', () => {
    const loose = MINIMAL_ALPHA2.replace('        - name: id\n          in: path\n          type: string\n          description: The item id.\n', '        - name: id\n          in: path\n          required: true\n');
    expect(loose).not.toBe(MINIMAL_ALPHA2);
    expectLenient(loose, 'NGD118');
    const input = modelOf(loose).model.rest[0]!.routes[0]!.inputs.find((i) => i.name === 'id')!;
    expect(input.schema.type).toBe('string');
    expect(input.required).toBe(true);
    // Without `in` there is no wire location to imply a type: still an error.
    expect(isValid(check(loose.replace('          in: path\n          required: true\n', '          required: true\n')))).toBe(false);
  });

  it('NGD117: an MCP tool argument with `in: path` and no type/description is a string; `in: body` untyped still fails', () => {
    const tool = MINIMAL_ALPHA2.replace('      - name: id\n        type: string\n        description: The item id.\n', '      - name: id\n        in: path\n        required: true\n');
    expect(tool).not.toBe(MINIMAL_ALPHA2);
    expectLenient(tool, 'NGD117');
    const input = modelOf(tool).model.mcp[0]!.tools[0]!.inputs.find((i) => i.name === 'id')!;
    expect(input.schema.type).toBe('string');
    expect(isValid(check(tool.replace('        in: path\n        required: true\n', '        in: body\n')))).toBe(false);
  });

  it('NGD116: a skill expose with `groups[].skills[]` is accepted (no skill server is generated); a group without skills fails', () => {
    const skill = `${MINIMAL_ALPHA2}  - type: skill
    port: 3003
    namespace: demo-skills
    groups:
    - name: read-demo
      description: Read-only.
      skills:
      - name: get-item
        call: demo.get-item
`;
    expectLenient(skill, 'NGD116');
    expect(isValid(check(skill.replace('      skills:\n      - name: get-item\n        call: demo.get-item\n', '')))).toBe(false);
  });
});
