// The route table of a generated REST adapter: each route names its inputs and the client method
// (or orchestration) it calls; registerRoutes wires every one the same way (body parser only where a
// JSON body is read, the caller's credential scope, input validation → 400 problem details, the
// caller's signal, request id and trace context upstream, failures → sendFailure), then notes the
// methods of each path for the 405 answer.
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import {
  answerOf,
  type Answer,
  type InputValues,
  type JsonAnswer,
  type UpstreamAnswer,
} from './bound-call.js';
import { isPassThrough } from './caller-credentials.js';
import { callerCallOptions } from './caller-signal.js';
import { forwardHandler, type ForwardSpec } from './forward.js';
import type { Logger } from './log.js';
import type { CallOptions } from './request-plan.js';
import { requestIdOf } from './request-id.js';
import { jsonBodyOptions, requireJsonContent } from './rest-body.js';
import { sendFailure } from './rest-errors.js';
import { readInputs, sendProblems, type InputSpec } from './rest-inputs.js';
import { allowedMethods } from './rest-methods.js';
import { sendUpstream, type BinaryAnswer } from './rest-passthrough.js';
import { traceOf } from './tracing.js';

/** What every route entry declares. */
export interface RouteBase {
  /** The HTTP method, upper case (e.g. 'POST'). */
  method: string;
  /** The Express path (`:name` parameters). */
  path: string;
  /** The inputs read and validated before the call. */
  inputs: readonly InputSpec[];
  /** A JSON body is read: its content type is checked (415) and it is parsed; 'required': 400 when absent. */
  body?: 'required' | 'optional';
}

/** One registered route, its types erased: what registerRoutes wires. */
export interface RouteSpec extends RouteBase {
  /** Runs the route; absent for a route that declares nothing to run (501). */
  run?: (values: InputValues, options: CallOptions) => Promise<Answer>;
  /** The 501 message of a route without `run`. */
  unimplemented?: string;
  /** A reverse proxy (forwardRoute): every method under `path` goes to the consumed API, bodies streamed. */
  forward?: ForwardSpec;
  /** The upstream answers bytes (outputRawFormat: binary): their cap and media type. */
  binary?: BinaryAnswer;
}

/**
 * A route table entry. The client method's parameter type is inferred from `call`, so the entry needs
 * no cast: `route({ method: 'GET', path: '/v1/batches/:batch_id', inputs, call: client.raw.batches.retrieve, respond: 'upstream' })`.
 */
export function route<I>(entry: RouteBase & UpstreamAnswer<I> & { binary?: BinaryAnswer }): RouteSpec;
export function route<I = InputValues, R = unknown>(entry: RouteBase & JsonAnswer<I, R>): RouteSpec;
export function route<I, R>(
  entry: RouteBase & (UpstreamAnswer<I> | JsonAnswer<I, R>) & { binary?: BinaryAnswer },
): RouteSpec {
  return {
    method: entry.method,
    path: entry.path,
    inputs: entry.inputs,
    ...(entry.body ? { body: entry.body } : {}),
    ...(entry.respond === 'upstream' && entry.binary !== undefined ? { binary: entry.binary } : {}),
    run: answerOf(entry),
  };
}

/** A route whose operation declares neither a call nor steps: 501 with `message`. */
export function unimplementedRoute(method: string, path: string, message: string): RouteSpec {
  return { method, path, inputs: [], unimplemented: message };
}

/**
 * A forward (reverse-proxy) entry: every method on `path` (an Express pattern with a trailing
 * wildcard, e.g. `/notion/*rest`) is proxied by forwardHandler. No body parser runs before it, so
 * request and answer bodies stream through untouched; the method list of the path is not noted
 * (every method is served, there is no 405 to answer).
 */
export function forwardRoute(path: string, forward: ForwardSpec): RouteSpec {
  return { method: '*', path, inputs: [], forward };
}

/** What the route handlers share. */
export interface RouteDeps {
  log: Logger;
  /**
   * Entered right before each handler that calls upstream (after any body parser): the caller's
   * credential scope (callerCredentials) when the capability allows per-caller credentials.
   */
  scope?: RequestHandler;
}

/** The methods Express routes by name; another method is routed with app.all and a method check. */
const EXPRESS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * Makes a request that Express did not route ready for Express's response methods (res.json, res.status):
 * restDirect (rest-direct.ts) calls it before any answer but a passed-through upstream response.
 */
export type ToExpress = (req: Request, res: Response) => void;

/** What a route's handler runs: inputs → call → answer, failures answered (sendFailure). */
export type RouteRunner = (req: Request, res: Response, toExpress?: ToExpress) => Promise<void>;

