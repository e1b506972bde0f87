// The errors an upstream call fails with, and how a low-level failure is told apart (the caller's
// abort, a timeout, a network error). Their messages never carry header values or URLs: both may hold
// credentials.

/**
 * The base of every error a generated client throws (`err instanceof NaftikoError` catches them all):
 * the operation it happened in and, when there was an exchange, the request id to quote to the
 * upstream's support (its own request-id header, else the x-request-id sent).
 */
export class NaftikoError extends Error {
  readonly operation: string;
  readonly requestId: string | undefined;
  constructor(
    operation: string,
    message: string,
    options?: { cause?: unknown; requestId?: string | undefined },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.operation = operation;
    this.requestId = options?.requestId;
  }
}

/** Response headers that carry an upstream's request id, most specific first. */
const REQUEST_ID_HEADERS = [
  'x-portkey-request-id',
  'x-portkey-trace-id',
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'cf-ray',
];

/** The upstream's request id from its response headers, else the one sent (`ours`). */
export function upstreamRequestId(headers: Record<string, string>, ours?: string): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value.slice(0, 200);
  }
  return ours;
}

/** Longest upstream message quoted in an error message. */
const MAX_QUOTED = 300;

/** What the upstream said, from the common error body shapes ({error: {message}}, {message}, {detail}, text). */
export function upstreamMessage(body: unknown): string | undefined {
  let text: unknown;
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const error = b.error;
    text =
      (error && typeof error === 'object' ? (error as Record<string, unknown>).message : error) ??
      b.message ??
      b.detail ??
      b.title ??
      b.error_description;
  }
  if (typeof text !== 'string') return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return undefined;
  return flat.length > MAX_QUOTED ? `${flat.slice(0, MAX_QUOTED)}…` : flat;
}

/**
 * A non-2xx answer. Thrown as the subclass of its status (NotFoundError for 404, RateLimitError for
 * 429…; made by `upstreamHttpError`), so callers can catch one status or all of them.
 */
export class UpstreamHttpError extends NaftikoError {
  readonly status: number;
  /** Lower-case header names; set-cookie is never included. */
  readonly headers: Record<string, string>;
  /** The upstream body, read bounded, scrubbed of bound secrets, parsed when JSON. */
  readonly body: unknown;
  constructor(
    operation: string,
    status: number,
    headers: Record<string, string>,
    body: unknown,
    requestId?: string,
  ) {
    const said = upstreamMessage(body);
    super(operation, `${operation}: upstream responded with HTTP ${status}${said ? `: ${said}` : ''}`, {
      requestId: upstreamRequestId(headers, requestId),
    });
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** HTTP 400: the upstream refused the request as malformed. */
export class BadRequestError extends UpstreamHttpError {}
/** HTTP 401: the credential is missing, wrong or expired. */
export class AuthenticationError extends UpstreamHttpError {}
/** HTTP 403: the credential may not do this. */
export class PermissionDeniedError extends UpstreamHttpError {}
/** HTTP 404: no such resource. */
export class NotFoundError extends UpstreamHttpError {}
/** HTTP 409: the resource is not in a state that allows this. */
export class ConflictError extends UpstreamHttpError {}
/** HTTP 422: well-formed but invalid. */
export class UnprocessableEntityError extends UpstreamHttpError {}
/** HTTP 429: too many requests; `headers['retry-after']` says when to try again, when sent. */
export class RateLimitError extends UpstreamHttpError {}
/** HTTP 5xx: the upstream failed. */
export class InternalServerError extends UpstreamHttpError {}

const BY_STATUS: Record<number, typeof UpstreamHttpError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The UpstreamHttpError subclass of `status` (the base class for statuses without one). */
export function upstreamHttpError(
  operation: string,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  requestId?: string,
): UpstreamHttpError {
  const Class = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : UpstreamHttpError);
  return new Class(operation, status, headers, body, requestId);
}

export class UpstreamNetworkError extends NaftikoError {
  constructor(
    operation: string,
    message: string,
    options?: { cause?: unknown; requestId?: string | undefined },
  ) {
    super(operation, message, options);
  }
}

export class UpstreamTimeoutError extends UpstreamNetworkError {
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number, requestId?: string) {
    super(operation, `${operation}: upstream did not respond within ${timeoutMs} ms`, { requestId });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A credential or bound value a request needs is neither passed to the client nor set (non-empty) in
 * the environment. Thrown before anything is sent: an empty `Authorization: Bearer ` would only earn
 * an upstream 401 that hides the cause.
 */
export class MissingCredentialError extends NaftikoError {
  readonly variable: string;
  constructor(client: string, variable: string) {
    super(
      client,
      `${client}: ${variable} is not set; pass it in the client's credentials option or set the environment variable`,
    );
    this.variable = variable;
  }
}

/**
 * A 2xx body a typed method cannot return as declared: not JSON although the operation declares a
 * JSON result, larger than the transport buffers (`maxJsonBytes`), or a JSON line longer than the
 * stream allows. The raw method reads the same response as a stream.
 */
export class UpstreamFormatError extends NaftikoError {
  readonly status: number;
  readonly contentType: string | null;
  readonly reason: 'not-json' | 'too-large';
  constructor(
    operation: string,
    status: number,
    contentType: string | null,
    reason: 'not-json' | 'too-large',
    maxBytes: number,
    requestId?: string,
  ) {
    super(
      operation,
      reason === 'not-json'
        ? `${operation}: the upstream answered ${contentType ?? 'a body without content type'} that is not JSON; read it as a stream with the client's raw method instead`
        : `${operation}: the upstream body is larger than ${maxBytes} bytes, the most a typed method buffers; read it as a stream with the client's raw method instead`,
      { requestId },
    );
    this.status = status;
    this.contentType = contentType;
    this.reason = reason;
  }
}

/**
 * A binary answer (outputRawFormat: binary) larger than its `maxBinarySize`: refused whole, never cut
 * (a cut file looks complete to whoever reads it). The REST adapter answers 502, an MCP tool an
 * isError result, a client byte stream fails while being read.
 */
export class BinaryTooLargeError extends UpstreamFormatError {
  readonly maxBytes: number;
  constructor(
    operation: string,
    status: number,
    contentType: string | null,
    maxBytes: number,
    requestId?: string,
  ) {
    super(operation, status, contentType, 'too-large', maxBytes, requestId);
    this.message = `${operation}: the upstream answered more than ${maxBytes} bytes, the operation's maxBinarySize; raise maxBinarySize (on the consumed operation or the adapter) to accept it`;
    this.maxBytes = maxBytes;
  }
}

export class InvalidRequestError extends NaftikoError {
  readonly problems: string[];
  constructor(problems: string[], operation?: string) {
    super(operation ?? '', `${operation ? `${operation}: ` : ''}invalid request: ${problems.join('; ')}`);
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
