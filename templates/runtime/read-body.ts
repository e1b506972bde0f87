// Reading upstream bodies without trusting their size: every reader here keeps at most a byte budget
// and cancels the rest of the stream (an error page, or a batch output of gigabytes, must not fill
// the server's memory). Copied verbatim from naftiko-gen's templates/runtime/read-body.ts; do not
// edit the copy.
import type { Readable } from 'node:stream';
import { UpstreamNetworkError, causeCode, isAbortLike } from './upstream-errors.js';
import { headerValue, partsOf, type UpstreamResponse } from './upstream-response.js';

/** Largest error body json() reads into an UpstreamHttpError. */
export const ERROR_BODY_MAX_BYTES = 1_048_576;
/** Bytes of a failed response read (so the connection can be reused) before the rest is cancelled. */
const DRAIN_MAX_BYTES = 64 * 1024;

/** Reads up to maxBytes of a body as text (UTF-8, never splitting a character) and cancels the rest. */
export async function readBodyText(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    if (!parts.stream) return { text: '', truncated: false, bytes: 0 };
    const { chunks, kept, truncated } = await collectNode(parts.stream, maxBytes, res.operation);
    const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept);
    const end = truncated ? utf8SafeEnd(all) : all.byteLength;
    let text = all.toString('utf8', 0, end);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // as TextDecoder does
    return { text, truncated, bytes: end };
  }
  const body = parts ? parts.web : res.body;
  if (!body) return { text: '', truncated: false, bytes: 0 };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value || value.byteLength === 0) continue;
      const room = maxBytes - kept;
      if (value.byteLength > room) {
        if (room > 0) {
          chunks.push(value.subarray(0, room));
          kept += room;
        }
        truncated = true;
        break;
      }
      chunks.push(value);
      kept += value.byteLength;
    }
  } catch (err) {
    if (isAbortLike(err)) throw err;
    throw new UpstreamNetworkError(
      res.operation,
      `${res.operation}: the upstream response body could not be read${causeCode(err) ? ` (${causeCode(err)})` : ''}`,
      { cause: err },
    );
  } finally {
    if (truncated) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const all = concat(chunks, kept);
  let end = all.byteLength;
  if (truncated) end = utf8SafeEnd(all);
  const text = new TextDecoder('utf-8').decode(all.subarray(0, end));
  return { text, truncated, bytes: end };
}

/** Collects at most maxBytes of a Node stream (destroying it beyond that) with plain events. */
function collectNode(
  stream: Readable,
  maxBytes: number,
  operation: string,
): Promise<{ chunks: Buffer[]; kept: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (err === undefined) {
        resolve({ chunks, kept, truncated: false });
        return;
      }
      if (isAbortLike(err)) return reject(err);
      reject(
        new UpstreamNetworkError(
          operation,
          `${operation}: the upstream response body could not be read${causeCode(err) ? ` (${causeCode(err)})` : ''}`,
          { cause: err },
        ),
      );
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      const room = maxBytes - kept;
      if (chunk.byteLength > room) {
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
        }
        settled = true;
        stream.off('data', onData);
        stream.destroy();
        resolve({ chunks, kept, truncated: true });
        return;
      }
      chunks.push(chunk);
      kept += chunk.byteLength;
    };
    if (stream.readableEnded) return resolve({ chunks, kept, truncated: false });
    if (stream.destroyed) return finish(stream.errored ?? new Error('the body stream was closed'));
    stream.on('data', onData);
    stream.once('end', () => finish());
    stream.once('error', (err) => finish(err));
    stream.once('close', () => {
      if (!stream.readableEnded) finish(stream.errored ?? new Error('the body stream closed early'));
    });
  });
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
function utf8SafeEnd(bytes: Uint8Array): number {
  const n = bytes.byteLength;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need =
      (b & 0x80) === 0 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** True when a content-type names JSON (application/json, application/problem+json, …). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

/** Parses a body text: JSON when the content-type says so or when it parses; text otherwise; undefined when empty. */
export function parseBody(
  text: string,
  contentType: string | null | undefined,
): { value: unknown; format: 'json' | 'text' | 'empty' } {
  if (text.length === 0) return { value: undefined, format: 'empty' };
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const tryJson = isJsonContentType(contentType) || !mime.startsWith('text/') || mime === 'text/plain';
  if (tryJson) {
    try {
      return { value: JSON.parse(text), format: 'json' };
    } catch {
      /* not JSON: fall through to text */
    }
  }
  return { value: text, format: 'text' };
}

/**
 * Reads a body, bounded: never buffers more than maxBytes (+ one chunk), cancels the rest of the
 * stream, and parses the kept text (a truncated body stays text). `bytes` counts the kept bytes.
 */
export async function readBody(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ value: unknown; truncated: boolean; bytes: number }> {
  const { text, truncated, bytes } = await readBodyText(res, maxBytes);
  if (truncated) return { value: text, truncated, bytes };
  return { value: parseBody(text, headerValue(res, 'content-type')).value, truncated, bytes };
}

/** Reads (and drops) a little of a response body so the connection may be reused, cancels the rest. */
export async function discardBody(res: UpstreamResponse): Promise<void> {
  const parts = partsOf(res);
  if (parts && !parts.taken) {
    parts.taken = true;
    parts.web = null;
    const stream = parts.stream;
    if (!stream) return;
    await new Promise<void>((resolve) => {
      let seen = 0;
      stream.on('data', (chunk: Uint8Array) => {
        seen += chunk.byteLength;
        if (seen > DRAIN_MAX_BYTES) stream.destroy();
      });
      stream.on('error', () => undefined);
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
    return;
  }
  const body = parts ? parts.web : res.body;
  if (!body) return;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = body.getReader();
    let seen = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value?.byteLength ?? 0;
      if (seen > DRAIN_MAX_BYTES) break;
    }
    await reader.cancel().catch(() => undefined);
  } catch {
    await (reader ? reader.cancel() : body.cancel()).catch(() => undefined);
  } finally {
    try {
      reader?.releaseLock();
    } catch {
      /* already released */
    }
  }
}
