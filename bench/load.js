#!/usr/bin/env node
// Load / soak run (issue 6) of the generated portkey-batch package: the REST adapter (GET retrieve)
// and the MCP server (tools/call retrieves-batch) each under LOAD_CONNECTIONS connections for
// LOAD_SECONDS, plus a 10 s baseline against the fake upstream called directly. Loopback only.
// Plain ESM; needs `npm run build` and `cd generated/portkey-batch && npm run build`.
// Env: LOAD_SECONDS (default 60), LOAD_CONNECTIONS (default 64), LOAD_BASELINE_SECONDS (default 10),
//      LOAD_NO_RESULTS=1 (print only, do not append to bench/RESULTS.md).
// Shared helpers (child processes, /proc readings, autocannon runs, table) are in bench/lib.js.
import http from 'node:http';
import { join } from 'node:path';
import { PKG, API_KEY, num, logger, stop, startFake, startGenerated, procStatus, load, f, ms, pct, table, git, machine, requireBuilt, compileFake, appendResults, runMain } from './lib.js';

const SECONDS = num('LOAD_SECONDS', 60);
const CONNECTIONS = num('LOAD_CONNECTIONS', 64);
const BASELINE_SECONDS = num('LOAD_BASELINE_SECONDS', 10);
const SAMPLE_EVERY = 100; // in-band JSON-RPC check: every 100th MCP response body is inspected

const log = logger('load');

// ---------------------------------------------------------------- side checks

