// A capability and its Ikanos spelling generate the same code: the seed (capabilities/portkey-batch.yaml,
// naftiko 1.0.0-alpha2) and its hand-written Ikanos 1.0.0-beta5 spelling
// (test/fixtures/ikanos/portkey-batch.ikanos.yaml) give the same package, file for file, once the
// strings naming the source (its path, its format version, the manifest's input hashes) are set aside.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmittedFile } from '../../generator/emit/emitted-file.js';
import { generate, type GenerateResult } from '../../generator/pipeline.js';

const REPO = join(import.meta.dirname, '../..');
const SEED = 'capabilities/portkey-batch.yaml';
const IKANOS = 'test/fixtures/ikanos/portkey-batch.ikanos.yaml';
/** Records the input's hash per file: differs by construction. */
const MANIFEST = 'naftiko-gen.manifest.json';

/** A file's text with the source's own strings replaced by placeholders. */
function normalized(file: EmittedFile, source: string, version: string): string {
  return String(file.contents).split(source).join('<source>').replace(`"x-naftiko-version": "${version}"`, '"x-naftiko-version": "<version>"');
}

function byPath(result: GenerateResult, source: string, version: string): Map<string, string> {
  const pkg = result.packages[0]!;
  return new Map(pkg.files.filter((f) => f.path !== MANIFEST).map((f) => [f.path, normalized(f, source, version)]));
}

let seed: GenerateResult;
let ikanos: GenerateResult;
beforeAll(async () => {
  [seed, ikanos] = [await generate([SEED], { cwd: REPO }), await generate([IKANOS], { cwd: REPO })];
}, 120_000);

describe('the seed and its Ikanos beta5 spelling', () => {
  it('the Ikanos file is read as Ikanos beta5, with the same findings as the seed (same codes and counts)', () => {
    const summary = (r: GenerateResult): string[] => r.diagnostics.map((d) => `${d.severity} ${d.code}`).sort();
    expect(summary(ikanos)).toEqual(summary(seed));
    expect(ikanos.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ikanos.packages.map((p) => p.name)).toEqual(['portkey-batch']);
    const openapi = ikanos.packages[0]!.files.find((f) => f.path === 'openapi.json')!;
    expect(String(openapi.contents)).toContain('"x-naftiko-version": "1.0.0-beta5"');
  });

  it('generate the same files, byte for byte apart from the source path and format version', () => {
    const a = byPath(seed, SEED, '1.0.0-alpha2');
    const b = byPath(ikanos, IKANOS, '1.0.0-beta5');
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const differing = [...a.keys()].filter((path) => a.get(path) !== b.get(path));
    expect(differing).toEqual([]);
    expect(a.size).toBeGreaterThan(10);
  });
});
