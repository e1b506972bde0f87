#!/usr/bin/env node
// Load / soak run (issue 6) of the generated portkey-batch package: the REST adapter (GET retrieve)
// and the MCP server (tools/call retrieves-batch) each under LOAD_CONNECTIONS connections for
// LOAD_SECONDS, plus a 10 s baseline against the fake upstream called directly. Loopback only.
// Plain ESM; needs `npm run build` and `cd generated/portkey-batch && npm run build`.
// Env: LOAD_SECONDS (default 60), LOAD_CONNECTIONS (default 64), LOAD_BASELINE_SECONDS (default 10),
//      LOAD_NO_RESULTS=1 (print only, do not append to bench/RESULTS.md).
// Helpers (child processes, /proc readings, table) are copied from bench/run.js, which exports nothing.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = join(ROOT, 'generated/portkey-batch');
const BUILD = join(ROOT, '.vitest-tmp/bench-build');

const SECONDS = num('LOAD_SECONDS', 60);
const CONNECTIONS = num('LOAD_CONNECTIONS', 64);
const BASELINE_SECONDS = num('LOAD_BASELINE_SECONDS', 10);
const API_KEY = 'pk-bench-0123456789abcdef'; // long: the servers redact the key's value from log lines
const SAMPLE_EVERY = 100; // in-band JSON-RPC check: every 100th MCP response body is inspected

function num(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
}

const log = (...a) => process.stderr.write(`[load] ${a.join(' ')}\n`);

// ---------------------------------------------------------------- child processes (as in run.js)

const children = new Set();

function killChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const t = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }, 3000);
    child.once('exit', () => {
      clearTimeout(t);
      res();
    });
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      clearTimeout(t);
      res();
    }
  });
}

async function stop(child) {
  await killChild(child);
  children.delete(child);
}

function killAllSync() {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
    } catch {}
  }
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAllSync();
    process.exit(130);
  });
}

function startNode(args, { cwd = ROOT, env = {}, stream = 'stdout', match, label }) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const tail = [];
  return new Promise((resolveStart, reject) => {
    let done = false;
    let buf = '';
    const timer = setTimeout(() => fail(new Error(`${label}: not ready after 15 s`)), 15_000);
    function fail(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${err.message}\n${tail.join('\n')}`));
    }
    const onData = (which) => (chunk) => {
      const text = chunk.toString('utf8');
      if (!done) {
        for (const l of text.split('\n')) if (l) tail.push(`${label} ${which}: ${l}`);
        while (tail.length > 20) tail.shift();
      }
      if (which !== stream || done) return;
      buf += text;
      let i;
      while (!done && (i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const v = match(line);
        if (v !== undefined) {
          done = true;
          clearTimeout(timer);
          buf = '';
          resolveStart({ child, value: v });
        }
      }
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    child.once('exit', (code, sig) => fail(new Error(`${label} exited early (code ${code}, signal ${sig})`)));
    child.once('error', fail);
  });
}

const jsonLine = (pred) => (line) => {
  try {
    const o = JSON.parse(line);
    return pred(o) ? o : undefined;
  } catch {
    return undefined;
  }
};

async function startFake() {
  // 1 MiB of stream output: the output endpoint is not used here.
  const { child, value } = await startNode(['bench/fake-server.js', BUILD, API_KEY, '1'], {
    match: jsonLine((o) => typeof o.url === 'string'),
    label: 'fake',
  });
  const origin = new URL(value.url).origin;
  if (new URL(origin).hostname !== '127.0.0.1') throw new Error(`fake upstream not on 127.0.0.1: ${origin}`);
  return { child, ...value, origin };
}

async function startGenerated(entry, upstreamUrl) {
  const { child, value } = await startNode([entry, '--port', '0', '--host', '127.0.0.1'], {
    cwd: PKG,
    env: { PORTKEY_API_KEY: API_KEY, PORTKEY_BATCH_BASE_URL: upstreamUrl },
    stream: 'stderr',
    match: jsonLine((o) => o.msg === 'listening' && typeof o.port === 'number'),
    label: entry,
  });
  return { child, base: `http://127.0.0.1:${value.port}` };
}

// ---------------------------------------------------------------- /proc readings (as in run.js)

function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function procCpu(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

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

// ---------------------------------------------------------------- load generation

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/**
 * One autocannon run. Latencies from autocannon's 'response' events (float ms). If `checkBody` is
 * given, every SAMPLE_EVERY-th response body chunk is passed to it; false counts as a JSON-RPC error.
 */
function load({ url, method = 'GET', headers = {}, body, connections, duration, amount, serverPids = [], checkBody }) {
  return new Promise((resolveRun, reject) => {
    let lat = new Float64Array(1 << 16);
    let n = 0;
    let non2xx = 0;
    let bodies = 0;
    const sampled = { checked: 0, bad: 0, first: undefined };
    const cpu0 = process.cpuUsage();
    const srv0 = serverPids.map(procCpu);
    const t0 = process.hrtime.bigint();
    const opts = { url, method, headers, body, connections, pipelining: 1, timeout: 10 };
    if (amount) opts.amount = amount;
    else opts.duration = duration;
    if (checkBody)
      opts.setupClient = (client) => {
        client.on('body', (chunk) => {
          if (++bodies % SAMPLE_EVERY !== 0) return;
          sampled.checked++;
          const text = chunk.toString('utf8');
          if (!checkBody(text)) {
            sampled.bad++;
            sampled.first ??= text.slice(0, 300);
          }
        });
      };
    const inst = autocannon(opts, (err, result) => {
      if (err) return reject(err);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const sorted = lat.subarray(0, n).sort();
      resolveRun({
        requests: n,
        rps: n / wall,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        socketErrors: result.errors + result.timeouts,
        non2xx,
        sampled,
        clientCpu: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
        serverCpu: serverPids.map((pid, i) => ((procCpu(pid) - srv0[i]) / wall) * 100),
        wall,
      });
    });
    inst.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) non2xx++;
      if (n === lat.length) {
        const bigger = new Float64Array(lat.length * 2);
        bigger.set(lat);
        lat = bigger;
      }
      lat[n++] = responseTime;
    });
  });
}