/** The runner of a route with something to run (one per route, shared by the app and restDirect). */
export function routeRunner(spec: RouteSpec, log: Logger): RouteRunner | undefined {
  const run = spec.run;
  if (!run) return undefined;
  // A documented body schema Ajv cannot compile leaves bodies checked for their type only: said once.
  const uncompilable = (reason: string): void =>
    log.warn('body schema not compiled: bodies are checked for their type only', {
      route: `${spec.method} ${spec.path}`,
      reason,
    });
  return async (req, res, toExpress) => {
    const { values, problems } = readInputs(req, spec.inputs, uncompilable);
    if (problems.length > 0) {
      toExpress?.(req, res);
      return sendProblems(res, problems);
    }
    try {
      const answer = await run(
        values,
        callerCallOptions(req, res, { requestId: requestIdOf(res), trace: traceOf(req.headers) }),
      );
      if ('upstream' in answer) await sendUpstream(res, answer.upstream, spec.binary);
      else {
        toExpress?.(req, res);
        res.json(answer.json);
      }
    } catch (err) {
      toExpress?.(req, res);
      sendFailure(res, err, log);
    }
  };
}

function handlerOf(spec: RouteSpec, runner: RouteRunner | undefined): RequestHandler {
  if (!runner) {
    const message = spec.unimplemented ?? `${spec.method} ${spec.path} declares no call or steps.`;
    return (_req, res) => {
      res.status(501).json({ error: { code: 'not_implemented', message } });
    };
  }
  // Not `runner` itself: Express passes `next` third, where the runner takes toExpress.
  return (req, res) => runner(req, res);
}

/** A route as registerRoutes wired it: what restDirect needs to serve it the same way. */
export interface RegisteredRoute {
  spec: RouteSpec;
  /** What its handler runs; none for a 501 or forward route. */
  runner: RouteRunner | undefined;
  /** The credential scope entered right before the runner; none when it would do nothing. */
  scope: RequestHandler | undefined;
  /** The JSON body limit its parser was given (NAFTIKO_REST_MAX_BODY when registered); none: no body read. */
  bodyLimit: number | undefined;
}

/** The routes registered on each app (registerRoutes), in order: what restDirect serves. */
const registered = new WeakMap<Express, RegisteredRoute[]>();

/** What registerRoutes registered on `app`, in registration order (none: an empty list). */
export function registeredRoutes(app: Express): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

/**
 * Registers each route of the table, in order (a forward entry before the routes below its prefix
 * takes them over, as Express matches in order), then notes the methods served on each path (before
 * the adapter's methodNotAllowed(): another method answers 405 with an Allow header). The JSON body
 * parser (limit: NAFTIKO_REST_MAX_BODY) is created once and used only on routes with a body.
 */
export function registerRoutes(app: Express, routes: readonly RouteSpec[], deps: RouteDeps): void {
  const wired: RegisteredRoute[] = [...registeredRoutes(app)];
  registered.set(app, wired);
  const bodyOptions = routes.some((r) => r.body) ? jsonBodyOptions() : undefined;
  const json = bodyOptions ? express.json(bodyOptions) : undefined;
  // callerCredentials with callers' credentials off does nothing: one route step less.
  const scope = deps.scope && !isPassThrough(deps.scope) ? deps.scope : undefined;
  const byPath = new Map<string, string[]>();
  for (const spec of routes) {
    if (spec.forward) {
      wired.push({ spec, runner: undefined, scope: undefined, bodyLimit: undefined });
      app.all(spec.path, ...(deps.scope ? [deps.scope] : []), forwardHandler(spec.forward, deps.log));
      continue;
    }
    const runner = routeRunner(spec, deps.log);
    wired.push({ spec, runner, scope, bodyLimit: spec.body ? bodyOptions?.limit : undefined });
    const chain: RequestHandler[] = [];
    const method = spec.method.toLowerCase();
    if (!EXPRESS_METHODS.has(method)) {
      chain.push((req, _res, next) => (req.method === spec.method.toUpperCase() ? next() : next('route')));
    }
    if (spec.run) {
      if (spec.body && json) chain.push(requireJsonContent(spec.body === 'required'), json);
      if (scope) chain.push(scope);
    }
    chain.push(handlerOf(spec, runner));
    if (EXPRESS_METHODS.has(method)) app[method as 'get'](spec.path, ...chain);
    else app.all(spec.path, ...chain);
    const methods = byPath.get(spec.path) ?? [];
    if (!methods.includes(spec.method.toUpperCase())) methods.push(spec.method.toUpperCase());
    byPath.set(spec.path, methods);
  }
  for (const [path, methods] of byPath) app.all(path, allowedMethods(methods));
}
