// An AbortSignal that fires when the REST caller goes away, so the upstream request stops too.
import type { Request, Response } from 'express';

export function callerSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => {
    // 'close' also fires after a normal finish; only an unfinished response means the caller left.
    if (!res.writableFinished) controller.abort(new Error('the caller closed the connection'));
  };
  res.once('close', abort);
  req.once('aborted', abort);
  return controller.signal;
}
