// Human titles for things that only have a machine name (MCP tools without a `label`).

/**
 * `list-your-organization-s-batches` → "List your organization's batches". Slugs lose apostrophes;
 * a lone `s` after a word (possessive) and a lone `t` after a word ending in `n` (don't, isn't) are
 * read back as contractions, which is what they almost always were.
 */
export function titleFromName(name: string): string {
  const parts = name.split(/[-_.\s]+/).filter((p) => p.length > 0);
  const merged: string[] = [];
  for (const part of parts) {
    const prev = merged.at(-1);
    if (prev !== undefined && /[a-z]$/i.test(prev) && part.toLowerCase() === 's') merged[merged.length - 1] = `${prev}'${part}`;
    else if (prev !== undefined && /n$/i.test(prev) && part.toLowerCase() === 't') merged[merged.length - 1] = `${prev}'${part}`;
    else merged.push(part);
  }
  const text = merged.join(' ');
  return text.length === 0 ? name : text[0]!.toUpperCase() + text.slice(1);
}

/** Longest description sentence used as a title; longer ones are summaries, not names. */
const TITLE_MAX = 80;

/**
 * The first sentence of a description, without its full stop, when it is short enough to be a title:
 * "Cancels an in-progress batch. The batch will…" → "Cancels an in-progress batch".
 */
export function titleFromDescription(description: string | undefined): string | undefined {
  const text = description?.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  const title = sentence.replace(/[.]$/, '').trim();
  return title.length > 0 && title.length <= TITLE_MAX ? title : undefined;
}
