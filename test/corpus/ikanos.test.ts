// Ikanos (../shared/corpus-ikanos, 69 versioned files of the engine and spec repository):
//  - our strict verdict equals the OFFICIAL schema of the declared version (loaded here, at test time
//    only, as reference data) on every file;
//  - every officially valid file generates code, except the documented negatives below;
//  - a sample of the generated packages type-checks in one strict tsc run;
//  - each Naftiko alpha2 file of ../shared/migration-pairs and its hand-migrated Ikanos spelling
//    generate the same files (version strings and source paths aside), except the pairs whose
//    migration invented new REST keys (IKANOS.md §5.3: they become operation ids and route names).
// Prints the figures (files read per version, valid by default, generating, compiling).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../generator/load/load-file.js';
import { generate } from '../../generator/pipeline.js';
import { validateDocument } from '../../generator/validate/index.js';

const REPO = join(import.meta.dirname, '../..');
const shared = join(REPO, '../shared');
const corpus = join(shared, 'corpus-ikanos');
const pairs = join(shared, 'migration-pairs');
const schemas = join(shared, 'reference/schemas/ikanos');
const present = existsSync(join(corpus, 'MANIFEST.tsv')) && existsSync(schemas);
if (!present) console.log(`ikanos corpus suite skipped: ${corpus} or ${schemas} is absent`);

/** Officially valid, and still refused on purpose: what the engine refuses too, or cannot be generated. */
const REFUSED = new Map([
  ['modules/ikanos-engine/src/test/resources/aggregates/aggregate-invalid-ref.yaml', 'NG3004'], // engine: "Unknown aggregate flow ref"
  ['modules/ikanos-spec/src/main/resources/schemas/examples/reverse-tunnel-ziti.yml', 'NG3130'], // tunnel: not generated
  ['modules/ikanos-spec/src/test/resources/imports/import-duplicate-alias.yaml', 'NG1010'], // imports files absent from the repository
  ['modules/ikanos-spec/src/test/resources/imports/import-from-self.yaml', 'NG1010'], // `from: .`, a directory
]);

/** Pairs whose hand migration invented REST resource/operation keys (IKANOS.md §5.3). */
const INVENTED_KEYS = ['aggregate-basic', '/formats/', 'http-forward-value', 'register.capability', 'spectral-semantics-'];

function rows(): { path: string; version: string }[] {
  return readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[3] !== 'none')
    .map((c) => ({ path: c[0]!, version: c[3]! }));
}

function officialFor(ajv: Ajv2020, cache: Map<string, (d: unknown) => boolean>, version: string): (d: unknown) => boolean {
  const file = version.includes('alpha') ? `ikanos-${version}.json` : `${version}.json`;
  let v = cache.get(file);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(schemas, file), 'utf8')) as object) as (d: unknown) => boolean;
    cache.set(file, v);
  }
  return v;
}

describe.skipIf(!present)('Ikanos corpus', () => {
  it('strict verdict = official verdict; officially valid files generate; a sample compiles', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    const cache = new Map<string, (d: unknown) => boolean>();
    const perVersion = new Map<string, number>();
    const disagreements: string[] = [];
    const missing: string[] = [];
    let officialValid = 0;
    let defaultValid = 0;
    let generating = 0;
    const sample: { key: string; files: { path: string; contents: string }[] }[] = [];
    const all = rows();
    expect(all.length).toBe(69);
    for (const [i, row] of all.entries()) {
      const loaded = loadFile(row.path, join(corpus, row.path));
      expect(loaded.ok, row.path).toBe(true);
      if (!loaded.ok) continue;
      const version = String(loaded.doc.data.ikanos);
      perVersion.set(version, (perVersion.get(version) ?? 0) + 1);
      const official = officialFor(ajv, cache, version)(loaded.doc.data);
      const strict = !validateDocument(loaded.doc, { strict: true }).diagnostics.some((d) => d.severity === 'error');
      if (!validateDocument(loaded.doc, { strict: false }).diagnostics.some((d) => d.severity === 'error')) defaultValid++;
      if (strict !== official) disagreements.push(`${row.path}: official=${official} ours=${strict}`);
      if (!official) continue;
      officialValid++;
      const result = await generate([row.path], { cwd: corpus });
      const pkg = result.packages[0];
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (pkg) {
        generating++;
        if (i % 4 === 0) sample.push({ key: `p${i}`, files: pkg.files });
      } else if (!errors.some((d) => d.code === REFUSED.get(row.path))) {
        missing.push(`${row.path}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(missing).toEqual([]);

    const root = join(REPO, '.vitest-tmp/ikanos-compile');
    rmSync(root, { recursive: true, force: true });
    for (const p of sample) {
      for (const f of p.files) {
        mkdirSync(dirname(join(root, p.key, f.path)), { recursive: true });
        writeFileSync(join(root, p.key, f.path), f.contents);
      }
    }
    writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: ['node'] };
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: sample.map((p) => `${p.key}/src/**/*.ts`) }));
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    const compileErrors = `${tsc.stdout ?? ''}${tsc.stderr ?? ''}`.split('\n').filter((l) => /error TS\d+/.test(l));

    console.log(
      [
        `Ikanos corpus: files read per version: ${[...perVersion].map(([v, n]) => `${v} ${n}`).join(', ')}`,
        `  officially valid ${officialValid}/${all.length}; valid by default ${defaultValid}/${all.length}; strict = official on ${all.length - disagreements.length}/${all.length}`,
        `  generating ${generating}/${officialValid} officially valid (refused on purpose: ${[...REFUSED.values()].join(', ')})`,
        `  compiling: sample of ${sample.length} packages, ${compileErrors.length} tsc errors`,
      ].join('\n'),
    );
    expect(tsc.status, compileErrors.slice(0, 10).join('\n')).toBe(0);
    expect(generating).toBe(officialValid - REFUSED.size);
  }, 400_000);

  it('a Naftiko alpha2 capability and its Ikanos spelling generate the same code', async () => {
    const list = readFileSync(join(pairs, 'PAIRS.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c[1] !== '-');
    const same = (text: string, source: string) => text.split(source).join('<source>').replace(/1\.0\.0-(alpha|beta)\d/g, '<version>');
    let compared = 0;
    const differ: string[] = [];
    for (const [alpha2, ikanos] of list) {
      const a = await generate([`alpha2/${alpha2}`], { cwd: pairs });
      const b = await generate([`ikanos/${ikanos}`], { cwd: pairs });
      expect(a.packages.length, alpha2).toBe(b.packages.length);
      if (!a.packages[0] || !b.packages[0] || INVENTED_KEYS.some((k) => alpha2!.includes(k))) continue;
      compared++;
      const theirs = new Map(b.packages[0].files.map((f) => [f.path, same(f.contents, `ikanos/${ikanos}`)]));
      for (const f of a.packages[0].files) {
        if (f.path === 'naftiko-gen.manifest.json') continue; // hashes of the input bytes
        if (theirs.get(f.path) !== same(f.contents, `alpha2/${alpha2}`)) differ.push(`${alpha2}: ${f.path}`);
      }
    }
    console.log(`migration pairs: ${compared} compared, ${differ.length} differing files`);
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(19);
  }, 200_000);
});
