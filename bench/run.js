#!/usr/bin/env node
// Benchmarks of the generated portkey-batch package (REST adapter, streaming, MCP) and of the
// generator itself. Plain ESM; needs `npm run build` and `cd generated/portkey-batch && npm run build`.
// Env: BENCH_SECONDS (c=16 run length, default 10; c=1 runs half of it, default 5),
//      BENCH_STREAM_MB (default 1024), BENCH_STREAM_ROUNDS (streams per path, default 3), BENCH_MCP_CALLS (default 50000), BENCH_MCP_WARMUP (default
//      5000), BENCH_GEN_RUNS (default 5),
//      BENCH_CORPORA (comma-separated capability directories replicated to >= BENCH_GEN_FILES files,
//      default /work/shared/corpus,/work/shared/corpus-ikanos and 1000), BENCH_ONLY (comma-separated
//      sections: rest,stream,mcp,gen; default all), BENCH_NO_RESULTS=1 (do not append to RESULTS.md).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPeer, startPeer } from './peer.js';
import { replicateCorpora } from './replicate-corpus.js';
import { ROOT, PKG, API_KEY, num, logger, stop, startFake, startGenerated, startFlags, procStatus, load, f, ms, pct, table, git, machine, requireBuilt, compileFake, appendResults, runMain, median, startProxy, streamOnce } from './lib.js';

const TMP = join(ROOT, '.vitest-tmp');
mkdirSync(TMP, { recursive: true }); // compileFake creates it too, but a gen-only run does not compile the fake

const SECONDS = num('BENCH_SECONDS', 10);
const SECONDS_C1 = Math.max(1, Math.round(SECONDS / 2));
const STREAM_MB = num('BENCH_STREAM_MB', 1024);
const STREAM_ROUNDS = Math.max(1, num('BENCH_STREAM_ROUNDS', 3)); // at least one run per path: the table reads the first
const MCP_CALLS = num('BENCH_MCP_CALLS', 50_000);
// MCP warm-up calls before the timed runs (ours and the peer's): the first few thousand calls run a
// cold JIT (~1.5× the CPU per call of later ones; notes/issue-12m.md), which 5 s runs would measure.
const MCP_WARMUP = num('BENCH_MCP_WARMUP', 5_000);
const GEN_RUNS = num('BENCH_GEN_RUNS', 5);
const CORPORA = (process.env.BENCH_CORPORA ?? '/work/shared/corpus,/work/shared/corpus-ikanos').split(',').filter(Boolean);
const GEN_FILES = num('BENCH_GEN_FILES', 1000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'rest,stream,mcp,gen').split(','));

const log = logger('bench');

// ---------------------------------------------------------------- child processes

