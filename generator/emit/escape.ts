// One escape function per output context. Emitters never splice raw capability text into code without these.
import { looksCutOff } from '../model/cut-off-text.js';
import { isIdentifier, isReservedWord } from '../names/identifiers.js';

/**
 * A single-quoted TypeScript string literal. JSON.stringify handles quotes, backslashes and control
 * characters; U+2028/U+2029 are escaped too so older tools and readers never see a raw line break.
 */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${json}'`;
}

/**
 * An object property key: bare when it is a plain identifier, quoted otherwise (`'x-api-key'`).
 * `__proto__` is computed (`['__proto__']`): bare or quoted, it would set the prototype instead.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return isIdentifier(name) ? name : stringLiteral(name);
}

/** Property access: `.name` when safe, `['odd-name']` otherwise. */
export function propertyAccess(name: string): string {
  return isIdentifier(name) && !isReservedWord(name) ? `.${name}` : `[${stringLiteral(name)}]`;
}

/** Text safe inside a `/** … *\/` block: no comment terminator, no stray control characters. */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*');
}

/** Generated lines stay within this width, as the formatter keeps code (prettier printWidth). */
const COMMENT_WIDTH = 110;

/**
 * Splits `line` at spaces into pieces of at most `width` characters (a longer word stays whole);
 * continuation lines of a `@tag` line are indented by two spaces, as TSDoc readers expect.
 */
export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const continuation = line.startsWith('@') ? '  ' : '';
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const prefix = out.length > 0 && current === '' ? continuation : '';
    if (current !== '' && current.length + 1 + word.length > width) {
      out.push(current);
      current = continuation + word;
    } else current = current === '' ? prefix + word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/** A JSDoc block (with the given indentation), or '' when there is nothing to say; long lines wrapped. */
export function jsDoc(lines: ReadonlyArray<string | undefined>, indent = ''): string {
  const width = Math.max(40, COMMENT_WIDTH - indent.length - 3);
  const body = lines
    .filter((l): l is string => typeof l === 'string' && l.trim().length > 0)
    .flatMap((l) => commentText(l).split('\n'))
    .map((l) => l.trimEnd())
    .flatMap((l) => wrapLine(l, width));
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => `${indent} *${l ? ' ' + l : ''}`).join('\n')}\n${indent} */\n`;
}

/**
 * A description as the first sentence of a doc comment: a period added when it ends in a letter or
 * digit, so the line after it (`POST /batches` …) does not read as its continuation when an editor
 * joins the comment's lines; `…` instead when it stops mid-sentence (NG3102 warned about it), so the
 * comment does not pass a cut sentence off as whole. Other endings (`.`, `?`, `)`, a code span) stay.
 */
export function asSentence(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trimEnd();
  if (!/[\p{L}\p{N}]$/u.test(trimmed)) return text;
  return `${trimmed}${looksCutOff(trimmed) ? '…' : '.'}`;
}

/** A `//` comment line: line breaks folded so the comment cannot spill into code. */
export function lineComment(text: string): string {
  return `// ${commentText(text).replace(/\n/g, ' ')}`;
}

/** JSON embedded in generated TypeScript (schemas, constants): stable key order as given, escapes U+2028/9. */
export function jsonLiteral(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
