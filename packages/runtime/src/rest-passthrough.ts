// Passing an upstream response through to the REST caller: status and allow-listed headers, the body
// streamed with backpressure (small ones in one write), error bodies read bounded and scrubbed of
// secrets, and a caller who leaves cancelling the upstream body.
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { forwardableHeaders, setForwardedHeaders, setForwardedRecord } from './forwarded-headers.js';
import { readBytesBounded, readErrorBody } from './read-body.js';
import { countRelayed } from './relay-memory.js';
import { BinaryTooLargeError, UpstreamNetworkError } from './upstream-errors.js';
import {
  bodyLength,
  bodyStream,
  cancelBody,
  rawHeadersOf,
  headerValue,
  responseHeaders,
  type UpstreamResponse,
} from './upstream-response.js';

/**
 * A binary answer (outputRawFormat: binary): its size cap, and the media type sent instead of the
 * upstream's (the operation's outputMediaType, else the REST operation's declared binary response).
 */
export interface BinaryAnswer {
  maxBytes: number;
  mediaType?: string;
}

/** Upstream bodies up to this size (with a content-length) are read whole and sent in one write. */
const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Pipes the upstream response to the caller: status, content-type and allow-listed headers, body
 * streamed with backpressure (a small body with a known length goes out in one write, with its
 * content-length). A client disconnect cancels the upstream body (and resolves). If the upstream
 * fails mid-body the response is destroyed and the promise rejects with UpstreamNetworkError.
 */
export async function sendUpstream(
  res: Response,
  upstream: UpstreamResponse,
  binary?: BinaryAnswer,
): Promise<void> {
  // A binary answer over its cap is refused before anything is sent: a 502 with a JSON error, never
  // a cut file. A declared length is checked up front and the body streams; without one the body is
  // read (at most the cap) and sent whole.
  let whole: Buffer | undefined;
  if (binary && upstream.ok && res.req?.method !== 'HEAD') {
    const tooLarge = (): BinaryTooLargeError =>
      new BinaryTooLargeError(
        upstream.operation,
        upstream.status,
        headerValue(upstream, 'content-type'),
        binary.maxBytes,
      );
    const declared = bodyLength(upstream);
    if (declared !== undefined && declared > binary.maxBytes) {
      cancelBody(upstream);
      throw tooLarge();
    }
    if (declared === undefined) {
      const read = await readBytesBounded(bodyStream(upstream), binary.maxBytes, upstream.operation);
      if (read.truncated) throw tooLarge();
      whole = read.bytes;
    }
  }
  res.statusCode = upstream.status;
  const raw = rawHeadersOf(upstream);
  if (raw) setForwardedRecord(res, raw);
  else setForwardedHeaders(res, forwardableHeaders(responseHeaders(upstream)));
  if (binary?.mediaType && upstream.ok) res.setHeader('content-type', binary.mediaType);
  // Proxied bytes are the upstream's: never let a browser sniff them into something executable.
  res.setHeader('x-content-type-options', 'nosniff');
  if (whole !== undefined) {
    if (res.destroyed) return;
    res.setHeader('content-length', whole.byteLength);
    res.end(whole);
    return;
  }
  const method = res.req?.method ?? 'GET';
  const noBody = upstream.status === 204 || upstream.status === 304 || method === 'HEAD';
  if (noBody || res.destroyed) {
    cancelBody(upstream);
    if (!res.destroyed) res.end();
    return;
  }
  const length = bodyLength(upstream);
  const source = bodyStream(upstream);
  if (source === null) {
    res.end();
    return;
  }
  try {
    if (upstream.status >= 400) {
      // Error bodies are read (bounded) and scrubbed: an upstream that echoes the credential it was
      // sent (a 401 saying "invalid key: sk-…") must not hand it to the caller.
      const { bytes, truncated } = await readErrorBody(source, { operation: upstream.operation });
      if (res.destroyed) return;
      if (truncated) res.setHeader('x-naftiko-truncated', 'true');
      res.setHeader('content-length', bytes.byteLength);
      res.end(bytes);
      return;
    }
    if (length !== undefined && length <= SMALL_BODY_BYTES) {
      // Bounded by the declared length: an upstream sending more than it said is not read past it.
      const { bytes: whole } = await readBytesBounded(source, length, upstream.operation);
      if (res.destroyed) return;
      res.setHeader('content-length', whole.byteLength);
      res.end(whole);
      return;
    }
    countRelayed(source);
    await pipeline(source, res);
  } catch (err) {
    // The caller went away: pipeline has destroyed `source`, which cancels the upstream body.
    if (res.destroyed && !res.writableFinished && isClientGone(err, res)) return;
    // Nothing sent yet (a small body failed while being read): sendFailure can still answer 502.
    if (!res.headersSent && !res.destroyed && err instanceof UpstreamNetworkError) throw err;
    if (!res.headersSent && !res.destroyed)
      throw new UpstreamNetworkError(
        upstream.operation,
        `${upstream.operation}: the upstream response body could not be read`,
        { cause: err },
      );
    if (!res.destroyed) res.destroy();
    throw new UpstreamNetworkError(
      upstream.operation,
      `${upstream.operation}: the upstream response body failed mid-stream`,
      {
        cause: err,
      },
    );
  }
}

function isClientGone(err: unknown, res: Response): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
  // A write error on the socket (EPIPE/ECONNRESET) also means the caller left.
  return res.socket === null || res.socket?.destroyed === true || code === 'EPIPE' || code === 'ECONNRESET';
}
