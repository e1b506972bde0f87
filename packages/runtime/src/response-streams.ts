// The typed methods of operations whose 2xx body is not one JSON document: JSON lines as an async
// iterable of parsed values (one line in memory at a time, each bounded), other bodies as a byte
// stream. A non-2xx status is thrown as its UpstreamHttpError subclass, as the JSON methods do.
import { Readable } from 'node:stream';
import { DEFAULT_MAX_LINE_LENGTH, iterateJsonLines } from './json-lines.js';
import { parseBody, readErrorBody } from './read-body.js';
import type { CallOptions } from './request-plan.js';
import {
  BinaryTooLargeError,
  UpstreamFormatError,
  bodyReadError,
  upstreamHttpError,
  upstreamRequestId,
} from './upstream-errors.js';
import {
  bodyLength,
  bodyStream,
  cancelBody,
  headerValue,
  responseHeaders,
  type UpstreamResponse,
} from './upstream-response.js';

/** Options of a JSON-lines method: the call's, plus the longest line accepted. */
export interface JsonLinesOptions extends CallOptions {
  /** Longest line, in characters (default 64 Mi); a longer one fails the iteration with UpstreamFormatError. */
  maxLineLength?: number;
}

/** The response when it is 2xx; otherwise its UpstreamHttpError subclass, the body read bounded and parsed. */
export async function expectOk(response: UpstreamResponse, requestId?: string): Promise<UpstreamResponse> {
  if (response.ok) return response;
  const { text, truncated } = await readErrorBody(response);
  const value = truncated ? text : parseBody(text, headerValue(response, 'content-type')).value;
  throw upstreamHttpError(response.operation, response.status, responseHeaders(response), value, requestId);
}

/**
 * The 2xx body as parsed JSON lines (blank lines skipped). Iterating reads the body as it arrives;
 * stopping early (break) closes it. A line that is not JSON, or longer than maxLineLength, ends the
 * iteration with UpstreamFormatError; a body that breaks off, with UpstreamNetworkError.
 */
export async function jsonLinesOf<T>(
  pending: Promise<UpstreamResponse>,
  options?: JsonLinesOptions,
): Promise<AsyncIterable<T>> {
  const response = await expectOk(await pending, options?.requestId);
  const maxLineLength = options?.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const requestId = upstreamRequestId(responseHeaders(response), options?.requestId);
  const source = bodyStream(response) ?? Readable.from([]);
  return (async function* lines(): AsyncGenerator<T> {
    try {
      for await (const value of iterateJsonLines(source, { maxLineLength })) yield value as T;
    } catch (err) {
      if (err instanceof SyntaxError || err instanceof RangeError) {
        const reason = err instanceof RangeError ? 'too-large' : 'not-json';
        throw new UpstreamFormatError(
          response.operation,
          response.status,
          headerValue(response, 'content-type'),
          reason,
          maxLineLength,
          requestId,
        );
      }
      throw bodyReadError(response.operation, err);
    } finally {
      source.destroy();
    }
  })();
}

/**
 * The 2xx body as a web byte stream, unread (cancel it when not reading it to the end). With
 * `maxBytes` (the operation's maxBinarySize) a declared content-length over it throws
 * BinaryTooLargeError at once; a body without one fails the stream with it on the byte past the cap.
 */
export async function bytesOf(
  pending: Promise<UpstreamResponse>,
  options?: CallOptions,
  maxBytes?: number,
): Promise<ReadableStream<Uint8Array>> {
  const response = await expectOk(await pending, options?.requestId);
  const tooLarge = (): BinaryTooLargeError =>
    new BinaryTooLargeError(
      response.operation,
      response.status,
      headerValue(response, 'content-type'),
      maxBytes!,
      upstreamRequestId(responseHeaders(response), options?.requestId),
    );
  const length = maxBytes === undefined ? undefined : bodyLength(response);
  if (length !== undefined && length > maxBytes!) {
    cancelBody(response);
    throw tooLarge();
  }
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  if (maxBytes === undefined) return body;
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}
