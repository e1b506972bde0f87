// Helpers shared by bench/run.js, bench/ab.js, bench/load.js and the probes: child processes, /proc
// readings, baselines, streaming and autocannon runs, formatting. Importing this module installs
// exit/SIGINT/SIGTERM handlers that SIGKILL every child started with startNode.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

// Repository root.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The generated package under test.
export const PKG = join(ROOT, 'generated/portkey-batch');
// Where the fake upstream (test/support/fake-portkey) is compiled to.
export const BUILD = join(ROOT, '.vitest-tmp/bench-build');
// A long key: the servers redact secret values from log lines, a 1-letter key would mangle them.
export const API_KEY = 'pk-bench-0123456789abcdef';

// Positive number from env var `name`, `dflt` when unset or empty; throws on anything else.
export function num(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
}

// A log function writing `[tag] …` lines to stderr.
export const logger = (tag) => (...a) => process.stderr.write(`[${tag}] ${a.join(' ')}\n`);

// ---------------------------------------------------------------- child processes

// Every child started by startNode and not yet stopped.
export const children = new Set();

// SIGTERM a child (SIGKILL after 3 s); resolves when it has exited.
export function killChild(child) {
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

// killChild, then forget the child.
export async function stop(child) {
  await killChild(child);
  children.delete(child);
}

// SIGKILL every child still running (for exit paths).
export function killAllSync() {
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

// Spawns `node args…` and resolves with {child, value} once `match(line)` returns a value for a stdout/stderr line.
export function startNode(args, { cwd = ROOT, env = {}, stream = 'stdout', match, label }) {
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
      if (which !== stream || done) return; // after start: output is read and dropped
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

// A startNode matcher: the line parsed as JSON if `pred` accepts it, else undefined.
export const jsonLine = (pred) => (line) => {
  try {
    const o = JSON.parse(line);
    return pred(o) ? o : undefined;
  } catch {
    return undefined;
  }
};

// Starts bench/fake-server.js with `streamMb` MiB of stream output; resolves {child, url, batchId, streamId, lines, approxBytes, origin}.
export async function startFake(streamMb) {
  const { child, value } = await startNode(['bench/fake-server.js', BUILD, API_KEY, String(streamMb)], {
    match: jsonLine((o) => typeof o.url === 'string'),
    label: 'fake',
  });
  return { child, ...value, origin: new URL(value.url).origin };
}

// Starts a generated server entry (dist/rest.js, dist/mcp.js) on 127.0.0.1; resolves {child, base}.
// The node flags the generated package's start script gives `entry` (e.g. `start:mcp` = `node
// --max-old-space-size=512 dist/mcp.js` → those flags), so the servers are measured as `npm run start:…`
// starts them. BENCH_SERVER_FLAGS overrides them for every server ("none": no flags).
export function startFlags(entry, pkgDir = PKG) {
  const override = process.env.BENCH_SERVER_FLAGS;
  if (override !== undefined && override !== '') return override === 'none' ? [] : override.split(' ').filter(Boolean);
  const { scripts = {} } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  for (const command of Object.values(scripts)) {
    const words = command.split(' ').filter(Boolean);
    const at = words.indexOf(entry);
    if (words[0] === 'node' && at > 0) return words.slice(1, at);
  }
  return [];
}

export async function startGenerated(entry, upstreamUrl, flags = startFlags(entry)) {
  const { child, value } = await startNode([...flags, entry, '--port', '0', '--host', '127.0.0.1'], {
    cwd: PKG,
    env: { PORTKEY_API_KEY: API_KEY, PORTKEY_BATCH_BASE_URL: upstreamUrl },
    stream: 'stderr',
    match: jsonLine((o) => o.msg === 'listening' && typeof o.port === 'number'),
    label: entry,
  });
  return { child, base: `http://127.0.0.1:${value.port}` };
}

// ---------------------------------------------------------------- /proc readings

// {rss, hwm} of a process in MiB (VmRSS, VmHWM); NaN when unreadable.
export function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

// Clock ticks per second (getconf CLK_TCK, 100 if unknown).
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

// user+system CPU seconds of a process; NaN when unreadable.
export function procCpu(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // fields 14 and 15 (utime, stime)
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- baselines and streaming

/** A baseline proxy script (bench/proxy.js, bench/express-proxy.js) in front of `origin`; resolves {child, base}. */
export async function startProxy(origin, script = 'bench/proxy.js') {
  const { child, value } = await startNode([script, origin, API_KEY], {
    match: jsonLine((o) => typeof o.port === 'number'),
    label: script,
  });
  return { child, base: `http://127.0.0.1:${value.port}` };
}

/**
 * Streams `url` to the end: bytes, wall seconds, MiB/s; with `pollPid`, that process's peak RSS
 * (polled every 50 ms), VmHWM and CPU seconds per GiB streamed. CPU seconds per GiB are also given for
 * this process (the client: `clientCpuPerGiB`) and, with `upstreamPid`, for the upstream
 * (`upstreamCpuPerGiB`): on a machine whose cores the three share, their sum bounds the rate.
 */
export function streamOnce(url, headers, pollPid, upstreamPid) {
  return new Promise((resolveRun, reject) => {
    let bytes = 0;
    let peakRss = 0;
    const poll = pollPid
      ? setInterval(() => {
          const r = procStatus(pollPid).rss;
          if (r > peakRss) peakRss = r;
        }, 50)
      : undefined;
    const cpu0 = pollPid ? procCpu(pollPid) : NaN;
    const upstreamCpu0 = upstreamPid ? procCpu(upstreamPid) : NaN;
    const clientCpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        clearInterval(poll);
        return reject(new Error(`stream ${url}: HTTP ${res.statusCode}`));
      }
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => {
        clearInterval(poll);
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        // CPU seconds of the process in the middle per GiB: steadier than MiB/s when the cores are shared.
        const perGiB = (seconds) => (seconds * 1073741824) / bytes;
        const cpuPerGiB = pollPid ? perGiB(procCpu(pollPid) - cpu0) : NaN;
        const upstreamCpuPerGiB = upstreamPid ? perGiB(procCpu(upstreamPid) - upstreamCpu0) : NaN;
        const client = process.cpuUsage(clientCpu0);
        const clientCpuPerGiB = perGiB((client.user + client.system) / 1e6);
        resolveRun({ bytes, wall, mibps: bytes / 1048576 / wall, peakRss, hwm: pollPid ? procStatus(pollPid).hwm : NaN, cpuPerGiB, upstreamCpuPerGiB, clientCpuPerGiB });
      });
      res.on('error', (e) => {
        clearInterval(poll);
        reject(e);
      });
    });
    req.on('error', (e) => {
      clearInterval(poll);
      reject(e);
    });
  });
}

