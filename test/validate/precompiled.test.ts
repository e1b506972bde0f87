// The build's standalone validators (dist/…/precompiled/*.cjs) must give the same verdicts as the
// in-process compile the tests use, or the CLI and the tests would disagree.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../generator/load/load-file.js';
import { AJV_OPTIONS, precompiledFile, SUPPORTED_VERSIONS } from '../../generator/validate/index.js';
import { buildSchema, type SchemaVersion } from '../../generator/validate/schemas.js';

const root = join(import.meta.dirname, '../..');
const built = join(root, 'dist/generator/validate');
const corpus = join(root, '../shared/corpus');
const require = createRequire(import.meta.url);

describe.skipIf(!existsSync(join(built, 'precompiled')) || !existsSync(corpus))('precompiled validators', () => {
  if (!existsSync(join(built, 'precompiled'))) console.log('skipped: run `npm run build` first (dist/ has no precompiled validators)');
  it('agree with the in-process compile on every corpus file, both modes', () => {
    const docs = readdirSync(corpus).filter((f) => f.endsWith('.yaml')).map((f) => loadFile(f, join(corpus, f)));
    let compared = 0;
    for (const version of SUPPORTED_VERSIONS as SchemaVersion[]) {
      for (const dialect of [false, true]) {
        const fast = (require(join(built, precompiledFile(version, dialect))) as { default: (d: unknown) => boolean }).default;
        const slow = new Ajv2020(AJV_OPTIONS).compile(buildSchema({ version, dialect }));
        for (const loaded of docs) {
          if (!loaded.ok || loaded.doc.data.naftiko !== version) continue;
          expect(fast(loaded.doc.data), `${loaded.doc.file} ${version} ${dialect ? 'dialect' : 'strict'}`).toBe(slow(loaded.doc.data));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
