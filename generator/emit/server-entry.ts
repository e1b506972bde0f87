// What both server entry points (src/rest.ts, src/mcp.ts) do first: read their arguments, refuse to
// start without their variables, and set up secret redaction and logging.
import { stringLiteral } from './escape.js';
import type { TsFile } from './printer.js';

export function serverPrologue(file: TsFile, name: string, program: string, defaults: 'rest' | 'mcp', stdio: boolean): string {
  file.import('createClients', './config.js');
  file.import('DEFAULTS', './config.js');
  file.import('REQUIRED_ENV', './config.js');
  file.import('secretValues', './config.js');
  file.import('parseServerArgsOrExit', './runtime/cli.js');
  file.import('requireEnv', './runtime/cli.js');
  file.import('createLogger', './runtime/log.js');
  file.import('registerSecrets', './runtime/secrets.js');
  file.import('serve', './runtime/rest.js');
  return `const NAME = ${stringLiteral(name)};
const args = parseServerArgsOrExit(${stringLiteral(program)}, process.argv.slice(2), DEFAULTS.${defaults}${stdio ? '' : ', false'});
requireEnv(NAME, REQUIRED_ENV);
registerSecrets(() => secretValues());
const log = createLogger(NAME, () => secretValues());`;
}
