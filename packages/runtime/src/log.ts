// Structured logging of a generated server: JSON lines on stderr (stdout stays clean for MCP stdio),
// with secrets (the bound API keys) and credential-looking fields redacted wherever they appear. The
// values are found by the redactor of secrets.ts, the one that also scrubs upstream error bodies.
import { REDACTED_SECRET, redactorOf, type Redactor } from './secrets.js';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = REDACTED_SECRET;

const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$|token|secret|password|passwd|api[-_]?key/i;
const MAX_DEPTH = 8;

/** True for field names whose values are credentials whatever they contain. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

function sanitize(value: unknown, secrets: Redactor, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return secrets.redact(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: secrets.redact(value.message) };
      const code = (value as { code?: unknown }).code;
      if (typeof code === 'string' || typeof code === 'number') out.code = code;
      if (value.stack) out.stack = secrets.redact(value.stack);
      if (value.cause !== undefined) out.cause = sanitize(value.cause, secrets, seen, depth + 1);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => sanitize(v, secrets, seen, depth + 1));
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      const rec: Record<string, string> = {};
      value.forEach((v, k) => (rec[k] = v));
      return sanitize(rec, secrets, seen, depth + 1);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = secrets.redact(k);
      out[key] =
        isSensitiveKey(k) && v !== undefined && v !== null && v !== ''
          ? REDACTED
          : sanitize(v, secrets, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Flat fields (no objects) need no cycle tracking: the common case, e.g. the access log. */
function isFlat(fields: Record<string, unknown>): boolean {
  for (const k in fields) {
    const v = fields[k];
    if (v !== null && (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol'))
      return false;
  }
  return true;
}

const sensitiveKeys = new Map<string, boolean>();
function sensitive(key: string): boolean {
  let hit = sensitiveKeys.get(key);
  if (hit === undefined) {
    hit = isSensitiveKey(key);
    if (sensitiveKeys.size < 1024) sensitiveKeys.set(key, hit);
  }
  return hit;
}

/**
 * Lines written to process.stderr are gathered and written at most every LOG_FLUSH_MS (sooner past
 * BUFFER_FLUSH_BYTES, and at exit): under load, one write per event-loop turn was a write system call
 * per request or two (the REST adapter's profile, notes/issue-12w.md).
 */
const BUFFER_FLUSH_BYTES = 64 * 1024;
const LOG_FLUSH_MS = 10;
const exitFlushers = new Set<() => void>();

/**
 * JSON-lines logger on stderr. Every value returned by `secrets` (strings of 4 characters or more) is replaced by
 * "[redacted]" wherever it appears in the line (also in its JSON-escaped form); keys named
 * authorization / cookie / x-api-key / *token* / *secret* / *password* are redacted too. On
 * process.stderr, lines are written in batches at most every 10 ms, and at exit.
 */
export function createLogger(
  name: string,
  secrets: () => readonly string[],
  stream: NodeJS.WritableStream = process.stderr,
): Logger {
  // The secrets are read on every line (rotation), but sorted and escaped only when they change. A
  // provider that throws must not take logging down: it counts as no secrets.
  const current = redactorOf(() => {
    try {
      return secrets();
    } catch {
      return [];
    }
  });

  const buffered = stream === process.stderr;
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const out = pending;
    pending = '';
    try {
      stream.write(out);
    } catch {
      /* logging must never take the server down */
    }
  };
  if (buffered) {
    if (exitFlushers.size === 0) process.once('exit', () => exitFlushers.forEach((f) => f()));
    exitFlushers.add(flush);
  }
  const emit = (line: string): void => {
    if (!buffered) {
      try {
        stream.write(`${line}\n`);
      } catch {
        /* logging must never take the server down */
      }
      return;
    }
    pending += `${line}\n`;
    if (pending.length >= BUFFER_FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setTimeout(flush, LOG_FLUSH_MS).unref();
    }
  };

  const write = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void => {
    const secretsNow = current();
    const record: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      name,
      msg: secretsNow.redact(String(msg)),
    };
    if (fields) {
      if (isFlat(fields)) {
        for (const k in fields) {
          const v = fields[k];
          const key = secretsNow.redact(k);
          if (key in record || v === undefined) continue;
          record[key] =
            sensitive(k) && v !== null && v !== ''
              ? REDACTED
              : typeof v === 'string'
                ? secretsNow.redact(v)
                : typeof v === 'bigint'
                  ? v.toString()
                  : v;
        }
      } else {
        const clean = sanitize(fields, secretsNow, new WeakSet(), 0) as Record<string, unknown>;
        for (const [k, v] of Object.entries(clean)) if (!(k in record)) record[k] = v;
      }
    }
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({
        time: record.time,
        level,
        name,
        msg: record.msg,
        note: 'fields could not be serialised',
      });
    }
    // Safety net: the JSON-escaped form of a secret (quotes, backslashes, control characters).
    emit(secretsNow.redactJson(line));
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
