// The node:http front of a generated REST adapter (dist/rest.js): the common request, one that a route
// of the table answers (a GET, or a plain JSON body of a declared length), is served without Express;
// every other request goes to the generated Express app unchanged. Why: in the adapter Express itself
// (its per-request set-up, router and the prototype switch of req and res) cost as much CPU as
// everything the routes do; served here, a GET costs ~190 µs of CPU instead of ~330 (bench/RESULTS.md,
// "Session 2026-12-06e").
//
// The request gets what the app would give it, in the same order: request id, server span, access log
// line, Host/Origin check, the JSON body read as express.json() reads it, the caller's credential scope,
// input validation, the call, the upstream's answer passed through. Anything the app would answer
// otherwise is left to it: HEAD and OPTIONS, a body the route does not read, a body that is not plain
// UTF-8 JSON of a declared length within NAFTIKO_REST_MAX_BODY (empty, chunked, compressed, another
// media type), an Origin header, a path with percent-escapes, the app's own endpoints (/healthz,
// /openapi.json, /docs), apps with CORS on or a forward route, and (decided by the generated entry)
// apps whose requests are authenticated. A route's answer that is not a passed-through upstream
// response (a 400, a failure, a computed JSON result) is written by Express's own response methods:
// the request is handed the app's prototypes first, as Express does on entry (toExpress).
import type { IncomingHttpHeaders, IncomingMessage, RequestListener } from 'node:http';
import type { Express, Request, Response } from 'express';
import { accessLogger } from './access-log.js';
import { hostAdmission, type HostPolicy } from './host-check.js';
import type { Logger } from './log.js';
import { assignRequestId } from './request-id.js';
import { apiDocsMayServe } from './api-docs.js';
import { BODY_ABORTED, isPlainJsonBody, readJsonBody } from './rest-body.js';
import { CORS_ORIGINS_ENV } from './rest-cors.js';
import { isHealthCheck } from './rest-front.js';
import { sendFailure } from './rest-errors.js';
import { registeredRoutes, type RegisteredRoute, type RouteRunner, type RouteSpec } from './rest-routes.js';
import { settingOf } from './settings.js';
import { startServerSpan } from './tracing.js';

export interface RestDirectOptions {
  /** The Host/Origin policy the app's front applies; a request it refuses goes to the app. */
  hosts: HostPolicy;
  log: Logger;
  /**
   * Read for NAFTIKO_CORS_ORIGINS (with CORS on, every request goes to the app); default process.env.
   * A body longer than its route parser's limit (registerRoutes, NAFTIKO_REST_MAX_BODY) goes to the app.
   */
  env?: NodeJS.ProcessEnv;
}

/** A route of the table: its method, its path as a pattern, its parameters' names, what it runs (none: Express answers it). */
interface DirectRoute {
  method: string;
  spec: RouteSpec;
  pattern: RegExp;
  params: readonly string[];
  runner: RouteRunner | undefined;
  scope: RegisteredRoute['scope'];
  /** The limit of the route's JSON body parser (registerRoutes); none: the route reads no body. */
  bodyLimit: number | undefined;
}

/** A route path segment the front matches: one `:name` parameter, or a literal of these characters. */
const PARAM_SEGMENT = /^:([A-Za-z_$][A-Za-z0-9_$]*)$/;
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** Request paths the front takes: no percent-escapes (Express would decode them), nothing unusual. */
const PLAIN_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;
/**
 * Characters that make Express's URL parser (parseurl) fall back to url.parse, which reads the URL
 * otherwise (a `#` ends the query there): a URL with one goes to the app.
 */
