// One file's migration, pure: text in → rewritten text and findings out. The steps run in the order
// of docs/migrate.md; each one only rewrites the old spelling, so a migrated file migrates to itself.
import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import { loadText } from '../load/load-file.js';
import { migrateDiagnostic } from './codes.js';
import { pairOf, type MigrationContext } from './context.js';
import { rewriteAggregates } from './steps/aggregates.js';
import { rewriteImports } from './steps/imports.js';
import { rewriteLabels } from './steps/labels.js';
import { rewriteMappings } from './steps/mappings.js';
import { rewriteNamedLists } from './steps/named-lists.js';
import { rewriteOutputs } from './steps/outputs.js';
import { checkRootSections } from './steps/root-sections.js';
import { rewriteVersion } from './steps/version.js';
import { detectStyle } from './style.js';
import { IKANOS_SOURCES, NAFTIKO_SOURCES, TARGET_VERSION } from './target.js';

export type MigrateStatus = 'migrated' | 'unchanged' | 'blocked';

export interface MigratedText {
  status: MigrateStatus;
  /** Declared version of the source (`naftiko 1.0.0-alpha2`), when it has one. */
  from?: string;
  to: string;
  /** The rewritten text; the original bytes when unchanged or blocked. */
  output: string;
  diagnostics: Diagnostic[];
}

const STEPS = [rewriteVersion, checkRootSections, rewriteAggregates, rewriteLabels, rewriteImports, rewriteNamedLists, rewriteOutputs, rewriteMappings];

export function migrateText(file: string, text: string): MigratedText {
  const loaded = loadText(file, file, new TextEncoder().encode(text));
  if (!loaded.ok) return { status: 'blocked', to: TARGET_VERSION, output: text, diagnostics: loaded.diagnostics };
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const source = bom ? text.slice(1) : text;
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, keepSourceTokens: false });
  const root = doc.contents;
  if (!isMap(root)) {
    return blocked(text, [migrateDiagnostic(file, { line: 1, col: 1 }, 'unsupportedSource', 'The document is not a mapping, so it is not a capability file.')]);
  }
  const detected = detectSource(root, lines);
  if (!detected.ok) {
    return blocked(text, [migrateDiagnostic(file, detected.at, 'unsupportedSource', detected.message)], detected.from);
  }
  const ctx: MigrationContext = { file, doc, lines, source: detected.source, diagnostics: [], touched: false };
  const from = detected.from;
  let rendered: string;
  try {
    const style = detectStyle(doc, source, lines);
    for (const step of STEPS) step(ctx, root);
    if (hasErrors(ctx.diagnostics)) return blocked(text, ctx.diagnostics, from);
    if (!ctx.touched) return { status: 'unchanged', from, to: TARGET_VERSION, output: text, diagnostics: ctx.diagnostics };
    rendered = doc.toString(style);
  } catch (err) {
    const message = `migrate could not rewrite this file: ${(err as Error).message.split('\n')[0]}`;
    return blocked(text, [...ctx.diagnostics, migrateDiagnostic(file, { line: 1, col: 1 }, 'internal', message)], from);
  }
  // yaml writes \n; a file written with \r\n keeps its line ends.
  if (source.includes('\r\n')) rendered = rendered.replace(/\r?\n/g, '\r\n');
  return { status: 'migrated', from, to: TARGET_VERSION, output: bom + rendered, diagnostics: ctx.diagnostics };
}

function blocked(text: string, diagnostics: Diagnostic[], from?: string): MigratedText {
  return { status: 'blocked', ...(from !== undefined ? { from } : {}), to: TARGET_VERSION, output: text, diagnostics };
}

type Detected =
  | { ok: true; source: 'naftiko' | 'ikanos'; from: string }
  | { ok: false; message: string; at: { line: number; col: number }; from?: string };

function detectSource(root: YAMLMap, lines: LineCounter): Detected {
  const naftiko = pairOf(root, 'naftiko');
  const ikanos = pairOf(root, 'ikanos');
  const offset = ((naftiko ?? ikanos)?.value as { range?: [number, number, number] } | null)?.range?.[0];
  const at = offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
  if (naftiko && ikanos) return { ok: false, message: 'The file declares both `naftiko` and `ikanos`; it can only be one of them.', at };
  const pair = naftiko ?? ikanos;
  if (!pair) return { ok: false, message: 'The file has no `naftiko:` or `ikanos:` version key, so it is not a capability file migrate knows.', at };
  const version = isScalar(pair.value) ? String(pair.value.value) : '';
  const key = naftiko ? 'naftiko' : 'ikanos';
  const known = key === 'naftiko' ? NAFTIKO_SOURCES : IKANOS_SOURCES;
  if (!known.includes(version)) {
    return { ok: false, message: `\`${key}: ${version}\` is not a version migrate rewrites from (it reads naftiko ${NAFTIKO_SOURCES.join(', ')} and ikanos ${IKANOS_SOURCES.join(', ')}).`, at, from: `${key} ${version}` };
  }
  return { ok: true, source: key, from: `${key} ${version}` };
}
