// Stage 5: prettier with pinned options (prettier's exact version is pinned in package.json), so the
// same model always prints the same bytes.
import { createRequire } from 'node:module';
import type { Options, Plugin } from 'prettier';
import { loadScript, type CachedScript } from './code-cache.js';

export const PRETTIER_OPTIONS: Options = {
  printWidth: 110,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
  proseWrap: 'preserve',
};

// TypeScript is parsed with prettier's `babel-ts` parser rather than `typescript`: the same printer,
// the same output for the code the emitters write (test/golden holds it byte for byte), and a
// parser about twice as fast, which makes it most of a generation run's time (bench/RESULTS.md).
export function parserFor(path: string): string | undefined {
  if (path.endsWith('.ts')) return 'babel-ts';
  if (path === 'tsconfig.json' || path.endsWith('/tsconfig.json')) return 'jsonc';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  return undefined;
}

/** The part of prettier's API formatFile calls (the main entry and `prettier/standalone` both have it). */
interface PrettierFormat {
  format(source: string, options: Options): Promise<string>;
}

// Prettier is loaded on first use: a run whose files all come from the format cache (format-cache.ts)
// never loads it. TypeScript and JSON need only prettier's core (`prettier/standalone`) and two
// plugins (babel parses, estree prints): a cold run then neither compiles nor runs the main entry's
// config, file-info and plugin-loading code (notes/issue-12c.md). They are loaded as scripts with a
// V8 code cache when the run has a cache directory (code-cache.ts). Markdown goes through the main
// entry: fenced code blocks in it are formatted by whichever built-in plugin knows their language.
type FormatText = (source: string, options: Options) => Promise<string>;
let scriptFormatter: FormatText | undefined;
const scripts: Array<CachedScript<unknown>> = [];
let fullPrettier: Promise<PrettierFormat> | undefined;
let codeCacheDir: string | undefined;

/**
 * The directory of prettier's code cache (code-cache.ts) for this process, or undefined for none. Only
 * read when prettier is first loaded: the pipeline sets it before formatting anything.
 */
export function useCodeCache(dir: string | undefined): void {
  codeCacheDir = dir;
}

/**
 * Writes prettier's code cache when it was missing or rejected; called once formatting is done, so
 * the cache holds the functions formatting compiled, not only the scripts' top level.
 */
export function saveCodeCache(): void {
  for (const script of scripts) script.save();
}

function scriptFormatterNow(): FormatText {
  if (scriptFormatter) return scriptFormatter;
  const require = createRequire(import.meta.url);
  const load = <T>(specifier: string): T => {
    const script = loadScript<T>(require.resolve(specifier), codeCacheDir);
    scripts.push(script);
    return script.exports;
  };
  const core = load<PrettierFormat>('prettier/standalone');
  const plugins = [load<Plugin>('prettier/plugins/babel'), load<Plugin>('prettier/plugins/estree')];
  scriptFormatter = (source, options) => core.format(source, { ...options, plugins });
  return scriptFormatter;
}

function formatterFor(parser: string): Promise<FormatText> {
  if (parser === 'markdown') {
    fullPrettier ??= import('prettier');
    return fullPrettier.then((prettier) => (source, options) => prettier.format(source, options));
  }
  return Promise.resolve().then(scriptFormatterNow);
}

export async function formatFile(path: string, contents: string): Promise<string> {
  const parser = parserFor(path);
  if (!parser) return contents;
  return (await formatterFor(parser))(contents, { ...PRETTIER_OPTIONS, parser });
}
