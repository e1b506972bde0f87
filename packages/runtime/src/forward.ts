// REST `forward`: a reverse proxy from a path prefix to a consumed API. Only the trusted headers of
// the caller travel upstream (plus the API's own credentials); bodies stream both ways.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Request, Response } from 'express';
import type { Logger } from './log.js';
import { readErrorBody } from './read-body.js';
import { forwardableHeaders } from './forwarded-headers.js';
import { countRelayed } from './relay-memory.js';

export interface ForwardTarget {
  baseUrl: string;
  auth?: { headers?: Record<string, string>; query?: Record<string, string> };
}

export interface ForwardSpec {
  /** The literal prefix the route matched, e.g. `/notion/`. */
  prefix: string;
  /** Lower-case header names copied from the caller. */
  trustedHeaders: readonly string[];
  target: () => ForwardTarget;
  timeoutMs?: number;
}

/** A dot segment (raw or percent-encoded) would let the caller climb out of the forwarded prefix. */
function hasDotSegment(path: string): boolean {
  return (
    path.split('/').some((segment) => {
      const decoded = segment.replace(/%2e/gi, '.');
      return decoded === '.' || decoded === '..';
    }) || /%2f|%5c|\\/i.test(path)
  );
}

function errorJson(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json({ error: { code, message } });
}

export function forwardHandler(spec: ForwardSpec, log: Logger) {
  return (req: Request, res: Response): void => {
    const original = req.originalUrl;
    const rest = original.startsWith(spec.prefix) ? original.slice(spec.prefix.length) : '';
    const [path = '', query = ''] = rest.split(/\?(.*)/s, 2);
    if (hasDotSegment(path)) {
      errorJson(
        res,
        400,
        'invalid_path',
        'The forwarded path may not contain dot segments or encoded slashes.',
      );
      return;
    }
    // The remainder is always a relative path below the base: never a scheme, a host (`//evil`) or root.
    if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
      errorJson(res, 400, 'invalid_path', 'The forwarded path must be relative to the forwarded prefix.');
      return;
    }
    const target = spec.target();
    const base = new URL(target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`);
    const url = new URL(path, base);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      errorJson(res, 400, 'invalid_path', 'The forwarded path must stay below the upstream base URL.');
      return;
    }
    if (query) url.search = query;
    for (const [k, v] of Object.entries(target.auth?.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {};
    for (const name of spec.trustedHeaders) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    for (const name of ['content-type', 'content-length', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string' && !(name in headers)) headers[name] = value;
    }
    Object.assign(headers, target.auth?.headers ?? {});
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      url,
      { method: req.method, headers, timeout: spec.timeoutMs ?? 30_000 },
      (answer: IncomingMessage) => {
        res.status(answer.statusCode ?? 502);
        const fetchHeaders = new Headers();
        for (const [k, v] of Object.entries(answer.headers))
          if (typeof v === 'string') fetchHeaders.set(k, v);
        for (const [k, v] of Object.entries(forwardableHeaders(fetchHeaders))) res.setHeader(k, v);
        if ((answer.statusCode ?? 502) >= 400) {
          // Error bodies may echo the credential this proxy added: read them (bounded) and scrub.
          readErrorBody(answer, { operation: `forward ${spec.prefix}` }).then(
            ({ bytes }) => {
              res.setHeader('content-length', bytes.byteLength);
              res.end(bytes);
            },
            () => res.destroy(),
          );
          return;
        }
        countRelayed(answer);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (err) => {
      log.warn('forward failed', {
        path: spec.prefix,
        message: err.message === 'timeout' ? 'timeout' : 'unreachable',
      });
      if (err.message === 'timeout')
        errorJson(res, 504, 'upstream_timeout', 'The upstream service did not answer in time');
      else errorJson(res, 502, 'upstream_unreachable', 'The upstream service could not be reached');
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    countRelayed(req);
    req.pipe(upstream);
  };
}
