// Maps a path inside the parsed document (keys and indexes) back to a line and column in the file.
// The positions are taken from the YAML syntax tree once, at load, into a small tree of plain data
// (PositionTree): the syntax tree itself is then dropped (it was most of what a loaded document kept
// in memory, and garbage collection was ~19 % of a 1,000-file run; notes/issue-12g2.md), and the
// tree can be stored in the load cache (load-cache.ts) so a cached file needs no YAML parse at all.
import type { Document, LineCounter, Node } from 'yaml';
import { yaml } from './yaml-module.js';

export type DocPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  col: number;
}

/** Path → position; SourceMap for a file as parsed, a translating view for a normalized document. */
export interface Locator {
  locate(path: DocPath): Position;
  locateKey(path: DocPath): Position;
}

/** [line, col] of a node's first character. */
export type At = [line: number, col: number];

/** A mapping: its position and its entries (scalar key as a string, or null; key position; value). */
export interface MapPositions {
  at: At;
  pairs: Array<[key: string | null, keyAt: At, value: PositionTree | null]>;
}

/** A sequence: its position and its items. */
export interface SeqPositions {
  at: At;
  items: Array<PositionTree | null>;
}

/** Positions of one node: a scalar, alias or anything without children is just its position. */
export type PositionTree = At | MapPositions | SeqPositions;

/** The positions of a whole document; `origin` answers for paths that lead nowhere (offset 0). */
export interface DocumentPositions {
  origin: At;
  root: PositionTree | null;
}

export class SourceMap implements Locator {
  constructor(private readonly positions: DocumentPositions) {}

  /** Position of the value at `path`; falls back to the nearest ancestor that exists. */
  locate(path: DocPath): Position {
    const found = this.walk(path);
    return this.toPosition(found.value ?? found.key ?? found.parent);
  }

  /** Position of the key of the last path element (for "unknown key" findings); else like locate. */
  locateKey(path: DocPath): Position {
    const found = this.walk(path);
    return this.toPosition(found.key ?? found.value ?? found.parent);
  }

  private walk(path: DocPath): { value?: PositionTree; key?: At; parent: PositionTree | null } {
    let node: PositionTree | null = this.positions.root;
    let key: At | undefined;
    let parent = node;
    for (const step of path) {
      parent = node;
      key = undefined;
      if (isMapPositions(node)) {
        const pair = node.pairs.find((p) => p[0] === String(step));
        if (!pair) return { parent };
        key = pair[1];
        node = pair[2];
      } else if (isSeqPositions(node) && typeof step === 'number') {
        const item = node.items[step];
        if (item === undefined) return { parent };
        node = item;
      } else {
        return { parent };
      }
    }
    return { value: node ?? undefined, key, parent };
  }

  private toPosition(node: PositionTree | null | undefined): Position {
    const at = node === null || node === undefined ? this.positions.origin : Array.isArray(node) ? node : node.at;
    return { line: at[0], col: at[1] };
  }
}

function isMapPositions(node: PositionTree | null): node is MapPositions {
  return node !== null && !Array.isArray(node) && 'pairs' in node;
}

function isSeqPositions(node: PositionTree | null): node is SeqPositions {
  return node !== null && !Array.isArray(node) && 'items' in node;
}

/**
 * The positions of a parsed document. Iterative (an explicit stack), so a document deep enough to
 * parse is deep enough to map; positions are what the syntax tree's `range[0]` gives (offset 0 when a
 * node has none, as for a key/value pair written inside a flow sequence).
 */
export function documentPositions(doc: Document, lines: LineCounter): DocumentPositions {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const at = (node: unknown): At => {
    const offset = (node as Node | null | undefined)?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return [line, col];
  };
  const make = (node: unknown): PositionTree | null => {
    if (node === null || node === undefined) return null;
    if (isMap(node)) return { at: at(node), pairs: [] };
    if (isSeq(node)) return { at: at(node), items: [] };
    return at(node);
  };
  const root = make(doc.contents);
  const stack: Array<[unknown, PositionTree | null]> = [[doc.contents, root]];
  while (stack.length > 0) {
    const [node, positions] = stack.pop()!;
    if (isMap(node) && isMapPositions(positions)) {
      for (const item of node.items) {
        const pair = isPair(item) ? item : undefined;
        const key = pair && isScalar(pair.key) ? String(pair.key.value) : null;
        const value = pair ? make(pair.value) : null;
        positions.pairs.push([key, at(pair?.key), value]);
        if (pair) stack.push([pair.value, value]);
      }
    } else if (isSeq(node) && isSeqPositions(positions)) {
      for (const item of node.items) {
        const value = make(item);
        positions.items.push(value);
        stack.push([item, value]);
      }
    }
  }
  return { origin: at(undefined), root };
}
