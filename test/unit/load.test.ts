// Stage 1 (generator/load): every NG1xxx diagnostic, with its position, and what loads fine.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFile, loadText, MAX_FILE_BYTES, type LoadResult } from '../../generator/load/load-file.js';
import { checkFiles } from '../../generator/pipeline.js';
import { SUPPORTED_VERSIONS } from '../../generator/validate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'naftiko-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fromText(text: string | Uint8Array): LoadResult {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return loadText('x.yaml', '/virtual/x.yaml', bytes);
}

/** The single diagnostic of a failed load, as `line:col CODE`. */
function failure(r: LoadResult): string {
  expect(r.ok).toBe(false);
  if (r.ok) return 'ok';
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  expect(d.severity).toBe('error');
  expect(d.file).toBe('x.yaml');
  expect(d.message.length).toBeGreaterThan(0);
  expect(d.hint.length).toBeGreaterThan(0);
  return `${d.line}:${d.col} ${d.code}`;
}

describe('loadFile: file-level checks', () => {
  it('NG1001 for a missing file', () => {
    const r = loadFile('x.yaml', join(dir, 'does-not-exist.yaml'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['1:1 NG1001']);
  });

  // BUG (generator/load/load-file.ts, loadFile): statSync succeeds on a directory, then
  // readFileSync throws EISDIR outside any try, so loadFile throws instead of returning NG1001.
  // Reachable from a capability whose import `location:` names a directory (next test), where
  // checkFiles/generate then throw (the CLI reports an "internal error").
  it('a directory given as a file ends in a diagnostic, not an exception', () => {
    let r: LoadResult | undefined;
    expect(() => (r = loadFile('x.yaml', dir))).not.toThrow();
    expect(r?.ok).toBe(false);
  });

  it('an import whose location is a directory is a diagnostic, not an exception', () => {
    const sub = mkdtempSync(join(dir, 'imp-'));
    mkdirSync(join(sub, 'shared'));
    // The seed with its consumes block replaced by an import of the directory `./shared`.
    const seed = readFileSync(join(import.meta.dirname, '../../capabilities/portkey-batch.yaml'), 'utf8');
    const text = seed.slice(0, seed.indexOf('  consumes:\n')) + '  consumes:\n  - import: portkey-batch\n    location: ./shared\n' + seed.slice(seed.indexOf('  exposes:\n'));
    writeFileSync(join(sub, 'cap.yaml'), text);
    const line = text.split('\n').findIndex((l) => l.includes('location: ./shared')) + 1;
    let result: ReturnType<typeof checkFiles> | undefined;
    expect(() => (result = checkFiles(['cap.yaml'], { cwd: sub }))).not.toThrow();
    expect(result!.files[0]!.diagnostics.some((d) => d.severity === 'error' && d.line === line)).toBe(true);
  });

  it('a consumes import from a whole capability file reads its capability.consumes (as the engine does)', () => {
    const sub = mkdtempSync(join(dir, 'cap-import-'));
    writeFileSync(join(sub, 'package.json'), '{}');
    const seed = readFileSync(join(import.meta.dirname, '../../capabilities/portkey-batch.yaml'), 'utf8');
    // The seed itself is the source: a full capability file, consumes under `capability`.
    mkdirSync(join(sub, 'shared'));
    writeFileSync(join(sub, 'shared', 'source.yaml'), seed);
    const text = seed.slice(0, seed.indexOf('  consumes:\n')) + '  consumes:\n  - import: portkey-batch\n    location: ./shared/source.yaml\n' + seed.slice(seed.indexOf('  exposes:\n'));
    writeFileSync(join(sub, 'cap.yaml'), text);
    const result = checkFiles(['cap.yaml'], { cwd: sub });
    const file = result.files[0]!;
    expect(file.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(file.diagnostics.slice(0, 3))).toEqual([]);
    expect(file.model?.consumes.map((c) => c.namespace)).toEqual(['portkey-batch']);
    // A finding inside the imported consumes points into the source file's capability.consumes.
    const broken = seed.replace(/baseUri: [^\n]+/, 'baseUri: not-a-url');
    writeFileSync(join(sub, 'shared', 'source.yaml'), broken);
    const line = broken.split('\n').findIndex((l) => l.includes('baseUri: not-a-url')) + 1;
    const again = checkFiles(['cap.yaml'], { cwd: sub }).files[0]!.diagnostics.filter((d) => d.severity === 'error');
    expect(again.map((d) => `${d.file}:${d.line}`)).toContain(`shared/source.yaml:${line}`);
    // Neither a root nor a capability consumes list: still NG1012.
    writeFileSync(join(sub, 'shared', 'source.yaml'), 'naftiko: 1.0.0-alpha2\ninfo:\n  label: X\n  description: X.\n');
    expect(checkFiles(['cap.yaml'], { cwd: sub }).files[0]!.diagnostics.map((d) => d.code)).toContain('NG1012');
  });

  it('NG1002 for a file over 4 MiB, and exactly 4 MiB is read', () => {
    expect(MAX_FILE_BYTES).toBe(4 * 1024 * 1024);
    const big = join(dir, 'big.yaml');
    const head = 'a: ';
    writeFileSync(big, head + 'x'.repeat(MAX_FILE_BYTES + 1 - head.length));
    const r = loadFile('x.yaml', big);
    expect(failure(r)).toBe('1:1 NG1002');
    const limit = join(dir, 'limit.yaml');
    writeFileSync(limit, head + 'x'.repeat(MAX_FILE_BYTES - head.length - 1) + '\n');
    expect(loadFile('x.yaml', limit).ok).toBe(true);
  });
});

describe('loadText: content checks', () => {
  it('NG1003 for invalid UTF-8, at the first bad byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a: 1\nb: '), 0xff, 0x0a]);
    expect(failure(fromText(bytes))).toBe('2:4 NG1003');
  });

  it('NG1003 for a NUL character, at its position', () => {
    expect(failure(fromText('a: 1\nb: x\u0000y\n'))).toBe('2:5 NG1003');
  });

  it('NG1004 for an empty or blank file', () => {
    expect(failure(fromText(''))).toBe('1:1 NG1004');
    expect(failure(fromText('  \n\n\t\n'))).toBe('1:1 NG1004');
  });

  // BUG: a file holding only comments parses to zero documents and is reported as NG1005
  // ("holds 0 YAML documents"), the multiple-documents code; the intended NG1004 branch in
  // loadText (`holds no YAML document`) is unreachable.
  it('NG1004 for a file holding only comments (no document)', () => {
    expect(failure(fromText('# just a comment\n# and another\n'))).toBe('1:1 NG1004');
  });

  it('NG1005 for several documents, at the second one', () => {
    expect(failure(fromText('a: 1\n---\nb: 2\n'))).toBe('2:1 NG1005');
    expect(failure(fromText('a: 1\n---\nb: 2\n---\nc: 3\n'))).toMatch(/^2:1 NG1005$/);
  });

  it('NG1006 for a duplicate key, at the repeated key', () => {
    expect(failure(fromText('a: 1\na: 2\n'))).toBe('2:1 NG1006');
    expect(failure(fromText('naftiko: 1.0.0-alpha2\ninfo:\n  label: x\n  description: y\n  label: z\n'))).toBe('5:3 NG1006');
  });

  it('NG1006 names the repeated key and the line of its first occurrence', () => {
    const r = fromText('naftiko: 1.0.0-alpha2\ninfo:\n  label: x\n  description: y\n  label: z\n');
    expect(failure(r)).toBe('5:3 NG1006');
    if (r.ok) return;
    expect(r.diagnostics[0]!.message).toBe('The key `label` appears twice in this mapping (first on line 3); YAML keys must be unique.');
    expect(r.diagnostics[0]!.hint).toContain('line 3');
    // Only the same key in the same mapping counts: `name` under two different parents is fine.
    expect(fromText('a:\n  name: 1\nb:\n  name: 2\n').ok).toBe(true);
    // A quoted spelling of the same key is the same key.
    const quoted = fromText('a: 1\nb: 2\n"a": 3\n');
    expect(failure(quoted)).toBe('3:1 NG1006');
    if (!quoted.ok) expect(quoted.diagnostics[0]!.message).toContain('The key `a` appears twice in this mapping (first on line 1)');
  });

  it('NG1004 hints at the newest supported version', () => {
    const r = fromText('# only a comment\n');
    expect(failure(r)).toBe('1:1 NG1004');
    if (!r.ok) expect(r.diagnostics[0]!.hint).toContain(`naftiko: ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}`);
  });

  it('NG1007 for a YAML syntax error, at the error', () => {
    const r = fromText('a: "unterminated\n');
    expect(failure(r)).toMatch(/^\d+:\d+ NG1007$/);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/^YAML syntax error: /);
    expect(failure(fromText('a: [1, 2\nb: 3\n'))).toMatch(/^2:1 NG1007$/);
  });

  it('NG1008 for a root that is not a mapping', () => {
    expect(failure(fromText('- 1\n- 2\n'))).toBe('1:1 NG1008');
    expect(failure(fromText('just a scalar\n'))).toBe('1:1 NG1008');
  });

  it('NG1009 for an alias bomb, quickly', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      '',
    ].join('\n');
    const start = performance.now();
    expect(failure(fromText(bomb))).toBe('1:1 NG1009');
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a few aliases are fine', () => {
    const r = fromText('a: &a {x: 1}\nb: *a\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.doc.data).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('a UTF-8 BOM is dropped', () => {
    const r = fromText('\ufeffa: 1\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.doc.data).toEqual({ a: 1 });
  });

  it('JSON input is accepted, with positions', () => {
    const json = '{\n  "naftiko": "1.0.0-alpha2",\n  "info": {\n    "label": "J"\n  }\n}\n';
    const r = fromText(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.data).toEqual({ naftiko: '1.0.0-alpha2', info: { label: 'J' } });
    expect(r.doc.map.locate(['info', 'label'])).toEqual({ line: 4, col: 14 });
    expect(r.doc.map.locateKey(['info', 'label'])).toEqual({ line: 4, col: 5 });
    expect(r.doc.map.locate(['naftiko'])).toEqual({ line: 2, col: 14 });
  });

  it('a duplicate key in JSON input is NG1006 too', () => {
    const r = fromText('{\n  "a": 1,\n  "a": 2\n}\n');
    expect(failure(r)).toBe('3:3 NG1006');
    if (!r.ok) expect(r.diagnostics[0]!.message).toContain('The key `a` appears twice in this mapping (first on line 2)');
  });
});

describe('the pipeline reports load failures as diagnostics', () => {
  it('a .json capability file goes through checkFiles, and a broken one gets its load code', () => {
    writeFileSync(join(dir, 'broken.json'), '{\n  "a": 1,\n  "a": 2\n}\n');
    writeFileSync(join(dir, 'nul.yaml'), 'a: \u0000\n');
    const { files, missing } = checkFiles(['broken.json', 'nul.yaml', 'absent.yaml'], { cwd: dir });
    expect(missing).toEqual(['absent.yaml']);
    expect(files.map((f) => [f.input.displayPath, f.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)])).toEqual([
      ['broken.json', ['3:3 NG1006']],
      ['nul.yaml', ['1:4 NG1003']],
    ]);
  });
});
