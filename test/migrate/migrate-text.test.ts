// The rewrite itself, in process: every step on a small commented fixture, the findings (code, line:col)
// of what cannot be migrated mechanically, and a migrated file migrating to itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migrateText } from '../../generator/migrate/index.js';

const FIXTURE = readFileSync(join(import.meta.dirname, 'fixtures/commented-alpha2.yaml'), 'utf8');

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('migrate: the commented fixture', () => {
  const r = migrateText('fixture.yaml', FIXTURE);
  const out = r.output;
  const data = parse(out) as Record<string, any>;

  it('rewrites the version, keeping it first and keeping its quoting and comment', () => {
    expect(r.status).toBe('migrated');
    expect(r.from).toBe('naftiko 1.0.0-alpha2');
    expect(out).toContain('ikanos: "1.0.0-beta5" # the version line\n');
    expect(Object.keys(data)[0]).toBe('ikanos');
    expect(out).not.toMatch(/^naftiko:/m);
  });

  it('keeps every comment, and points the editor schema comment at the Ikanos schema', () => {
    expect(out).toContain('# yaml-language-server: $schema=https://ikanos.io/schemas/v1.0.0-beta5/ikanos.json');
    expect(out).toContain('# Shipyard: a small capability that shows every rewrite.');
    // The comment above a list item now sits above its key; a trailing comment on `name` follows the key.
    expect(lineOf(out, '# Ships, by IMO number') + 1).toBe(lineOf(out, 'ships:'));
    expect(out).toMatch(/^ +get-ship: # one ship$/m);
  });

  it('keeps quoting: single and double quotes stay as written', () => {
    expect(out).toContain("display: 'Shipyard'");
    expect(out).toContain('description: "Fleet tools"');
    expect(out).toContain("description: 'Get one ship'");
    expect(out).toContain('baseUri: "https://registry.example.com"');
  });

  it('turns named lists into maps in order, drops `name`, renames label/targetName', () => {
    const consumes = data.capability.consumes[0];
    const op = consumes.resources.ships.operations['get-ship'];
    expect(op.display).toBe('Get ship');
    expect(Object.keys(op)).toEqual(['display', 'method', 'inputParameters', 'outputParameters']);
    expect(op.inputParameters).toEqual({ imo: { in: 'path' }, 'Registry-Version': { in: 'header', value: '2' } });
    expect(op.outputParameters).toEqual({ imo: { type: 'string', value: '$.imo_number' } });
    const mcp = data.capability.exposes[0];
    expect(Object.keys(mcp.tools)).toEqual(['get-ship', 'ship-brief']);
    // call mode: the mapped output list stays a list.
    expect(mcp.tools['get-ship'].outputParameters).toEqual([{ type: 'object', mapping: '$.' }]);
    const brief = mcp.tools['ship-brief'];
    expect(brief.steps).toEqual({ 'get-ship': { type: 'call', call: 'registry.get-ship', with: { imo: '{{imo}}' } } });
    expect(brief.mappings).toEqual([{ target: 'imo', value: '$.get-ship.imo' }]);
    // orchestrated mode: outputs and nested array items become maps.
    expect(brief.outputParameters).toEqual({ imo: { type: 'string' }, crew: { type: 'array', items: { fullName: { type: 'string' } } } });
    expect(out).not.toMatch(/\bname:/);
  });

  it('keeps a flow list as a flow map', () => {
    expect(out).toMatch(/^ +imo: \{ ?in: path ?\}$/m);
  });

  it('invents keys for the unnamed REST resource and operation, with a warning at their line:col', () => {
    const rest = data.capability.exposes[1];
    expect(Object.keys(rest.resources)).toEqual(['ships-imo']);
    expect(Object.keys(rest.resources['ships-imo'].operations)).toEqual(['get-ship']);
    const invented = r.diagnostics.filter((d) => d.code === 'NG6005');
    expect(invented.map((d) => [d.line, d.col, d.severity])).toEqual([
      [lineOf(FIXTURE, '- path: /ships/{imo}'), 11, 'warning'],
      [lineOf(FIXTURE, '- method: GET'), 15, 'warning'],
    ]);
    for (const d of invented) expect(d.hint).not.toBe('');
  });

  it('migrates to itself: a migrated file is left byte for byte', () => {
    const again = migrateText('fixture.yaml', out);
    expect(again.status).toBe('unchanged');
    expect(again.output).toBe(out);
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('migrate: what cannot be migrated mechanically', () => {
  const base = (body: string): string => `naftiko: 1.0.0-alpha2\ninfo:\n  label: X\n  description: X\ncapability:\n${body}`;

  it('duplicate names (same parameter in path and query) are an error at the second one; the file is left untouched', () => {
    const text = base(`  consumes:
    - type: http
      namespace: api
      baseUri: https://api.example.com
      resources:
        - name: items
          path: /items/{{id}}
          operations:
            - name: get
              method: GET
              inputParameters:
                - name: id
                  in: path
                - name: id
                  in: query
`);
    const r = migrateText('dup.yaml', text);
    expect(r.status).toBe('blocked');
    expect(r.output).toBe(text);
    const d = r.diagnostics.find((x) => x.code === 'NG6003')!;
    expect(d).toMatchObject({ severity: 'error', line: 19, col: 25, file: 'dup.yaml' });
    expect(d.message).toContain('first at line 17');
  });

  it('a step without a name has no rule for a key: error, untouched', () => {
    const text = base(`  exposes:
    - type: mcp
      namespace: m
      port: 3000
      tools:
        - name: t
          description: T
          steps:
            - type: call
              call: api.get
`);
    const r = migrateText('noname.yaml', text);
    expect(r.status).toBe('blocked');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['NG6004', 14, 15]]);
  });

  it('a capability-less file with consumes and binds must be split by hand', () => {
    const text = 'naftiko: 1.0.0-alpha2\nbinds:\n  - namespace: env\n    keys: {K: K}\nconsumes:\n  - type: http\n    namespace: api\n    baseUri: https://x.example.com\n    resources: []\n';
    const r = migrateText('shared.yaml', text);
    expect(r.status).toBe('blocked');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['NG6002', 5, 1]]);
  });

  it('versions it does not read (naftiko 0.5, a file without a version key) are an error, untouched', () => {
    for (const text of ['naftiko: "0.5"\ncapability: {}\n', 'info: {label: X}\n']) {
      const r = migrateText('old.yaml', text);
      expect(r.status).toBe('blocked');
      expect(r.diagnostics[0]!.code).toBe('NG6001');
      expect(r.output).toBe(text);
    }
    expect(migrateText('old.yaml', 'info: {}\nnaftiko: "0.5"\n').diagnostics[0]).toMatchObject({ line: 2, col: 10, severity: 'error' });
  });

  it('unreadable YAML gets the loader\'s error with line:col, not a crash', () => {
    const r = migrateText('bad.yaml', 'naftiko: 1.0.0-alpha2\ninfo: [unclosed\n');
    expect(r.status).toBe('blocked');
    expect(r.diagnostics[0]!.code).toMatch(/^NG1/);
  });

  it('an MCP resource name with `_` is kept as the key with a warning', () => {
    const text = base(`  exposes:
    - type: mcp
      namespace: m
      port: 3000
      resources:
        - name: read_me
          label: Readme
          uri: docs://readme
          description: Readme
          location: file:///docs
`);
    const r = migrateText('res.yaml', text);
    expect(r.status).toBe('migrated');
    expect(parse(r.output).capability.exposes[0].resources).toEqual({ read_me: { display: 'Readme', uri: 'docs://readme', description: 'Readme', location: 'file:///docs' } });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['NG6006', 'warning', 11]]);
  });
});

