// The response a client call resolves with (UpstreamResponse), and the cheap ways to look at it:
// a response received over node:http keeps its raw headers and Node body stream, and builds Headers
// or a web stream only when someone asks, because most callers never do (the REST adapter pipes the
// Node stream straight through).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

export interface UpstreamResponse {
  status: number;
  ok: boolean;
  /** Materialised on first access; the runtime itself reads headers through headerValue(). */
  headers: Headers;
  /**
   * The unread body as a web stream, created on first access (the transport reads a Node stream
   * underneath; bodyStream() hands that out without the web-stream layer). null for 204/304/HEAD.
   */
  body: ReadableStream<Uint8Array> | null;
  url: string;
  operation: string;
}

/** Internal parts of a response received over node:http(s). */
interface NodeParts {
  raw: IncomingMessage['headers'];
  /** The body as a Node stream (decoded when the upstream compressed it); null for no body. */
  stream: Readable | null;
  /** Set when the body has been handed out (as a web stream or via bodyStream()). */
  web?: ReadableStream<Uint8Array> | null;
  taken: boolean;
  headers?: Headers;
  /** The upstream's content-length when `stream` is the raw, undecoded message. */
  length: number | undefined;
}

const PARTS = Symbol('naftiko.upstream');
type WithParts = UpstreamResponse & { [PARTS]?: NodeParts };

function partsOf(res: UpstreamResponse): NodeParts | undefined {
  return (res as WithParts)[PARTS];
}

function headersFromNode(raw: IncomingMessage['headers']): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) h.append(k, one);
    else h.append(k, v);
  }
  return h;
}

/** A response received over node:http(s); `stream` is its (decoded) body, null when it has none. */
export function nodeResponse(
  msg: IncomingMessage,
  stream: Readable | null,
  length: number | undefined,
  url: string,
  operation: string,
): UpstreamResponse {
  const status = msg.statusCode ?? 0;
  const parts: NodeParts = { raw: msg.headers, stream, taken: false, length };
  return {
    status,
    ok: status >= 200 && status < 300,
    url,
    operation,
    get headers(): Headers {
      return (parts.headers ??= headersFromNode(parts.raw));
    },
    get body(): ReadableStream<Uint8Array> | null {
      if (parts.web === undefined) {
        parts.web =
          parts.stream && !parts.taken
            ? (Readable.toWeb(parts.stream) as unknown as ReadableStream<Uint8Array>)
            : null;
        parts.taken = true;
      }
      return parts.web;
    },
    [PARTS]: parts,
  } as WithParts;
}

/** A response received from a fetch implementation (TransportOptions.fetch). */
export function fetchResponse(r: Response, url: string, operation: string): UpstreamResponse {
  return { status: r.status, ok: r.ok, headers: r.headers, body: r.body, url: r.url || url, operation };
}

/** One response header (lower-case name), or null; cheaper than res.headers.get(). */
export function headerValue(res: UpstreamResponse, name: string): string | null {
  const parts = partsOf(res);
  if (!parts) return res.headers.get(name);
  const v = parts.raw[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Upstream response headers as a plain lower-case record, without set-cookie. */
export function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (k === 'set-cookie' || k === 'set-cookie2') return;
    out[k] = value;
  });
  return out;
}

/** The response headers as a plain lower-case record, without set-cookie. */
export function responseHeaders(res: UpstreamResponse): Record<string, string> {
  const parts = partsOf(res);
  if (!parts) return plainHeaders(res.headers);
  const out: Record<string, string> = {};
  for (const k in parts.raw) {
    if (k === 'set-cookie' || k === 'set-cookie2') continue;
    const v = parts.raw[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** node:http's header record of a response received over node:http(s); undefined for a fetch response. */
export function rawHeadersOf(res: UpstreamResponse): IncomingMessage['headers'] | undefined {
  return partsOf(res)?.raw;
}

/**
 * The Node body stream of a node:http response (taken or not), so that the transport can destroy it
 * when the deadline fires; undefined for a fetch response.
 */
export function nodeBodyOf(res: UpstreamResponse): Readable | null | undefined {
  return partsOf(res)?.stream;
}

/**
 * Takes the body as a Node stream (for piping and for the bounded readers), without a web-stream
 * layer when the response came over node:http. Call at most once; null when there is no body.
 */
export function bodyStream(res: UpstreamResponse): Readable | null {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    return parts.stream;
  }
  const web = parts ? parts.web : res.body;
  return web ? Readable.fromWeb(web as unknown as NodeReadableStream<Uint8Array>) : null;
}

/** The upstream content-length when bodyStream() yields exactly that many bytes; else undefined. */
export function bodyLength(res: UpstreamResponse): number | undefined {
  const parts = partsOf(res);
  return parts && !parts.taken ? parts.length : undefined;
}

/** Drops an unread body: releases the connection (or closes it), never throws. */
export function cancelBody(res: UpstreamResponse): void {
  const parts = partsOf(res);
  if (parts) {
    // Also stops a body already being read (readBodyText, a web stream handed out).
    if (!parts.taken) parts.web = null;
    parts.taken = true;
    parts.stream?.destroy();
    parts.web?.cancel().catch(() => undefined);
    return;
  }
  res.body?.cancel().catch(() => undefined);
}
