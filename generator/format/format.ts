// Stage 5: prettier with pinned options (prettier's exact version is pinned in package.json), so the
// same model always prints the same bytes.
import * as prettier from 'prettier';

export const PRETTIER_OPTIONS: prettier.Options = {
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

function parserFor(path: string): string | undefined {
  if (path.endsWith('.ts')) return 'typescript';
  if (path === 'tsconfig.json' || path.endsWith('/tsconfig.json')) return 'jsonc';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  return undefined;
}

export async function formatFile(path: string, contents: string): Promise<string> {
  const parser = parserFor(path);
  if (!parser) return contents;
  return prettier.format(contents, { ...PRETTIER_OPTIONS, parser });
}
