// A list of `{name, …}` items → a map keyed by name, in place and in order. The `name` scalar itself
// becomes the key (so its quoting and trailing comment stay), the comments and blank lines in front of
// an item move in front of its key, and a flow list becomes a flow map.
// A list with a duplicate name or an item without one (and no rule to derive a key) is reported and
// left as it is; the caller's file is then left untouched (docs/migrate.md).
import { isMap, isScalar, Pair, Scalar, YAMLMap, type Node, type YAMLSeq } from 'yaml';
import { keyText, pairOf, report, type MigrationContext } from './context.js';

export interface NamedListOptions {
  /** What the items are, in words, for findings ("REST resource", "step"). */
  what: string;
  /** Derives a key for an item without `name`; undefined when the kind has no such rule. */
  invent?: (item: YAMLMap) => string[];
  /** What the invented key was derived from, for the NG6005 message. */
  inventedFrom?: string;
}

export function namedListToMap(ctx: MigrationContext, holder: YAMLMap, key: string, opts: NamedListOptions): YAMLMap | undefined {
  const pair = pairOf(holder, key);
  const seq = pair?.value as YAMLSeq | undefined;
  if (!pair || !seq || !('items' in seq) || isMap(seq)) return undefined;

  // Pass 1: explicit names (they win over invented keys), duplicates and unusable items.
  const keys: Array<{ key: Scalar; nameIndex: number } | undefined> = [];
  const taken = new Map<string, Node>();
  let ok = true;
  seq.items.forEach((item, i) => {
    if (!isMap(item)) {
      report(ctx, item as Node, 'missingName', `This ${opts.what} is not a mapping, so it cannot become an entry keyed by name.`);
      ok = false;
      return;
    }
    const nameIndex = item.items.findIndex((p) => keyText(p) === 'name');
    const name = nameIndex >= 0 ? item.items[nameIndex]!.value : undefined;
    if (nameIndex < 0 || name === null || name === undefined) return void (keys[i] = undefined);
    if (!isScalar(name) || name.value === null || String(name.value) === '') {
      report(ctx, (name as Node) ?? item, 'missingName', `This ${opts.what} has an empty or non-text \`name\`.`);
      ok = false;
      return;
    }
    const text = String(name.value);
    const first = taken.get(text);
    if (first) {
      const at = first.range ? ctx.lines.linePos(first.range[0]) : { line: 0, col: 0 };
      report(ctx, name, 'duplicateName', `Two ${opts.what} items are named \`${text}\` (the first at line ${at.line}); as Ikanos map keys they would collide.`);
      ok = false;
      return;
    }
    taken.set(text, name);
    keys[i] = { key: name, nameIndex };
  });
  if (!ok) return undefined;

  // Pass 2: keys for unnamed items, never colliding with a name.
  for (let i = 0; i < seq.items.length; i++) {
    if (keys[i]) continue;
    const item = seq.items[i] as YAMLMap;
    const candidates = opts.invent?.(item) ?? [];
    const base = candidates[0];
    if (base === undefined) {
      report(ctx, item, 'missingName', `This ${opts.what} has no \`name\`; Ikanos keys it by name and there is no rule to derive one.`);
      ok = false;
      continue;
    }
    let candidate = candidates.find((c) => !taken.has(c)) ?? base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
    const scalar = new Scalar(candidate);
    taken.set(candidate, scalar);
    keys[i] = { key: scalar, nameIndex: -1 };
    report(ctx, item, 'inventedKey', `This ${opts.what} has no \`name\`; its key \`${candidate}\` was derived from ${opts.inventedFrom ?? 'its content'}.`);
  }
  if (!ok) return undefined;

  const map = new YAMLMap();
  map.flow = seq.flow ?? false;
  map.commentBefore = seq.commentBefore;
  map.comment = seq.comment;
  map.spaceBefore = seq.spaceBefore;
  // An anchored list (`inputParameters: &common`) keeps its anchor, so its aliases see the map.
  if (seq.anchor) map.anchor = seq.anchor;
  seq.items.forEach((node, i) => {
    const item = node as YAMLMap;
    const { key, nameIndex } = keys[i]!;
    if (nameIndex >= 0) {
      const [namePair] = item.items.splice(nameIndex, 1);
      const nameKey = namePair!.key as Node | null;
      key.commentBefore = joinComments(item.commentBefore, isScalar(nameKey) ? nameKey.commentBefore : undefined);
      key.spaceBefore = item.spaceBefore || (isScalar(nameKey) && nameKey.spaceBefore) || undefined;
      // The blank line that separated `name` from the next key now would sit right under the key.
      const next = item.items[nameIndex]?.key;
      if (nameIndex === 0 && isScalar(next)) next.spaceBefore = undefined;
    } else {
      key.commentBefore = item.commentBefore;
      key.spaceBefore = item.spaceBefore;
    }
    item.commentBefore = undefined;
    item.spaceBefore = undefined;
    if (key.type !== Scalar.QUOTE_DOUBLE && key.type !== Scalar.QUOTE_SINGLE) key.type = Scalar.PLAIN;
    map.items.push(new Pair(key, item));
  });
  pair.value = map;
  ctx.touched = true;
  return map;
}

function joinComments(...parts: Array<string | null | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  return kept.length > 0 ? kept.join('\n') : undefined;
}
