// Stage 1 of the pipeline: bytes on disk → a plain JS value plus a source map, or one clear diagnostic.
import { readFileSync, statSync } from 'node:fs';
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { readLoadCache, writeLoadCache } from './load-cache.js';
import { documentPositions, SourceMap, type DocumentPositions, type Locator } from './source-map.js';
import { yaml } from './yaml-module.js';

/** Capability files are hand-written YAML; anything this large is a mistake or an attack. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Aliases expand on conversion; a small cap stops "billion laughs" documents cold. */
export const MAX_ALIAS_EXPANSIONS = 100;

export interface LoadedDocument {
  /** Path as shown in diagnostics (as given, posix separators). */
  file: string;
  absPath: string;
  text: string;
  data: Record<string, unknown>;
  map: Locator;
}

export type LoadFailure = { ok: false; diagnostics: Diagnostic[] };
export type LoadResult = { ok: true; doc: LoadedDocument } | LoadFailure;

/** Reads and parses one file; with `cacheDir`, a document loaded before from the same text comes from the load cache (load-cache.ts). */
export function loadFile(displayPath: string, absPath: string, cacheDir?: string): LoadResult {
  let size: number;
  try {
    const stat = statSync(absPath);
    if (!stat.isFile()) return fail(displayPath, 1, 1, 'NG1001', 'This path is a directory or a special file, not a capability file.', 'Point at a .yaml, .yml or .json file.');
    size = stat.size;
  } catch {
    return fail(displayPath, 1, 1, 'NG1001', 'The file cannot be read: it does not exist or is not accessible.', 'Check the path and the file permissions.');
  }
  if (size > MAX_FILE_BYTES) {
    return fail(displayPath, 1, 1, 'NG1002', `The file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit for capability files.`, 'Split the capability into several files, or check that this is really a capability file.');
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absPath);
  } catch {
    return fail(displayPath, 1, 1, 'NG1001', 'The file cannot be read: it is not accessible.', 'Check the file permissions.');
  }
  return loadText(displayPath, absPath, bytes, cacheDir);
}

export function loadText(displayPath: string, absPath: string, bytes: Uint8Array, cacheDir?: string): LoadResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail(displayPath, at.line, at.col, 'NG1003', 'The file is not valid UTF-8 text.', 'Save the file as UTF-8; capability files are text, not binary.');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) {
    const at = positionOf(text, text.indexOf('\u0000'));
    return fail(displayPath, at.line, at.col, 'NG1003', 'The file contains a NUL character, which YAML does not allow.', 'Remove the NUL byte; capability files are text, not binary.');
  }
  if (text.trim() === '') {
    return fail(displayPath, 1, 1, 'NG1004', 'The file is empty.', 'Write a capability document starting with `naftiko: 1.0.0-alpha3` (the newest version naftiko-gen reads).');
  }

  const cached = cacheDir === undefined ? undefined : readLoadCache(cacheDir, text);
  if (cached) return { ok: true, doc: { file: displayPath, absPath, text, data: cached.data, map: new SourceMap(cached.positions) } };
  const parsed = parseText(displayPath, absPath, text);
  if (parsed.ok && cacheDir !== undefined) writeLoadCache(cacheDir, text, { data: parsed.doc.data, positions: parsed.positions });
  return parsed.ok ? { ok: true, doc: parsed.doc } : parsed;
}

