/**
 * (u) REST `forward`: a path prefix reverse-proxied to a consumed API, registered through the route
 * table (forwardRoute) beside an ordinary route. What reaches the upstream: the path below the prefix,
 * the trusted headers only, the API's credentials, the body as sent.
 */
import { describe, expect, it } from 'vitest';
import { raw } from '../support/raw-http.js';
import { compileTest, getJson, useConstruct } from './harness.js';

const NAME = 'u-forward';
const KEY = 'notes-key-4c1e9a';

const ctx = useConstruct(NAME, {
  notes: 'forward through the route table',
  mcp: false,
  routes: (fake) => fake.route('GET', '/api/notes', { json: [{ id: 'n1' }] }),
  env: (fake) => ({ NOTES_KEY: KEY, NOTES_BASE_URL: `${fake.url}/api` }),
});

/** A raw request (any method, headers, body; the path as written); the answer's status, text and Allow. */
async function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string; allow?: string }> {
  const r = await raw(ctx.rest.url, { method, path, headers, body });
  return { status: r.status, text: r.body, allow: r.headers.allow as string | undefined };
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('rest-app: the forward is an entry of the route table, not its own app.all line', () => {
    const source = ctx.fx.source('src/rest-app.ts');
    expect(source.replace(/\s+/g, ' ')).toContain(`forwardRoute('/raw/*rest', { prefix: '/raw/', trustedHeaders: ['x-trusted'], target: () => forwardTargetOf(clients.notesClient), })`);
    expect(source).not.toMatch(/app\.all\([^)]*forwardHandler/);
    expect(source).not.toContain('forwardHandler');
    // Registered before the routes, as the forward was before the table existed.
    expect(source.indexOf('forwardRoute(')).toBeLessThan(source.indexOf('route({'));
  });

  it('rest forward: path, query and text body reach the upstream as sent, with trusted headers and the API key only', async () => {
    const from = ctx.fake.requests.length;
    const res = await send('POST', '/raw/v2/items?limit=3', { 'content-type': 'text/plain', 'x-trusted': 'yes', 'x-other': 'no' }, 'plain text, not JSON');
    expect(res.status).toBe(200);
    const [up] = ctx.fake.since(from);
    expect(up).toMatchObject({ method: 'POST', url: '/api/v2/items?limit=3', body: 'plain text, not JSON' });
    expect(up!.headers['x-trusted']).toBe('yes');
    expect(up!.headers['x-other']).toBeUndefined();
    expect(up!.headers['x-api-key']).toBe(KEY);
  });

  it('rest forward: every method is forwarded (no 405), an escaping path is refused', async () => {
    const from = ctx.fake.requests.length;
    const del = await send('DELETE', '/raw/items/7', {});
    expect(del.status).toBe(200);
    expect(ctx.fake.since(from).map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /api/items/7']);
    const escape = await send('GET', '/raw/a/%2e%2e/%2e%2e/admin', {});
    expect(escape.status).toBe(400);
    expect(ctx.fake.since(from)).toHaveLength(1);
  });

  it('rest route beside it: served, and another method on its path still answers 405', async () => {
    const res = await getJson(`${ctx.rest.url}/notes`);
    expect(res).toMatchObject({ status: 200, body: [{ id: 'n1' }] });
    const wrong = await send('DELETE', '/notes', {});
    expect(wrong.status).toBe(405);
    expect(wrong.allow).toBe('GET, HEAD');
  });
});
