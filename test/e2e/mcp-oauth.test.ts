/**
 * End-to-end: the generated MCP server (dist/mcp.js) as an OAuth 2.1 resource server. The test runs
 * its own issuer keys behind a loopback JWKS server, mints tokens with jose, and checks the metadata
 * document (RFC 9728), the 401 challenge, each refusal (expired, wrong audience, wrong issuer, bad
 * signature, alg none, missing scope), and a real MCP client passing a valid token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { runToExit, startServer, stopAllProcesses, type RunningProcess } from '../support/processes.js';
import { CANARY_KEY, MCP_JS, ensureBuilt } from './helpers.js';
import { TOOLS, textOf } from './mcp-support.js';

const ISSUER = 'https://issuer.test/';
let fake: FakePortkey;
let jwks: Server;
let jwksUrl: string;
let jwksHits = 0;
let mcp: RunningProcess;
let audience: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;

async function token(claims: Record<string, unknown> = {}, key: CryptoKey = signingKey, kid = 'k1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'mcp:tools', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer((claims.iss as string) ?? ISSUER)
    .setAudience((claims.aud as string) ?? audience)
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number) ?? now + 300)
    .setSubject('user-1')
    .sign(key);
}

function unsigned(): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: audience, exp: now + 300, scope: 'mcp:tools' })}.`;
}

function initialize(auth?: string): Promise<Response> {
  return fetch(`${mcp.url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(auth ? { authorization: auth } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
    }),
  });
}

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    jwksHits++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  // The audience is the endpoint's public URL; the port is only known once listening, so a fixed
  // public name stands for it (as behind a proxy).
  audience = 'https://mcp.example.test/mcp';
  mcp = await startServer({
    script: MCP_JS,
    env: {
      PORTKEY_API_KEY: CANARY_KEY,
      PORTKEY_BATCH_BASE_URL: fake.url,
      NAFTIKO_MCP_OAUTH_ISSUER: ISSUER,
      NAFTIKO_MCP_OAUTH_AUDIENCE: audience,
      NAFTIKO_MCP_OAUTH_JWKS_URL: jwksUrl,
      NAFTIKO_MCP_OAUTH_SCOPES: 'mcp:tools',
    },
  });
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
  await new Promise((r) => jwks?.close(r));
});

describe('MCP HTTP as an OAuth 2.1 resource server', () => {
  it('serves the protected resource metadata (RFC 9728), also under the endpoint path', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const res = await fetch(`${mcp.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        resource: audience,
        authorization_servers: [ISSUER],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp:tools'],
      });
    }
  });

  it('answers a request without a token 401 with WWW-Authenticate: Bearer resource_metadata', async () => {
    const res = await initialize();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp"',
    );
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('accepts a valid token', async () => {
    const res = await initialize(`Bearer ${await token()}`);
    expect(res.status).toBe(200);
  });

  const refused: Array<[string, () => Promise<string>, number, string]> = [
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 }), 401, 'expired'],
    ['for another audience', () => token({ aud: 'https://other.example.test/mcp' }), 401, 'another audience'],
    ['from another issuer', () => token({ iss: 'https://evil.test/' }), 401, 'another issuer'],
    ['signed by another key', () => token({}, otherKey), 401, 'signature does not verify'],
    ['with alg none', async () => unsigned(), 401, 'accepted algorithm'],
    ['without the required scope', () => token({ scope: 'other' }), 403, 'required scope'],
  ];
  it.each(refused)('refuses a token %s', async (_name, make, status, reason) => {
    const before = fake.requests.length;
    const res = await initialize(`Bearer ${await make()}`);
    expect(res.status).toBe(status);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(status === 403 ? 'error="insufficient_scope"' : 'error="invalid_token"');
    expect(challenge).toContain('resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp"');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(reason);
    expect(fake.requests.length).toBe(before);
  });

  it('caches the key set: many checks, one fetch', () => {
    expect(jwksHits).toBe(1);
  });

  it('a real MCP client passing its token lists and calls tools', async () => {
    const client = new Client({ name: 'oauth-client', version: '0.0.1' });
    const bearer = await token();
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${bearer}` } },
      }),
    );
    try {
      expect((await client.listTools()).tools.length).toBe(5);
      const id = fake.store.createBatch().id;
      const result = await client.callTool({ name: TOOLS.retrieve, arguments: { batch_id: id } });
      expect(result.isError).not.toBe(true);
      expect(JSON.parse(textOf(result)).id).toBe(id);
    } finally {
      await client.close();
    }
    expect(mcp.stderr()).not.toContain(bearer);
  });

  it('refuses to start when OAuth is half configured', async () => {
    const run = await runToExit({
      script: MCP_JS,
      args: ['--port', '0'],
      env: { PORTKEY_API_KEY: CANARY_KEY, NAFTIKO_MCP_OAUTH_ISSUER: ISSUER },
      timeoutMs: 15_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('set NAFTIKO_MCP_OAUTH_AUDIENCE, NAFTIKO_MCP_OAUTH_JWKS_URL');
  });
});
