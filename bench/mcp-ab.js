#!/usr/bin/env node
// Interleaved A/B of two MCP server entries of generated/portkey-batch (e.g. a build of main's runtime
// and this branch's), with the REST adapter's GET of the same operation beside them: all three run at
// once against one fake upstream and are loaded in turn at c=16, the order rotating every round, so a
// change in the machine's load hits every target alike. Prints, per target, req/s and server CPU µs
// per request (from /proc) for each round, their medians, and each MCP entry's ratios to REST.
// Each round loads a target for a fixed time (autocannon `duration`): with a fixed number of calls
// (`amount`) autocannon ends the run on its 1-second tick, which quantised req/s to 4000/4, 4000/5 …
//   MCP_AB_A=dist/mcp-before.js MCP_AB_B=dist/mcp.js node bench/mcp-ab.js [rounds=6] [seconds=5] [warmup=5000]
// Each entry (a path in the package or an absolute one) starts with the node flags of the package's start:mcp script; MCP_AB_A_FLAGS / MCP_AB_B_FLAGS
// replace them ("" = none), e.g. to compare one build with and without a flag.
// (entries are paths relative to generated/portkey-batch, or absolute)
import { compileFake, f, load, logger, median, procCpu, procStatus, runMain, startFake, startFlags, startGenerated, stop } from './lib.js';

const log = logger('mcp-ab');

async function main() {
  const [rounds = 6, seconds = 5, warmup = 5000] = process.argv.slice(2).map(Number);
  const a = process.env.MCP_AB_A;
  const b = process.env.MCP_AB_B ?? 'dist/mcp.js';
  if (!a) throw new Error('set MCP_AB_A (and MCP_AB_B, default dist/mcp.js) to entries under generated/portkey-batch');
  compileFake(log);
  const fake = await startFake(1);
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'retrieves-batch', arguments: { batch_id: fake.batchId } } });
  const targets = [];
  for (const [name, entry] of [[`A ${a}`, a], [`B ${b}`, b]]) {
    const flags = process.env[`MCP_AB_${name[0]}_FLAGS`];
    // Both entries get the flags of the package's start:mcp script (also an entry given by an absolute path).
    const s = await startGenerated(entry, fake.url, flags === undefined ? startFlags('dist/mcp.js') : flags.split(' ').filter(Boolean));
    const url = `${s.base}/mcp`;
    const probe = await fetch(url, { method: 'POST', headers, body });
    const text = await probe.text();
    if (probe.status !== 200 || !text.includes(fake.batchId)) throw new Error(`${entry}: probe failed: ${probe.status} ${text.slice(0, 300)}`);
    targets.push({ name, child: s.child, req: { url, method: 'POST', headers, body } });
  }
  const rest = await startGenerated('dist/rest.js', fake.url);
  targets.push({ name: 'REST dist/rest.js', child: rest.child, req: { url: `${rest.base}/v1/batches/${fake.batchId}` } });
  log(`warm-up: ${warmup} requests each`);
  for (const t of targets) await load({ ...t.req, connections: 16, amount: warmup });
  for (const t of targets) Object.assign(t, { rps: [], us: [] });
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      const cpu0 = procCpu(t.child.pid);
      const res = await load({ ...t.req, connections: 16, duration: seconds });
      if (res.errors + res.non2xx > 0) throw new Error(`${t.name}: ${res.errors + res.non2xx} failed requests`);
      t.rps.push(res.rps);
      t.us.push(((procCpu(t.child.pid) - cpu0) / res.requests) * 1e6);
    }
    log(`round ${r + 1}: ${targets.map((t) => `${t.name} ${f(t.rps.at(-1))}/s ${f(t.us.at(-1))} µs`).join('; ')}`);
  }
  const restT = targets[2];
  console.log(`| target | req/s per round | median req/s | CPU µs/request per round | median µs | ÷ REST req/s (median of rounds) | RSS MiB |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const t of targets) {
    const vsRest = median(t.rps.map((x, i) => x / restT.rps[i]));
    console.log(`| ${t.name} | ${t.rps.map((x) => f(x)).join(', ')} | ${f(median(t.rps))} | ${t.us.map((x) => f(x)).join(', ')} | ${f(median(t.us))} | ${f(vsRest, 2)}× | ${f(procStatus(t.child.pid).rss, 1)} |`);
  }
  const [ta, tb] = targets;
  console.log(`\nB ÷ A, median of rounds: req/s ${f(median(tb.rps.map((x, i) => x / ta.rps[i])), 2)}, CPU per request ${f(median(tb.us.map((x, i) => x / ta.us[i])), 2)}`);
  for (const t of targets) await stop(t.child);
  await stop(fake.child);
}

runMain(main, 'mcp-ab');
