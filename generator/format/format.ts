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

// Loaded on first use: a run whose files all come from the format cache (format-cache.ts) never loads it.
let prettier: Promise<typeof import('prettier')> | undefined;

export async function formatFile(path: string, contents: string): Promise<string> {
  const parser = parserFor(path);
  if (!parser) return contents;
  prettier ??= import('prettier');
  return (await prettier).format(contents, { ...PRETTIER_OPTIONS, parser });
}
