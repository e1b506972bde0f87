// Which upstream response headers reach the caller of a generated server: an allow-list (content
// metadata, caching, rate limits, request ids), so that set-cookie, hop-by-hop headers and anything
// else the upstream says about itself stay behind. Used for passed-through responses, upstream
// errors and the `forward` proxy alike.
import type { Response } from 'express';

const FORWARDED_HEADERS = new Set([
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'etag',
  'last-modified',
  'retry-after',
  'x-request-id',
  'request-id',
  'x-correlation-id',
]);
const FORWARDED_PATTERNS = [
  /^x-[a-z0-9-]*-(trace|request)-id$/,
  /^x-ratelimit-[a-z0-9-]+$/,
  /^ratelimit(-[a-z0-9-]+)?$/,
];

const FORBIDDEN_VALUE = /[\r\n\0]/;

/** Whether an upstream response header may be passed to the caller (never set-cookie, hop-by-hop, content-length). */
export function isForwardableHeader(name: string): boolean {
  const n = name.toLowerCase();
  if (FORWARDED_HEADERS.has(n)) return true;
  const c = n.charCodeAt(0);
  // Every pattern starts with "x-" or "r": skip the regexes for the common other headers.
  return (c === 0x78 || c === 0x72) && FORWARDED_PATTERNS.some((re) => re.test(n));
}

/** The allow-listed headers of an upstream response (Headers or a plain record). */
export function forwardableHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (v: string, k: string): void => {
    if (isForwardableHeader(k) && !FORBIDDEN_VALUE.test(v)) out[k.toLowerCase()] = v;
  };
  if (typeof Headers !== 'undefined' && headers instanceof Headers) headers.forEach(add);
  else for (const [k, v] of Object.entries(headers)) add(v, k);
  return out;
}

/**
 * Sets the forwardable upstream headers on the response. When the response already carries our own
 * x-request-id (requestIdMiddleware), it is kept and the upstream's goes out as x-upstream-request-id.
 */
export function setForwardedHeaders(
  res: Response,
  headers: Record<string, string>,
  skip?: ReadonlySet<string>,
): void {
  const ours = res.getHeader('x-request-id') !== undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (skip?.has(k)) continue;
    if (k === 'x-request-id' && ours) {
      res.setHeader('x-upstream-request-id', v);
      continue;
    }
    res.setHeader(k, v);
  }
}

/**
 * setForwardedHeaders(res, forwardableHeaders(raw)) in one pass over node:http's header record
 * (lower-case names, repeated headers as arrays joined with ", "): no intermediate records. The
 * passed-through response of every REST route goes through here (notes/issue-12w.md).
 */
export function setForwardedRecord(
  res: Response,
  raw: Readonly<Record<string, string | string[] | undefined>>,
): void {
  let ours: boolean | undefined;
  for (const k in raw) {
    const v = raw[k];
    if (v === undefined || !isForwardableHeader(k)) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    if (FORBIDDEN_VALUE.test(value)) continue;
    if (k === 'x-request-id' && (ours ??= res.getHeader('x-request-id') !== undefined)) {
      res.setHeader('x-upstream-request-id', value);
      continue;
    }
    res.setHeader(k, value);
  }
}
