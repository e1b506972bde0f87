// What both server entry points (src/rest.ts, src/mcp.ts) do first: read their arguments, refuse to
// start without their variables, and set up secret redaction and logging.
import { stringLiteral } from './escape.js';
import type { TsFile } from './printer.js';
import { importRuntime } from './runtime-imports.js';

/** `overHttp`: an expression, true when the server will serve HTTP (callers may bring credentials). */
export function serverPrologue(file: TsFile, name: string, program: string, defaults: 'rest' | 'mcp', stdio: boolean, overHttp = 'true'): string {
  file.import('createClients', './config.js');
  file.import('DEFAULTS', './config.js');
  file.import('requiredEnv', './config.js');
  file.import('BASE_URL_ENV', './config.js');
  file.import('secretValues', './config.js');
  importRuntime(file, 'parseServerArgsOrExit');
  importRuntime(file, 'requireEnv');
  importRuntime(file, 'createLogger');
  importRuntime(file, 'registerSecrets');
  importRuntime(file, 'serve');
  importRuntime(file, 'startTracing');
  return `const NAME = ${stringLiteral(name)};
const args = parseServerArgsOrExit(${stringLiteral(program)}, process.argv.slice(2), DEFAULTS.${defaults}${stdio ? '' : ', false'});
requireEnv(NAME, requiredEnv(${overHttp}), BASE_URL_ENV);
registerSecrets(() => secretValues());
const log = createLogger(NAME, () => secretValues());
// Spans over OTLP/HTTP only with OTEL_EXPORTER_OTLP_ENDPOINT set (the SDK is loaded only then).
await startTracing(NAME, log);`;
}
