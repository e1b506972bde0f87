// Iterating a JSON-lines body (the batch output is JSONL served as application/octet-stream) one
// value at a time, so that a body of any size is processed in bounded memory.

/** Longest JSON line iterateJsonLines accepts by default (characters), so memory stays bounded. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

/**
 * Iterates a JSON-lines body (the batch output is JSONL served as application/octet-stream): lines
 * split across chunks, CRLF, a last line without newline; blank lines skipped. Memory stays bounded
 * by the longest line (RangeError beyond options.maxLineLength, default 64 Mi characters). Stopping early (break) cancels the underlying stream.
 */
export async function* iterateJsonLines(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: { maxLineLength?: number },
): AsyncGenerator<unknown> {
  const maxLineLength = options?.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let lineNo = 0;
  const parseLine = (line: string): { ok: true; value: unknown } | { ok: false } => {
    lineNo++;
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') return { ok: false };
    try {
      return { ok: true, value: JSON.parse(trimmed) };
    } catch {
      throw new SyntaxError(`invalid JSON on line ${lineNo} of a JSON-lines body`);
    }
  };
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf('\n', start);
      if (nl < 0) break;
      // A whole line inside one chunk is held too: it must respect the bound as a partial one does.
      if (nl - start > maxLineLength + 1) {
        throw new RangeError(
          `line ${lineNo + 1} of a JSON-lines body is longer than ${maxLineLength} characters`,
        );
      }
      const parsed = parseLine(buffer.slice(start, nl));
      start = nl + 1;
      if (parsed.ok) yield parsed.value;
    }
    buffer = buffer.slice(start);
    if (buffer.length > maxLineLength) {
      throw new RangeError(
        `line ${lineNo + 1} of a JSON-lines body is longer than ${maxLineLength} characters`,
      );
    }
  }
  buffer += decoder.decode();
  if (buffer.length > maxLineLength + 1) {
    throw new RangeError(
      `line ${lineNo + 1} of a JSON-lines body is longer than ${maxLineLength} characters`,
    );
  }
  if (buffer.length > 0) {
    const parsed = parseLine(buffer);
    if (parsed.ok) yield parsed.value;
  }
}
