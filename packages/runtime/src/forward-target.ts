// Where a REST `forward` route sends requests: a client's base URL and credentials, kept off the
// client's public surface (a public method returning the bearer token would leak it to any code that
// holds the client).

export interface ForwardTarget {
  baseUrl: string;
  auth?: { headers?: Record<string, string>; query?: Record<string, string> };
}

const targets = new WeakMap<object, () => ForwardTarget>();

/** Called by a generated client's constructor. */
export function registerForwardTarget(client: object, target: () => ForwardTarget): void {
  targets.set(client, target);
}

/** The base URL and current credentials of `client`, for the forward handler. */
export function forwardTargetOf(client: object): ForwardTarget {
  const target = targets.get(client);
  if (!target) throw new TypeError('forwardTargetOf: not a generated client');
  return target();
}
