// Stage 2 of the pipeline: is this document a Naftiko capability (or shared consumes file) we can read?
//
// Two levels (docs/ARCHITECTURE.md, "Validation levels"): default = official rules + common-dialect relaxations (each one that fires is
// a warning with an NGD1xx code); strict = official rules only (the same findings become errors).
// Verdicts are exact by construction: strict validity is decided by our strict schema alone, default
// validity by our dialect schema alone; dialect.ts only names what the relaxations let through.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { dedupeDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../load/load-file.js';
import { findDialect } from './dialect.js';
import { explainErrors, type Finding } from './explain.js';
import { isIkanos } from '../load/ikanos/document.js';
import { normalizeIkanos } from '../load/ikanos/normalize.js';
import { buildSchema, type SchemaVersion } from './schemas.js';
import { buildIkanosSchema, IKANOS_VERSIONS, type IkanosVersion } from './schemas-ikanos.js';

export interface ValidationResult {
  diagnostics: Diagnostic[];
  version?: string;
  kind: 'capability' | 'consumes' | 'unknown';
}

export const SUPPORTED_VERSIONS: readonly string[] = Object.freeze(['0.5', '1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3']);

/** Ikanos versions read (top key `ikanos`), oldest first. */
export const SUPPORTED_IKANOS_VERSIONS: readonly string[] = Object.freeze([...IKANOS_VERSIONS]);

/** One schema: a Naftiko version, or `ikanos-<version>` (the two alpha3s differ). */
export type SchemaId = SchemaVersion | `ikanos-${IkanosVersion}`;

/** Every schema the build precompiles. */
export const SCHEMA_IDS: readonly SchemaId[] = Object.freeze([
  ...(SUPPORTED_VERSIONS as SchemaVersion[]),
  ...IKANOS_VERSIONS.map((v) => `ikanos-${v}` as const),
]);

export function buildSchemaFor(id: SchemaId, dialect: boolean): Record<string, unknown> {
  return id.startsWith('ikanos-') ? buildIkanosSchema({ version: id.slice('ikanos-'.length) as IkanosVersion, dialect }) : buildSchema({ version: id as SchemaVersion, dialect });
}

export const UNSUPPORTED_VERSION_CODE = 'NG2100';

export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false } as const;

/**
 * The in-process compiler, created on the first failing document (or when a validator was not
 * precompiled): loading ajv's compiler is most of validation's share of a cold start, and a valid
 * document needs only the build's standalone validator. Its compiles skip what only costs time: the
 * meta-schema check (the build's precompile already compiled every schema with it) and code
 * optimisation (the generated code's behaviour, and so every error, is the same; an explanation
 * compile is about 40 % cheaper: notes/issue-12g.md).
 */
let ajv: Ajv2020 | undefined;
function compiler(): Ajv2020 {
  if (!ajv) {
    const { Ajv2020: Ajv } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: false, code: { optimize: false } });
  }
  return ajv;
}

const compiled = new Map<string, Compiled>();

interface Compiled {
  validate: ValidateFunction;
  schema: Record<string, unknown>;
}

/** Where `npm run build` leaves the standalone validator of a version and mode (next to this module). */
export function precompiledFile(version: string, dialect: boolean): string {
  return `precompiled/${version}-${dialect ? 'dialect' : 'strict'}.cjs`;
}

const requireHere = createRequire(import.meta.url);

/** The build's standalone validator, when it exists and was built from this very schema. */
function loadPrecompiled(version: SchemaId, dialect: boolean, schema: unknown): ValidateFunction | undefined {
  try {
    const mod = requireHere(`./${precompiledFile(version, dialect)}`) as { default?: ValidateFunction; schemaHash?: string };
    const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    return mod.schemaHash === hash ? mod.default : undefined;
  } catch {
    return undefined; // running from source (tests): compile instead
  }
}

/**
 * The errors of a failing document, from a validator compiled in this process: explain.ts maps
 * errors back through the identity of schema objects, which only an in-process compile preserves
 * (a precompiled validator carries copies). Only files that fail pay for this compile.
 */
function failureOf(entry: Compiled, data: unknown): { ajv: Ajv2020; errors: ErrorObject[] } {
  const instance = compiler();
  const validate = instance.getSchema(String(entry.schema.$id)) ?? instance.compile(entry.schema);
  validate(data);
  return { ajv: instance, errors: [...(validate.errors ?? [])] };
}

