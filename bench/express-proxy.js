// Baseline: a bare Express 5 proxy — one route (GET /v1/batches/:id), the upstream called with
// node:http over a keep-alive agent, no validation or logging. The REST adapter's ceiling: Express is
// the user's framework, so the adapter is measured against what Express itself costs.
// argv: <upstreamOrigin> <apiKey>. Listens on 127.0.0.1:0, prints {"port":N} on stdout.
import http from 'node:http';
import express from 'express';

const [origin, apiKey] = process.argv.slice(2);
const up = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const app = express();
app.get('/v1/batches/:id', (req, res) => {
  const preq = http.request(
    {
      host: up.hostname,
      port: up.port,
      method: 'GET',
      path: `/v1/batches/${encodeURIComponent(req.params.id)}`,
      headers: { host: up.host, authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      agent,
    },
    (pres) => {
      res.status(pres.statusCode ?? 502);
      const type = pres.headers['content-type'];
      if (type) res.setHeader('content-type', type);
      pres.pipe(res);
    },
  );
  preq.on('error', () => {
    if (!res.headersSent) res.status(502).end();
    else res.destroy();
  });
  preq.end();
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
