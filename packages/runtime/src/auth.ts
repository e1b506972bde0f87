// Inbound authentication of a generated REST adapter / MCP HTTP server: bearer token, API key
// (header or query) or HTTP basic, checked in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from './log.js';

export type InboundAuthSpec =
  | { kind: 'bearer'; token: () => string }
  | { kind: 'apikey'; name: string; placement: 'header' | 'query'; value: () => string }
  | { kind: 'basic'; username: () => string; password: () => string };

const REALM = 'api';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Constant-time comparison of a presented credential with the expected one: both sides are hashed
 * (SHA-256) first, so neither the length nor the content leaks through timing. An empty expected
 * value never matches (an unset secret must not let an empty credential in).
 */
export function safeEqual(presented: string | undefined, expected: string): boolean {
  const same = timingSafeEqual(digest(presented ?? ''), digest(expected));
  return same && expected.length > 0 && presented !== undefined;
}

function readSecret(get: () => string): string {
  try {
    const v = get();
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

function authorization(req: Request): { scheme: string; value: string } | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^\s*([A-Za-z][A-Za-z0-9._~+-]*)\s+(.+?)\s*$/.exec(h);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), value: m[2]! };
}

function headerValue(req: Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (Array.isArray(v)) return v.length === 1 ? v[0] : undefined;
  return v;
}

function queryValue(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

type Check = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'not_configured' };

function check(spec: InboundAuthSpec, req: Request): Check {
  switch (spec.kind) {
    case 'bearer': {
      const expected = readSecret(spec.token);
      const auth = authorization(req);
      const presented = auth?.scheme === 'bearer' ? auth.value : undefined;
      const ok = safeEqual(presented, expected);
      if (expected === '') return { ok: false, reason: 'not_configured' };
      if (presented === undefined) return { ok: false, reason: 'missing' };
      return ok ? { ok: true } : { ok: false, reason: 'invalid' };
    }
    case 'apikey': {
      const expected = readSecret(spec.value);
      const presented =
        spec.placement === 'header' ? headerValue(req, spec.name) : queryValue(req, spec.name);
      const ok = safeEqual(presented, expected);
      if (expected === '') return { ok: false, reason: 'not_configured' };
      if (presented === undefined || presented === '') return { ok: false, reason: 'missing' };
      return ok ? { ok: true } : { ok: false, reason: 'invalid' };
    }
    case 'basic': {
      const expectedUser = readSecret(spec.username);
      const expectedPassword = readSecret(spec.password);
      const auth = authorization(req);
      let user: string | undefined;
      let password: string | undefined;
      if (auth?.scheme === 'basic' && /^[A-Za-z0-9+/]+=*$/.test(auth.value)) {
        const decoded = Buffer.from(auth.value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0) {
          user = decoded.slice(0, colon);
          password = decoded.slice(colon + 1);
        }
      }
      // Both comparisons always run, so timing does not tell which part was wrong.
      const userOk = safeEqual(user, expectedUser);
      const passwordOk = safeEqual(password, expectedPassword);
      if (expectedUser === '' || expectedPassword === '') return { ok: false, reason: 'not_configured' };
      if (auth === undefined) return { ok: false, reason: 'missing' };
      return userOk && passwordOk ? { ok: true } : { ok: false, reason: 'invalid' };
    }
  }
}

function challenge(spec: InboundAuthSpec): string | undefined {
  if (spec.kind === 'bearer') return `Bearer realm="${REALM}"`;
  if (spec.kind === 'basic') return `Basic realm="${REALM}", charset="UTF-8"`;
  return undefined;
}

function unauthorized(res: Response, spec: InboundAuthSpec, invalid: boolean): void {
  let header = challenge(spec);
  if (header && invalid && spec.kind === 'bearer') header += ', error="invalid_token"';
  if (header) res.setHeader('www-authenticate', header);
  res.setHeader('cache-control', 'no-store');
  const message =
    spec.kind === 'apikey'
      ? `A valid API key is required (${spec.placement} "${spec.name}")`
      : spec.kind === 'bearer'
        ? 'A valid bearer token is required (Authorization: Bearer …)'
        : 'Valid credentials are required (HTTP basic authentication)';
  res.status(401).json({ error: { code: 'unauthorized', message } });
}

/**
 * Express middleware: lets the request through when it carries the expected credential, otherwise
 * answers 401 {"error":{"code":"unauthorized","message":…}} with WWW-Authenticate (bearer/basic).
 * Secrets are read per request (rotation); an empty configured secret rejects every request (and is
 * logged as a configuration problem). Presented credentials are never logged.
 */
export function inboundAuth(spec: InboundAuthSpec, log?: Logger): RequestHandler {
  let warnedNotConfigured = false;
  return (req, res, next) => {
    const result = check(spec, req);
    if (result.ok) return next();
    if (result.reason === 'not_configured') {
      if (!warnedNotConfigured)
        log?.error('inbound authentication secret is empty: rejecting every request', { kind: spec.kind });
      warnedNotConfigured = true;
    } else {
      warnedNotConfigured = false;
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
      log?.warn('unauthorized request', { kind: spec.kind, reason: result.reason, method: req.method, path });
    }
    unauthorized(res, spec, result.reason === 'invalid');
  };
}
