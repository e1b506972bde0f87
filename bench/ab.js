#!/usr/bin/env node
// Interleaved A/B of the REST adapter: a saved "before" build against the current one, beside the bare
// Express 5 proxy, in one process tree and one time window, so that the machine's load (shared cores)
// hits every target alike. Prints Markdown; never appends to RESULTS.md (paste what you keep).
//
//   node bench/ab.js save <dir>           copy generated/portkey-batch (dist, openapi.json) and the
//                                         runtime's dist into <dir> (the "before" build)
//   node bench/ab.js rest <dir> [rounds] [seconds]
//                                         c=16 GET /v1/batches/{id}: bare Express, before, after, in
//                                         rotating order; req/s and server CPU µs per request (/proc)
//   node bench/ab.js create <dir> [rounds] [seconds]
//                                         c=16 POST /v1/batches with a JSON body (checked against the
//                                         bound document's schema): before, after (the bare proxy has
//                                         no such route)
//   node bench/ab.js stream <dir> [rounds] [MiB]
//                                         the batch output streamed: direct, minimal proxy, before, after (a fresh
//                                         server process each time: VmHWM is that stream's peak)
//   AB_NODE_FLAGS="--cpu-prof --cpu-prof-dir=X" applies node flags to the "after" adapter.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, PKG, API_KEY, logger, stop, startNode, jsonLine, startFake, procCpu, load, f, table, compileFake, runMain, startFlags, median, startProxy, streamOnce } from './lib.js';

const log = logger('ab');
const [mode, dirArg, a3, a4] = process.argv.slice(2);

/** Copies the built package and runtime so that the copy resolves its runtime to the saved one. */
function save(dir) {
  rmSync(dir, { recursive: true, force: true });
  const pkg = join(dir, 'pkg');
  mkdirSync(pkg, { recursive: true });
  for (const name of ['dist', 'openapi.json', 'package.json']) cpSync(join(PKG, name), join(pkg, name), { recursive: true });
  const rt = join(pkg, 'node_modules/@naftiko-gen/runtime');
  mkdirSync(rt, { recursive: true });
  for (const name of ['dist', 'package.json']) cpSync(join(ROOT, 'packages/runtime', name), join(rt, name), { recursive: true });
  log(`saved to ${dir}`);
}

/** dist/rest.js of `pkgDir` on an ephemeral loopback port; resolves {child, base}. */
async function startAdapter(pkgDir, upstreamUrl, flags = startFlags('dist/rest.js', pkgDir)) {
  const { child, value } = await startNode([...flags, join(pkgDir, 'dist/rest.js'), '--port', '0', '--host', '127.0.0.1'], {
    cwd: pkgDir,
    env: { PORTKEY_API_KEY: API_KEY, PORTKEY_BATCH_BASE_URL: upstreamUrl },
    stream: 'stderr',
    match: jsonLine((o) => o.msg === 'listening' && typeof o.port === 'number'),
    label: pkgDir,
  });
  return { child, base: `http://127.0.0.1:${value.port}` };
}

// The package's own start flags (its start:rest script), plus AB_NODE_FLAGS for the "after" adapter.
const afterFlags = () => [...startFlags('dist/rest.js'), ...(process.env.AB_NODE_FLAGS ?? '').split(' ').filter(Boolean)];

/** The create request of `create` mode: a body the bound document accepts. */
const CREATE = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ input_file_id: 'file-bench', endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { run: 'ab' } }),
};

