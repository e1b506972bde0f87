// A raw HTTP request (node:http): any method, path, header or body is sent as written (fetch and
// new URL() would normalise encoded dot segments, add headers, or refuse some methods).
import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The answer's body as UTF-8 text. */
  body: string;
}

/**
 * Sends one request to the server at `url` (its host and port) and reads the whole answer. The body
 * goes in one write (node:http gives it a content-length), or, `chunked`, as a chunked body.
 */
export function raw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean },
): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.chunked && options.body !== undefined) {
      req.write(options.body);
      req.end();
    } else req.end(options.body);
  });
}