/** CPU time (user + sys, ms) of every child process this one has waited for (/proc: cutime + cstime, in 1/100 s ticks). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}


// ---------------------------------------------------------------- load generation

const warm = (o) => load({ ...o, connections: 16, duration: 1, serverPids: [] });

// ---------------------------------------------------------------- streaming


// ---------------------------------------------------------------- formatting

const mark = (ok) => (ok === undefined ? '' : ok ? 'met' : 'MISSED');

// ---------------------------------------------------------------- sections

const results = {};
const targets = [];
const target = (name, figure, goal, ok) => targets.push([name, figure, goal, mark(ok)]);

async function benchRest(fake) {
  log('REST: starting proxy and adapter');
  const proxy = await startProxy(fake.origin);
  const bare = await startProxy(fake.origin, 'bench/express-proxy.js');
  const rest = await startGenerated('dist/rest.js', fake.url);
  const path = `/v1/batches/${fake.batchId}`;
  const variants = [
    { name: 'direct (fake upstream)', url: fake.origin + path, headers: { authorization: `Bearer ${API_KEY}` }, pids: [fake.child.pid] },
    { name: 'minimal proxy', url: proxy.base + path, headers: {}, pids: [proxy.child.pid, fake.child.pid] },
    { name: 'bare Express 5 proxy', url: bare.base + path, headers: {}, pids: [bare.child.pid, fake.child.pid] },
    { name: 'generated REST adapter', url: rest.base + path, headers: {}, pids: [rest.child.pid, fake.child.pid] },
  ];
  const rows = [];
  const out = {};
  for (const v of variants) {
    await warm({ url: v.url, headers: v.headers });
    for (const [c, d] of [[16, SECONDS], [1, SECONDS_C1]]) {
      log(`REST: ${v.name} c=${c} ${d}s`);
      const r = await load({ url: v.url, headers: v.headers, connections: c, duration: d, serverPids: v.pids });
      out[`${v.name}@${c}`] = r;
      // Server CPU per request (the target's own process, /proc): steadier than req/s when other work shares the cores.
      r.cpuUs = ((r.serverCpu[0] / 100) * r.wall * 1e6) / r.requests;
      rows.push([v.name, c, `${d}s`, f(r.rps), ms(r.p50), ms(r.p99), r.errors + r.non2xx, pct(r.clientCpu), r.serverCpu.map(pct).join(' / '), f(r.cpuUs)]);
    }
  }
  const a16 = out['generated REST adapter@16'];
  const p16 = out['minimal proxy@16'];
  const e16 = out['bare Express 5 proxy@16'];
  const a1 = out['generated REST adapter@1'];
  const e1 = out['bare Express 5 proxy@1'];
  const ratio = a16.rps / e16.rps;
  const added = a1.p50 - e1.p50;
  results.rest = { out, ratio, added };
  target('REST req/s, adapter ÷ bare Express 5 proxy @c=16', `${f(ratio, 2)}×`, '≥ 0.9×', ratio >= 0.9);
  target('REST req/s, adapter ÷ minimal node:http proxy @c=16', `${f(a16.rps / p16.rps, 2)}×`, '(shown)', undefined);
  target('REST added p50 @c=1 (adapter − bare Express)', `${ms(added)} ms`, '≤ 0.5 ms', added <= 0.5);
  target('REST server CPU µs/request @c=16, adapter ÷ bare Express 5 proxy', `${f(a16.cpuUs / e16.cpuUs, 2)}×`, '(shown)', undefined);
  const text = table(['target', 'c', 'time', 'req/s', 'p50 ms', 'p99 ms', 'err', 'load-tool CPU', 'server CPU (target / upstream)', 'target CPU µs/req'], rows);
  await stop(rest.child);
  await stop(bare.child);
  await stop(proxy.child);
  return { text, a16, a1 };
}

// Each path is streamed STREAM_ROUNDS times in rotating order, the servers started fresh for every
// run (VmHWM is that stream's peak): one run of each was at the mercy of whatever else the cores did
// in its 3–4 s (the same code measured 0.76× and 0.92× direct in two quiet runs).
async function benchStream(fake) {
  const path = `/v1/batches/${fake.streamId}/output`;
  const paths = [
    { name: 'direct (fake upstream)', runs: [] },
    { name: 'minimal proxy', start: () => startProxy(fake.origin), runs: [] },
    { name: 'generated REST adapter', start: () => startGenerated('dist/rest.js', fake.url), runs: [] },
  ];
  for (let r = 0; r < STREAM_ROUNDS; r++) {
    for (let i = 0; i < paths.length; i++) {
      const p = paths[(i + r) % paths.length];
      log(`stream: ${STREAM_MB} MiB (${fake.lines} lines), ${p.name}, round ${r + 1}/${STREAM_ROUNDS}`);
      if (!p.start) {
        p.runs.push(await streamOnce(fake.origin + path, { authorization: `Bearer ${API_KEY}` }, undefined, fake.child.pid));
        continue;
      }
      const server = await p.start();
      const rssStart = procStatus(server.child.pid).rss;
      p.runs.push({ ...(await streamOnce(server.base + path, {}, server.child.pid, fake.child.pid)), rssStart });
      await stop(server.child);
    }
  }
  const med = (runs, key) => median(runs.map((x) => x[key]).filter(Number.isFinite));
  const peakOf = (x) => Math.max(x.peakRss, x.hwm || 0);
  const [direct, viaProxy, viaRest] = paths.map((p) => ({
    mibps: med(p.runs, 'mibps'),
    wall: med(p.runs, 'wall'),
    bytes: p.runs[0].bytes,
    cpuPerGiB: med(p.runs, 'cpuPerGiB'),
    upstreamCpuPerGiB: med(p.runs, 'upstreamCpuPerGiB'),
    clientCpuPerGiB: med(p.runs, 'clientCpuPerGiB'),
    rssStart: med(p.runs, 'rssStart'),
    peakMedian: p.runs.length && p.start ? median(p.runs.map(peakOf)) : NaN,
    peakMax: p.runs.length && p.start ? Math.max(...p.runs.map(peakOf)) : NaN,
    mibpsAll: p.runs.map((x) => x.mibps),
  }));
  const ratio = viaRest.mibps / direct.mibps;
  results.stream = { direct, viaProxy, viaRest, ratio };
  target(`streaming MiB/s, adapter ÷ direct (medians of ${STREAM_ROUNDS})`, `${f(ratio, 2)}×`, '≥ 0.9×', ratio >= 0.9);
  target('streaming MiB/s, minimal proxy ÷ direct', `${f(viaProxy.mibps / direct.mibps, 2)}×`, '(shown)', undefined);
  target(`streaming adapter peak RSS (highest of ${STREAM_ROUNDS} runs)`, `${f(viaRest.peakMax, 1)} MiB`, '≤ 100 MiB', viaRest.peakMax <= 100);
  target('streaming CPU s/GiB, adapter ÷ minimal proxy', `${f(viaRest.cpuPerGiB / viaProxy.cpuPerGiB, 2)}×`, '(shown)', undefined);
  const sumOf = (r) => r.upstreamCpuPerGiB + r.clientCpuPerGiB + (Number.isFinite(r.cpuPerGiB) ? r.cpuPerGiB : 0);
  target('streaming CPU s/GiB of all processes, through the adapter (direct)', `${f(sumOf(viaRest), 2)} (${f(sumOf(direct), 2)})`, '(shown)', undefined);
  const row = (name, r) => [
    name,
    f(r.bytes / 1048576, 1),
    f(r.wall, 2),
    f(r.mibps, 1),
    r.mibpsAll.map((x) => f(x)).join(', '),
    Number.isFinite(r.rssStart) ? f(r.rssStart, 1) : '',
    Number.isFinite(r.peakMax) ? `${f(r.peakMedian, 1)} / ${f(r.peakMax, 1)}` : '',
    Number.isFinite(r.cpuPerGiB) ? f(r.cpuPerGiB, 2) : '',
    f(r.upstreamCpuPerGiB, 2),
    f(r.clientCpuPerGiB, 2),
  ];
  return table(
    ['path', 'MiB', 's (median)', 'MiB/s (median)', 'MiB/s (each run)', 'RSS start MiB', 'peak RSS MiB (median / highest)', 'CPU s/GiB (middle)', 'CPU s/GiB (upstream)', 'CPU s/GiB (client)'],
    [row('direct (fake upstream)', direct), row('minimal proxy', viaProxy), row('generated REST adapter', viaRest)],
  );
}

// The REST adapter's GET of the same operation is measured again here, right after each MCP run at the
// same concurrency and after as many warm-up requests: the REST section ran minutes earlier, and on a
// shared machine a ratio of two runs minutes apart followed the other processes more than the servers.
async function benchMcp(fake) {
  log('MCP: starting server');
  const mcp = await startGenerated('dist/mcp.js', fake.url);
  const rest = await startGenerated('dist/rest.js', fake.url);
  const restUrl = `${rest.base}/v1/batches/${fake.batchId}`;
  const url = `${mcp.base}/mcp`;
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'retrieves-batch', arguments: { batch_id: fake.batchId } } });
  // Stateless check: a bare tools/call (no initialize) must answer with the batch.
  const probe = await fetch(url, { method: 'POST', headers, body });
  const probeText = await probe.text();
  if (probe.status !== 200 || !probeText.includes(fake.batchId) || probeText.includes('"isError":true')) {
    throw new Error(`MCP: bare tools/call failed (HTTP ${probe.status}): ${probeText.slice(0, 300)}`);
  }
  log(`MCP: ${MCP_WARMUP} warm-up calls`);
  await load({ url, method: 'POST', headers, body, connections: 16, amount: MCP_WARMUP });
  await load({ url: restUrl, connections: 16, amount: MCP_WARMUP });
  const before = procStatus(mcp.child.pid);
  let calls = MCP_WARMUP;
  const out = {};
  const restOut = {};
  const cpuUs = (r) => ((r.serverCpu[0] / 100) * r.wall * 1e6) / r.requests;
  for (const [c, d] of [[16, SECONDS], [1, SECONDS_C1]]) {
    log(`MCP: tools/call c=${c} ${d}s, then the REST adapter's GET`);
    const r = await load({ url, method: 'POST', headers, body, connections: c, duration: d, serverPids: [mcp.child.pid, fake.child.pid] });
    calls += r.requests;
    out[c] = Object.assign(r, { cpuUs: cpuUs(r) });
    const g = await load({ url: restUrl, connections: c, duration: d, serverPids: [rest.child.pid, fake.child.pid] });
    restOut[c] = Object.assign(g, { cpuUs: cpuUs(g) });
  }
  await stop(rest.child);
  const topUp = MCP_CALLS - calls;
  if (topUp > 0) {
    log(`MCP: ${topUp} more calls to reach ${MCP_CALLS}`);
    const r = await load({ url, method: 'POST', headers, body, connections: 16, amount: topUp });
    calls += r.requests;
    out.topUp = r;
  }
  const after = procStatus(mcp.child.pid);
  await stop(mcp.child);

  log('MCP: peer (openapi-mcp-generator 4.0.1, SDK 1.24.3)');
  buildPeer(log);
  const peer = await startPeer(fake.url, API_KEY, fake.batchId);
  const peerOut = {};
  await load({ url: peer.url, method: 'POST', headers: peer.headers, body: peer.body, connections: 16, amount: MCP_WARMUP });
  for (const [c, d] of [[16, SECONDS], [1, SECONDS_C1]]) {
    log(`MCP: peer tools/call c=${c} ${d}s`);
    peerOut[c] = await load({ url: peer.url, method: 'POST', headers: peer.headers, body: peer.body, connections: c, duration: d, serverPids: [peer.child.pid, fake.child.pid] });
  }
  const peerRss = procStatus(peer.child.pid);
  await stop(peer.child);

  const rows = [];
  for (const c of [16, 1]) {
    const restR = restOut[c];
    const row = (name, r) => [name, c, f(r.rps), ms(r.p50), ms(r.p99), r.errors + r.non2xx, pct(r.clientCpu), r.serverCpu.map(pct).join(' / '), f(cpuUs(r)), `${f(r.rps / restR.rps, 2)}×`, `${f(r.rps / peerOut[c].rps, 2)}×`];
    rows.push(row('generated MCP server, tools/call', out[c]));
    rows.push(row('generated REST adapter, GET (same op), right after', restR));
    rows.push(row('peer MCP server (openapi-mcp-generator 4.0.1)', peerOut[c]));
  }
  const ratio = out[16].rps / restOut[16].rps;
  const vsPeer = out[16].rps / peerOut[16].rps;
  results.mcp = { out, restOut, before, after, calls, ratio, vsPeer, peerOut };
  target('MCP calls/s ÷ REST req/s @c=16', `${f(ratio, 2)}×`, '≥ 0.8×', ratio >= 0.8);
  target('MCP server CPU µs/call ÷ REST µs/request @c=16', `${f(out[16].cpuUs / restOut[16].cpuUs, 2)}×`, '(shown)', undefined);
  target('MCP calls/s ÷ peer calls/s @c=16', `${f(vsPeer, 2)}×`, '≥ 5×', vsPeer >= 5);
  target(`MCP server RSS after ${calls} calls`, `${f(after.rss, 1)} MiB`, '≤ 120 MiB', after.rss <= 120);
  return (
    table(['target', 'c', 'calls/s', 'p50 ms', 'p99 ms', 'err', 'load-tool CPU', 'server CPU (target / upstream)', 'target CPU µs/call', 'vs REST', 'vs peer'], rows) +
    `\n\nThe peer is stateful: one session is opened (initialize) and every call carries its mcp-session-id; ours is called statelessly (a bare tools/call, protocol 2025-11-25).` +
    `\n\nMCP server RSS: ${f(before.rss, 1)} MiB after warm-up → ${f(after.rss, 1)} MiB after ${calls} calls (VmHWM ${f(after.hwm, 1)} MiB, +${f(after.rss - before.rss, 1)} MiB). Peer RSS after its runs: ${f(peerRss.rss, 1)} MiB.`
  );
}

async function benchGeneration() {
  // Three series of fresh processes: without any cache (nothing reused between runs); with only
  // prettier's code cache warm (format/code-cache.ts: the format and load caches are emptied before
  // each run, as for a capability that changed); and with every cache warm (what a build step
  // regenerating an unchanged capability pays). The cached series run in a project of their own
  // (a copy of the seed and its config), so emptying its caches leaves this repository's alone.
  const project = mkdtempSync(join(TMP, 'bench-gen-project-'));
  mkdirSync(join(project, 'node_modules'));
  mkdirSync(join(project, 'capabilities'));
  for (const file of ['portkey-batch.yaml', 'portkey-batch.openapi.yaml']) copyFileSync(join(ROOT, 'capabilities', file), join(project, 'capabilities', file));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench-gen', private: true, 'naftiko-gen': JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))['naftiko-gen'] }));
  const cacheRoot = join(project, 'node_modules/.cache/naftiko-gen');
  const series = async (mode) => {
    const times = [];
    const cpus = [];
    const out = mkdtempSync(join(TMP, 'bench-gen-'));
    const cwd = mode === 'off' ? ROOT : project;
    const env = { ...process.env, NAFTIKO_GEN_CACHE: mode === 'off' ? 'off' : 'on' };
    const generate = () => spawnSync(process.execPath, [join(ROOT, 'bin/naftiko-gen.js'), 'generate', 'capabilities/portkey-batch.yaml', '-o', out, '-q'], { cwd, encoding: 'utf8', env });
    try {
      if (mode !== 'off') generate(); // fills the caches
      for (let i = 0; i < GEN_RUNS; i++) {
        if (mode === 'code') for (const dir of ['format', 'load']) rmSync(join(cacheRoot, dir), { recursive: true, force: true });
        const c0 = childrenCpuMs();
        const t0 = process.hrtime.bigint();
        const r = generate();
        const wall = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 0) throw new Error(`generate exited ${r.status}: ${r.stderr}`);
        times.push(wall);
        cpus.push(childrenCpuMs() - c0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    return { times, median: median(times), cpus, cpuMedian: median(cpus) };
  };
  let cold, code, warm;
  try {
    cold = await series('off');
    code = await series('code');
    warm = await series('all');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  const { times } = cold;
  target('generation, portkey-batch, cold process, no cache at all (median)', `${f(cold.median / 1000, 2)} s`, '≤ 0.5 s', cold.median <= 500);
  target('generation, portkey-batch, cold process, code cache warm, format and load caches empty (median)', `${f(code.median / 1000, 2)} s`, '≤ 0.5 s', code.median <= 500);
  target('generation, portkey-batch, cold process, caches warm (median)', `${f(warm.median / 1000, 2)} s`, '≤ 0.5 s', warm.median <= 500);
  const runs = (x) => `median ${f(x.median)} ms (runs: ${x.times.map((t) => f(t)).join(', ')} ms; CPU user+sys median ${f(x.cpuMedian)} ms)`;
  let text =
    `Cold \`naftiko-gen generate capabilities/portkey-batch.yaml\` × ${GEN_RUNS}. No cache at all (NAFTIKO_GEN_CACHE=off): ${runs(cold)}. ` +
    `Only prettier's code cache warm (format and load caches emptied before each run): ${runs(code)}. ` +
    `Every cache (format, load, code) warm: ${runs(warm)}. CPU time is less sensitive than wall time to other processes on the machine.`;
  results.gen = { times, median: cold.median, codeCache: code, cached: warm };

  const sources = CORPORA.filter((d) => existsSync(d));
  if (sources.length === 0) {
    text += `\n\nCorpus: skipped (${CORPORA.join(', ')} not found).`;
    target(`generation, ≥ ${GEN_FILES} files, one process`, 'skipped', '≤ 30 s', undefined);
    return text;
  }
  const copy = mkdtempSync(join(TMP, 'bench-corpus-'));
  const cacheDir = mkdtempSync(join(TMP, 'bench-corpus-cache-'));
  try {
    const count = replicateCorpora(sources, copy, GEN_FILES);
    // Three runs over the same copy: no cache, caches being filled (empty at start), those caches warm.
    const run = (label, cache) => {
      const c0 = childrenCpuMs();
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['bench/gen-corpus.js', copy, ...(cache ? [cacheDir] : [])], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      const procWall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`corpus generation (${label}) exited ${r.status}: ${r.stderr.slice(-2000)}`);
      return { label, ...JSON.parse(r.stdout.trim().split('\n').pop()), procWall, cpuMs: childrenCpuMs() - c0 };
    };
    const runs = [run('no cache', false), run('caches empty (filling)', true), run('caches warm', true)];
    const [c] = runs;
    results.corpus = runs;
    for (const x of runs) target(`generation, ${x.inputs} files, one process, ${x.label}`, `${f(x.wallMs / 1000, 2)} s`, '≤ 30 s', x.wallMs <= 30_000);
    text +=
      `\n\nCorpus (${sources.join(' + ')}, replicated under distinct names to ${count} files): ${c.inputs} inputs → ${c.packages} packages, ${c.files} files, ${c.errors} error diagnostics. ` +
      `Nothing is written but the caches (format and load); \`process\` includes start-up and imports; CPU is user+sys of the process and its format workers.\n\n` +
      table(
        ['run', 'generate() ms', 'process ms', 'CPU ms', 'RSS MiB', 'load', 'validate', 'model', 'emit', 'format'],
        runs.map((x) => [x.label, f(x.wallMs), f(x.procWall), f(x.cpuMs), f(x.rssMiB), f(x.timings.load), f(x.timings.validate), f(x.timings.model), f(x.timings.emit), f(x.timings.format)]),
      );
  } finally {
    rmSync(copy, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return text;
}

// ---------------------------------------------------------------- main

async function main() {
  const servers = ONLY.has('rest') || ONLY.has('stream') || ONLY.has('mcp');
  // The generation section needs only the generator; the others need the generated package and the fake.
  requireBuilt([join(ROOT, 'dist/generator/pipeline.js'), ...(servers ? [join(PKG, 'dist/rest.js'), join(PKG, 'dist/mcp.js')] : [])]);
  if (servers) compileFake(log);

  const started = new Date();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain']) ? ' (dirty tree)' : '';
  const settings = `BENCH_SECONDS=${SECONDS} (c=1: ${SECONDS_C1}), BENCH_STREAM_MB=${STREAM_MB}, BENCH_STREAM_ROUNDS=${STREAM_ROUNDS}, BENCH_MCP_CALLS=${MCP_CALLS}, BENCH_MCP_WARMUP=${MCP_WARMUP}, BENCH_GEN_RUNS=${GEN_RUNS}, BENCH_GEN_FILES=${GEN_FILES}, BENCH_ONLY=${[...ONLY].join(',')}; generated servers started with their package.json start flags (rest: \`${startFlags('dist/rest.js').join(' ') || 'none'}\`, mcp: \`${startFlags('dist/mcp.js').join(' ') || 'none'}\`; BENCH_SERVER_FLAGS overrides), baselines and peer with Node's defaults`;

  const sections = [];
  if (servers) {
    const fake = await startFake(STREAM_MB);
    try {
      let rest;
      if (ONLY.has('rest') || ONLY.has('mcp')) {
        rest = await benchRest(fake);
        sections.push(['REST adapter — GET /v1/batches/{id}', rest.text]);
      }
      if (ONLY.has('stream')) sections.push(['Streaming — GET /v1/batches/{id}/output', await benchStream(fake)]);
      if (ONLY.has('mcp')) sections.push(['MCP — tools/call retrieves-batch', await benchMcp(fake)]);
    } finally {
      await stop(fake.child);
    }
  }
  if (ONLY.has('gen')) sections.push(['Generation', await benchGeneration()]);

  const elapsed = (Date.now() - started.getTime()) / 1000;
  const md =
    `## ${started.toISOString()} — ${commit}${dirty}\n\n` +
    `Machine: ${machine()}; Node ${process.version}. Settings: ${settings}. Run time ${f(elapsed)} s.\n\n` +
    sections.map(([h, t]) => `### ${h}\n\n${t}\n`).join('\n') +
    `\n### Targets (reported, not asserted)\n\n${table(['target', 'figure', 'goal', ''], targets)}\n`;
  process.stdout.write(`\n${md}\n`);
  if (!process.env.BENCH_NO_RESULTS) appendResults(md, log);
}

runMain(main, 'bench');
