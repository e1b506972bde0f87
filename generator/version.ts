// The generator's own version, recorded in every generated file header.
import { readFileSync } from 'node:fs';
import { templatePath } from './emit/template-files.js';

let version: string | undefined;

export function generatorVersion(): string {
  version ??= (JSON.parse(readFileSync(templatePath('../package.json'), 'utf8')) as { version: string }).version;
  return version;
}
