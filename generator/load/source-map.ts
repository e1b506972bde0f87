// Maps a path inside the parsed document (keys and indexes) back to a line and column in the file.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

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

export class SourceMap implements Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

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

  private walk(path: DocPath): { value?: Node; key?: Node; parent: Node | undefined } {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    let parent = node as Node | undefined;
    for (const step of path) {
      parent = node as Node;
      key = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && scalarKey(p.key) === String(step));
        if (!pair) return { parent };
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (node === undefined) return { parent };
      } else {
        return { parent };
      }
    }
    return { value: (node ?? undefined) as Node | undefined, key, parent };
  }

  private toPosition(node: Node | undefined): Position {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}

function scalarKey(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
