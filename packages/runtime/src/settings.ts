// The NAFTIKO_* settings of a generated package and the base-URL variables of its clients: what each
// accepts, parsed in this one place, so that the start-up check of the servers (requireEnv) and the
// helpers that read a setting agree. A value that is empty or only spaces counts as unset.

/** A setting or base-URL variable whose value is not accepted; the message names it and the accepted form. */
export class SettingError extends TypeError {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'SettingError';
    this.variable = variable;
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem?: string };

interface Setting<T> {
  /** What a valid value looks like, with its default: said when a value is refused. */
  expected: string;
  /** Parses a trimmed, non-empty value. */
  parse(raw: string): Parsed<T>;
}

/** CORS origins: `*` (any) and/or exact origins as browsers send them (`new URL(o).origin`). */
export interface CorsOrigins {
  any: boolean;
  origins: string[];
}

const MAX_TIMER_MS = 2_147_483_647; // setTimeout's limit: a longer delay would fire at once

function wholeNumber(min: number, max: number, expected: string): Setting<number> {
  return {
    expected,
    parse(raw) {
      if (!/^\d+$/.test(raw)) return { ok: false };
      const n = Number(raw);
      return n >= min && n <= max ? { ok: true, value: n } : { ok: false };
    },
  };
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `1048576`, `512kb`, `1mb`, `1.5mb`, `1gb` (units of 1024, case-insensitive) → bytes. */
export function parseBytes(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const n = Math.floor(Number(m[1]) * (BYTE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

function size(defaultText: string): Setting<number> {
  return {
    expected:
      `a size in bytes: a whole number (e.g. 1048576) or a number with kb, mb or gb ` +
      `(e.g. 512kb, 1mb; 1kb = 1024 bytes); default ${defaultText}`,
    parse(raw) {
      const n = parseBytes(raw);
      if (n !== undefined) return { ok: true, value: n };
      const unit = /^\d+(?:\.\d+)?\s*([a-z]+)$/i.exec(raw)?.[1];
      return { ok: false, problem: unit ? `unknown unit "${unit}"` : undefined };
    },
  };
}

function oneOf<T extends string>(values: readonly T[], expected: string): Setting<T> {
  return {
    expected,
    parse(raw) {
      const v = raw.toLowerCase() as T;
      return values.includes(v) ? { ok: true, value: v } : { ok: false };
    },
  };
}

/** Any non-empty text (already trimmed). */
function text(expected: string): Setting<string> {
  return { expected, parse: (raw) => ({ ok: true, value: raw }) };
}

/** An absolute http(s) URL, kept as written (an issuer is compared character for character). */
function httpUrl(expected: string): Setting<string> {
  return {
    expected,
    parse(raw) {
      try {
        const url = new URL(raw);
        return url.protocol === 'http:' || url.protocol === 'https:'
          ? { ok: true, value: raw }
          : { ok: false };
      } catch {
        return { ok: false };
      }
    },
  };
}

function onOff(defaultText: string): Setting<boolean> {
  return {
    expected: `on or off; default ${defaultText}`,
    parse(raw) {
      const value = raw.toLowerCase();
      return value === 'on' || value === 'off' ? { ok: true, value: value === 'on' } : { ok: false };
    },
  };
}

const ORIGIN_EXAMPLE = 'https://app.example.com,http://localhost:3000';

const corsOrigins: Setting<CorsOrigins> = {
  expected: `* (any origin) or a comma-separated list of origins http(s)://host[:port] (e.g. ${ORIGIN_EXAMPLE}); unset: CORS off`,
  parse(raw) {
    const items = raw
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter((o) => o !== '');
    if (items.length === 0) return { ok: false };
    const origins = items.filter((o) => o !== '*').map((o) => ({ text: o, origin: originOf(o) }));
    const bad = origins.filter((o) => o.origin === undefined);
    if (bad.length > 0)
      return { ok: false, problem: `not an origin: ${bad.map((b) => JSON.stringify(b.text)).join(', ')}` };
    return {
      ok: true,
      value: { any: items.includes('*'), origins: [...new Set(origins.map((o) => o.origin!))] },
    };
  },
};

/**
 * `http(s)://host[:port]` (no path, query, fragment or credentials) as a browser sends it in an
 * Origin header: lower-case host, no default port (`https://A.com:443` → `https://a.com`).
 */
function originOf(text: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.host !== '' && (url.protocol === 'http:' || url.protocol === 'https:')
      ? url.origin
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every NAFTIKO_* variable a generated package reads, with the form it accepts. */
export const SETTINGS = {
  NAFTIKO_UPSTREAM_TIMEOUT_MS: wholeNumber(
    1,
    MAX_TIMER_MS,
    `a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (e.g. 5000); default 30000`,
  ),
  NAFTIKO_UPSTREAM_RETRIES: wholeNumber(0, 100, 'a whole number from 0 to 100 (0: no retries); default 2'),
  NAFTIKO_REST_MAX_BODY: size('1mb'),
  NAFTIKO_MCP_MAX_RESULT_BYTES: size('1mb'),
  NAFTIKO_MCP_MAX_BODY: size('1mb'),
  NAFTIKO_CORS_ORIGINS: corsOrigins,
  NAFTIKO_UPSTREAM_CREDENTIALS: oneOf(
    ['server', 'caller'] as const,
    "server (the environment's secrets) or caller (each HTTP request sends its own in x-naftiko-credential-<secret>); default server",
  ),
  NAFTIKO_MCP_OAUTH_ISSUER: httpUrl(
    'the issuer URL of the authorization server, exactly as its tokens say in "iss" (e.g. https://auth.example.com/); unset: no OAuth',
  ),
  NAFTIKO_MCP_OAUTH_AUDIENCE: text(
    'the audience ("aud") tokens must be issued for: this MCP endpoint\'s public URL (e.g. https://mcp.example.com/mcp)',
  ),
  NAFTIKO_MCP_OAUTH_JWKS_URL: httpUrl(
    "the http(s) URL of the issuer's JSON Web Key Set (e.g. https://auth.example.com/jwks.json)",
  ),
  NAFTIKO_MCP_OAUTH_JWKS_FILE: text('the path of a JSON Web Key Set file ({"keys":[…]})'),
  NAFTIKO_MCP_OAUTH_SCOPES: text(
    'scopes every token must grant, separated by spaces or commas (e.g. "mcp:tools"); default none',
  ),
  NAFTIKO_REST_DOCS: onOff('on'),
} satisfies Record<string, Setting<unknown>>;

export type SettingName = keyof typeof SETTINGS;
type SettingValue<N extends SettingName> = (typeof SETTINGS)[N] extends Setting<infer T> ? T : never;

/** NAFTIKO_* variables checked where they are read, because their check needs more than the value. */
export const SETTINGS_CHECKED_ELSEWHERE: readonly string[] = [
  'NAFTIKO_MCP_ALLOWED_HOSTS',
  'NAFTIKO_REST_ALLOWED_HOSTS',
];

type Env = Record<string, string | undefined>;

/**
 * A refused value as messages show it: `NAME="value"` (shortened), or without the value when it may
 * hold credentials (user:password@host).
 */
export function namedValue(name: string, value: string): string {
  if (value.includes('@')) return `${name} (value not shown: it may hold credentials)`;
  return `${name}=${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
}

/** The message of a refused setting, or undefined when the value is unset or valid. */
export function settingProblem(name: SettingName, env: Env = process.env): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const parsed = SETTINGS[name].parse(raw) as Parsed<unknown>;
  if (parsed.ok) return undefined;
  return `${namedValue(name, raw)} is not valid${parsed.problem ? ` (${parsed.problem})` : ''}: expected ${SETTINGS[name].expected}`;
}

/**
 * The value of a setting, or undefined when it is unset (the reader applies its default). Throws a
 * SettingError naming the variable when the value is not valid: a bad setting is never ignored.
 */
export function settingOf<N extends SettingName>(
  name: N,
  env: Env = process.env,
): SettingValue<N> | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const parsed = SETTINGS[name].parse(raw) as Parsed<SettingValue<N>>;
  if (!parsed.ok) throw new SettingError(name, settingProblem(name, env) ?? `${name} is not valid`);
  return parsed.value;
}

const BASE_URL_FORM = 'http(s)://host[:port][/path] (e.g. https://api.example.com/v1)';

/** The authority of `scheme://authority…` holds `@`: user[:password]@host. */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** Why `value` cannot be a client's base URL, or undefined when it can. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    let hint = '';
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      try {
        new URL(`http://${value}`);
        const shown = withoutQuery(value);
        hint = ` (did you mean http://${shown.includes('@') ? '…' : shown}?)`;
      } catch {
        /* no hint */
      }
    }
    return `is not an absolute http:// or https:// URL${hint}: expected ${BASE_URL_FORM}`;
  }
  if (USERINFO.test(value) || url.username !== '' || url.password !== '')
    return (
      `holds credentials (user:password@), which a base URL must not: credentials belong in the ` +
      `capability's auth or binds; expected ${BASE_URL_FORM}`
    );
  if (url.search !== '' || url.hash !== '')
    return `has a query or fragment, which a base URL cannot keep: expected ${BASE_URL_FORM}`;
  return undefined;
}

/** `value` up to its query or fragment. */
function withoutQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut < 0 ? value : value.slice(0, cut);
}

/**
 * A refused base URL as messages show it: `NAME="scheme://host[:port]/path"` followed by what was
 * left out, e.g. `(query omitted)`: never its query, fragment or user:password; a value that does
 * not parse is shown up to its query, and not at all when it holds `@`.
 */
export function namedBaseUrl(name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const omitted: string[] = [];
  let shown: string;
  if (url && url.host !== '') {
    shown = `${url.protocol}//${url.host}${url.pathname}`;
    if (USERINFO.test(value)) omitted.push('credentials');
    if (url.search !== '' || value.includes('?')) omitted.push('query');
    if (url.hash !== '' || value.includes('#')) omitted.push('fragment');
  } else {
    shown = withoutQuery(value);
    if (shown !== value) omitted.push(value[shown.length] === '#' ? 'fragment' : 'query');
    if (shown.includes('@')) return `${name} (value not shown: it may hold credentials)`;
  }
  const note = omitted.length > 0 ? ` (${omitted.join(' and ')} omitted)` : '';
  return `${namedValue(name, shown)}${note}`;
}

/** The message for a base-URL variable whose value is refused, or undefined when it is unset or valid. */
export function baseUrlEnvProblem(name: string, env: Env = process.env): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const problem = baseUrlProblem(raw);
  return problem === undefined ? undefined : `${namedBaseUrl(name, raw)} ${problem}`;
}

/**
 * Every refused value in the environment: the NAFTIKO_* settings (all of them, whichever server
 * reads them: both servers usually share one environment) and the given base-URL variables.
 */
export function settingsProblems(baseUrlNames: readonly string[] = [], env: Env = process.env): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const p = settingProblem(name, env);
    if (p) problems.push(p);
  }
  for (const name of baseUrlNames) {
    const p = baseUrlEnvProblem(name, env);
    if (p) problems.push(p);
  }
  return problems;
}

/** NAFTIKO_* variables that are set but are no setting (a typo?), each with the closest known name. */
export function unknownSettings(env: Env = process.env): Array<{ name: string; suggestion?: string }> {
  const known = [...Object.keys(SETTINGS), ...SETTINGS_CHECKED_ELSEWHERE];
  const out: Array<{ name: string; suggestion?: string }> = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('NAFTIKO_') || known.includes(name) || env[name] === undefined) continue;
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const k of known) {
      const d = editDistance(name, k);
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    const close = best !== undefined && (bestDistance <= 4 || best.startsWith(name) || name.startsWith(best));
    out.push(close ? { name, suggestion: best } : { name });
  }
  return out;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
