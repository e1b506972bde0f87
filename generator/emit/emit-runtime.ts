// Runtime helpers: hand-written, unit-tested TypeScript in templates/runtime/, copied verbatim.
import { readdirSync, readFileSync } from 'node:fs';
import { cmp } from '../diagnostics.js';
import { headerComment, type FileHeader } from './printer.js';
import { templatePath } from './template-files.js';

export interface EmittedFile {
  path: string;
  contents: string;
  /** Already in final form (runtime templates are kept prettier-formatted in the repository). */
  preformatted?: boolean;
}

let cache: { name: string; text: string }[] | undefined;

function runtimeSources(): { name: string; text: string }[] {
  cache ??= readdirSync(templatePath('runtime'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort(cmp)
    .map((name) => ({ name, text: readFileSync(templatePath(`runtime/${name}`), 'utf8').replace(/\r\n/g, '\n') }));
  return cache;
}

/** Runtime file name (`http.ts`) → source, for the import closure. */
export function runtimeSourceMap(): Map<string, string> {
  return new Map(runtimeSources().map(({ name, text }) => [name, text]));
}

/** The runtime helpers named in `needed` (all of them when omitted). */
export function emitRuntime(header: FileHeader, needed?: ReadonlySet<string>): EmittedFile[] {
  return runtimeSources().filter(({ name }) => !needed || needed.has(name)).map(({ name, text }) => ({
    path: `src/runtime/${name}`,
    contents: `${headerComment({ ...header, source: `templates/runtime/${name} (runtime helper, for ${header.source})` })}\n${text}`,
    preformatted: true,
  }));
}
