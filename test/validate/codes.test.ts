import { describe, it, expect } from 'vitest';
import { SUPPORTED_VERSIONS, validateDocument } from '../../generator/validate/index.js';
import { check, codes, isValid, loadInline, MINIMAL_ALPHA2 } from './helpers.js';

/** Replace the first occurrence of `from` in the minimal document (fails loudly if absent). */
function edit(from: string, to: string, base = MINIMAL_ALPHA2): string {
  if (!base.includes(from)) throw new Error(`fixture lacks ${JSON.stringify(from)}`);
  return base.replace(from, to);
}

describe('validateDocument basics', () => {
  it('exports the supported versions', () => {
    expect(SUPPORTED_VERSIONS).toEqual(['0.5', '1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3']);
  });

  it('accepts the minimal alpha2 capability in both modes, kind capability', () => {
    for (const strict of [false, true]) {
      const r = check(MINIMAL_ALPHA2, strict);
      expect(r.diagnostics).toEqual([]);
      expect(r.kind).toBe('capability');
      expect(r.version).toBe('1.0.0-alpha2');
    }
  });

  it('accepts the same document as alpha3', () => {
    expect(check(edit('1.0.0-alpha2', '1.0.0-alpha3'), true).diagnostics).toEqual([]);
  });

  it('detects a shared consumes file', () => {
    const r = check(`naftiko: 1.0.0-alpha2
consumes:
- type: http
  namespace: shared
  baseUri: https://api.example.com
`);
    expect(r.kind).toBe('consumes');
    expect(r.diagnostics).toEqual([]);
  });
});

describe('NG2100 unsupported versions', () => {
  const cases: Array<[string, string]> = [
    ['0.4', 'naftiko: "0.4"\ninfo: {label: x, description: y}\n'],
    ['number 0.4', 'naftiko: 0.4\ninfo: {label: x, description: y}\n'],
    ['missing key', 'info: {label: x, description: y}\ncapability: {}\n'],
    ['ikanos', 'ikanos: 1.0.0\ncapability: {}\n'],
    ['future', 'naftiko: 2.0.0\ncapability: {}\n'],
  ];
  for (const [name, text] of cases) {
    it(`gives exactly one NG2100 for ${name}`, () => {
      for (const strict of [false, true]) {
        const r = check(text, strict);
        expect(r.diagnostics).toHaveLength(1);
        expect(r.diagnostics[0]!.code).toBe('NG2100');
        expect(r.diagnostics[0]!.severity).toBe('error');
        expect(r.diagnostics[0]!.message).toContain('1.0.0-alpha2');
      }
    });
  }
  it('names the ikanos format', () => {
    expect(check('ikanos: 1.0.0\ncapability: {}\n').diagnostics[0]!.message).toMatch(/Ikanos/);
  });
});

describe('NG2xxx schema errors', () => {
  it('NG2001 unknown key, located at the key', () => {
    // (an unknown key under info is dialect metadata, NGD111: this one sits on a consumed API)
    const r = check(edit('    namespace: demo\n', '    namespace: demo\n    colour: blue\n'));
    expect(codes(r, 'error')).toEqual(['NG2001']);
    const d = r.diagnostics[0]!;
    expect([d.line, d.col]).toEqual([13, 5]);
    expect(d.message).toContain('colour');
    expect(d.hint).not.toBe('');
  });

  it('NG2002 missing required key', () => {
    const r = check(edit('  description: Demo capability.\n', ''), true);
    expect(codes(r, 'error')).toEqual(['NG2002']);
    expect(r.diagnostics[0]!.message).toContain('description');
  });

  it('NG2003 wrong type', () => {
    const r = check(edit('    port: 8080', '    port: "eighty"'));
    expect(codes(r, 'error')).toEqual(['NG2003']);
    expect(r.diagnostics[0]!.line).toBe(29);
  });

  it('NG2004 pattern mismatch', () => {
    const r = check(edit('call: demo.get-item', 'call: demo get item'));
    expect(codes(r, 'error')).toEqual(['NG2004']);
    expect(r.diagnostics[0]!.message).toContain('demo get item');
  });

  it('NG2005 value not in enum', () => {
    const r = check(edit('        method: GET\n        inputParameters', '        method: FETCH\n        inputParameters'));
    expect(codes(r, 'error')).toEqual(['NG2005']);
    expect(r.diagnostics[0]!.message).toContain('FETCH');
  });

  it('NG2005 for an unknown discriminator, one finding, no oneOf noise', () => {
    const r = check(edit('  - type: mcp', '  - type: grpc'));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('NG2005');
    expect(r.diagnostics[0]!.message).toContain('grpc');
    expect(r.diagnostics[0]!.message).not.toMatch(/exactly one/);
  });

  it('NG2006 other constraint (port out of range)', () => {
    const r = check(edit('    port: 8080', '    port: 70000'));
    expect(codes(r, 'error')).toEqual(['NG2006']);
  });

  it('a missing port on an http MCP server: one finding naming the port (NGD112, an error under --strict)', () => {
    for (const strict of [false, true]) {
      const r = check(edit('    port: 9090\n', ''), strict);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]!.code).toBe('NGD112');
      expect(r.diagnostics[0]!.severity).toBe(strict ? 'error' : 'warning');
      expect(r.diagnostics[0]!.message).toContain('port');
    }
  });

  it('reports each violation once', () => {
    const r = check(edit('    namespace: demo\n', '    namespace: demo\n    colour: blue\n'), true);
    expect(r.diagnostics).toHaveLength(1);
  });
});

