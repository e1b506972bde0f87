// Cursor pagination (after/limit in, has_more/last_id out): every item of every page, one page
// requested at a time as the caller iterates.

/** Where a page keeps its items, whether more follow, and the cursor of the next page. */
export interface PageFields {
  items: string;
  hasMore: string;
  nextCursor: string;
}

/**
 * Iterates the items of `fetchPage(cursor)` pages, starting at `start`: the next page is asked for
 * only when the caller has consumed this one and the page says more follow. Stops on an empty page
 * or a cursor that does not move, so a misbehaving upstream cannot loop it forever.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<unknown>,
  fields: PageFields,
  start?: string,
): AsyncGenerator<T> {
  let cursor = start;
  for (;;) {
    const page = (await fetchPage(cursor)) as Record<string, unknown> | null;
    const items = page?.[fields.items];
    if (!Array.isArray(items) || items.length === 0) return;
    for (const item of items) yield item as T;
    const next = page?.[fields.nextCursor];
    if (page?.[fields.hasMore] !== true || typeof next !== 'string' || next === '' || next === cursor) return;
    cursor = next;
  }
}
