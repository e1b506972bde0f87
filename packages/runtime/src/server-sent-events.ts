// The typed method of an operation that answers `text/event-stream`: an async iterable of parsed
// events, read as they arrive. Parsing the wire format is eventsource-parser's job (a small,
// well-kept parser that follows the WHATWG rules: multi-line data, CR/LF/CRLF, comments, BOM);
// this module adds what a client needs around it: the status check, a bound on one event's size,
// JSON data, and closing the upstream connection when the consumer stops or the caller aborts.
import { Readable } from 'node:stream';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { CallOptions } from './request-plan.js';
import { expectOk } from './response-streams.js';
import { UpstreamFormatError, bodyReadError, upstreamRequestId } from './upstream-errors.js';
import { bodyStream, headerValue, responseHeaders, type UpstreamResponse } from './upstream-response.js';

/** One server-sent event. */
export interface ServerSentEvent<T = string> {
  /** The `event:` field; `message` when the server sent none (as browsers report it). */
  event: string;
  /** The `data:` lines joined with newlines; parsed when the operation's event data is JSON. */
  data: T;
  /** The last `id:` the server sent, on this event or an earlier one (what to resume from), as EventSource keeps it. */
  id?: string;
  /** The reconnection delay in milliseconds the server asked for with `retry:`, from then on. */
  retry?: number;
}

/** Options of an event-stream method: the call's, plus the largest event accepted. */
export interface ServerSentEventsOptions extends CallOptions {
  /**
   * Most characters one event may hold while it is assembled (default 16 Mi): a longer event, or a
   * line that never ends, fails the iteration with UpstreamFormatError instead of growing memory.
   */
  maxEventLength?: number;
}

/** Default bound on one event (characters). */
export const DEFAULT_MAX_EVENT_LENGTH = 16 * 1024 * 1024;

/** How an event's data is handed out: as the text sent, or parsed as JSON. */
export type EventDataFormat = 'text' | 'json';

/**
 * The 2xx event stream of `pending` as an async iterable of events, parsed as they arrive. Breaking
 * out of the loop (or calling return()) closes the upstream connection; so does the caller's abort
 * signal, which ends the iteration with the abort reason. Events with JSON data (`dataFormat`
 * 'json') whose data is not JSON, and events longer than maxEventLength, end the iteration with
 * UpstreamFormatError; a body that breaks off, with UpstreamNetworkError. An event the stream ends
 * in the middle of is dropped, as the format requires.
 */
export async function serverSentEventsOf<T = string>(
  pending: Promise<UpstreamResponse>,
  options?: ServerSentEventsOptions,
  dataFormat: EventDataFormat = 'text',
): Promise<AsyncIterable<ServerSentEvent<T>>> {
  const maxEventLength = options?.maxEventLength ?? DEFAULT_MAX_EVENT_LENGTH;
  if (!Number.isSafeInteger(maxEventLength) || maxEventLength < 1) {
    throw new TypeError(
      `maxEventLength must be a whole number of characters, at least 1 (got ${String(maxEventLength)})`,
    );
  }
  const response = await expectOk(await pending, options?.requestId);
  const requestId = upstreamRequestId(responseHeaders(response), options?.requestId);
  const source = bodyStream(response) ?? Readable.from([]);
  const formatError = (reason: 'not-json' | 'too-large'): UpstreamFormatError =>
    new UpstreamFormatError(
      response.operation,
      response.status,
      headerValue(response, 'content-type'),
      reason,
      maxEventLength,
      requestId,
    );

  return (async function* events(): AsyncGenerator<ServerSentEvent<T>> {
    const ready: EventSourceMessage[] = [];
    let retry: number | undefined;
    let lastId: string | undefined;
    let tooLarge = false;
    const parser = createParser({
      maxBufferSize: maxEventLength,
      // The parser bounds what it buffers across chunks; an event that arrived inside one chunk is
      // bounded here, so the limit does not depend on how the bytes were split.
      onEvent: (message) => {
        if (message.data.length > maxEventLength) tooLarge = true;
        else ready.push(message);
      },
      onRetry: (ms) => void (retry = ms),
      // Unknown fields and bad retry values are ignored, as EventSource does; only the size bound fails.
      onError: (error) => void (error.type === 'max-buffer-size-exceeded' && (tooLarge = true)),
    });
    const toEvent = (message: EventSourceMessage): ServerSentEvent<T> => {
      let data: unknown = message.data;
      if (dataFormat === 'json') {
        try {
          data = JSON.parse(message.data);
        } catch {
          throw formatError('not-json');
        }
      }
      const event: ServerSentEvent<T> = { event: message.event ?? 'message', data: data as T };
      if (message.id !== undefined) lastId = message.id;
      if (lastId !== undefined) event.id = lastId;
      if (retry !== undefined) event.retry = retry;
      return event;
    };
    const decoder = new TextDecoder('utf-8');
    try {
      try {
        for await (const chunk of source as AsyncIterable<Uint8Array>) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (tooLarge) throw formatError('too-large');
          while (ready.length > 0) yield toEvent(ready.shift()!);
        }
        parser.feed(decoder.decode());
        while (ready.length > 0) yield toEvent(ready.shift()!);
      } catch (err) {
        if (err instanceof UpstreamFormatError) throw err;
        // The caller's abort destroyed the body: end with the caller's reason, whatever it is.
        if (options?.signal?.aborted) throw options.signal.reason;
        throw bodyReadError(response.operation, err);
      }
    } finally {
      // Reached on the end of the body, an error, and a consumer's break/return alike.
      source.destroy();
    }
  })();
}
