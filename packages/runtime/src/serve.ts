// Running a generated server: listening (a bind failure says which option to change), and a graceful
// shutdown on SIGTERM/SIGINT that lets in-flight requests finish, bounded.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from './log.js';
import { shutdownTracing } from './tracing.js';

export interface ServeOptions {
  name: string;
  port: number;
  host: string;
  log: Logger;
  /** How long in-flight requests may take to finish after SIGTERM/SIGINT; default 10 s. */
  shutdownTimeoutMs?: number;
  /**
   * When the address cannot be bound (port in use, not an address of this machine, no permission):
   * `exit` (default, for server entries) logs one error line saying what to pass instead and exits 1;
   * `reject` rejects with a ListenError carrying the same message.
   */
  onListenError?: 'exit' | 'reject';
}

/** serve() could not bind: `message` says why and what to pass instead; `code` is the system code. */
export class ListenError extends Error {
  readonly code: string | undefined;
  readonly host: string;
  readonly port: number;
  constructor(message: string, host: string, port: number, cause: unknown) {
    super(message, { cause });
    this.name = 'ListenError';
    this.code = (cause as { code?: unknown } | null)?.code as string | undefined;
    this.host = host;
    this.port = port;
  }
}

/** One line on why `host:port` could not be bound and which option to change. */
export function listenFailureMessage(err: unknown, host: string, port: number): string {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `port ${port} on ${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is in use; pass --port N (a free port, or 0 to pick one)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine; pass --host with one of its addresses (127.0.0.1: this machine only; 0.0.0.0: every interface)`;
    case 'EACCES':
    case 'EPERM':
      return port > 0 && port < 1024
        ? `not allowed to listen on ${where}: ports below 1024 need extra privileges; pass --port N with N of 1024 or more`
        : `not allowed to listen on ${where}; pass another --port N or --host H`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `host ${host} could not be resolved; pass --host with an IP address or a name of this machine`;
    case 'EAFNOSUPPORT':
      return `${host} is of an address family this machine does not support; pass --host with another address (e.g. 127.0.0.1)`;
    default: {
      const reason = (err as { message?: unknown } | null)?.message;
      return `cannot listen on ${where}${typeof reason === 'string' ? ` (${reason})` : ''}; check --host and --port`;
    }
  }
}

export interface RunningServer {
  port: number;
  host: string;
  /** Stops accepting, lets in-flight requests finish (bounded), resolves when all connections are closed. */
  close(): Promise<void>;
}

/**
 * Listens; on SIGTERM/SIGINT stops accepting, lets in-flight requests finish (bounded by
 * shutdownTimeoutMs), then exits 0. Resolves with the bound address (useful with port 0). When the
 * address cannot be bound, logs why and exits 1 (or rejects with a ListenError: onListenError).
 */
export function serve(app: Express | RequestListener, options: ServeOptions): Promise<RunningServer> {
  const { log, name } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const server = createServer();
  let closing: Promise<void> | undefined;

  // Registered before the app so that responses started during shutdown say `Connection: close`.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
  });
  server.on('request', app);

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      log.warn('second signal: exiting now', { signal });
      server.closeAllConnections();
      process.exit(1);
    }
    log.info('shutting down', { signal, name });
    void close()
      .then(shutdownTracing) // flush the spans still queued
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => {
        log.warn('shutdown timeout: closing remaining connections', { name, shutdownTimeoutMs });
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      sweep.unref();
      force.unref();
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      const { host, port } = options;
      const failure = new ListenError(listenFailureMessage(err, host, port), host, port, err);
      if (options.onListenError === 'reject') {
        reject(failure);
        return;
      }
      log.error(failure.message, { name, host, port, code: failure.code });
      process.exit(1);
    };
    const onListening = (): void => {
      server.off('error', onError);
      server.on('error', (err) => log.error('server error', { error: err }));
      const address = server.address() as AddressInfo;
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      log.info('listening', { name, host: address.address, port: address.port });
      resolve({ port: address.port, host: address.address, close });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
}
