// Numbered-page pagination (`page` or `page_number` in; the page's items plus `next`/`next_page`/
// `next_page_url`, else `has_more`, out), found from the result's properties, whether the bound
// OpenAPI document or the capability's outputParameters describe them. The client then gets
// `<member>All`, iterating every item page after page (runtime paginatePages).
import type { Operation, OutputShape, PageNumberPagination } from './types.js';

const PAGE_PARAMS = ['page', 'page_number', 'pageNumber'];
const ITEM_FIELDS = ['data', 'items', 'results'];
const NEXT_FIELDS = ['next', 'next_page', 'next_page_url', 'nextPage', 'nextPageUrl'];
const HAS_MORE_FIELDS = ['has_more', 'hasMore'];

/** What pagination needs to know of a result property: whether it is an array. */
export type ResultProperties = Readonly<Record<string, { isArray: boolean }>>;

/**
 * The numbered-page pattern of `op` given its result's properties; undefined when the operation has
 * no caller-set page query parameter, the result no array of items, or nothing saying what follows.
 */
export function pagePagination(op: Operation, props: ResultProperties): PageNumberPagination | undefined {
  const page = op.params.find((p) => p.in === 'query' && PAGE_PARAMS.includes(p.wireName) && !p.value);
  if (!page || (page.schema.type && page.schema.type !== 'integer' && page.schema.type !== 'number' && page.schema.type !== 'string')) return undefined;
  const items = ITEM_FIELDS.find((k) => props[k]?.isArray) ?? soleArray(props);
  const next = NEXT_FIELDS.find((k) => k in props);
  const hasMore = HAS_MORE_FIELDS.find((k) => k in props);
  if (!items || (!next && !hasMore)) return undefined;
  // The first page: the parameter's declared minimum (0 for zero-based lists), else 1.
  const firstPage = typeof page.schema.minimum === 'number' && Number.isSafeInteger(page.schema.minimum) && page.schema.minimum >= 0 ? page.schema.minimum : 1;
  return { pageParam: page.wireName, firstPage, itemsField: items, ...(next ? { nextField: next } : {}), ...(hasMore ? { hasMoreField: hasMore } : {}) };
}

/** The one array property, when there is exactly one. */
function soleArray(props: ResultProperties): string | undefined {
  const arrays = Object.keys(props).filter((k) => props[k]!.isArray);
  return arrays.length === 1 ? arrays[0] : undefined;
}

/** The properties of a result built from the capability's outputParameters (a named-field object). */
export function outputProperties(output: OutputShape): ResultProperties | undefined {
  if (output.kind !== 'projection' || output.single) return undefined;
  return Object.fromEntries(output.fields.map((f) => [f.name, { isArray: f.type === 'array' }]));
}

/** The properties of a result JSON schema (already resolved when it was a `$ref`). */
export function schemaProperties(schema: Record<string, unknown> | undefined): ResultProperties | undefined {
  const props = schema?.properties;
  if (!props || typeof props !== 'object') return undefined;
  return Object.fromEntries(
    Object.entries(props as Record<string, Record<string, unknown>>).map(([k, v]) => {
      const type = v?.type;
      return [k, { isArray: type === 'array' || (Array.isArray(type) && type.includes('array')) }];
    }),
  );
}