describe('migrate: ikanos files', () => {
  it('an ikanos alpha3 file with leftovers (label, functions, targetName, aggregates keyed by namespace) is finished', () => {
    const text = `ikanos: 1.0.0-alpha3
info:
  label: X
  description: X
capability:
  aggregates:
    forecast:
      label: Forecast
      functions:
        get-forecast:
          description: Get
          call: weather.get
`;
    const r = migrateText('a3.yaml', text);
    expect(r.status).toBe('migrated');
    expect(parse(r.output)).toEqual({
      ikanos: '1.0.0-beta5',
      info: { display: 'X', description: 'X' },
      capability: { aggregates: [{ namespace: 'forecast', display: 'Forecast', flows: { 'get-forecast': { description: 'Get', call: 'weather.get' } } }] },
    });
  });

  it('an ikanos beta5 file is unchanged', () => {
    const text = 'ikanos: "1.0.0-beta5"\ninfo: {display: X, description: X}\nconsumes:\n  - type: http\n    namespace: a\n    baseUri: https://x.example.com\n    resources: {r: {path: /r, operations: {get: {method: GET}}}}\n';
    const r = migrateText('b5.yaml', text);
    expect(r).toMatchObject({ status: 'unchanged', output: text, diagnostics: [] });
  });
});

describe('migrate: YAML details that must survive', () => {
  it('CRLF line ends, block scalars, and an anchored list with its alias', () => {
    const text = [
      'naftiko: 1.0.0-alpha2',
      'info:',
      '  label: X',
      '  description: |',
      '    multi',
      '    line',
      'capability:',
      '  consumes:',
      '    - type: http',
      '      namespace: a',
      '      baseUri: https://x.example.com',
      '      inputParameters: &common',
      '        - {name: k, in: header, value: v}',
      '      resources:',
      '        - name: r',
      '          path: /r',
      '          inputParameters: *common',
      '          operations: [{name: get, method: GET}]',
      '',
    ].join('\r\n');
    const r = migrateText('crlf.yaml', text);
    expect(r.status).toBe('migrated');
    expect(r.output.split('\r\n').length).toBe(r.output.split('\n').length);
    expect(r.output).toContain('  description: |\r\n    multi\r\n    line\r\n');
    expect(r.output).toContain('inputParameters: &common\r\n');
    expect(r.output).toContain('inputParameters: *common\r\n');
    const data = parse(r.output) as Record<string, any>;
    expect(data.capability.consumes[0].resources.r.inputParameters).toEqual({ k: { in: 'header', value: 'v' } });
    expect(migrateText('crlf.yaml', r.output).status).toBe('unchanged');
  });
});
