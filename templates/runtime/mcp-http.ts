// The Streamable HTTP side of a generated MCP server: which Host headers it answers (protection
// against DNS rebinding, where a web page makes a browser talk to a server it should not reach)
// and the request id each tool call carries upstream. Copied verbatim from naftiko-gen's
// templates/runtime/mcp-http.ts; do not edit the copy.
import { newRequestId, REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from './request-id.js';

export const ALLOWED_HOSTS_ENV = 'NAFTIKO_MCP_ALLOWED_HOSTS';

/** Binds the MCP SDK already guards with its own localhost Host-header check. */
const LOCAL_BINDS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

/** A host name as the SDK compares it (port-agnostic; IPv6 in brackets). */
const HOST_NAME = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;

export type HostPolicy =
  /** Loopback bind, nothing configured: the SDK's localhost check. */
  | { kind: 'local' }
  /** Only these Host header names are answered. */
  | { kind: 'list'; hosts: string[] }
  /** Host checking explicitly turned off (`NAFTIKO_MCP_ALLOWED_HOSTS=*`). */
  | { kind: 'any' }
  /** The server must not start: `message` says why and what to set. */
  | { kind: 'refuse'; message: string };

/**
 * On by default: a loopback bind answers only localhost names; a wider bind (0.0.0.0, a public
 * address) needs NAFTIKO_MCP_ALLOWED_HOSTS — the names clients reach it by, comma-separated, or `*`
 * to accept any Host (behind a proxy that checks it) — and refuses to start without it.
 */
export function hostPolicy(
  bindHost: string,
  env: Record<string, string | undefined> = process.env,
): HostPolicy {
  const raw = env[ALLOWED_HOSTS_ENV]?.trim();
  if (raw === undefined || raw === '') {
    if (LOCAL_BINDS.has(bindHost)) return { kind: 'local' };
    return {
      kind: 'refuse',
      message:
        `binding to ${bindHost} exposes the MCP server beyond this machine, where its Host-header check ` +
        `cannot guess the names clients use: set ${ALLOWED_HOSTS_ENV} to them (comma-separated, e.g. ` +
        `mcp.example.com,10.0.0.5), or to * to accept any Host header`,
    };
  }
  if (raw === '*') return { kind: 'any' };
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);
  const bad = hosts.filter((h) => !HOST_NAME.test(h));
  if (bad.length > 0 || hosts.length === 0) {
    return {
      kind: 'refuse',
      message: `${ALLOWED_HOSTS_ENV} must list host names without scheme or port (e.g. mcp.example.com,[::1]) or be *; not valid: ${bad.join(', ') || raw}`,
    };
  }
  return { kind: 'list', hosts: [...new Set(hosts)] };
}

/** Prints the reason and exits 1 when the policy refuses, like a missing required variable. */
export function hostPolicyOrExit(
  server: string,
  bindHost: string,
  env?: Record<string, string | undefined>,
): HostPolicy {
  const policy = hostPolicy(bindHost, env);
  if (policy.kind === 'refuse') {
    process.stderr.write(`${server}: ${policy.message}\n`);
    process.exit(1);
  }
  return policy;
}

/**
 * Options for the SDK's createMcpExpressApp. Its `host` only selects the default protection (the
 * app does not bind): a loopback name turns the localhost check on; any other name that is not a
 * wildcard address turns it off without the SDK's plain-text warning, which `any` has already
 * chosen deliberately (and which the server logs as structured JSON instead).
 */
export function mcpAppOptions(
  policy: HostPolicy,
  bindHost: string,
): { host: string; allowedHosts?: string[] } {
  switch (policy.kind) {
    case 'list':
      return { host: bindHost, allowedHosts: policy.hosts };
    case 'any':
      return { host: 'any-host' };
    default:
      return { host: bindHost };
  }
}

/** What a tool handler's context carries that the request id needs (SDK v2 ServerContext). */
export interface McpCallContext {
  mcpReq: { signal: AbortSignal };
  http?: { req?: { headers: { get(name: string): string | null } } };
}

/**
 * Options for an upstream call made by a tool: the caller's cancellation and the HTTP request's id
 * (set by requestIdMiddleware, so the access log, the response header and the upstream request
 * agree); a fresh id over stdio.
 */
export function callOptions(ctx: McpCallContext): { signal: AbortSignal; requestId: string } {
  const id = ctx.http?.req?.headers.get(REQUEST_ID_HEADER)?.trim();
  return { signal: ctx.mcpReq.signal, requestId: id && REQUEST_ID_PATTERN.test(id) ? id : newRequestId() };
}