const PARSED_OTHERWISE = /[#\t\n\f\r \u00a0\ufeff]/;
/** The methods Express routes by name that a route may serve (HEAD and OPTIONS have answers of their own). */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** What express.json() raises for a body that is not a JSON object or array: the app answers 400 invalid_json. */
const NOT_JSON = Object.freeze({ status: 400, type: 'entity.parse.failed' });

/**
 * The pattern of an Express path made of literal and `:name` segments, as Express 5 matches it by
 * default (letter case ignored, one trailing slash allowed, a parameter is one non-empty segment);
 * undefined for any other path (wildcards, optional parts, a parameter inside a segment, `/`).
 */
export function directPattern(path: string): { pattern: RegExp; params: string[] } | undefined {
  if (!path.startsWith('/')) return undefined;
  const params: string[] = [];
  const parts: string[] = [];
  for (const segment of path.slice(1).split('/')) {
    const param = PARAM_SEGMENT.exec(segment);
    if (param) {
      params.push(param[1]!);
      parts.push('([^/]+)');
    } else if (LITERAL_SEGMENT.test(segment)) parts.push(segment.replace(/\./g, '\\.'));
    else return undefined;
  }
  return { pattern: new RegExp(`^/${parts.join('/')}/?$`, 'i'), params };
}

const OPENAPI_PATH = /^\/openapi\.json\/?$/i;

/**
 * Whether the app answers a request before its routes: the health probe (restFront), the interactive
 * reference (apiDocs) or GET /openapi.json (registered by the generated createRestApp).
 */
function isAppEndpoint(method: string, url: string, path: string): boolean {
  return isHealthCheck(method, url) || apiDocsMayServe(url) || OPENAPI_PATH.test(path);
}

/** The routes of `app` in table order; undefined when the front must serve none. */
function directRoutes(app: Express): DirectRoute[] | undefined {
  const out: DirectRoute[] = [];
  for (const { spec, runner, scope, bodyLimit } of registeredRoutes(app)) {
    // A forward route takes every method under its prefix, in table order: everything stays with Express.
    if (spec.forward) return undefined;
    const method = spec.method.toUpperCase();
    if (!METHODS.has(method)) continue;
    const path = directPattern(spec.path);
    // A route the front cannot match may take requests before a later one: everything stays with Express.
    if (!path) return undefined;
    // A route Express answers (501, no runner) still keeps its requests from the routes after it.
    out.push({ method, spec, pattern: path.pattern, params: path.params, runner, scope, bodyLimit });
  }
  return out.some((r) => r.runner) ? out : undefined;
}

/**
 * Whether the front reads the request's body for `route`: none for a route without a body; for a route
 * with one, plain UTF-8 JSON of a declared length from 1 byte to the route parser's limit, not encoded.
 */
function bodyTaken(route: DirectRoute, h: IncomingHttpHeaders): boolean {
  if (route.bodyLimit !== undefined) return isPlainJsonBody(h, route.bodyLimit);
  const length = h['content-length'];
  return h['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/**
 * A request listener for serve(): the requests `app`'s routes (registerRoutes) answer served on
 * node:http, any other request handed to `app`. Returns `app` itself when it has no route the front
 * can serve, when CORS is on (NAFTIKO_CORS_ORIGINS), or when the app routes by letter case or trailing
 * slash (Express's `case sensitive routing`, `strict routing`). Meant for the app createRestApp builds:
 * middleware of the app's own before the routes (inbound authentication) is not run here, so the
 * generated entry does not use restDirect when the capability declares any.
 */
export function restDirect(app: Express, options: RestDirectOptions): RequestListener {
  const env = options.env ?? process.env;
  const routes = directRoutes(app);
  if (!routes || settingOf(CORS_ORIGINS_ENV, env) !== undefined) return app;
  if (app.enabled('case sensitive routing') || app.enabled('strict routing')) return app;
  const { log } = options;
  const admits = hostAdmission(options.hosts);
  const note = accessLogger(log);
  const parseQuery = app.get('query parser fn') as ((query: string) => Record<string, unknown>) | undefined;
  const poweredBy = app.enabled('x-powered-by');

  // What Express does on entry (app.handle), for an answer written with its response methods.
  const toExpress = (req: Request, res: Response): void => {
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
  };

  const match = (
    req: IncomingMessage,
  ): { route: DirectRoute; found: RegExpExecArray; query: string } | undefined => {
    const method = req.method ?? '';
    if (!METHODS.has(method)) return undefined;
    const h = req.headers;
    if (h.origin !== undefined) return undefined;
    const url = req.url ?? '';
    if (PARSED_OTHERWISE.test(url)) return undefined;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (!PLAIN_PATH.test(path) || isAppEndpoint(method, url, path)) return undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (!route.runner || !bodyTaken(route, h) || admits(h) !== 'ok') return undefined;
      return { route, found, query: q < 0 ? '' : url.slice(q + 1) };
    }
    return undefined;
  };

  return (req, res) => {
    const hit = match(req);
    if (!hit) {
      app(req, res);
      return;
    }
    const { route, found, query } = hit;
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      params[name] = found[i + 1]!;
    });
    // What Express's router gives a route's handler: path parameters, the parsed query, the route.
    const request = Object.assign(req, {
      params,
      query: parseQuery ? parseQuery(query) : {},
      route: { path: route.spec.path },
      originalUrl: req.url,
    }) as unknown as Request;
    const response = Object.assign(res, {
      locals: Object.create(null) as Record<string, unknown>,
    }) as unknown as Response;
    if (poweredBy) res.setHeader('X-Powered-By', 'Express');
    // The app's front, in its order: request id, server span, access log line (restFront).
    assignRequestId(request, response);
    startServerSpan(req, res);
    note(request, response);
    // What the app's errorHandler does with a failure that escaped the route (sendFailure); should that
    // throw too, Express's final handler would close the response: so does this, and says why.
    const failed = (err: unknown): void => {
      try {
        toExpress(request, response);
        sendFailure(response, err, log);
      } catch (error) {
        log.error('unhandled error', { error, requestId: response.locals.requestId });
        if (!res.destroyed) res.destroy();
      }
    };
    const run = (): void => {
      route.runner!(request, response, toExpress).catch(failed);
    };
    // The caller's credential scope is entered once the body is read, as in the app (after its parser).
    const scoped = (): void => (route.scope ? void route.scope(request, response, run) : run());
    if (route.bodyLimit === undefined) {
      scoped();
      return;
    }
    readJsonBody(
      req,
      (body) => {
        if (body === undefined) return failed(NOT_JSON);
        request.body = body;
        scoped();
      },
      () => failed(BODY_ABORTED),
    );
  };
}
