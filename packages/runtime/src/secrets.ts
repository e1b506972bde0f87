// The bound secrets of this process, so that nothing the servers send back or log can carry one: an
// upstream that echoes the credential it received (in a 401 body, say) must not leak it to callers.
// One redactor serves both the error bodies (registered secrets) and the logger (its own source).

import { callerSecretValues } from './caller-credentials.js';

export const REDACTED_SECRET = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary text, not leak it. */
const MIN_SECRET_LENGTH = 4;

/** Replaces secret values in texts. */
export interface Redactor {
  /** The values searched for: unique strings of at least 4 characters, longest first. */
  readonly secrets: readonly string[];
  /**
   * The text with every secret replaced by `[redacted]`, as it is and in its JSON-escaped form (an
   * upstream that answers JSON escapes quotes, backslashes and control characters of what it echoes).
   */
  redact(text: string): string;
  /** redact() for a JSON document: only the JSON-escaped forms, so that its own quotes survive. */
  redactJson(json: string): string;
  /**
   * redact() for a text cut short (a bounded read): a secret the cut split in two leaves its start at
   * the end of the text, which is dropped too, whatever its length.
   */
  redactCut(text: string): string;
  /** Whether a secret occurs in the text (as it is or JSON-escaped). */
  contains(text: string): boolean;
}

function replaceAll(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED_SECRET);
  return out;
}

/** A redactor of the given values (anything not a string of 4 characters or more is ignored). */
export function createRedactor(values: readonly unknown[]): Redactor {
  const unique = new Set<string>();
  for (const v of values) if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) unique.add(v);
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...unique].sort((a, b) => b.length - a.length);
  const escaped = secrets.map((s) => JSON.stringify(s).slice(1, -1)).filter((e, i) => e !== secrets[i]);
  const forms = [...secrets, ...escaped].sort((a, b) => b.length - a.length);
  const redact = (text: string): string => (forms.length === 0 ? text : replaceAll(text, forms));
  return {
    secrets,
    redact,
    redactJson: (json) => (escaped.length === 0 ? json : replaceAll(json, escaped)),
    redactCut: (text) => {
      const out = redact(text);
      let cut = 0;
      for (const form of forms) {
        for (let n = Math.min(form.length - 1, out.length); n > cut; n--) {
          if (out.endsWith(form.slice(0, n))) {
            cut = n;
            break;
          }
        }
      }
      return cut > 0 ? out.slice(0, out.length - cut) : out;
    },
    contains: (text) => forms.some((form) => text.includes(form)),
  };
}

function sameList(a: readonly unknown[], b: readonly unknown[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The redactor of whatever `source` returns now: the source is asked every time (rotated credentials
 * are picked up), the redactor rebuilt only when the values changed.
 */
export function redactorOf(source: () => readonly unknown[]): () => Redactor {
  let last: readonly unknown[] | undefined;
  let redactor = createRedactor([]);
  return () => {
    const values = source();
    if (!sameList(values, last)) {
      last = [...values];
      redactor = createRedactor(values);
    }
    return redactor;
  };
}

const NONE = createRedactor([]);
let current: () => Redactor = () => NONE;

/** Called once by each server entry point with the source of its secret values. */
export function registerSecrets(source: () => readonly string[]): void {
  current = redactorOf(source);
}

/**
 * The registered secrets, plus the credentials of the caller being served (caller-credentials.ts):
 * those get a redactor of their own per use, never kept beyond it.
 */
function active(): Redactor {
  const callers = callerSecretValues();
  return callers.length === 0 ? current() : createRedactor([...current().secrets, ...callers]);
}

/** The text with every registered secret value replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return active().redact(text);
}

/** redactSecrets() for a text cut short: also drops the start of a secret the cut split. */
export function redactSecretsAtCut(text: string): string {
  return active().redactCut(text);
}

/** Whether any registered secret occurs in the text. */
export function containsSecret(text: string): boolean {
  return active().contains(text);
}