function explainFailure(entry: Compiled, data: Record<string, unknown>): Finding[] {
  const { ajv: instance, errors } = failureOf(entry, data);
  return explainErrors(instance, entry.schema, data, errors);
}

/** Compiled once per version and mode, on first use (or loaded precompiled). */
function validatorFor(version: SchemaId, dialect: boolean): Compiled {
  const key = `${version}:${dialect ? 'dialect' : 'strict'}`;
  let entry = compiled.get(key);
  if (!entry) {
    const schema = buildSchemaFor(version, dialect);
    const precompiled = loadPrecompiled(version, dialect, schema);
    if (precompiled) {
      entry = { validate: precompiled, schema };
    } else {
      const instance = compiler();
      entry = { validate: instance.getSchema(String(schema.$id)) ?? instance.compile(schema), schema };
    }
    compiled.set(key, entry);
  }
  return entry;
}

/**
 * The verdict depends on the document and the mode only, and documents are not changed once loaded:
 * a file read once per run (an input that is also imported, a shared file imported by many) is
 * validated once per mode.
 */
const verdicts = new WeakMap<LoadedDocument, Map<boolean, ValidationResult>>();

export function validateDocument(doc: LoadedDocument, opts: { strict: boolean }): ValidationResult {
  let byMode = verdicts.get(doc);
  if (!byMode) verdicts.set(doc, (byMode = new Map()));
  let result = byMode.get(opts.strict);
  if (!result) byMode.set(opts.strict, (result = validateUncached(doc, opts)));
  return result;
}

function validateUncached(doc: LoadedDocument, opts: { strict: boolean }): ValidationResult {
  const data = doc.data;
  const kind: ValidationResult['kind'] = isObj(data.capability) || 'capability' in data ? 'capability' : 'consumes' in data ? 'consumes' : 'unknown';
  const ikanos = isIkanos(data);
  const declared = ikanos ? data.ikanos : data.naftiko;
  const version = declared === undefined || declared === null ? undefined : String(declared);
  const known = ikanos ? SUPPORTED_IKANOS_VERSIONS : SUPPORTED_VERSIONS;

  if (version === undefined || !known.includes(version)) {
    return { diagnostics: [unsupported(doc, version)], ...(version !== undefined ? { version } : {}), kind };
  }
  const id = (ikanos ? `ikanos-${version}` : version) as SchemaId;
  const relaxationsOf = (): Finding[] => dialectFindings(data, id);

  const findings: Array<{ f: Finding; severity: Diagnostic['severity'] }> = [];
  if (opts.strict) {
    const strict = validatorFor(id, false);
    if (!strict.validate(data)) {
      const relaxations = relaxationsOf();
      const dialect = validatorFor(id, true);
      const others = dialect.validate(data) ? [] : explainFailure(dialect, data);
      const all = [...relaxations, ...others];
      // Safety net: the strict verdict is authoritative even if neither explanation covers it.
      const explained = all.length > 0 ? all : explainFailure(strict, data);
      for (const f of explained.length > 0 ? explained : [fallback()]) findings.push({ f, severity: 'error' });
    }
  } else {
    const dialect = validatorFor(id, true);
    if (!dialect.validate(data)) {
      const errs = explainFailure(dialect, data);
      for (const f of errs.length > 0 ? errs : [fallback()]) findings.push({ f, severity: 'error' });
    }
    for (const f of relaxationsOf()) findings.push({ f, severity: 'warning' });
  }

  const diagnostics = dedupeDiagnostics(findings.map(({ f, severity }) => toDiagnostic(doc, f, severity)));
  return { diagnostics, version, kind };
}

/**
 * The dialect constructs of a document. An Ikanos document is read in the Naftiko alpha2 shape (the
 * relaxations are the same, only spelled differently) and each finding's path is taken back to the file.
 */
function dialectFindings(data: Record<string, unknown>, id: SchemaId): Finding[] {
  if (!id.startsWith('ikanos-')) return findDialect(data, id as SchemaVersion);
  const normalized = normalizeIkanos(data);
  const beta4 = IKANOS_VERSIONS.indexOf(id.slice('ikanos-'.length) as IkanosVersion) >= IKANOS_VERSIONS.indexOf('1.0.0-beta4');
  return findDialect(normalized.data, '1.0.0-alpha2', { infoVersion: beta4 }).map((f) => {
    const t = normalized.translate(f.path);
    return { ...f, path: [...t.path], atKey: f.atKey || t.atKey };
  });
}

