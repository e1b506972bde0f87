// Stage 5: prettier with pinned options (prettier's exact version is pinned in package.json), so the
// same model always prints the same bytes.
import type { Options } from 'prettier';

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
// config, file-info and plugin-loading code (notes/issue-12c.md). Markdown goes through the main
// entry: fenced code blocks in it are formatted by whichever built-in plugin knows their language.
let scriptFormatter: Promise<(source: string, options: Options) => Promise<string>> | undefined;
let fullPrettier: Promise<PrettierFormat> | undefined;

function formatterFor(parser: string): Promise<(source: string, options: Options) => Promise<string>> {
  if (parser === 'markdown') {
    fullPrettier ??= import('prettier');
    return fullPrettier.then((prettier) => (source, options) => prettier.format(source, options));
  }
  scriptFormatter ??= Promise.all([import('prettier/standalone'), import('prettier/plugins/babel'), import('prettier/plugins/estree')]).then(
    ([core, babel, estree]) => (source, options) => core.format(source, { ...options, plugins: [babel, estree] }),
  );
  return scriptFormatter;
}

export async function formatFile(path: string, contents: string): Promise<string> {
  const parser = parserFor(path);
  if (!parser) return contents;
  return (await formatterFor(parser))(contents, { ...PRETTIER_OPTIONS, parser });
}
