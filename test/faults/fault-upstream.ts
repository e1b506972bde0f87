/**
 * A fault-injecting upstream on 127.0.0.1:0: every request is recorded and answered by the handler
 * the test set for its path (by prefix), so a test can delay, reset, stall or flood a response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void | Promise<void>;

export interface FaultUpstream {
  url: string;
  seen: Seen[];
  /** Sets the handler for requests whose path starts with prefix (longest prefix wins). */
  on(prefix: string, handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultUpstream(): Promise<FaultUpstream> {
  const seen: Seen[] = [];
  const handlers = new Map<string, Handler>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    const path = req.url ?? '/';
    const key = [...handlers.keys()].filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const attempt = seen.filter((s) => s.url === req.url && s.method === req.method).length;
    req.resume();
    const h = key ? handlers.get(key)! : (_q: IncomingMessage, r: ServerResponse) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.end(JSON.stringify({ object: 'batch', id: 'batch_ok', status: 'completed' }));
    };
    Promise.resolve(h(req, res, attempt)).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    on: (prefix, handler) => handlers.set(prefix, handler),
    reset: () => {
      handlers.clear();
      seen.length = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