function parseText(displayPath: string, absPath: string, text: string): { ok: true; doc: LoadedDocument; positions: DocumentPositions } | LoadFailure {
  const { LineCounter, parseAllDocuments, isMap } = yaml();
  const lines = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (err) {
    if (err instanceof RangeError) return tooDeep(displayPath);
    return fail(displayPath, 1, 1, 'NG1007', `The YAML cannot be parsed: ${firstSentence((err as Error).message)}`, 'Fix the YAML syntax; if the file is valid YAML, report it to naftiko-gen with the file.');
  }
  if (!Array.isArray(docs)) {
    return fail(displayPath, 1, 1, 'NG1004', 'The file holds no YAML document.', 'Write a capability document starting with `naftiko: 1.0.0-alpha3` (the newest version naftiko-gen reads).');
  }
  if (docs.length === 0) {
    return fail(displayPath, 1, 1, 'NG1004', 'The file holds no YAML document (only comments or blank lines).', 'Write a capability document starting with `naftiko: 1.0.0-alpha3` (the newest version naftiko-gen reads).');
  }
  if (docs.length !== 1) {
    const second = docs[1]?.range?.[0] ?? 0;
    const at = lines.linePos(second);
    return fail(displayPath, at.line, at.col, 'NG1005', `The file holds ${docs.length} YAML documents; a capability file holds exactly one.`, 'Remove the `---` separator and keep one document per file.');
  }
  const doc = docs[0] as Document;
  const parseError = doc.errors[0];
  if (parseError && /call stack/i.test(parseError.message)) return tooDeep(displayPath);
  if (parseError) {
    const at = lines.linePos(parseError.pos[0]);
    const duplicate = parseError.code === 'DUPLICATE_KEY';
    const repeated = duplicate ? duplicateKeyAt(doc, parseError.pos[0]) : undefined;
    if (repeated) {
      const first = lines.linePos(repeated.firstOffset);
      return fail(
        displayPath,
        at.line,
        at.col,
        'NG1006',
        `The key ${repeated.key} appears twice in this mapping (first on line ${first.line}); YAML keys must be unique.`,
        `Keep one ${repeated.key}: delete this entry or the one on line ${first.line}, or merge their values into one.`,
      );
    }
    return fail(
      displayPath,
      at.line,
      at.col,
      duplicate ? 'NG1006' : 'NG1007',
      duplicate ? 'This mapping repeats a key; YAML keys must be unique.' : `YAML syntax error: ${firstSentence(parseError.message)}`,
      duplicate ? 'Remove or rename the repeated key.' : 'Fix the YAML syntax at this position (indentation, quoting, or a missing colon).',
    );
  }
  if (!isMap(doc.contents)) {
    return fail(displayPath, 1, 1, 'NG1008', 'The document root is not a mapping.', 'A capability file is a mapping whose first key is `naftiko:`.');
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (e) {
    if (e instanceof RangeError) return tooDeep(displayPath);
    const message = (e as Error).message;
    const bomb = /alias/i.test(message);
    return fail(
      displayPath,
      1,
      1,
      bomb ? 'NG1009' : 'NG1007',
      bomb ? 'The file expands YAML aliases excessively (an alias bomb).' : `The YAML cannot be converted: ${firstSentence(message)}`,
      bomb ? 'Write the repeated content out, or reduce the number of `*alias` references.' : 'Simplify the YAML (no custom tags or complex keys).',
    );
  }
  const positions = documentPositions(doc, lines);
  return { ok: true, doc: { file: displayPath, absPath, text, data: data as Record<string, unknown>, map: new SourceMap(positions) }, positions };
}

/** The repeated key whose second occurrence starts at `offset`, and where the first one starts. */
function duplicateKeyAt(doc: Document, offset: number): { key: string; firstOffset: number } | undefined {
  let found: { key: string; firstOffset: number } | undefined;
  try {
    visitDuplicate(doc, offset, (hit) => (found = hit));
  } catch {
    return undefined; // too deep to walk: the generic NG1006 message still holds
  }
  return found;
}

function visitDuplicate(doc: Document, offset: number, report: (hit: { key: string; firstOffset: number }) => void): void {
  const { visit, isScalar } = yaml();
  visit(doc, {
    Map(_, map) {
      const index = map.items.findIndex((p) => isScalar(p.key) && p.key.range?.[0] === offset);
      if (index < 0) return undefined;
      const key = map.items[index]!.key as { value: unknown };
      const first = map.items.slice(0, index).find((p) => isScalar(p.key) && p.key.value === key.value);
      const firstOffset = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
      if (firstOffset !== undefined) report({ key: showKey(key.value), firstOffset });
      return visit.BREAK;
    },
  });
}

function showKey(value: unknown): string {
  const text = String(value).replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

function tooDeep(file: string): LoadFailure {
  return fail(file, 1, 1, 'NG1013', 'The document nests too deeply to read.', 'Flatten the structure: capability files nest a few levels, not hundreds.');
}

function fail(file: string, line: number, col: number, code: string, message: string, hint: string): LoadFailure {
  return { ok: false, diagnostics: [{ file, line, col, severity: 'error', code, message, hint }] };
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+.*$/, '').trim();
}

/** 1-based line and column of a character offset in a text. */
export function positionOf(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, col: index - before.lastIndexOf('\n') };
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } {
  // Decode growing prefixes cheaply: find the first offset where strict decoding fails.
  let lo = 0;
  let hi = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      decoder.decode();
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, lo));
  return positionOf(prefix, prefix.length);
}
