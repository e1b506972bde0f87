// An abort that fires when the REST caller goes away, so the upstream request stops too.
import type { Request, Response } from 'express';
import { ABORT_WATCH, LazyAbort } from './abort-watch.js';
import type { CallOptions } from './request-plan.js';

const CALLER_GONE = 'the caller closed the connection';

function watchCaller(req: Request, res: Response): LazyAbort {
  const abort = new LazyAbort();
  const onClose = (): void => {
    // 'close' also fires after a normal finish; only an unfinished response means the caller left.
    if (!res.writableFinished) abort.abort(new Error(CALLER_GONE));
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return abort;
}

export function callerSignal(req: Request, res: Response): AbortSignal {
  return watchCaller(req, res).signal;
}

/**
 * The CallOptions of an upstream call made for a REST request: `extra` plus a `signal` that aborts
 * when the caller leaves. The signal is built only if read; the transport watches the caller through
 * the lighter AbortWatch (abort-watch.ts) instead.
 */
export function callerCallOptions(
  req: Request,
  res: Response,
  extra: Omit<CallOptions, 'signal'>,
): CallOptions {
  const abort = watchCaller(req, res);
  return {
    ...extra,
    get signal(): AbortSignal {
      return abort.signal;
    },
    [ABORT_WATCH]: abort,
  } as CallOptions;
}