// ---------------------------------------------------------------- load generation

// The median of a list of figures (for an even count, the lower of the two middle ones); NaN when empty.
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
}

// The p-th percentile (nearest rank) of an ascending array; NaN when empty.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/**
 * One autocannon run. Latencies are taken from autocannon's 'response' events (float ms;
 * its own histogram has 1 ms resolution). Returns rps, p50/p99 (ms), errors (socket errors +
 * timeouts), non2xx, and the CPU% of this process (the load tool) and of `serverPids` over the run.
 * If `checkBody` is given, every `sampleEvery`-th response body chunk is passed to it; false
 * counts as bad in `sampled`.
 */
export function load({ url, method = 'GET', headers = {}, body, connections, duration, amount, serverPids = [], checkBody, sampleEvery = 100 }) {
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
          if (++bodies % sampleEvery !== 0) return;
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
        errors: result.errors + result.timeouts,
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

// ---------------------------------------------------------------- formatting

// A number with `d` decimals, 'n/a' if not finite.
export const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
// Milliseconds with 3 decimals, 'n/a' if not finite.
export const ms = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
// A whole percentage, 'n/a' if not finite.
export const pct = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}%` : 'n/a');

// A Markdown table with padded columns.
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const w = header.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(all[0]), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------- set-up and results

// `git args…` in ROOT, trimmed output; 'unknown' on failure.
export function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

// One line describing CPU, cores, RAM and OS.
export function machine() {
  const cpu = os.cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${f(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.release()}`;
}

// Throws unless every path in `paths` exists (the builds have been run).
export function requireBuilt(paths) {
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`${p} missing: run \`npm run build\` and \`cd generated/portkey-batch && npm run build\` first`);
  }
}

// Compiles the fake upstream (test/support/fake-portkey) into BUILD as ESM.
export function compileFake(log) {
  log('compiling the fake upstream (test/support/fake-portkey) into .vitest-tmp/bench-build');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--outDir', BUILD, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', 'test/support/fake-portkey/index.ts'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  writeFileSync(join(BUILD, 'package.json'), '{"type":"module"}\n');
}

// Appends a Markdown section to bench/RESULTS.md (creating it with its heading if missing).
export function appendResults(md, log) {
  const file = join(ROOT, 'bench/RESULTS.md');
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nAppended by `npm run bench` (see bench/README.md). Newest last.\n\n');
  appendFileSync(file, `${md}\n`);
  log(`appended to ${file}`);
}

// Runs `main`, kills any children left and exits 0, or 1 after printing `[tag] failed: …`.
export function runMain(main, tag) {
  main().then(
    () => {
      killAllSync();
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`[${tag}] failed: ${err?.stack ?? err}\n`);
      killAllSync();
      process.exit(1);
    },
  );
}
