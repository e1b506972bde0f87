// How the transport learns that the caller of a call has given up. An AbortSignal does it, but in
// Node 20 creating one and listening on it costs several microseconds per request (profile of the
// REST adapter under load: createAbortSignal, addEventListener/removeEventListener; see
// notes/issue-12r.md), so the REST adapter hands the transport this lighter watch instead and builds
// the AbortSignal only if something reads CallOptions.signal.

/** A caller's abort as the transport reads it. */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `fn` once when the caller aborts (never if it already has); returns the unsubscribe. */
  listen(fn: () => void): () => void;
}

/** Where CallOptions built by callerCallOptions() carry their watch (a symbol: not part of the public shape). */
export const ABORT_WATCH = Symbol('naftiko.abortWatch');

type WithWatch = { signal?: AbortSignal; [ABORT_WATCH]?: AbortWatch };

const NOOP = (): void => undefined;

/** An AbortSignal seen as an AbortWatch. */
export function signalWatch(signal: AbortSignal): AbortWatch {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    listen(fn) {
      if (signal.aborted) return NOOP;
      signal.addEventListener('abort', fn, { once: true });
      return () => signal.removeEventListener('abort', fn);
    },
  };
}

/** The caller's abort of a call: its watch when it has one, else its signal's; undefined without either. */
export function abortWatchOf(options: object | undefined): AbortWatch | undefined {
  if (options === undefined) return undefined;
  const o = options as WithWatch;
  const watch = o[ABORT_WATCH];
  if (watch !== undefined) return watch;
  return o.signal ? signalWatch(o.signal) : undefined;
}

/** An abort that can be triggered once; its AbortSignal is created only when asked for. */
export class LazyAbort implements AbortWatch {
  aborted = false;
  reason: unknown = undefined;
  #listeners: (() => void)[] | undefined;
  #controller: AbortController | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    this.#controller?.abort(reason);
    if (listeners) for (const fn of listeners) fn();
  }

  listen(fn: () => void): () => void {
    if (this.aborted) return NOOP;
    (this.#listeners ??= []).push(fn);
    return () => {
      const listeners = this.#listeners;
      const i = listeners ? listeners.indexOf(fn) : -1;
      if (i >= 0) listeners!.splice(i, 1);
    };
  }

  /** The same abort as an AbortSignal (created on first access, already aborted if it has fired). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }
}
