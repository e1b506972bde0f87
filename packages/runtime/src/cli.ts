// Command line of a generated server (`--port N`, `--host H`, `--stdio`, `--help`) and the start-up
// check of its environment: every required variable set, every NAFTIKO_* setting and base-URL
// variable valid.
import { settingsProblems, unknownSettings } from './settings.js';

export interface ServerArgs {
  port: number;
  host: string;
  stdio: boolean;
  /** --help / -h was given: print usage() and exit 0. */
  help?: boolean;
}

/** A bad command line; the message says what is wrong. Exit code 2 by convention. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Usage text for a generated server. */
export function usage(
  program: string,
  defaults: { port: number; host: string },
  stdioSupported = true,
): string {
  return [
    `Usage: ${program} [--port N] [--host H]${stdioSupported ? ' | --stdio' : ''}`,
    '',
    `  --port N   port to listen on (default ${defaults.port}; 0 picks a free port)`,
    `  --host H   interface to bind (default ${defaults.host})`,
    ...(stdioSupported ? ['  --stdio    speak MCP over stdin/stdout instead of HTTP'] : []),
    '  --help     show this help',
    '',
  ].join('\n');
}

function parsePort(raw: string): number {
  if (!/^\d{1,5}$/.test(raw))
    throw new UsageError(`--port expects an integer between 0 and 65535, got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new UsageError(`--port expects an integer between 0 and 65535, got "${raw}"`);
  return port;
}

function parseHost(raw: string): string {
  const trimmed = raw.trim();
  // `[::1]` is how an IPv6 address is written in URLs; listen() wants it without brackets.
  const host = /^\[[0-9A-Fa-f:.]+\]$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  if (host === '' || /[\s/?#@[\]]/.test(host))
    throw new UsageError(`--host expects a host name or IP address, got "${raw}"`);
  return host;
}

/**
 * Parses `--port N`, `--port=N`, `--host H`, `--host=H`, `--stdio`, `--help`/`-h`. Environment
 * variables PORT/HOST are deliberately not used (explicit only). Throws UsageError on anything else.
 */
export function parseServerArgs(
  argv: readonly string[],
  defaults: { port: number; host: string },
): ServerArgs {
  const out: ServerArgs = { port: defaults.port, host: defaults.host, stdio: false };
  let sawPort = false;
  let sawHost = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-'))
        throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--port':
        out.port = parsePort(takeValue());
        sawPort = true;
        break;
      case '--host':
        out.host = parseHost(takeValue());
        sawHost = true;
        break;
      case '--stdio':
        if (inline !== undefined) throw new UsageError('--stdio takes no value');
        out.stdio = true;
        break;
      case '--help':
      case '-h':
        if (inline !== undefined) throw new UsageError('--help takes no value');
        out.help = true;
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    }
  }
  if (out.stdio && (sawPort || sawHost))
    throw new UsageError('--stdio cannot be combined with --port or --host');
  return out;
}

/**
 * parseServerArgs for an entry point: on --help prints usage() to stdout and exits 0; on a bad
 * command line prints `<program>: <problem>` and the usage to stderr and exits 2.
 */
export function parseServerArgsOrExit(
  program: string,
  argv: readonly string[],
  defaults: { port: number; host: string },
  stdioSupported = true,
): ServerArgs {
  let args: ServerArgs;
  try {
    args = parseServerArgs(argv, defaults);
    if (args.stdio && !stdioSupported) throw new UsageError('--stdio is not supported by this server');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${program}: ${err.message}\n${usage(program, defaults, stdioSupported)}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(usage(program, defaults, stdioSupported));
    process.exit(0);
  }
  return args;
}

/** Names of required environment variables that are unset or empty (whitespace only counts as empty). */
export function missingEnv(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return names.filter((n) => {
    const v = env[n];
    return v === undefined || v.trim() === '';
  });
}

/**
 * The start-up check of a server's environment. Writes one stderr line per problem and exits 1 when
 * a required variable is missing (`<server>: missing required environment variables: A, B — set them
 * and restart`) or a value is refused: a NAFTIKO_* setting (see settings.ts) or one of `baseUrlNames`
 * (`<server>: PORTKEY_BATCH_BASE_URL="localhost:4010" is not an absolute http:// or https:// URL …`).
 * A NAFTIKO_* variable that is no setting (a typo?) gets a warning line and is ignored.
 */
export function requireEnv(
  server: string,
  names: readonly string[],
  baseUrlNames: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): void {
  const errors = envProblems(server, names, baseUrlNames, env);
  const warnings = unknownSettings(env).map(
    ({ name, suggestion }) =>
      `${server}: warning: ${name} is not a setting of this server and is ignored${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
  );
  const lines = [...warnings, ...errors];
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  if (errors.length > 0) process.exit(1);
}

/** The lines requireEnv exits with: the missing required variables, then each refused value. */
export function envProblems(
  server: string,
  names: readonly string[],
  baseUrlNames: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const missing = missingEnv(names, env);
  return [
    ...(missing.length > 0 ? [missingEnvMessage(server, missing)] : []),
    ...settingsProblems(baseUrlNames, env).map((p) => `${server}: ${p} — fix or unset it and restart`),
  ];
}

/** The one-line message requireEnv prints. */
export function missingEnvMessage(server: string, missing: readonly string[]): string {
  return `${server}: missing required environment variables: ${missing.join(', ')} — set them and restart`;
}
