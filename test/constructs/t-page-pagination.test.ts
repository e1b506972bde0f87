/**
 * (p) Numbered-page pagination found from the capability alone: `page` in, the projected `orders`
 * and `next_page` out; the client gets `listAll`, iterating every order page after page.
 */
import { describe, expect, it } from 'vitest';
import { importBuiltPackage } from '../support/built-package.js';
import { compileTest, useConstruct } from './harness.js';

const NAME = 't-page-pagination';
const PAGES: Record<string, string[]> = { '1': ['o1', 'o2'], '2': ['o3'], '3': ['o4'] };

const ctx = useConstruct(NAME, {
  notes: 'page/next_page from outputParameters → listAll',
  rest: false,
  mcp: false,
  routes: (fake) =>
    fake.route('GET', '/orders', (req) => {
      const page = String(req.query.page ?? '1');
      const n = Number(page);
      return { json: { orders: (PAGES[page] ?? []).map((id) => ({ id, extra: 'dropped' })), next_page: n < 3 ? n + 1 : null } };
    }),
});

interface OrdersClient {
  orders: {
    listAll(params?: { status?: string; page?: string }): AsyncIterable<{ id: string }>;
  };
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: listAll is generated, typed by the projected items', () => {
    const source = ctx.fx.source('src/clients/orders-client.ts');
    expect(source).toMatch(/listAll: \(\s*params\?: OrderListParams,\s*options\?: CallOptions,?\s*\): AsyncIterable<NonNullable<OrderListResponse\['orders'\]>\[number\]>/);
    expect(source).toContain("{ items: 'orders', param: 'page', next: 'next_page' }");
  });

  it('client: listAll walks the pages until next_page is null, keeping the other parameters', async () => {
    const mod = await importBuiltPackage<{ OrdersClient: new (o: object) => OrdersClient }>(ctx.fx.dir);
    const client = new mod.OrdersClient({ baseUrl: ctx.fake.url, env: {} });
    const from = ctx.fake.requests.length;
    const ids: string[] = [];
    for await (const order of client.orders.listAll({ status: 'open' })) ids.push(order.id);
    expect(ids).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(ctx.fake.since(from).map((r) => r.url)).toEqual(['/orders?page=1&status=open', '/orders?page=2&status=open', '/orders?page=3&status=open']);
    // Starting elsewhere: the page given.
    const rest: string[] = [];
    for await (const order of client.orders.listAll({ page: '2' })) rest.push(order.id);
    expect(rest).toEqual(['o3', 'o4']);
  });
});
