// Which capability element each stretch of generated TypeScript comes from, for `generate --typecheck`
// (docs/ARCHITECTURE.md, "Type-checking generated code"): a type error in generated code is reported
// at the route, tool or operation of the capability file that produced it.
//
// Emitters wrap the code of one element in `traced(element.source, code)`. While tracing is on, that
// puts invisible markers around the code; TsFile strips them when it prints the file and keeps their
// offsets as ranges. While it is off, `traced` returns the code unchanged. Tracing is on only in a
// second emission under --typecheck (pipeline.ts): the files written always come from the untraced
// one, and a traced file whose text differs from it keeps no ranges. Markers are private-use
// characters around decimal ids (never letters: emitters test code with `includes('args')`-style
// checks, which a marker must not change); the ids index a table reset per emission.
import type { SourceRef } from '../model/types.js';

/** Offsets [start, end) of `contents` (as emitted, before formatting) that one capability element produced. */
export interface SourceRange {
  start: number;
  end: number;
  source: SourceRef;
}

const OPEN = '\uE000';
const OPEN_END = '\uE001';
const CLOSE = '\uE002';
const CLOSE_END = '\uE003';
const MARKER = /\uE000(\d+)\uE001|\uE002(\d+)\uE003/g;

let tracing = false;
let refs: SourceRef[] = [];

/** Runs `work` (one package's emission) with tracing on or off; synchronous, so no other emission interleaves. */
export function withTracing<T>(on: boolean, work: () => T): T {
  const before = { tracing, refs };
  tracing = on;
  refs = [];
  try {
    return work();
  } finally {
    tracing = before.tracing;
    refs = before.refs;
  }
}

/** `code`, marked as produced by the element at `source` while tracing is on. */
export function traced(source: SourceRef | undefined, code: string): string {
  if (!tracing || !source || code === '') return code;
  const id = refs.push(source) - 1;
  return `${OPEN}${id}${OPEN_END}${code}${CLOSE}${id}${CLOSE_END}`;
}

/** Thrown when markers do not pair up (TsFile then keeps the text as printed, without ranges). */
export class TraceMismatch extends Error {}

/**
 * The text without markers and the ranges they enclosed. Capability text may hold these private-use
 * characters itself; a marker that does not pair up with its own id throws TraceMismatch rather than
 * guess which characters to drop.
 */
export function stripTraces(text: string): { text: string; ranges: SourceRange[] } {
  if (!tracing || !text.includes(OPEN)) return { text, ranges: [] };
  const ranges: SourceRange[] = [];
  const open: { id: string; start: number; source: SourceRef }[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      const source = refs[Number(m[1])];
      if (!source) throw new TraceMismatch();
      open.push({ id: m[1], start: out.length, source });
    } else {
      const begun = open.pop();
      if (!begun || begun.id !== m[2]) throw new TraceMismatch();
      ranges.push({ start: begun.start, end: out.length, source: begun.source });
    }
  }
  if (open.length > 0) throw new TraceMismatch();
  return { text: out + text.slice(last), ranges };
}

/** The innermost range holding `offset` (nested elements: a tool inside its server's function). */
export function sourceAt(ranges: readonly SourceRange[], offset: number): SourceRef | undefined {
  let best: SourceRange | undefined;
  for (const r of ranges) {
    if (r.start <= offset && offset < r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best?.source;
}
