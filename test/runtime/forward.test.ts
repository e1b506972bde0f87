// REST forward: a reverse proxy must never be steered to another host, and only trusted headers and
// the API's own credentials travel upstream.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardHandler } from '../../packages/runtime/src/forward.js';
import { createLogger } from '../../packages/runtime/src/log.js';
import { registerSecrets } from '../../packages/runtime/src/secrets.js';

interface Seen { url: string; headers: IncomingMessage['headers'] }

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('forwardHandler', () => {
  const upstreamSeen: Seen[] = [];
  const strangerSeen: Seen[] = [];
  const upstream = createServer((req, res) => {
    upstreamSeen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url?.includes('fail')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `invalid key ${req.headers.authorization}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'a=1' });
    res.end('{"ok":true}');
  });
  const stranger = createServer((req, res) => {
    strangerSeen.push({ url: req.url ?? '', headers: req.headers });
    res.end('stolen');
  });
  const proxy = express();
  let upstreamUrl = '';
  let strangerUrl = '';
  let proxyUrl = '';
  const proxyServer = createServer(proxy);

  beforeAll(async () => {
    upstreamUrl = await listen(upstream);
    strangerUrl = await listen(stranger);
    registerSecrets(() => ['secret-token-123']);
    const log = createLogger('forward-test', () => [], { write: () => true } as unknown as NodeJS.WritableStream);
    proxy.all('/p/*rest', forwardHandler({ prefix: '/p/', trustedHeaders: ['x-trusted'], target: () => ({ baseUrl: `${upstreamUrl}/v1`, auth: { headers: { authorization: 'Bearer secret-token-123' } } }) }, log));
    proxyUrl = await listen(proxyServer);
  });

  afterAll(() => {
    registerSecrets(() => []);
    for (const s of [upstream, stranger, proxyServer]) s.close();
  });

  it('forwards below the base URL with trusted headers and credentials only', async () => {
    const res = await fetch(`${proxyUrl}/p/pages/1?x=2`, { headers: { 'x-trusted': 'yes', 'x-other': 'no' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    const seen = upstreamSeen.at(-1)!;
    expect(seen.url).toBe('/v1/pages/1?x=2');
    expect(seen.headers['x-trusted']).toBe('yes');
    expect(seen.headers['x-other']).toBeUndefined();
    expect(seen.headers.authorization).toBe('Bearer secret-token-123');
  });

  it.each([
    ['an absolute URL', (s: string) => `/p/${s}/steal`],
    ['a protocol-relative URL', (s: string) => `/p//${s.replace('http://', '')}/steal`],
    ['an encoded dot segment', () => '/p/%2e%2e/admin'],
    ['an encoded slash', () => '/p/..%2fadmin'],
  ])('refuses %s (400, or 404 when the router itself rejects it) and reaches no host', async (_name, path) => {
    const before = [strangerSeen.length, upstreamSeen.length];
    const res = await fetch(`${proxyUrl}${path(strangerUrl)}`);
    expect([400, 404]).toContain(res.status);
    expect([strangerSeen.length, upstreamSeen.length]).toEqual(before);
  });

  it('scrubs the credential from an upstream error body that echoes it', async () => {
    const res = await fetch(`${proxyUrl}/p/fail`);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain('secret-token-123');
    expect(text).toContain('[redacted]');
  });
});
