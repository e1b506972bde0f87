// The errors an upstream call fails with, and how a low-level failure is told apart (the caller's
// abort, a timeout, a network error). Their messages never carry header values or URLs: both may hold
// credentials.

export class UpstreamHttpError extends Error {
  readonly status: number;
  /** Lower-case header names; set-cookie is never included. */
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly operation: string;
  constructor(operation: string, status: number, headers: Record<string, string>, body: unknown) {
    super(`${operation}: upstream responded with HTTP ${status}`);
    this.name = 'UpstreamHttpError';
    this.operation = operation;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

export class UpstreamNetworkError extends Error {
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamNetworkError';
    this.operation = operation;
  }
}

export class UpstreamTimeoutError extends UpstreamNetworkError {
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(operation, `${operation}: upstream did not respond within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A credential or bound value a request needs is neither passed to the client nor set (non-empty) in
 * the environment. Thrown before anything is sent: an empty `Authorization: Bearer ` would only earn
 * an upstream 401 that hides the cause.
 */
export class MissingCredentialError extends Error {
  readonly variable: string;
  constructor(client: string, variable: string) {
    super(
      `${client}: ${variable} is not set; pass it in the client's credentials option or set the environment variable`,
    );
    this.name = 'MissingCredentialError';
    this.variable = variable;
  }
}

/**
 * A 2xx body a typed method cannot return as declared: not JSON although the operation declares a
 * JSON result, or larger than the transport buffers (`maxJsonBytes`). The raw method reads the same
 * response as a stream.
 */
export class UpstreamFormatError extends Error {
  readonly operation: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly reason: 'not-json' | 'too-large';
  constructor(
    operation: string,
    status: number,
    contentType: string | null,
    reason: 'not-json' | 'too-large',
    maxBytes: number,
  ) {
    super(
      reason === 'not-json'
        ? `${operation}: the upstream answered ${contentType ?? 'a body without content type'} that is not JSON; read it as a stream with the client's raw method instead`
        : `${operation}: the upstream body is larger than ${maxBytes} bytes, the most a typed method buffers; read it as a stream with the client's raw method instead`,
    );
    this.name = 'UpstreamFormatError';
    this.operation = operation;
    this.status = status;
    this.contentType = contentType;
    this.reason = reason;
  }
}

export class InvalidRequestError extends Error {
  readonly problems: string[];
  constructor(problems: string[], operation?: string) {
    super(`${operation ? `${operation}: ` : ''}invalid request: ${problems.join('; ')}`);
    this.name = 'InvalidRequestError';
    this.problems = problems;
  }
}

/** The first Node error code (e.g. ECONNREFUSED) along the cause chain: the one detail safe to show. */
export function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_0-9]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The caller's abort or a fired timeout: passed on as it is, never turned into a network error. */
export function isAbortLike(err: unknown): boolean {
  return (
    !!err &&
    typeof err === 'object' &&
    ((err as { name?: unknown }).name === 'AbortError' || (err as { name?: unknown }).name === 'TimeoutError')
  );
}

/** What a body that failed mid-read rejects with: an abort as it is, anything else as a network error. */
export function bodyReadError(operation: string, err: unknown): unknown {
  if (isAbortLike(err)) return err;
  const code = causeCode(err);
  return new UpstreamNetworkError(
    operation,
    `${operation}: the upstream response body could not be read${code ? ` (${code})` : ''}`,
    { cause: err },
  );
}
