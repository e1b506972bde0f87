// Project configuration, so `npx naftiko-gen generate` alone works in a build step:
// naftiko-gen.config.json, or a "naftiko-gen" key in package.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProjectConfig {
  inputs?: string[];
  out?: string;
  targets?: string[];
  strict?: boolean;
  /** Client method names: `namespace.operation` → `group.method` (or `method`). */
  names?: Record<string, string>;
  /** Consumed namespace → a local OpenAPI 3.0/3.1 document (path relative to the config) typing it. */
  openapi?: Record<string, string>;
  /** Where it was read from, for messages. */
  from?: string;
}

export class ConfigError extends Error {}

export function loadConfig(cwd: string): ProjectConfig {
  const file = join(cwd, 'naftiko-gen.config.json');
  if (existsSync(file)) return check(parse(file), 'naftiko-gen.config.json');
  const pkg = join(cwd, 'package.json');
  if (existsSync(pkg)) {
    const value = (parse(pkg) as Record<string, unknown>)['naftiko-gen'];
    if (value !== undefined) return check(value, 'package.json "naftiko-gen"');
  }
  return {};
}

function parse(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

function check(value: unknown, from: string): ProjectConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${from}: expected an object with inputs, out, targets, strict`);
  const v = value as Record<string, unknown>;
  const known = new Set(['inputs', 'out', 'targets', 'strict', 'names', 'openapi']);
  for (const key of Object.keys(v)) if (!known.has(key)) throw new ConfigError(`${from}: unknown key '${key}' (known: ${[...known].join(', ')})`);
  const stringMap = (k: string): Record<string, string> | undefined => {
    const m = v[k];
    if (m === undefined) return undefined;
    if (!m || typeof m !== 'object' || Array.isArray(m) || !Object.values(m).every((x) => typeof x === 'string')) throw new ConfigError(`${from}: '${k}' must be an object of strings`);
    return { ...(m as Record<string, string>) };
  };
  const names = stringMap('names');
  const openapi = stringMap('openapi');
  const strings = (k: string): string[] | undefined => {
    if (v[k] === undefined) return undefined;
    if (!Array.isArray(v[k]) || !(v[k] as unknown[]).every((x) => typeof x === 'string')) throw new ConfigError(`${from}: '${k}' must be a list of strings`);
    return v[k] as string[];
  };
  if (v.out !== undefined && typeof v.out !== 'string') throw new ConfigError(`${from}: 'out' must be a string`);
  if (v.strict !== undefined && typeof v.strict !== 'boolean') throw new ConfigError(`${from}: 'strict' must be true or false`);
  const inputs = strings('inputs');
  const targets = strings('targets');
  return {
    ...(inputs ? { inputs } : {}),
    ...(typeof v.out === 'string' ? { out: v.out } : {}),
    ...(targets ? { targets } : {}),
    ...(typeof v.strict === 'boolean' ? { strict: v.strict } : {}),
    ...(names ? { names } : {}),
    ...(openapi ? { openapi } : {}),
    from,
  };
}
