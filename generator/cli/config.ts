// Project configuration, so `npx naftiko-gen generate` alone works in a build step:
// naftiko-gen.config.json, or a "naftiko-gen" key in package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  /** The directory holding it: the project root; its inputs and out are relative to it. */
  dir?: string;
}

export class ConfigError extends Error {}

/**
 * The configuration of the project `cwd` is in: naftiko-gen.config.json or a package.json "naftiko-gen"
 * key in `cwd` or the nearest directory above it, looking no further up than the first package.json
 * (the project's boundary), so running from a subdirectory finds the same configuration.
 */
export function loadConfig(cwd: string): ProjectConfig {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, 'naftiko-gen.config.json');
    if (existsSync(file)) return { ...check(parse(file), 'naftiko-gen.config.json'), dir };
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const value = (parse(pkg) as Record<string, unknown>)['naftiko-gen'];
      return value === undefined ? {} : { ...check(value, 'package.json "naftiko-gen"'), dir };
    }
    if (dirname(dir) === dir) return {};
  }
}

/**
 * The project root paths in headers and manifests are relative to, so the output is the same bytes
 * from any working directory: the configuration's directory, else the nearest directory at or above
 * the output directory that holds a package.json, else the working directory.
 */
export function projectRoot(config: ProjectConfig, outDir: string, cwd: string): string {
  if (config.dir) return config.dir;
  for (let dir = outDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
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
