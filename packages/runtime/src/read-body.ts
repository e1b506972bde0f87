// Reading upstream bodies without trusting their size: every reader here keeps at most a byte budget
// and destroys the rest of the stream (an error page, or a batch output of gigabytes, must not fill
// the server's memory), and error bodies are scrubbed of the bound secrets before anyone sees them.
import { Readable } from 'node:stream';
import { redactSecrets, redactSecretsAtCut } from './secrets.js';
import { bodyReadError } from './upstream-errors.js';
import { bodyStream, headerValue, type UpstreamResponse } from './upstream-response.js';

/** Largest error body read (into an UpstreamHttpError, or passed on to a caller). */
export const ERROR_BODY_MAX_BYTES = 1_048_576;
/** Bytes of a failed response read (so the connection can be reused) before the rest is cancelled. */
const DRAIN_MAX_BYTES = 64 * 1024;

/** What readBytesBounded kept: at most its maxBytes; `truncated` when the stream held more. */
export interface BoundedBytes {
  bytes: Buffer;
  truncated: boolean;
}

const NOTHING: BoundedBytes = { bytes: Buffer.alloc(0), truncated: false };

/**
 * Collects at most maxBytes of a Node stream with plain events; a stream holding more is destroyed
 * there (the rest is never read) and the answer is `truncated`. A stream that fails rejects with
 * UpstreamNetworkError naming `operation` (an abort stays the abort). A web stream is read through
 * Readable.fromWeb (bodyStream), so this is the one place in the runtime that counts body bytes:
 * error bodies, MCP results, binary answers under their cap.
 */
export function readBytesBounded(
  stream: Readable | null,
  maxBytes: number,
  operation: string,
): Promise<BoundedBytes> {
  if (!stream) return Promise.resolve(NOTHING);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const done = (truncated: boolean): void => {
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept);
      resolve({ bytes, truncated });
    };
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (err === undefined) done(false);
      else reject(bodyReadError(operation, err));
    };
    const onData = (data: Uint8Array): void => {
      if (settled) return;
      // node:http gives Buffers; a stream made from a web stream gives plain Uint8Arrays.
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const room = maxBytes - kept;
      if (chunk.byteLength > room) {
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
        }
        settled = true;
        stream.off('data', onData);
        stream.destroy();
        done(true);
        return;
      }
      chunks.push(chunk);
      kept += chunk.byteLength;
    };
    if (stream.readableEnded) return done(false);
    if (stream.destroyed) return finish(stream.errored ?? new Error('the body stream was closed'));
    stream.on('data', onData);
    stream.once('end', () => finish());
    stream.once('error', (err) => finish(err));
    stream.once('close', () => {
      if (!stream.readableEnded) finish(stream.errored ?? new Error('the body stream closed early'));
    });
  });
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

/** The kept bytes as text (UTF-8, a truncated body never ending in half a character). */
function decode({ bytes, truncated }: BoundedBytes): { text: string; end: number } {
  const end = truncated ? utf8SafeEnd(bytes) : bytes.byteLength;
  const text = bytes.toString('utf8', 0, end);
  // A leading byte order mark is not part of the text, as TextDecoder has it.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, end };
}

/** Reads up to maxBytes of a body as text (UTF-8, never splitting a character) and cancels the rest. */
export async function readBodyText(
  res: UpstreamResponse,
  maxBytes: number = ERROR_BODY_MAX_BYTES,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  const kept = await readBytesBounded(bodyStream(res), maxBytes, res.operation);
  const { text, end } = decode(kept);
  return { text, truncated: kept.truncated, bytes: end };
}

/**
 * Reads an error body, bounded like readBodyText (default ERROR_BODY_MAX_BYTES), with every bound
 * secret scrubbed from it, and, when the body was cut, the start of a secret the cut split. `bytes`
 * is what to pass on: the body as received (up to the cut) when nothing was scrubbed, so that a
 * binary body survives; else the UTF-8 of `text`. Reads an UpstreamResponse, or a Node stream (a
 * body already taken, a proxied response) whose `operation` names it in errors.
 */
export async function readErrorBody(
  source: UpstreamResponse | Readable,
  options?: { maxBytes?: number; operation?: string },
): Promise<{ text: string; bytes: Buffer; truncated: boolean }> {
  const maxBytes = options?.maxBytes ?? ERROR_BODY_MAX_BYTES;
  const kept =
    source instanceof Readable
      ? await readBytesBounded(source, maxBytes, options?.operation ?? 'upstream')
      : await readBytesBounded(bodyStream(source), maxBytes, source.operation);
  const { text, end } = decode(kept);
  const safe = kept.truncated ? redactSecretsAtCut(text) : redactSecrets(text);
  const bytes = safe === text ? kept.bytes.subarray(0, end) : Buffer.from(safe);
  return { text: safe, bytes, truncated: kept.truncated };
}

/** Reads (and drops) a little of a response body so the connection may be reused, cancels the rest. */
export async function discardBody(res: UpstreamResponse): Promise<void> {
  try {
    await readBytesBounded(bodyStream(res), DRAIN_MAX_BYTES, res.operation);
  } catch {
    /* a body that fails while being dropped is dropped all the same */
  }
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
