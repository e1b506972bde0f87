// Baseline: a minimal pass-through proxy (node:http, keep-alive agent, no framework, no validation).
// argv: <upstreamOrigin e.g. http://127.0.0.1:1234> <apiKey>. Listens on 127.0.0.1:0, prints {"port":N} on stdout.
import http from 'node:http';

const [origin, apiKey] = process.argv.slice(2);
const up = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: up.host, authorization: `Bearer ${apiKey}` };
  const preq = http.request(
    { host: up.hostname, port: up.port, method: req.method, path: req.url, headers, agent },
    (pres) => {
      res.writeHead(pres.statusCode ?? 502, pres.headers);
      pres.pipe(res);
    },
  );
  preq.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  req.pipe(preq);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  stop();
});
