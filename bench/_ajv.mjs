import { Ajv2020 } from 'ajv/dist/2020.js';
import { AJV_OPTIONS, buildSchemaFor, SCHEMA_IDS } from '../dist/generator/validate/index.js';
const variant = process.argv[2];
const extra = variant === 'fast' ? { code: { optimize: false }, validateSchema: false } : variant === 'noopt' ? { code: { optimize: false } } : variant === 'novs' ? { validateSchema: false } : {};
const schemas = SCHEMA_IDS.map((id) => buildSchemaFor(id, true));
const t0 = performance.now();
const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
for (const s of schemas) ajv.compile(s);
console.log(variant, (performance.now() - t0).toFixed(0), 'ms for', schemas.length);
