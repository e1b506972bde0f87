// What every rewrite step works on: the parsed Document (nodes keep their source ranges, so findings
// point at the original line:col), the findings so far, and whether anything was rewritten.
import { isMap, isScalar, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { migrateDiagnostic, type MigrateCodeName } from './codes.js';

export interface MigrationContext {
  file: string;
  doc: Document;
  lines: LineCounter;
  /** Top key of the source: `naftiko` (old shape) or `ikanos` (new shape, maybe with old leftovers). */
  source: 'naftiko' | 'ikanos';
  diagnostics: Diagnostic[];
  /** Set by a step whenever it rewrites something; an untouched file keeps its bytes. */
  touched: boolean;
}

export function report(ctx: MigrationContext, node: Node | Pair | null | undefined, which: MigrateCodeName, message: string): void {
  ctx.diagnostics.push(migrateDiagnostic(ctx.file, position(ctx, node), which, message));
}

export function position(ctx: MigrationContext, node: Node | Pair | null | undefined): { line: number; col: number } {
  const target = node && 'key' in node && !('range' in node) ? (node.key as Node | null) : (node as Node | null | undefined);
  const offset = target?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  const at = ctx.lines.linePos(offset);
  return { line: at.line, col: at.col };
}

/** The pair of a map whose key is the plain string `key`. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => keyText(p) === key);
}

export function keyText(pair: Pair): string | undefined {
  const k = pair.key as unknown;
  if (isScalar(k)) return typeof k.value === 'string' ? k.value : String(k.value);
  return typeof k === 'string' ? k : undefined;
}

/** The value of `key` when it is a mapping node. */
export function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const v = pairOf(map, key)?.value;
  return isMap(v) ? v : undefined;
}

/** The string value of `key`, when it is a scalar. */
export function textAt(map: YAMLMap, key: string): string | undefined {
  const v = pairOf(map, key)?.value;
  return isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : undefined;
}

export function has(map: YAMLMap, key: string): boolean {
  return pairOf(map, key) !== undefined;
}

/**
 * Renames key `from` to `to` in place (same position, same quoting). Reports NG6008 and leaves both
 * when the map already has `to`. Returns whether it renamed.
 */
export function renameKey(ctx: MigrationContext, map: YAMLMap, from: string, to: string): boolean {
  const pair = pairOf(map, from);
  if (!pair) return false;
  if (has(map, to)) {
    report(ctx, pair, 'bothSpellings', `This entity has both \`${from}\` (old spelling) and \`${to}\` (new spelling).`);
    return false;
  }
  if (isScalar(pair.key)) pair.key.value = to;
  else pair.key = to;
  ctx.touched = true;
  return true;
}
