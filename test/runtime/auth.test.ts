import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { inboundAuth, safeEqual, type InboundAuthSpec } from '../../packages/runtime/src/auth.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { memoryStream, startUpstream, type Upstream } from './helpers.js';

const secrets: Record<string, string> = { TOKEN: 'tok-123', KEY: 'key-456', USER: 'alice', PASS: 'p:w ö' };
const logs = memoryStream();
const log = createLogger('t', () => Object.values(secrets), logs.stream);

async function serverFor(spec: InboundAuthSpec): Promise<Upstream> {
  const app = express();
  app.use(inboundAuth(spec, log));
  app.get('/x', (_req, res) => res.json({ ok: true }));
  return startUpstream(app);
}

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;

describe('safeEqual', () => {
  it('compares in constant time and never matches an empty expected value', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abd', 'abc')).toBe(false);
    expect(safeEqual('abcd', 'abc')).toBe(false);
    expect(safeEqual('', '')).toBe(false);
    expect(safeEqual(undefined, '')).toBe(false);
    expect(safeEqual(undefined, 'abc')).toBe(false);
  });
});

describe('inboundAuth against a real server', () => {
  const servers: Record<string, Upstream> = {};
  beforeAll(async () => {
    servers.bearer = await serverFor({ kind: 'bearer', token: () => secrets.TOKEN ?? '' });
    servers.header = await serverFor({ kind: 'apikey', name: 'X-API-Key', placement: 'header', value: () => secrets.KEY ?? '' });
    servers.query = await serverFor({ kind: 'apikey', name: 'api_key', placement: 'query', value: () => secrets.KEY ?? '' });
    servers.basic = await serverFor({ kind: 'basic', username: () => secrets.USER ?? '', password: () => secrets.PASS ?? '' });
    servers.emptyBearer = await serverFor({ kind: 'bearer', token: () => '' });
    servers.emptyKey = await serverFor({ kind: 'apikey', name: 'x-api-key', placement: 'header', value: () => '' });
    servers.emptyBasic = await serverFor({ kind: 'basic', username: () => '', password: () => '' });
    servers.throwing = await serverFor({ kind: 'bearer', token: () => { throw new Error('vault down'); } });
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });

  const get = (name: string, path = '/x', headers: Record<string, string> = {}) => fetch(`${servers[name]!.url}${path}`, { headers });

  async function expect401(res: Response, challenge?: RegExp): Promise<void> {
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(typeof body.error.message).toBe('string');
    if (challenge) expect(res.headers.get('www-authenticate')).toMatch(challenge);
    else expect(res.headers.get('www-authenticate')).toBeNull();
  }

  it('bearer: correct passes; missing, wrong, empty, wrong scheme are 401 with a Bearer challenge', async () => {
    expect((await get('bearer', '/x', { authorization: 'Bearer tok-123' })).status).toBe(200);
    expect((await get('bearer', '/x', { authorization: 'bearer   tok-123 ' })).status).toBe(200);
    await expect401(await get('bearer'), /^Bearer realm=/);
    await expect401(await get('bearer', '/x', { authorization: 'Bearer tok-124' }), /error="invalid_token"/);
    await expect401(await get('bearer', '/x', { authorization: 'Bearer tok-1234' }), /Bearer/);
    await expect401(await get('bearer', '/x', { authorization: 'Bearer ' }), /Bearer/);
    await expect401(await get('bearer', '/x', { authorization: 'Basic tok-123' }), /Bearer/);
  });

  it('picks up a rotated secret per request', async () => {
    secrets.TOKEN = 'tok-rotated';
    try {
      await expect401(await get('bearer', '/x', { authorization: 'Bearer tok-123' }), /Bearer/);
      expect((await get('bearer', '/x', { authorization: 'Bearer tok-rotated' })).status).toBe(200);
    } finally {
      secrets.TOKEN = 'tok-123';
    }
  });

  it('apikey in a header: correct passes (any case of the name); missing, wrong, empty are 401 without a challenge', async () => {
    expect((await get('header', '/x', { 'x-api-key': 'key-456' })).status).toBe(200);
    await expect401(await get('header'));
    await expect401(await get('header', '/x', { 'x-api-key': 'key-457' }));
    await expect401(await get('header', '/x', { 'x-api-key': '' }));
  });

  it('apikey in the query: correct passes; missing, wrong, empty, repeated are 401', async () => {
    expect((await get('query', '/x?api_key=key-456')).status).toBe(200);
    await expect401(await get('query'));
    await expect401(await get('query', '/x?api_key=nope'));
    await expect401(await get('query', '/x?api_key='));
    await expect401(await get('query', '/x?api_key=key-456&api_key=key-456'));
    await expect401(await get('query', '/x', { api_key: 'key-456' }));
  });

  it('basic: correct passes (UTF-8, colon in password); missing, wrong user, wrong password, empty, garbage are 401', async () => {
    expect((await get('basic', '/x', { authorization: basic('alice', 'p:w ö') })).status).toBe(200);
    await expect401(await get('basic'), /^Basic realm="api", charset="UTF-8"$/);
    await expect401(await get('basic', '/x', { authorization: basic('bob', 'p:w ö') }), /Basic/);
    await expect401(await get('basic', '/x', { authorization: basic('alice', 'p:w o') }), /Basic/);
    await expect401(await get('basic', '/x', { authorization: basic('', '') }), /Basic/);
    await expect401(await get('basic', '/x', { authorization: 'Basic !!!notbase64' }), /Basic/);
    await expect401(await get('basic', '/x', { authorization: 'Bearer tok-123' }), /Basic/);
  });

  it('an empty (or unreadable) configured secret rejects everything, including empty credentials', async () => {
    await expect401(await get('emptyBearer'), /Bearer/);
    await expect401(await get('emptyBearer', '/x', { authorization: 'Bearer ' }), /Bearer/);
    await expect401(await get('emptyBearer', '/x', { authorization: 'Bearer x' }), /Bearer/);
    await expect401(await get('emptyKey'));
    await expect401(await get('emptyKey', '/x', { 'x-api-key': '' }));
    await expect401(await get('emptyBasic', '/x', { authorization: basic('', '') }), /Basic/);
    await expect401(await get('emptyBasic', '/x', { authorization: 'Basic Og==' }), /Basic/); // ":"
    await expect401(await get('throwing', '/x', { authorization: 'Bearer x' }), /Bearer/);
    expect(logs.lines().some((l) => l.level === 'error' && String(l.msg).includes('secret is empty'))).toBe(true);
  });

  it('never logs presented or expected credentials', async () => {
    await get('bearer', '/x?q=1', { authorization: 'Bearer presented-secret-xyz' });
    await get('basic', '/x', { authorization: basic('alice', 'guess-pw-xyz') });
    const text = logs.text();
    expect(text).not.toContain('presented-secret-xyz');
    expect(text).not.toContain('guess-pw-xyz');
    expect(text).not.toContain('tok-123');
    expect(text).not.toContain('key-456');
    expect(logs.lines().some((l) => l.msg === 'unauthorized request' && l.path === '/x' && l.reason === 'invalid')).toBe(true);
  });
});
