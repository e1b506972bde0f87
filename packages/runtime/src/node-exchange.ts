// One request over node:http(s), the transport's default: a keep-alive agent shared by the process
// (several times cheaper per request than fetch), redirects followed as fetch follows them
// (credentials dropped when leaving the origin), compressed bodies decoded, and a kept-alive socket
// the server had already closed reported apart so that it can be retried at once.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type Readable, pipeline as pipeStreams } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Deadline } from './deadline.js';
import type { EncodedBody } from './request-body.js';
import { nodeResponse, type UpstreamResponse } from './upstream-response.js';

/** Keep-alive agents shared by every Transport of the process (same settings as Node's global agent). */
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, timeout: 5000 };
let sharedHttpAgent: HttpAgent | undefined;
let sharedHttpsAgent: HttpsAgent | undefined;
function agentFor(https: boolean): HttpAgent {
  if (https) return (sharedHttpsAgent ??= new HttpsAgent(AGENT_OPTIONS));
  return (sharedHttpAgent ??= new HttpAgent(AGENT_OPTIONS));
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers dropped when a redirect leaves the origin (as fetch does). */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie', 'host'];

/** A network error on a kept-alive socket that the server had already closed: safe to retry at once. */
export class StaleSocketError extends Error {
  constructor(readonly original: unknown) {
    super('stale keep-alive socket', { cause: original });
  }
}

/** Where a request goes, in node:http's terms. */
export interface Target {
  https: boolean;
  hostname: string;
  port: string | number | undefined;
  /** Path and query. */
  path: string;
  auth: string | undefined;
  origin: string;
}

export function targetOf(url: URL): Target {
  const o = urlToHttpOptions(url);
  return {
    https: url.protocol === 'https:',
    hostname: o.hostname ?? url.hostname,
    port: o.port ?? undefined,
    path: o.path ?? '/',
    auth: o.auth ?? undefined,
    origin: url.origin,
  };
}

/** One request over node:http(s): resolves with the response head; the deadline destroys it. */
function nodeRequestOnce(
  target: Target,
  method: string,
  headers: Record<string, string>,
  body: EncodedBody | undefined,
  deadline: Deadline,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = target.https;
    const req = (https ? httpsRequest : httpRequest)({
      protocol: https ? 'https:' : 'http:',
      hostname: target.hostname,
      port: target.port,
      path: target.path,
      ...(target.auth ? { auth: target.auth } : {}),
      method,
      headers,
      agent: agentFor(https),
    });
    let settled = false;
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      deadline.setCurrent(undefined);
      const code = err.code;
      reject(
        req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') ? new StaleSocketError(err) : err,
      );
    });
    req.once('response', (msg) => {
      settled = true;
      deadline.setCurrent(undefined);
      resolve(msg);
    });
    deadline.setCurrent((reason) => req.destroy(reason as Error));
    if (body === undefined) req.end();
    else req.end(body);
  });
}

/** Follows redirects like fetch's 'follow' (at most 20; 303, and 301/302 after POST, become GET). */
async function nodeExchange(
  first: Target,
  href: string,
  method: string,
  headers: Record<string, string>,
  body: EncodedBody | undefined,
  deadline: Deadline,
): Promise<{ msg: IncomingMessage; url: string }> {
  let target = first;
  for (let hops = 0; ; hops++) {
    const msg = await nodeRequestOnce(target, method, headers, body, deadline);
    const status = msg.statusCode ?? 0;
    const location = msg.headers.location;
    if (!REDIRECT_STATUSES.has(status) || location === undefined) return { msg, url: href };
    msg.resume();
    if (hops >= MAX_REDIRECTS) throw new TypeError('too many redirects');
    const url = new URL(href);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new TypeError('redirect to a non-http(s) URL');
    if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = { ...headers };
      for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language'])
        delete headers[h];
    }
    if (next.origin !== url.origin) {
      headers = { ...headers };
      for (const h of CROSS_ORIGIN_DROPPED) delete headers[h];
    }
    href = next.href;
    target = targetOf(next);
  }
}

/** The body of a node response, decoded when the upstream compressed it anyway. */
function decodedBody(msg: IncomingMessage, method: string): { stream: Readable | null; length?: number } {
  const status = msg.statusCode ?? 0;
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    msg.resume();
    return { stream: null };
  }
  const encoding = msg.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (decoder) return { stream: pipeStreams(msg, decoder, () => undefined) };
  const raw = msg.headers['content-length'];
  const length = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return { stream: msg, length };
}

/**
 * Sends a request to `target` (whose path and query are those of `href`) and resolves with the
 * response head, its body unread; rejects with the raw error (a StaleSocketError for a dead
 * kept-alive socket). The deadline destroys whatever is in flight.
 */
export async function sendOverNode(
  target: Target,
  href: string,
  method: string,
  headers: Record<string, string>,
  body: EncodedBody | undefined,
  deadline: Deadline,
  operation: string,
): Promise<UpstreamResponse> {
  const { msg, url } = await nodeExchange(target, href, method, headers, body, deadline);
  const { stream, length } = decodedBody(msg, method);
  return nodeResponse(msg, stream, length, url, operation);
}
