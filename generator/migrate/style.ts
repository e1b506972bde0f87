// yaml re-renders the whole document, so the rewritten file should look like its author wrote it: the
// indentation step, whether block lists are indented under their key, and padding inside flow braces
// are read from the original (majority of the places that show it), and long lines are never folded.
import { isMap, isPair, isSeq, visit, type Document, type LineCounter, type ToStringOptions } from 'yaml';

export function detectStyle(doc: Document, text: string, lines: LineCounter): ToStringOptions {
  const indents = new Map<number, number>();
  let seqIndented = 0;
  let seqFlush = 0;
  let padded = 0;
  let tight = 0;
  const col = (offset: number): number => lines.linePos(offset).col;
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair)) return;
      const key = pair.key as { range?: [number, number, number] } | null;
      const value = pair.value as { range?: [number, number, number]; flow?: boolean } | null;
      if (!key?.range || !value?.range || value.flow) return;
      if (lines.linePos(key.range[0]).line === lines.linePos(value.range[0]).line) return;
      const step = col(value.range[0]) - col(key.range[0]);
      if (isSeq(value)) {
        if (step > 0) seqIndented++;
        else seqFlush++;
      } else if (isMap(value) && step > 0) {
        indents.set(step, (indents.get(step) ?? 0) + 1);
      }
    },
  });
  visit(doc, {
    Collection(_, node) {
      if (!node.flow || !node.range || (node.items as unknown[]).length === 0) return;
      if (/\s/.test(text.charAt(node.range[0] + 1))) padded++;
      else tight++;
    },
  });
  const indent = [...indents].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  return {
    indent: indent >= 1 && indent <= 8 ? indent : 2,
    indentSeq: seqIndented >= seqFlush,
    flowCollectionPadding: padded > tight,
    lineWidth: 0,
    minContentWidth: 0,
  };
}
