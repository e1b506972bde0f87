// The liveness route of a generated server, for load balancers and orchestrators. Copied verbatim
// from naftiko-gen's templates/runtime/health.ts; do not edit the copy.
import type { RequestHandler } from 'express';

/** GET /healthz → {"status":"ok","name":…} */
export function healthHandler(name: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.status(200).json({ status: 'ok', name });
  };
}
