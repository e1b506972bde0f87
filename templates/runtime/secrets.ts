// The bound secrets of this process, so that nothing the servers send back can carry one: an
// upstream that echoes the credential it received (in a 401 body, say) must not leak it to callers.

export const REDACTED_SECRET = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary text, not leak it. */
const MIN_SECRET_LENGTH = 4;

let current: () => readonly string[] = () => [];

/** Called once by each server entry point with the source of its secret values. */
export function registerSecrets(source: () => readonly string[]): void {
  current = source;
}

/** The text with every registered secret value replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...current()].sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret))
      out = out.split(secret).join(REDACTED_SECRET);
  }
  return out;
}

/** Whether any registered secret occurs in the text. */
export function containsSecret(text: string): boolean {
  return current().some((secret) => secret.length >= MIN_SECRET_LENGTH && text.includes(secret));
}
