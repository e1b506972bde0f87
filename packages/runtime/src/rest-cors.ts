// CORS of a generated REST adapter, off unless NAFTIKO_CORS_ORIGINS names the browser origins that
// may call it.
import type { Request, RequestHandler, Response } from 'express';
import { settingOf } from './settings.js';

export const CORS_ORIGINS_ENV = 'NAFTIKO_CORS_ORIGINS';
const CORS_ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_ALLOW_HEADERS = ['content-type', 'authorization', 'x-api-key', 'x-request-id'];
const CORS_EXPOSE_HEADERS = 'x-request-id, x-upstream-request-id, retry-after, content-disposition';
const HEADER_LIST = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

/**
 * CORS, off unless NAFTIKO_CORS_ORIGINS is set: `*` allows any origin, otherwise a comma-separated
 * list of exact origins (e.g. `https://app.example.com,http://localhost:3000`). Answers preflight
 * requests (OPTIONS with Access-Control-Request-Method) with 204. Credentials are not allowed. A
 * value that is not such a list is a SettingError (servers refuse to start with it).
 */
export function corsMiddleware(env: NodeJS.ProcessEnv = process.env): RequestHandler {
  const guard = corsGuard(env);
  if (guard === undefined) return (_req, _res, next) => next();
  return (req, res, next) => {
    if (guard(req, res)) next();
  };
}

/**
 * The work of corsMiddleware without the `next` (restFront runs it inline): false when it has
 * answered a preflight; undefined when CORS is off (NAFTIKO_CORS_ORIGINS unset).
 */
export function corsGuard(
  env: NodeJS.ProcessEnv = process.env,
): ((req: Request, res: Response) => boolean) | undefined {
  const setting = settingOf(CORS_ORIGINS_ENV, env);
  if (setting === undefined) return undefined;
  const any = setting.any;
  const allowed = new Set(setting.origins);
  return (req, res) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (!any) res.vary('Origin');
    if (origin === undefined || (!any && !allowed.has(origin.toLowerCase()))) return true;
    res.setHeader('access-control-allow-origin', any ? '*' : origin);
    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      const requested = req.headers['access-control-request-headers'];
      const headers = new Set(CORS_ALLOW_HEADERS);
      if (typeof requested === 'string' && HEADER_LIST.test(requested.trim())) {
        for (const h of requested.split(',')) headers.add(h.trim().toLowerCase());
      }
      res.vary('Access-Control-Request-Headers');
      res.setHeader('access-control-allow-methods', CORS_ALLOW_METHODS);
      res.setHeader('access-control-allow-headers', [...headers].join(', '));
      res.setHeader('access-control-max-age', '600');
      res.setHeader('content-length', '0');
      res.status(204).end();
      return false;
    }
    res.setHeader('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    return true;
  };
}
