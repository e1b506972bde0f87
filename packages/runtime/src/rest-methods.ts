// 405 Method Not Allowed for a generated REST adapter: a path that is served, asked with a method it
// is not served with, answers 405 with an Allow header instead of falling through to 404.
import type { RequestHandler } from 'express';
import { errorJson } from './rest-errors.js';

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function allowHeader(methods: Iterable<string>): string {
  const set = new Set([...methods].map((m) => m.toUpperCase()));
  if (set.has('GET')) set.add('HEAD');
  const rank = (m: string): number =>
    METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length;
  return [...set].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).join(', ');
}

const ALLOWED = Symbol('allowed methods');

/**
 * Registered with app.all(path, …) after the routes of `path`: notes the methods served there, so
 * that methodNotAllowed() can answer 405 (several registered paths may match one request).
 */
export function allowedMethods(methods: readonly string[]): RequestHandler {
  return (_req, res, next) => {
    const locals = res.locals as { [ALLOWED]?: Set<string> };
    const seen = (locals[ALLOWED] ??= new Set());
    for (const m of methods) seen.add(m.toUpperCase());
    next();
  };
}

/**
 * After every route and allowedMethods(): a path that is served, but not with this method, answers
 * 405 with an Allow header (OPTIONS: 204 with Allow); an unknown path goes on to the 404 handler.
 */
export function methodNotAllowed(): RequestHandler {
  return (req, res, next) => {
    const seen = (res.locals as { [ALLOWED]?: Set<string> })[ALLOWED];
    if (seen === undefined || seen.size === 0) return next();
    const allow = allowHeader(seen);
    res.setHeader('allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    errorJson(
      res,
      405,
      'method_not_allowed',
      `${req.method} is not allowed on ${req.path}; allowed: ${allow}`,
    );
  };
}
