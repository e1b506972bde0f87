// MCP tool results of a generated server: turns an upstream response (or a thrown error) into a
// CallToolResult, reading at most a byte budget so a huge body (e.g. a batch output) cannot flood
// the model or the server's memory.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { MissingCallerCredentialError } from './caller-credentials.js';
import { parseBody, readBodyText, readErrorBody } from './read-body.js';
import { redactSecrets } from './secrets.js';
import { settingOf } from './settings.js';
import { DEFAULT_TIMEOUT_MS } from './transport.js';
import { timeoutOf } from './upstream-env.js';
import {
  InvalidRequestError,
  UpstreamFormatError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from './upstream-errors.js';
import { cancelBody, headerValue, type UpstreamResponse } from './upstream-response.js';

export interface ToolResultOptions {
  /** Byte budget for the text of one result; see resultBudget(). */
  maxBytes: number;
  /**
   * The upstream's outputRawFormat when it is a structured format other than json (xml, csv, tsv,
   * psv, yaml), with its converter (e.g. `{ name: 'xml', parse: (t) => parseRawFormat(t, 'xml') }`):
   * the body is converted before `project`. Absent: the body is parsed as JSON when it is JSON. The
   * converter is passed in so that a JSON-only package carries no XML, CSV or YAML parser.
   */
  format?: { name: string; parse: (text: string) => unknown };
  /**
   * Builds the declared output from the parsed 2xx body (e.g. `(b) => project(b, fields)`). Applied
   * to parsed JSON (or a converted format) and to an empty body; a body that cannot be projected
   * (too large for the budget, not valid for its format) gives an isError result.
   */
  project?: (body: unknown) => unknown;
  /** Longest wait for the whole body; default NAFTIKO_UPSTREAM_TIMEOUT_MS, else 30 s; 0 disables. */
  timeoutMs?: number;
  /**
   * The tool declares an outputSchema, so every successful result carries structuredContent: a body
   * that cannot be (not JSON, over the budget) is an isError result. `wrap` names the property that
   * holds an array or scalar body (structuredContent is always an object).
   */
  structured?: { wrap?: string };
}

export const DEFAULT_RESULT_BYTES = 1_048_576;

/**
 * Reads the body (bounded by maxBytes; an error body scrubbed of secrets) within timeoutMs, by default
 * the upstream timeout (NAFTIKO_UPSTREAM_TIMEOUT_MS, else 30 s): a body that stalls gives
 * UpstreamTimeoutError.
 */
async function readBodyWithin(
  upstream: UpstreamResponse,
  maxBytes: number,
  timeoutMs: number | undefined,
): Promise<{ text: string; truncated: boolean }> {
  const read = (): Promise<{ text: string; truncated: boolean }> =>
    upstream.ok ? readBodyText(upstream, maxBytes) : readErrorBody(upstream, { maxBytes });
  const ms = timeoutMs ?? timeoutOf(undefined, process.env).timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(ms) || ms <= 0) return read();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancelBody(upstream);
  }, ms);
  timer.unref?.();
  try {
    return await read();
  } catch (err) {
    if (timedOut) throw new UpstreamTimeoutError(upstream.operation, ms);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
export const RESULT_BUDGET_ENV = 'NAFTIKO_MCP_MAX_RESULT_BYTES';

/** The result budget: env NAFTIKO_MCP_MAX_RESULT_BYTES (positive integer) or 1 MiB. */
export function resultBudget(env: NodeJS.ProcessEnv = process.env): number {
  // Validated like every NAFTIKO_* setting: an invalid value is a SettingError, never the default.
  return settingOf(RESULT_BUDGET_ENV, env) ?? DEFAULT_RESULT_BYTES;
}

function text(t: string, isError = false): CallToolResult {
  // Error texts carry upstream bodies, which may echo the credential sent: scrub them.
  return isError
    ? { isError: true, content: [{ type: 'text', text: redactSecrets(t) }] }
    : { content: [{ type: 'text', text: t }] };
}

function truncationNotice(shownBytes: number): string {
  return (
    `[truncated: showing the first ${shownBytes} bytes of a larger response; ` +
    `use the REST adapter or the client library to read it in full, or raise ${RESULT_BUDGET_ENV}]`
  );
}

/** Cuts a truncated text after its last complete line when it has lines (JSONL stays line-aligned). */
function cutAtLine(t: string): string {
  const nl = t.lastIndexOf('\n');
  return nl > 0 ? t.slice(0, nl + 1) : t;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Turns an upstream response into a tool result. 2xx JSON object → text (JSON) + structuredContent;
 * 2xx JSON non-object → text only; non-JSON → text, read at most maxBytes then the stream is
 * cancelled and a truncation notice appended; 4xx/5xx → isError with text JSON {"status", "body"}
 * (body bounded the same way).
 */
export async function toToolResult(
  upstream: UpstreamResponse,
  options: ToolResultOptions,
): Promise<CallToolResult> {
  const maxBytes = Math.max(1, Math.floor(options.maxBytes));
  const { text: raw, truncated } = await readBodyWithin(upstream, maxBytes, options.timeoutMs);
  const contentType = headerValue(upstream, 'content-type');

  if (!upstream.ok) {
    const body = truncated ? raw : parseBody(raw, contentType).value;
    const payload: Record<string, unknown> = { status: upstream.status, body: body ?? null };
    if (truncated) payload.truncated = true;
    return text(JSON.stringify(payload), true);
  }

  if (truncated && (options.project || options.structured)) {
    return text(
      `The upstream response is larger than ${maxBytes} bytes, so its declared output cannot be built; ` +
        `use the REST adapter or the client library, or raise ${RESULT_BUDGET_ENV}.`,
      true,
    );
  }

  if (truncated) {
    const shown = cutAtLine(raw);
    const shownBytes = Buffer.byteLength(shown, 'utf8');
    const sep = shown.endsWith('\n') || shown === '' ? '' : '\n';
    return text(`${shown}${sep}${truncationNotice(shownBytes)}`);
  }

  const format = options.format;
  let value: unknown;
  let structured: boolean;
  if (raw.length === 0) {
    if (!options.project)
      return text(
        `The upstream service answered HTTP ${upstream.status} with an empty body.`,
        options.structured !== undefined,
      );
    value = undefined;
    structured = true;
  } else if (format !== undefined) {
    try {
      value = format.parse(raw);
      structured = true;
    } catch {
      if (options.project)
        return text(
          `The upstream response is not valid ${format.name}, so its declared output cannot be built.`,
          true,
        );
      return text(raw);
    }
  } else {
    const parsed = parseBody(raw, contentType);
    value = parsed.value;
    structured = parsed.format === 'json';
  }
  if (!structured && options.structured)
    return text(
      `The upstream answered ${contentType ?? 'a body without content type'} that is not JSON, so the tool's declared output cannot be built.`,
      true,
    );
  if (!structured) return text(raw);
  if (options.project) {
    try {
      value = options.project(value);
    } catch {
      return text('The declared output could not be built from the upstream response.', true);
    }
  }
  const wrap = options.structured?.wrap;
  return structuredResult(wrap === undefined ? value : { [wrap]: value ?? null });
}

function structuredResult(value: unknown): CallToolResult {
  const json = JSON.stringify(value) ?? 'null';
  if (isPlainObject(value)) return { content: [{ type: 'text', text: json }], structuredContent: value };
  return text(json);
}

function isAbortLike(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError';
}

/** Where failureResult reports what the caller only sees as an isError result. */
export interface FailureLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Thrown error → isError result (timeout / network / invalid request / upstream HTTP); never a stack
 * or secret. Upstream outages and unexpected errors are also logged, as the REST adapter does:
 * the model sees a polite sentence, the operator needs the cause.
 */
export function failureResult(err: unknown, log?: FailureLog, requestId?: string): CallToolResult {
  if (err instanceof MissingCallerCredentialError) return text(err.message, true);
  if (err instanceof InvalidRequestError) return text(`Invalid input: ${err.problems.join('; ')}`, true);
  const id = requestId === undefined ? {} : { requestId };
  if (err instanceof UpstreamNetworkError) {
    const fields = { operation: err.operation, error: err, ...id };
    if (err instanceof UpstreamTimeoutError)
      log?.warn('upstream timeout', { ...fields, timeoutMs: err.timeoutMs });
    else log?.warn('upstream unreachable', fields);
  } else if (err instanceof UpstreamFormatError) {
    log?.warn('upstream body not usable', {
      operation: err.operation,
      reason: err.reason,
      contentType: err.contentType,
      ...id,
    });
    return text(err.message, true);
  } else if (!(err instanceof UpstreamHttpError) && !isAbortLike(err))
    log?.error('tool failed', { error: err, ...id });
  if (err instanceof UpstreamTimeoutError) {
    return text(
      `The upstream service did not respond within ${err.timeoutMs} ms (${err.operation}). Try again later.`,
      true,
    );
  }
  if (err instanceof UpstreamNetworkError) {
    // The error's own message repeats the phrase; keep only its detail (e.g. "(ECONNREFUSED)").
    const detail = err.message
      .replace(`${err.operation}: `, '')
      .replace(/^could not reach the upstream service\s*/i, '')
      .trim();
    return text(
      `Could not reach the upstream service for ${err.operation}${detail ? ` ${detail}` : ''}. Try again later.`,
      true,
    );
  }
  if (err instanceof UpstreamHttpError)
    return text(JSON.stringify({ status: err.status, body: err.body ?? null }), true);
  if (isAbortLike(err)) return text('The request was cancelled.', true);
  return text('Internal error while calling the upstream service.', true);
}

/** A computed value as an MCP tool result: JSON text, plus structuredContent for objects. */
export function valueResult(value: unknown): CallToolResult {
  const text = JSON.stringify(value ?? null);
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  return isObject
    ? { content: [{ type: 'text', text }], structuredContent: value as Record<string, unknown> }
    : { content: [{ type: 'text', text }] };
}
