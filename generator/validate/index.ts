// Stage 2 of the pipeline: is this document a Naftiko capability (or shared consumes file) we can read?
//
// Two levels (docs/ARCHITECTURE.md, "Validation levels"): default = official rules + common-dialect relaxations (each one that fires is
// a warning with an NGD1xx code); strict = official rules only (the same findings become errors).
// Verdicts are exact by construction: strict validity is decided by our strict schema alone, default
// validity by our dialect schema alone; dialect.ts only names what the relaxations let through.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { dedupeDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../load/load-file.js';
import { findDialect } from './dialect.js';
import { explainErrors, type Finding } from './explain.js';
import { buildSchema, type SchemaVersion } from './schemas.js';

export interface ValidationResult {
  diagnostics: Diagnostic[];
  version?: string;
  kind: 'capability' | 'consumes' | 'unknown';
}

export const SUPPORTED_VERSIONS: readonly string[] = Object.freeze(['1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3']);

export const UNSUPPORTED_VERSION_CODE = 'NG2100';

export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false } as const;

let ajv: Ajv2020 | undefined;
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
function loadPrecompiled(version: SchemaVersion, dialect: boolean, schema: unknown): ValidateFunction | undefined {
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
  ajv ??= new Ajv2020(AJV_OPTIONS);
  const validate = ajv.getSchema(String(entry.schema.$id)) ?? ajv.compile(entry.schema);
  validate(data);
  return { ajv, errors: [...(validate.errors ?? [])] };
}

function explainFailure(entry: Compiled, data: Record<string, unknown>): Finding[] {
  const { ajv: instance, errors } = failureOf(entry, data);
  return explainErrors(instance, entry.schema, data, errors);
}

/** Compiled once per version and mode, on first use (or loaded precompiled). */
function validatorFor(version: SchemaVersion, dialect: boolean): Compiled {
  const key = `${version}:${dialect ? 'dialect' : 'strict'}`;
  let entry = compiled.get(key);
  if (!entry) {
    const schema = buildSchema({ version, dialect });
    const precompiled = loadPrecompiled(version, dialect, schema);
    if (precompiled) {
      entry = { validate: precompiled, schema };
    } else {
      ajv ??= new Ajv2020(AJV_OPTIONS);
      entry = { validate: ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema), schema };
    }
    compiled.set(key, entry);
  }
  return entry;
}

export function validateDocument(doc: LoadedDocument, opts: { strict: boolean }): ValidationResult {
  const data = doc.data;
  const kind: ValidationResult['kind'] = isObj(data.capability) || 'capability' in data ? 'capability' : 'consumes' in data ? 'consumes' : 'unknown';
  const declared = data.naftiko;
  const version = declared === undefined || declared === null ? undefined : String(declared);

  if (version === undefined || !SUPPORTED_VERSIONS.includes(version)) {
    return { diagnostics: [unsupported(doc, version)], ...(version !== undefined ? { version } : {}), kind };
  }
  const v = version as SchemaVersion;

  const findings: Array<{ f: Finding; severity: Diagnostic['severity'] }> = [];
  if (opts.strict) {
    const strict = validatorFor(v, false);
    if (!strict.validate(data)) {
      const relaxations = findDialect(data, v);
      const dialect = validatorFor(v, true);
      const others = dialect.validate(data) ? [] : explainFailure(dialect, data);
      const all = [...relaxations, ...others];
      // Safety net: the strict verdict is authoritative even if neither explanation covers it.
      const explained = all.length > 0 ? all : explainFailure(strict, data);
      for (const f of explained.length > 0 ? explained : [fallback()]) findings.push({ f, severity: 'error' });
    }
  } else {
    const dialect = validatorFor(v, true);
    if (!dialect.validate(data)) {
      const errs = explainFailure(dialect, data);
      for (const f of errs.length > 0 ? errs : [fallback()]) findings.push({ f, severity: 'error' });
    }
    for (const f of findDialect(data, v)) findings.push({ f, severity: 'warning' });
  }

  const diagnostics = dedupeDiagnostics(findings.map(({ f, severity }) => toDiagnostic(doc, f, severity)));
  return { diagnostics, version, kind };
}

function toDiagnostic(doc: LoadedDocument, f: Finding, severity: Diagnostic['severity']): Diagnostic {
  const at = f.atKey ? doc.map.locateKey(f.path) : doc.map.locate(f.path);
  return { file: doc.file, line: at.line, col: at.col, severity, code: f.code, message: f.message, hint: f.hint };
}

function unsupported(doc: LoadedDocument, version: string | undefined): Diagnostic {
  const supported = SUPPORTED_VERSIONS.join(', ');
  const newest = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
  const data = doc.data;
  if (version === undefined && 'ikanos' in data) {
    const at = doc.map.locateKey(['ikanos']);
    return {
      file: doc.file,
      ...at,
      severity: 'error',
      code: UNSUPPORTED_VERSION_CODE,
      message: `This is an Ikanos document (\`ikanos: ${String(data.ikanos)}\`, the renamed successor of Naftiko), which naftiko-gen does not read; supported Naftiko versions are ${supported}.`,
      hint: `Write the capability as a Naftiko ${newest} document (top key \`naftiko: ${newest}\`), the newest version naftiko-gen reads.`,
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
