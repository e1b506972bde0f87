// Which Host (and Origin) headers a generated server answers: the defence against DNS rebinding (a
// web page whose name suddenly resolves to this machine) and against cross-site requests from a
// browser, for the REST adapter and the MCP server alike.
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { settingOf } from './settings.js';

/** The names a loopback-bound server always answers. */
const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export type HostPolicy =
  /** Only these host names (lower case, no port; IPv6 in brackets) are answered. */
  | { kind: 'list'; hosts: ReadonlySet<string> }
  /** Host checking explicitly turned off (the variable set to `*`). */
  | { kind: 'any' }
  /** The server must not start: `message` says why and what to set. */
  | { kind: 'refuse'; message: string };

/** A Host header, a host name or an address in the one form they are compared in; undefined if none. */
export function normalizeHost(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /[\s/?#@\\]/.test(trimmed)) return undefined;
  try {
    // The WHATWG parser lower-cases, drops the port, canonicalises IPv4 and IPv6 ([0:0::1] → [::1]).
    const host = new URL(`http://${trimmed}`).hostname;
    return host.endsWith('.') ? host.slice(0, -1) : host;
  } catch {
    return undefined;
  }
}

/** An address or name that only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopback(bindHost: string): boolean {
  const bracketed = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const host = normalizeHost(bracketed);
  if (host === undefined) return false;
  if (host === 'localhost' || host === '[::1]') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host)) return true;
  // IPv4-mapped loopback, which the URL parser writes in hex: [::ffff:7f00:1].
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Safe by default: a loopback bind answers its loopback names (plus the names in `envName`, so a
 * local proxy can use its own); a wider bind (0.0.0.0, a public address) answers only the names in
 * `envName` and refuses to start without them, since it cannot guess the names clients use. `*`
 * turns checking off (e.g. behind a proxy that checks Host itself).
 */
export function hostPolicy(
  envName: string,
  bindHost: string,
  env: Record<string, string | undefined> = process.env,
): HostPolicy {
  const raw = env[envName]?.trim() ?? '';
  const loopback = isLoopback(bindHost);
  if (raw === '') {
    if (loopback) return { kind: 'list', hosts: new Set(LOOPBACK_NAMES) };
    return {
      kind: 'refuse',
      message:
        `binding to ${bindHost} makes this server reachable beyond this machine, where its Host-header ` +
        `check cannot guess the names clients use: set ${envName} to them (comma-separated, e.g. ` +
        `api.example.com,10.0.0.5), or to * to accept any Host header`,
    };
  }
  if (raw === '*') return { kind: 'any' };
  const entries = raw
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const bad = entries.filter((h) => /:\/\//.test(h) || normalizeHost(h) === undefined);
  if (bad.length > 0 || entries.length === 0) {
    return {
      kind: 'refuse',
      message: `${envName} must list host names or addresses without scheme or path (e.g. api.example.com,[::1]) or be *; not valid: ${bad.join(', ') || raw}`,
    };
  }
  const hosts = new Set(entries.map((h) => normalizeHost(h)!));
  if (loopback) for (const name of LOOPBACK_NAMES) hosts.add(name);
  return { kind: 'list', hosts };
}

/** The variables naming the extra Host names each server answers. */
export const REST_ALLOWED_HOSTS_ENV = 'NAFTIKO_REST_ALLOWED_HOSTS';
export const MCP_ALLOWED_HOSTS_ENV = 'NAFTIKO_MCP_ALLOWED_HOSTS';

/**
 * The policy a server entry starts with: prints the reason and exits 1 when it refuses (like a
 * missing required variable), and logs a warning when checking was turned off.
 */
export function hostPolicyOrExit(
  server: string,
  envName: string,
  bindHost: string,
  log: { warn(msg: string, fields?: Record<string, unknown>): void },
  env?: Record<string, string | undefined>,
): HostPolicy {
  const policy = hostPolicy(envName, bindHost, env);
  if (policy.kind === 'refuse') {
    process.stderr.write(`${server}: ${policy.message}\n`);
    process.exit(1);
  }
  if (policy.kind === 'any') log.warn(`Host header checking is off (${envName}=*)`, { host: bindHost });
  return policy;
}

function forbidden(res: Parameters<RequestHandler>[1], code: string, message: string): void {
  res.status(403).json({ error: { code, message } });
}

/**
 * Whether a request's Host (and Origin) headers pass `policy` (see hostCheck): a predicate for a
 * server that decides before any middleware runs (the MCP server's node:http front, mcp-front.ts).
 */
export function hostAdmission(
  policy: HostPolicy,
  originAllowed: (origin: string) => boolean = () => false,
): (headers: IncomingHttpHeaders) => 'ok' | 'forbidden_host' | 'forbidden_origin' {
  if (policy.kind !== 'list') return () => 'ok';
  const { hosts } = policy;
  // Clients send the same few Host headers again and again: the verdict per raw header is kept (a
  // URL parse per request was a visible share of the adapter's profile; notes/issue-12r.md), bounded.
  const verdicts = new Map<string, boolean>();
  const hostAllowed = (raw: string): boolean => {
    let ok = verdicts.get(raw);
    if (ok === undefined) {
      const host = normalizeHost(raw);
      ok = host !== undefined && hosts.has(host);
      if (verdicts.size >= 256) verdicts.clear();
      verdicts.set(raw, ok);
    }
    return ok;
  };
  return (headers) => {
    if (!hostAllowed(headers.host ?? '')) return 'forbidden_host';
    const origin = headers.origin;
    if (typeof origin === 'string' && origin !== '' && !originAllowed(origin)) {
      let originHost: string | undefined;
      try {
        const url = new URL(origin);
        originHost =
          url.protocol === 'http:' || url.protocol === 'https:' ? normalizeHost(url.host) : undefined;
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || !hosts.has(originHost)) return 'forbidden_origin';
    }
    return 'ok';
  };
}

/**
 * Refuses (403, JSON) a request whose Host is not in the policy, and a browser request whose Origin
 * names another host unless `originAllowed` admits it (the REST adapter's CORS list): a page on
 * another site cannot make a visitor's browser call this server, even with a "simple" request that
 * needs no CORS preflight.
 */
export function hostCheck(
  policy: HostPolicy,
  originAllowed: (origin: string) => boolean = () => false,
): RequestHandler {
  const guard = hostGuard(policy, originAllowed);
  if (guard === undefined) return (_req, _res, next) => next();
  return (req, res, next) => {
    if (guard(req, res)) next();
  };
}

/**
 * The work of hostCheck without the `next` (restFront runs it inline): false when it has answered
 * 403; undefined when the policy checks nothing.
 */
export function hostGuard(
  policy: HostPolicy,
  originAllowed: (origin: string) => boolean = () => false,
): ((req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => boolean) | undefined {
  if (policy.kind !== 'list') return undefined;
  const admission = hostAdmission(policy, originAllowed);
  return (req, res) => {
    const verdict = admission(req.headers);
    if (verdict === 'ok') return true;
    forbidden(
      res,
      verdict,
      verdict === 'forbidden_host'
        ? 'This server does not answer to that Host header.'
        : 'Requests from that Origin are not allowed.',
    );
    return false;
  };
}

/** What a server answers when its embedder gives no policy: the loopback names only. */
export const LOOPBACK_ONLY: HostPolicy = {
  kind: 'list',
  hosts: new Set(LOOPBACK_NAMES),
};

/** The REST adapter's CORS list (NAFTIKO_CORS_ORIGINS) as an Origin predicate for hostCheck. */
export function corsOriginAllowed(
  env: Record<string, string | undefined> = process.env,
): (origin: string) => boolean {
  const setting = settingOf('NAFTIKO_CORS_ORIGINS', env);
  if (setting === undefined) return () => false;
  if (setting.any) return () => true;
  const allowed = new Set(setting.origins.map((o) => o.toLowerCase()));
  return (origin) => {
    try {
      return allowed.has(new URL(origin).origin.toLowerCase());
    } catch {
      return false;
    }
  };
}
