/**
 * A generic fake upstream for the construct suites: node:http on 127.0.0.1:0 that records every
 * request (method, raw url, path, query, headers, body) and answers per a route table configured
 * by each test. Unmatched requests get a JSON echo of what was received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The raw request target, exactly as received (`/v1/x?a=1`). */
  url: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized as application/json. */
  json?: unknown;
  /** Sent as application/xml. */
  xml?: string;
  /** Sent as text/csv. */
  csv?: string;
  /** Sent with `contentType` (default text/plain). */
  text?: string;
  /** Sent as they are, with `contentType` (default application/octet-stream). */
  bytes?: Buffer;
  contentType?: string;
  /** Writes the response itself (status, headers, a body sent over time): for streams. */
  write?: (res: ServerResponse) => void;
}

export type Handler = (req: RecordedRequest) => Reply;

export interface Route {
  method?: string;
  /** Exact path (no query) or a RegExp tested against the path. */
  path: string | RegExp;
  reply: Reply | Handler;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Adds a route (later routes win over earlier ones). */
  route(method: string | undefined, path: string | RegExp, reply: Reply | Handler): void;
  /** Requests recorded since index `from`. */
  since(from: number): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** Echo of the request as JSON; a form body is also decoded into `form`. */
export const echo: Handler = (req) => {
  const ct = String(req.headers['content-type'] ?? '');
  let parsed: unknown;
  if (ct.includes('application/json')) {
    try {
      parsed = JSON.parse(req.body);
    } catch {
      parsed = undefined;
    }
  }
  const form = ct.includes('application/x-www-form-urlencoded')
    ? Object.fromEntries(new URLSearchParams(req.body))
    : undefined;
  return {
    json: {
      method: req.method,
      url: req.url,
      path: req.path,
      query: req.query,
      contentType: ct,
      body: req.body,
      ...(parsed !== undefined ? { json: parsed } : {}),
      ...(form ? { form } : {}),
    },
  };
};

function send(res: ServerResponse, reply: Reply): void {
  if (reply.write) return reply.write(res);
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | Buffer = '';
  if (reply.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = JSON.stringify(reply.json);
  } else if (reply.xml !== undefined) {
    headers['content-type'] ??= 'application/xml';
    payload = reply.xml;
  } else if (reply.csv !== undefined) {
    headers['content-type'] ??= 'text/csv';
    payload = reply.csv;
  } else if (reply.text !== undefined) {
    headers['content-type'] ??= reply.contentType ?? 'text/plain';
    payload = reply.text;
  } else if (reply.bytes !== undefined) {
    headers['content-type'] ??= reply.contentType ?? 'application/octet-stream';
    payload = reply.bytes;
  }
  res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of search) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function startFakeUpstream(routes: Route[] = []): Promise<FakeUpstream> {
  const table: Route[] = [...routes];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: u.pathname,
        query: parseQuery(u.searchParams),
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const route = [...table]
        .reverse()
        .find(
          (r) =>
            (r.method === undefined || r.method.toUpperCase() === rec.method) &&
            (typeof r.path === 'string' ? r.path === rec.path : r.path.test(rec.path)),
        );
      try {
        const reply = route ? (typeof route.reply === 'function' ? route.reply(rec) : route.reply) : echo(rec);
        send(res, reply);
      } catch (err) {
        send(res, { status: 500, json: { error: String(err) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, path, reply) {
      table.push({ method, path, reply });
    },
    since(from) {
      return requests.slice(from);
    },
    reset() {
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