describe('NGD dialect relaxations: warning by default, error with --strict, same code', () => {
  const cases: Array<[string, string]> = [
    ['NGD101', edit('          in: path\n  exposes', '          in: path\n          type: string\n          required: true\n  exposes')],
    ['NGD102', edit('    namespace: demo-rest\n', '    namespace: demo-rest\n    description: REST adapter.\n')],
    [
      'NGD103',
      edit('      inputParameters:\n      - name: id\n        type: string\n        description: The item id.\n',
        '      inputParameters:\n      - name: id\n        type: string\n        description: The item id.\n      outputParameters:\n      - type: object\n        mapping: $.\n'),
    ],
    ['NGD104', edit('    - name: items\n      path: /items/{{id}}', '    - name: my_items\n      path: /items/{{id}}')],
    [
      'NGD105',
      edit('      description: Get an item.\n', '      description: Get an item.\n      hints:\n        readOnly: true\n', MINIMAL_ALPHA2.replace('1.0.0-alpha2', '1.0.0-alpha1')),
    ],
    ['NGD106', edit("      type: bearer\n      token: '{{DEMO_TOKEN}}'", "      type: apikey\n      in: header\n      name: X-Key\n      value: '{{DEMO_TOKEN}}'")],
    ['NGD107', edit('    - name: items\n      path: /items/{{id}}', "    - name: '#Target=Items.Get'\n      path: /items/{{id}}")],
    ['NGD108', edit('        method: GET\n        inputParameters', '        method: POST\n        body:\n          type: form\n          data:\n            a: b\n        inputParameters')],
    ['NGD109', edit('        method: GET\n        inputParameters', '        method: POST\n        body:\n          type: json\n        inputParameters')],
    ['NGD110', edit('        - name: id\n          in: path', '        - name: id\n          in: path\n        - name: filter[query]\n          in: query')],
  ];
  for (const [code, text] of cases) {
    it(`${code}`, () => {
      const relaxed = check(text);
      expect(isValid(relaxed)).toBe(true);
      expect(codes(relaxed, 'warning')).toEqual([code]);
      const w = relaxed.diagnostics[0]!;
      expect(w.line).toBeGreaterThan(1);
      expect(w.hint.length).toBeGreaterThan(10);
      const strict = check(text, true);
      expect(isValid(strict)).toBe(false);
      expect(codes(strict, 'error')).toEqual([code]);
      expect(codes(strict, 'warning')).toEqual([]);
    });
  }

  it('unknown keys stay errors in default mode', () => {
    const r = check(edit('    namespace: demo-rest\n', '    namespace: demo-rest\n    groups: []\n'));
    expect(codes(r, 'error')).toEqual(['NG2001']);
  });

  it('never throws on odd shapes', () => {
    const odd = ['naftiko: 1.0.0-alpha2\ncapability: []\n', 'naftiko: 1.0.0-alpha2\ncapability:\n  exposes: [1, "x", null]\n', 'naftiko: 1.0.0-alpha2\nconsumes: 5\n'];
    for (const t of odd) for (const strict of [false, true]) expect(isValid(validateDocument(loadInline(t), { strict }))).toBe(false);
  });
});
