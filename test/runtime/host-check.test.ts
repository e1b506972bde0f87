// packages/runtime/src/host-check.ts: which Host/Origin headers the generated servers answer.
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import type { Server } from 'node:http';
import { hostCheck, hostPolicy, isLoopback, normalizeHost, type HostPolicy } from '../../packages/runtime/src/host-check.js';

const ENV = 'NAFTIKO_TEST_ALLOWED_HOSTS';

describe('normalizeHost', () => {
  it.each([
    ['LOCALHOST', 'localhost'],
    ['localhost.', 'localhost'],
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[0:0:0:0:0:0:0:1]:9090', '[::1]'],
    ['Api.Example.COM:443', 'api.example.com'],
  ])('%s → %s', (raw, host) => expect(normalizeHost(raw)).toBe(host));
  it.each(['', ' ', 'x@evil.com', 'evil.com/path', 'a b', 'evil.com?x'])('%j is no host', (raw) => expect(normalizeHost(raw)).toBeUndefined());
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (h) => expect(isLoopback(h)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.5', '203.0.113.9', 'example.com'])('%s is not', (h) => expect(isLoopback(h)).toBe(false));
});

describe('hostPolicy', () => {
  const hosts = (p: HostPolicy): string[] => (p.kind === 'list' ? [...p.hosts].sort() : []);
  it('loopback, nothing set: the loopback names', () => {
    expect(hosts(hostPolicy(ENV, '127.0.0.1', {}))).toEqual(['127.0.0.1', '[::1]', 'localhost']);
  });
  it('loopback plus a list: both', () => {
    expect(hosts(hostPolicy(ENV, '127.0.0.1', { [ENV]: 'Proxy.Local, 10.0.0.5' }))).toEqual(['10.0.0.5', '127.0.0.1', '[::1]', 'localhost', 'proxy.local']);
  });
  it('a wider bind: the list only, and refusal without one', () => {
    expect(hosts(hostPolicy(ENV, '0.0.0.0', { [ENV]: 'api.example.com' }))).toEqual(['api.example.com']);
    const refused = hostPolicy(ENV, '::', {});
    expect(refused.kind).toBe('refuse');
    expect(refused.kind === 'refuse' && refused.message).toContain(ENV);
  });
  it('* turns checking off; scheme or path entries are refused by name', () => {
    expect(hostPolicy(ENV, '0.0.0.0', { [ENV]: '*' }).kind).toBe('any');
    const bad = hostPolicy(ENV, '0.0.0.0', { [ENV]: 'ok.example, https://bad.example' });
    expect(bad.kind === 'refuse' && bad.message).toContain('https://bad.example');
  });
});

describe('hostCheck middleware', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    const app = express();
    const policy = hostPolicy(ENV, '127.0.0.1', { [ENV]: 'api.example.com' });
    app.use(hostCheck(policy, (origin) => origin === 'https://app.example.com'));
    app.all('/x', (_req, res) => res.json({ ok: true }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const status = (headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/x', method, headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each([
    [{ host: 'localhost:1' }, 200],
    [{ host: 'API.example.com.' }, 200],
    [{ host: 'evil.example' }, 403],
    [{ host: '127.0.0.1.evil.example' }, 403],
    [{ host: 'localhost', origin: 'http://localhost:3000' }, 200],
    [{ host: 'localhost', origin: 'https://app.example.com' }, 200],
    [{ host: 'localhost', origin: 'https://evil.example' }, 403],
    [{ host: 'localhost', origin: 'null' }, 403],
  ] as Array<[Record<string, string>, number]>)('%j → %d', async (headers, expected) => {
    const r = await status(headers, 'POST');
    expect(r.status).toBe(expected);
    if (expected === 403) expect(JSON.parse(r.body).error.code).toMatch(/^forbidden_(host|origin)$/);
  });
});