async function rest(dir, rounds, seconds, create = false) {
  compileFake(log);
  const fake = await startFake(1);
  const bare = create ? undefined : await startProxy(fake.origin, 'bench/express-proxy.js');
  const targets = [
    ...(bare ? [{ name: 'bare Express 5 proxy', ...bare }] : []),
    { name: 'adapter, before', ...(await startAdapter(join(dir, 'pkg'), fake.url)) },
    { name: 'adapter, after', ...(await startAdapter(PKG, fake.url, afterFlags())) },
  ];
  const path = create ? '/v1/batches' : `/v1/batches/${fake.batchId}`;
  const request = create ? CREATE : {};
  for (const t of targets) {
    t.rps = [];
    t.us = [];
    await load({ url: t.base + path, ...request, connections: 16, duration: 2 });
  }
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      const cpu0 = procCpu(t.child.pid);
      const res = await load({ url: t.base + path, ...request, connections: 16, duration: seconds });
      if (res.errors + res.non2xx > 0) throw new Error(`${t.name}: ${res.errors} errors, ${res.non2xx} non-2xx`);
      t.rps.push(res.rps);
      t.us.push(((procCpu(t.child.pid) - cpu0) / res.requests) * 1e6);
    }
    log(`round ${r + 1}/${rounds}: ${targets.map((t) => `${t.name} ${f(t.rps.at(-1))}/s ${f(t.us.at(-1))} µs`).join(', ')}`);
  }
  const base = median(targets[0].rps);
  const rows = targets.map((t) => [t.name, f(median(t.rps)), `${f(median(t.rps) / base, 2)}×`, `${f(Math.min(...t.us))} / ${f(median(t.us))}`]);
  for (const t of targets) await stop(t.child);
  await stop(fake.child);
  const what = create ? 'POST /v1/batches' : `GET /v1/batches/{id}`;
  return `${what}: ${rounds} rounds × ${seconds} s at c=16, rotating order\n\n${table(['target', 'median req/s', `÷ ${targets[0].name}`, 'server CPU µs/request, min / median'], rows)}`;
}

async function stream(dir, rounds, mib) {
  compileFake(log);
  const fake = await startFake(mib);
  const path = `/v1/batches/${fake.streamId}/output`;
  const targets = [
    { name: 'direct (fake upstream)' },
    { name: 'minimal proxy', proxy: true },
    { name: 'adapter, before', pkg: join(dir, 'pkg') },
    { name: 'adapter, after', pkg: PKG, flags: afterFlags() },
  ];
  for (const t of targets) t.runs = [];
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      if (!t.pkg && !t.proxy) {
        t.runs.push(await streamOnce(fake.origin + path, { authorization: `Bearer ${API_KEY}` }));
        continue;
      }
      // A fresh server process per run, the minimal proxy too: VmHWM is that stream's peak.
      const a = t.proxy ? await startProxy(fake.origin) : await startAdapter(t.pkg, fake.url, t.flags);
      const run = await streamOnce(a.base + path, {}, a.child.pid);
      t.runs.push({ ...run, peak: Math.max(run.peakRss, run.hwm) });
      await stop(a.child);
    }
    log(`round ${r + 1}/${rounds}: ${targets.map((t) => `${t.name} ${f(t.runs.at(-1).mibps)} MiB/s ${f(t.runs.at(-1).peak, 1)} MiB${t.pkg || t.proxy ? ` ${f(t.runs.at(-1).cpuPerGiB, 2)} CPU s/GiB` : ''}`).join(', ')}`);
  }
  await stop(fake.child);
  const direct = median(targets[0].runs.map((x) => x.mibps));
  const rows = targets.map((t) => {
    const m = median(t.runs.map((x) => x.mibps));
    const peaks = t.runs.map((x) => x.peak);
    const server = t.pkg || t.proxy;
    return [t.name, f(m), `${f(m / direct, 2)}×`, server ? `${f(median(peaks), 1)} / ${f(Math.max(...peaks), 1)}` : '', server ? f(median(t.runs.map((x) => x.cpuPerGiB)), 2) : ''];
  });
  return `${rounds} rounds × ${mib} MiB, rotating order\n\n${table(['path', 'median MiB/s', '÷ direct', 'server peak RSS MiB (median / max)', 'server CPU s/GiB (median)'], rows)}`;
}

runMain(async () => {
  if (!dirArg) throw new Error('usage: node bench/ab.js save|rest|create|stream <dir> …');
  const dir = resolve(dirArg);
  if (mode === 'save') return save(dir);
  if (!existsSync(join(dir, 'pkg/dist/rest.js'))) throw new Error(`${dir}: no saved build (node bench/ab.js save ${dirArg})`);
  const out = mode === 'rest' || mode === 'create' ? await rest(dir, Number(a3 ?? 6), Number(a4 ?? 2), mode === 'create') : mode === 'stream' ? await stream(dir, Number(a3 ?? 3), Number(a4 ?? 1024)) : undefined;
  if (out === undefined) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`\nload average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\n\n${out}\n`);
}, 'ab');
