// Pagination: every item of every page, one page requested at a time as the caller iterates. Two
// patterns: a cursor (after/limit in, has_more/last_id out) and numbered pages (page in, next/has_more out).

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

/**
 * Where a numbered page keeps its items and how it says what comes next: `next` (the next page's
 * number, a URL carrying it in its `param` query parameter, or a flag), else `hasMore` (then the
 * next page is this one plus one).
 */
export interface NumberedPageFields {
  items: string;
  /** The page-number query parameter, read from a `next` URL. */
  param: string;
  next?: string;
  hasMore?: string;
}

/** The page after `current` as `page` says it, or undefined when it says none follows. */
function nextPageNumber(
  page: Record<string, unknown>,
  fields: NumberedPageFields,
  current: number,
): number | undefined {
  if (fields.next !== undefined) {
    const next = page[fields.next];
    if (typeof next === 'number') return next;
    if (next === true) return current + 1;
    if (typeof next === 'string' && next.trim() !== '') {
      if (/^\d+$/.test(next.trim())) return Number(next.trim());
      // A URL (absolute or relative) of the next page: its page parameter, else simply the next number.
      try {
        const value = new URL(next, 'http://next.invalid/').searchParams.get(fields.param);
        return value !== null && /^\d+$/.test(value) ? Number(value) : current + 1;
      } catch {
        return undefined;
      }
    }
    if (fields.hasMore === undefined) return undefined;
  }
  return fields.hasMore !== undefined && page[fields.hasMore] === true ? current + 1 : undefined;
}

/**
 * Iterates the items of numbered pages `fetchPage(n)`, from page `first`: the next page is asked for
 * only when the caller has consumed this one and the page says another follows (`next`, else
 * `hasMore`). Stops on an empty page, no next page, or a next page that does not advance, so a
 * misbehaving upstream cannot loop it forever.
 */
export async function* paginatePages<T>(
  fetchPage: (page: number) => Promise<unknown>,
  fields: NumberedPageFields,
  first: number,
): AsyncGenerator<T> {
  let current = first;
  for (;;) {
    const page = (await fetchPage(current)) as Record<string, unknown> | null;
    const items = page?.[fields.items];
    if (!page || !Array.isArray(items) || items.length === 0) return;
    for (const item of items) yield item as T;
    const next = nextPageNumber(page, fields, current);
    if (next === undefined || !Number.isSafeInteger(next) || next <= current) return;
    current = next;
  }
}
