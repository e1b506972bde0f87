// paginatePages against a loopback server through the real Transport: numbered pages followed by
// `next` (a number or a URL), by `has_more`, from a zero-based first page; iteration stops on an
// empty page, on no next page, and on a next page that does not advance; pages are fetched lazily.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paginatePages, type NumberedPageFields } from '../../packages/runtime/src/pagination.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import { startUpstream, type Upstream } from './helpers.js';

let upstream: Upstream;
const asked: string[] = [];
const ITEMS: Record<number, string[]> = { 1: ['a', 'b'], 2: ['c'], 3: ['d', 'e'] };

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    asked.push(req.url!);
    const url = new URL(req.url!, 'http://x');
    const page = Number(url.searchParams.get('page') ?? url.searchParams.get('page_number') ?? 1);
    const style = url.pathname.slice(1);
    const items = ITEMS[style === 'zero' ? page + 1 : page] ?? [];
    const last = style === 'zero' ? page + 1 >= 3 : page >= 3;
    let body: Record<string, unknown>;
    if (style === 'number') body = { data: items, next_page: last ? null : page + 1 };
    else if (style === 'url') body = { results: items, next_page_url: last ? null : `/url?page=${page + 1}&per_page=2` };
    else if (style === 'stuck') body = { data: items, next: page }; // says the same page comes next
    else if (style === 'endless-empty') body = { data: page === 1 ? ['x'] : [], has_more: true };
    else body = { items, has_more: !last };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
});

afterAll(async () => {
  await upstream.close();
});

function pages(path: string, param = 'page') {
  const transport = new Transport({ baseUrl: upstream.url });
  return (page: number) => transport.json<unknown>({ operation: 'list.page', method: 'GET', path, query: { [param]: String(page) } });
}

async function all(path: string, fields: NumberedPageFields, first = 1, param = 'page'): Promise<string[]> {
  const out: string[] = [];
  for await (const item of paginatePages<string>(pages(path, param), fields, first)) out.push(item);
  return out;
}

describe('paginatePages', () => {
  it('follows `next_page` numbers until it is null', async () => {
    asked.length = 0;
    expect(await all('/number', { items: 'data', param: 'page', next: 'next_page' })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual(['/number?page=1', '/number?page=2', '/number?page=3']);
  });

  it('reads the page number from a `next_page_url`', async () => {
    asked.length = 0;
    expect(await all('/url', { items: 'results', param: 'page', next: 'next_page_url' })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual(['/url?page=1', '/url?page=2', '/url?page=3']);
  });

  it('counts up while `has_more` is true, from a zero-based first page', async () => {
    asked.length = 0;
    expect(await all('/zero', { items: 'items', param: 'page', hasMore: 'has_more' }, 0)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual(['/zero?page=0', '/zero?page=1', '/zero?page=2']);
  });

  it('uses the page parameter it is given (page_number)', async () => {
    asked.length = 0;
    expect(await all('/flag', { items: 'items', param: 'page_number', hasMore: 'has_more' }, 1, 'page_number')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual(['/flag?page_number=1', '/flag?page_number=2', '/flag?page_number=3']);
  });

  it('stops on a next page that does not advance, and on an empty page', async () => {
    asked.length = 0;
    expect(await all('/stuck', { items: 'data', param: 'page', next: 'next' })).toEqual(['a', 'b']);
    expect(asked).toEqual(['/stuck?page=1']);
    asked.length = 0;
    expect(await all('/endless-empty', { items: 'data', param: 'page', hasMore: 'has_more' })).toEqual(['x']);
    expect(asked).toEqual(['/endless-empty?page=1', '/endless-empty?page=2']);
  });

  it('asks for a page only when the caller iterates into it', async () => {
    asked.length = 0;
    for await (const item of paginatePages<string>(pages('/number'), { items: 'data', param: 'page', next: 'next_page' }, 1)) {
      expect(item).toBe('a');
      break;
    }
    expect(asked).toEqual(['/number?page=1']);
  });
});
