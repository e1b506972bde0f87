// The JSON body of a REST route checked against the schema a bound OpenAPI document gives it: the
// same schema the route's MCP tool validates its arguments with, and the same engine the MCP SDK uses
// (Ajv, JSON Schema 2020-12, formats checked, every error collected), compiled once when the
// route's first body arrives. Problems name the failing place in the body (`body.endpoint`) and what the
// schema wants; they never repeat the value sent, and a caller-chosen property name is shown only
// when it reads like a name (a key that may be a token is not echoed).
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { redactSecrets } from './secrets.js';

/**
 * Checks a parsed body; returns one problem per failing place (none when the body fits the schema).
 * `onUncompilable` (the route's logger, from registerRoutes) hears, once, that the schema could not be
 * compiled.
 */
export type BodyCheck = (
  body: unknown,
  name: string,
  onUncompilable?: (reason: string) => void,
) => BodyProblem[];

export interface BodyProblem {
  /** JSON Pointer of the failing place inside the body ('' for the body itself; a key not shown is `*`). */
  path: string;
  /** `body.endpoint must be one of: …`: the place, then what the schema wants. */
  message: string;
}

/** At most this many problems are named in one answer (a body wrong everywhere is not listed whole). */
const MAX_PROBLEMS = 10;
/**
 * Whether a caller-chosen property name is shown: a plain identifier of at most 32 characters with
 * few digits. A key such as `sk-live-4f9a…` (a token pasted as a key) is shown as `[a property]`.
 */
function shownName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$-]{0,31}$/.test(name) && (name.match(/\d/g)?.length ?? 0) <= 4;
}

let engine: Ajv2020 | undefined;

/**
 * One Ajv for the process, loaded on first use: a package whose routes have no documented body does
 * not pay for loading it. Options as the MCP SDK's validator: not strict (OpenAPI adds keywords),
 * formats checked, all errors collected, no coercion or defaults (the body is passed on as sent).
 */
function ajv(): Ajv2020 {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const { Ajv2020: Engine } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (instance: Ajv2020) => Ajv2020;
  engine = new Engine({ strict: false, validateSchema: false, allErrors: true, validateFormats: true });
  addFormats(engine);
  return engine;
}

/**
 * A BodyCheck for `schema` (self-contained: its references point into its own `$defs`), compiled on
 * its first body: a server that never receives one never loads Ajv (about 5 MiB of a REST adapter's
 * start-up memory, which a streaming adapter's peak carries; bench/RESULTS.md). A schema the engine
 * cannot compile (a document the generator accepted but Ajv does not) leaves bodies unchecked beyond
 * their type rather than failing requests; the reporter the check is called with hears why, once.
 */
export function documentedBody(schema: Record<string, unknown>): BodyCheck {
  let validate: ValidateFunction | null | undefined;
  const compiled = (report: ((reason: string) => void) | undefined): ValidateFunction | null => {
    if (validate !== undefined) return validate;
    try {
      validate = ajv().compile(schema);
    } catch (err) {
      validate = null;
      report?.(err instanceof Error ? err.message : String(err));
    }
    return validate;
  };
  return (body, name, report) => {
    const check = compiled(report);
    if (check === null || check(body)) return [];
    return problemsOf(check.errors ?? [], name);
  };
}

function problemsOf(errors: readonly ErrorObject[], name: string): BodyProblem[] {
  const seen = new Set<string>();
  const out: BodyProblem[] = [];
  for (const error of errors) {
    const problem = describe(error, name);
    if (seen.has(problem.message)) continue;
    seen.add(problem.message);
    out.push(problem);
    if (out.length === MAX_PROBLEMS) break;
  }
  return out;
}

function segmentsOf(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/metadata/0/x~1y` → `name.metadata[0].[a property]`: pointer segments as a reader writes them. */
function placeOf(segments: readonly string[], name: string): string {
  let out = name;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += shownName(segment) ? `.${segment}` : '.[a property]';
  }
  return out;
}

/** The pointer again, a key that is not shown replaced by `*`. */
function shownPointer(segments: readonly string[]): string {
  return segments
    .map((s) => `/${/^\d+$/.test(s) || shownName(s) ? s.replace(/~/g, '~0').replace(/\//g, '~1') : '*'}`)
    .join('');
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(error: ErrorObject, name: string): BodyProblem {
  const segments = segmentsOf(error.instancePath);
  const place = placeOf(segments, name);
  const params = error.params as Record<string, unknown>;
  let text: string;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      text = `${placeOf([...segments, missing], name)} is required`;
      break;
    }
    case 'enum':
      text = `${place} must be one of: ${(params.allowedValues as unknown[]).map(shown).join(', ')}`;
      break;
    case 'const':
      text = `${place} must be ${shown(params.allowedValue)}`;
      break;
    case 'type':
      text = `${place} must be of type ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}`;
      break;
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      text = shownName(extra)
        ? `${place} must not have the property '${extra}'`
        : `${place} has a property the schema does not allow`;
      break;
    }
    default:
      // Ajv's own messages speak of the schema (limits, formats, patterns), never of the value.
      text = `${place} ${error.message ?? 'does not match the schema'}`;
  }
  return { path: shownPointer(segments), message: redactSecrets(text) };
}