/** One GET with its own connection; resolves {ok, ms}. ok: HTTP 200 within 2 s. */
function getOnce(url) {
  return new Promise((res) => {
    const t0 = process.hrtime.bigint();
    const done = (ok) => res({ ok, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    const req = http.get(url, { agent: false, timeout: 2000 }, (r) => {
      r.resume();
      r.on('end', () => done(r.statusCode === 200));
      r.on('error', () => done(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(false));
  });
}

/** One MCP tools/call; resolves {ok, status, text}. ok: HTTP 200, a result for the batch, no JSON-RPC error, no isError. */
async function mcpCall(url, headers, body, batchId) {
  try {
    const r = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    const text = await r.text();
    const ok = r.status === 200 && text.includes('"result"') && text.includes(batchId) && !text.includes('"isError":true') && !/"error"\s*:\s*\{/.test(text);
    return { ok, status: r.status, text };
  } catch (err) {
    return { ok: false, status: 0, text: String(err) };
  }
}

/**
 * Every second while a run lasts: GET `healthUrl` (if any), one out-of-band MCP call (if `mcp`),
 * and a VmRSS reading of `pid`. Returns a stop() that resolves the counts.
 */
function startSidePoll({ healthUrl, pid, mcp }) {
  const health = { ok: 0, fail: 0, maxMs: 0 };
  const rpc = { ok: 0, fail: 0, firstFailure: undefined };
  const rss = [];
  const pending = new Set();
  const track = (p) => {
    pending.add(p);
    p.finally(() => pending.delete(p));
  };
  const tick = () => {
    rss.push(procStatus(pid).rss);
    if (healthUrl)
      track(
        getOnce(healthUrl).then((r) => {
          r.ok ? health.ok++ : health.fail++;
          if (r.ms > health.maxMs) health.maxMs = r.ms;
        }),
      );
    if (mcp)
      track(
        mcpCall(mcp.url, mcp.headers, mcp.body, mcp.batchId).then((r) => {
          if (r.ok) rpc.ok++;
          else {
            rpc.fail++;
            rpc.firstFailure ??= `HTTP ${r.status}: ${r.text.slice(0, 200)}`;
          }
        }),
      );
  };
  const timer = setInterval(tick, 1000);
  return async () => {
    clearInterval(timer);
    await Promise.all([...pending]);
    return { health, rpc, rss };
  };
}

// ---------------------------------------------------------------- one measured run

/**
 * Warm-up (1 s at the same concurrency), then the timed run with the side poll. `pid` is the
 * process whose RSS is reported; `pids` are the processes whose CPU is reported.
 */
async function measured({ name, url, method, headers, body, seconds, pid, pids, healthUrl, mcp, checkBody }) {
  log(`${name}: warm-up 1 s`);
  await load({ url, method, headers, body, connections: CONNECTIONS, duration: 1 });
  const start = procStatus(pid);
  log(`${name}: c=${CONNECTIONS} ${seconds}s`);
  const side = startSidePoll({ healthUrl, pid, mcp });
  const r = await load({ url, method, headers, body, connections: CONNECTIONS, duration: seconds, serverPids: pids, checkBody, sampleEvery: SAMPLE_EVERY });
  const s = await side();
  const end = procStatus(pid);
  const maxRss = Math.max(start.rss, end.rss, ...s.rss.filter(Number.isFinite));
  return { name, seconds, ...r, start, end, maxRss, side: s };
}

function row(m) {
  const rpcErr = m.sampled.checked || m.side.rpc.ok + m.side.rpc.fail ? m.sampled.bad + m.side.rpc.fail : '–';
  const health = m.side.health.ok + m.side.health.fail ? `${m.side.health.ok}/${m.side.health.ok + m.side.health.fail} ok (max ${f(m.side.health.maxMs, 1)} ms)` : '–';
  return [
    m.name,
    `${m.seconds}s`,
    m.requests,
    f(m.rps),
    ms(m.p50),
    ms(m.p99),
    m.non2xx,
    m.errors,
    rpcErr,
    health,
    `${f(m.start.rss, 1)} → ${f(m.end.rss, 1)} (${m.end.rss >= m.start.rss ? '+' : ''}${f(m.end.rss - m.start.rss, 1)})`,
    f(m.maxRss, 1),
    f(m.end.hwm, 1),
    pct(m.clientCpu),
    m.serverCpu.map(pct).join(' / '),
  ];
}

// ---------------------------------------------------------------- main
async function main() {
  requireBuilt([join(PKG, 'dist/rest.js'), join(PKG, 'dist/mcp.js')]);
  compileFake(log);

  const started = new Date();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain']) ? ' (dirty tree)' : '';

  const runs = [];
  const notes = [];
  // 1 MiB of stream output: the output endpoint is not used here.
  const fake = await startFake(1);
  if (new URL(fake.origin).hostname !== '127.0.0.1') throw new Error(`fake upstream not on 127.0.0.1: ${fake.origin}`);
  try {
    const path = `/v1/batches/${fake.batchId}`;
    const fakeStart = procStatus(fake.child.pid);

    // Baseline: the fake upstream called directly (it has no /healthz).
    runs.push(
      await measured({
        name: 'baseline: fake upstream direct',
        url: fake.origin + path,
        headers: { authorization: `Bearer ${API_KEY}` },
        seconds: BASELINE_SECONDS,
        pid: fake.child.pid,
        pids: [fake.child.pid],
      }),
    );

    log('REST: starting adapter');
    const rest = await startGenerated('dist/rest.js', fake.url);
    const restBoot = procStatus(rest.child.pid);
    try {
      const probe = await fetch(rest.base + path);
      const t = await probe.text();
      if (probe.status !== 200 || !t.includes(fake.batchId)) throw new Error(`REST probe failed (HTTP ${probe.status}): ${t.slice(0, 300)}`);
      const m = await measured({
        name: 'REST adapter GET /v1/batches/{id}',
        url: rest.base + path,
        seconds: SECONDS,
        pid: rest.child.pid,
        pids: [rest.child.pid, fake.child.pid],
        healthUrl: `${rest.base}/healthz`,
      });
      m.boot = restBoot;
      runs.push(m);
    } finally {
      await stop(rest.child);
    }

    log('MCP: starting server');
    const mcp = await startGenerated('dist/mcp.js', fake.url);
    const mcpBoot = procStatus(mcp.child.pid);
    try {
      const url = `${mcp.base}/mcp`;
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'retrieves-batch', arguments: { batch_id: fake.batchId } } });
      // Stateless: a bare tools/call (no initialize) must answer with the batch.
      const probe = await mcpCall(url, headers, body, fake.batchId);
      if (!probe.ok) throw new Error(`MCP: bare tools/call failed (HTTP ${probe.status}): ${probe.text.slice(0, 300)}`);
      const checkBody = (text) => text.includes(fake.batchId) && !text.includes('"isError":true') && !/"error"\s*:\s*\{/.test(text);
      const m = await measured({
        name: 'MCP tools/call retrieves-batch',
        url,
        method: 'POST',
        headers,
        body,
        seconds: SECONDS,
        pid: mcp.child.pid,
        pids: [mcp.child.pid, fake.child.pid],
        healthUrl: `${mcp.base}/healthz`,
        mcp: { url, headers, body, batchId: fake.batchId },
        checkBody,
      });
      m.boot = mcpBoot;
      if (m.side.rpc.firstFailure) notes.push(`first failed out-of-band MCP call: ${m.side.rpc.firstFailure}`);
      if (m.sampled.first) notes.push(`first failed sampled MCP body: ${m.sampled.first}`);
      runs.push(m);
    } finally {
      await stop(mcp.child);
    }
    const fakeEnd = procStatus(fake.child.pid);
    notes.push(`fake upstream RSS ${f(fakeStart.rss, 1)} → ${f(fakeEnd.rss, 1)} MiB over the whole run (VmHWM ${f(fakeEnd.hwm, 1)} MiB).`);
  } finally {
    await stop(fake.child);
  }

  for (const m of runs) {
    if (m.boot) notes.push(`${m.name}: RSS right after start-up ${f(m.boot.rss, 1)} MiB.`);
    const pts = m.side.rss;
    if (pts.length >= 4) {
      const step = Math.max(1, Math.round(pts.length / 6));
      const picks = pts.map((v, i) => [i + 1, v]).filter(([i]) => i % step === 0 || i === pts.length);
      notes.push(`${m.name}: VmRSS by second — ${picks.map(([i, v]) => `${i}s ${f(v, 1)}`).join(', ')} MiB.`);
    }
    if (m.sampled.checked) notes.push(`${m.name}: ${m.sampled.checked} response bodies sampled in-band (every ${SAMPLE_EVERY}th), ${m.sampled.bad} bad; ${m.side.rpc.ok + m.side.rpc.fail} out-of-band calls, ${m.side.rpc.fail} bad.`);
  }

  const elapsed = (Date.now() - started.getTime()) / 1000;
  const text = table(
    ['target', 'time', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'socket err', 'JSON-RPC err (sampled)', '/healthz (1/s)', 'RSS start → end MiB', 'max VmRSS MiB', 'VmHWM MiB', 'load-tool CPU', 'server CPU (target / upstream)'],
    runs.map(row),
  );
  const md =
    `## Load (issue 6) — ${started.toISOString()} — ${commit}${dirty}\n\n` +
    `Machine: ${machine()}; Node ${process.version}. Settings: LOAD_SECONDS=${SECONDS}, LOAD_CONNECTIONS=${CONNECTIONS}, baseline ${BASELINE_SECONDS} s. Run time ${f(elapsed)} s.\n\n` +
    `${text}\n\n` +
    notes.map((n) => `- ${n}`).join('\n') +
    '\n';
  process.stdout.write(`\n${md}\n`);
  if (!process.env.LOAD_NO_RESULTS) appendResults(md, log);
}

runMain(main, 'load');
