// Build step (npm run build): ajv's standalone code for every schema version and mode, so a cold
// `naftiko-gen` run validates without compiling ~100 KB of JSON Schema first (a quarter second).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, buildSchemaFor, precompiledFile, SCHEMA_IDS } from './index.js';

export function schemaHash(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

export function precompileAll(outDir: string): string[] {
  const written: string[] = [];
  for (const version of SCHEMA_IDS) {
    for (const dialect of [false, true]) {
      const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true } });
      const schema = buildSchemaFor(version, dialect);
      const validate = ajv.compile(schema);
      const code = `${standaloneCode.default(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schema))};\n`;
      const file = join(outDir, precompiledFile(version, dialect));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, code);
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = precompileAll(dirname(fileURLToPath(import.meta.url)));
  process.stdout.write(`precompiled ${files.length} validators\n`);
}