// ---------------------------------------------------------------- formatting (as in run.js)

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const ms = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const pct = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}%` : 'n/a');

function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const w = header.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(all[0]), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
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
  const r = await load({ url, method, headers, body, connections: CONNECTIONS, duration: seconds, serverPids: pids, checkBody });
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
    m.socketErrors,
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

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  for (const p of [join(PKG, 'dist/rest.js'), join(PKG, 'dist/mcp.js')]) {
    if (!existsSync(p)) throw new Error(`${p} missing: run \`npm run build\` and \`cd generated/portkey-batch && npm run build\` first`);
  }
  log('compiling the fake upstream (test/support/fake-portkey) into .vitest-tmp/bench-build');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--outDir', BUILD, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', 'test/support/fake-portkey/index.ts'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  writeFileSync(join(BUILD, 'package.json'), '{"type":"module"}\n');

  const started = new Date();
  const cpu = os.cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${f(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.release()}`;
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain']) ? ' (dirty tree)' : '';

  const runs = [];
  const notes = [];
  const fake = await startFake();
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
    `Machine: ${machine}; Node ${process.version}. Settings: LOAD_SECONDS=${SECONDS}, LOAD_CONNECTIONS=${CONNECTIONS}, baseline ${BASELINE_SECONDS} s. Run time ${f(elapsed)} s.\n\n` +
    `${text}\n\n` +
    notes.map((n) => `- ${n}`).join('\n') +
    '\n';
  process.stdout.write(`\n${md}\n`);
  if (!process.env.LOAD_NO_RESULTS) {
    const file = join(ROOT, 'bench/RESULTS.md');
    if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nAppended by `npm run bench` (see bench/README.md). Newest last.\n\n');
    appendFileSync(file, `${md}\n`);
    log(`appended to ${file}`);
  }
}

main().then(
  () => {
    killAllSync();
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`[load] failed: ${err?.stack ?? err}\n`);
    killAllSync();
    process.exit(1);
  },
);
