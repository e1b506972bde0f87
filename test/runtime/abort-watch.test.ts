// The caller's abort as the transport watches it (abort-watch.ts): LazyAbort builds its AbortSignal
// only when asked, and it agrees with the watch whichever comes first; a plain signal works the same.
import { describe, expect, it } from 'vitest';
import { LazyAbort, abortWatchOf, ABORT_WATCH } from '../../packages/runtime/src/abort-watch.js';
import { makeDeadline } from '../../packages/runtime/src/deadline.js';

describe('LazyAbort', () => {
  it('calls each listener once on abort, not after unsubscribing, and never after the fact', () => {
    const a = new LazyAbort();
    const calls: string[] = [];
    a.listen(() => calls.push('one'));
    const off = a.listen(() => calls.push('two'));
    off();
    const reason = new Error('gone');
    a.abort(reason);
    a.abort(new Error('again'));
    a.listen(() => calls.push('late'));
    expect(calls).toEqual(['one']);
    expect(a.aborted).toBe(true);
    expect(a.reason).toBe(reason);
  });

  it('its signal, read before or after the abort, carries the same reason', () => {
    const before = new LazyAbort();
    const signal = before.signal;
    expect(signal.aborted).toBe(false);
    before.abort('why');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('why');
    const after = new LazyAbort();
    after.abort('later');
    expect(after.signal.aborted).toBe(true);
    expect(after.signal.reason).toBe('later');
  });

  it('a deadline fires with the caller abort, from a watch or from a signal', () => {
    const watch = new LazyAbort();
    const stopped: unknown[] = [];
    const d1 = makeDeadline(0, abortWatchOf({ [ABORT_WATCH]: watch }));
    d1.setCurrent((r) => stopped.push(r));
    watch.abort('w');
    const ac = new AbortController();
    const d2 = makeDeadline(0, abortWatchOf({ signal: ac.signal }));
    d2.setCurrent((r) => stopped.push(r));
    ac.abort('s');
    expect(stopped).toEqual(['w', 's']);
    expect(d1.timedOut()).toBe(false);
    expect(abortWatchOf({})).toBeUndefined();
  });
});
