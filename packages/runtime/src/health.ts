// The liveness route of a generated server, for load balancers and orchestrators.
import type { RequestHandler } from 'express';

/** GET /healthz → {"status":"ok","name":…} */
export function healthHandler(name: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.status(200).json({ status: 'ok', name });
  };
}
