// The one timeout of a client call, shared by all its attempts, its redirects and (for json()) the
// reading of the body, joined with the caller's abort signal: whichever fires first stops whatever is
// in flight.
import { signalWatch, type AbortWatch } from './abort-watch.js';

/**
 * The shared timeout of one call and the caller's abort signal. Whatever is in flight (a request,
 * then the response body) registers itself with setCurrent() and is destroyed when either fires.
 */
export interface Deadline {
  timedOut(): boolean;
  timeoutMs: number;
  /** Milliseconds left before the timeout fires (Infinity without a timeout). */
  remaining(): number;
  /** The single thing to stop when the deadline fires (replaces the previous one). */
  setCurrent(stop: ((reason: unknown) => void) | undefined): void;
  /** An AbortSignal that fires with the deadline; created on first use (fetch, retry waits). */
  readonly signal: AbortSignal;
  /** Stops the timer; a caller abort still reaches the current holder. */
  stopTimer(): void;
  /** Stops the timer and detaches from the caller's signal. */
  clear(): void;
}

/**
 * A deadline of timeoutMs (0 or Infinity: none) that also fires when the caller aborts (an AbortSignal
 * or the lighter AbortWatch of abort-watch.ts).
 */
export function makeDeadline(timeoutMs: number, caller: AbortSignal | AbortWatch | undefined): Deadline {
  const callerAbort = caller instanceof AbortSignal ? signalWatch(caller) : caller;
  const enabled = Number.isFinite(timeoutMs) && timeoutMs > 0;
  const startedAt = enabled ? Date.now() : 0;
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: ((reason: unknown) => void) | undefined;
  let controller: AbortController | undefined;
  let reason: unknown;
  let done = false;
  const fire = (why: unknown): void => {
    if (done) return;
    reason = why;
    const stop = current;
    current = undefined;
    stop?.(why);
    controller?.abort(why);
  };
  const onCallerAbort = (): void => fire(callerAbort?.reason);
  if (enabled) {
    timer = setTimeout(() => {
      timer = undefined;
      fired = true;
      fire(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    timer.unref?.();
  }
  const unlisten = callerAbort?.listen(onCallerAbort);
  return {
    timeoutMs,
    timedOut: () => fired && !(callerAbort?.aborted ?? false),
    remaining: () => (enabled ? Math.max(0, startedAt + timeoutMs - Date.now()) : Number.POSITIVE_INFINITY),
    setCurrent: (stop) => {
      current = stop;
    },
    get signal(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (reason !== undefined || fired) controller.abort(reason);
      }
      return controller.signal;
    },
    stopTimer: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      current = undefined;
      done = controller === undefined; // a fetch still holding the signal keeps the caller link
      if (done) unlisten?.();
    },
  };
}