function toDiagnostic(doc: LoadedDocument, f: Finding, severity: Diagnostic['severity']): Diagnostic {
  const at = f.atKey ? doc.map.locateKey(f.path) : doc.map.locate(f.path);
  return { file: doc.file, line: at.line, col: at.col, severity, code: f.code, message: f.message, hint: f.hint };
}

function unsupported(doc: LoadedDocument, version: string | undefined): Diagnostic {
  const supported = SUPPORTED_VERSIONS.join(', ');
  const newest = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
  const data = doc.data;
  if (isIkanos(data)) {
    const ikanosNewest = SUPPORTED_IKANOS_VERSIONS[SUPPORTED_IKANOS_VERSIONS.length - 1]!;
    const at = doc.map.locate(['ikanos']);
    return {
      file: doc.file,
      ...at,
      severity: 'error',
      code: UNSUPPORTED_VERSION_CODE,
      message: `Ikanos version \`${version ?? ''}\` is not supported; supported Ikanos versions are ${SUPPORTED_IKANOS_VERSIONS.join(', ')} (and Naftiko ${supported}).`,
      hint: `Declare \`ikanos: ${ikanosNewest}\` if the file uses nothing newer.`,
    };
  }
  if (version === undefined) {
    return {
      file: doc.file,
      line: 1,
      col: 1,
      severity: 'error',
      code: UNSUPPORTED_VERSION_CODE,
      message: `The document has no \`naftiko\` version key; supported versions are ${supported}.`,
      hint: `Start the file with \`naftiko: ${newest}\` (the newest supported version), or the version the file was written for if it is one of these.`,
    };
  }
  const at = doc.map.locate(['naftiko']);
  return {
    file: doc.file,
    ...at,
    severity: 'error',
    code: UNSUPPORTED_VERSION_CODE,
    message: `Naftiko version \`${version}\` is not supported; supported versions are ${supported}.`,
    hint: versionHint(version, newest),
  };
}

/** What to declare instead of an unsupported version: the intended spelling, or the newest version. */
function versionHint(version: string, newest: string): string {
  const loose = (v: string): string => v.trim().toLowerCase().replace(/^v/, '').replace(/[^a-z0-9]/g, '');
  const meant = SUPPORTED_VERSIONS.find((v) => loose(v) === loose(version));
  if (meant) return `Write the version exactly as \`naftiko: ${meant}\`.`;
  const order = compareVersions(version, newest);
  if (order === undefined) return `Declare one of the supported versions, normally the newest: \`naftiko: ${newest}\`.`;
  if (order > 0) {
    return `\`${version}\` is newer than naftiko-gen reads: use a naftiko-gen release that reads it, or, if the file uses nothing newer than ${newest}, declare \`naftiko: ${newest}\`.`;
  }
  return `Migrate the file to \`naftiko: ${newest}\`, the newest supported version (see the Naftiko specification).`;
}

/** Semver-like order of two versions (`0.5`, `1.0.0-alpha3`); undefined when one does not parse. */
function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/.exec(v.trim());
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i] ?? 0) - Number(y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x[4] === undefined || y[4] === undefined) return x[4] === y[4] ? 0 : x[4] === undefined ? 1 : -1; // a release follows its pre-releases
  // Pre-release tags compare chunk by chunk, numbers numerically: alpha3 < alpha10 < beta1 < rc1.
  const chunks = (s: string) => s.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const p = chunks(x[4]);
  const q = chunks(y[4]);
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    if (p[i] === undefined || q[i] === undefined) return p[i] === undefined ? -1 : 1;
    const numeric = /^\d/.test(p[i]!) && /^\d/.test(q[i]!);
    const d = numeric ? Number(p[i]) - Number(q[i]) : p[i]! < q[i]! ? -1 : p[i]! > q[i]! ? 1 : 0;
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function fallback(): Finding {
  return {
    path: [],
    atKey: false,
    code: 'NG2006',
    message: 'The document does not satisfy the Naftiko schema.',
    hint: 'Compare the document with the Naftiko specification for its version.',
  };
}


function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
