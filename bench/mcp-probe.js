#!/usr/bin/env node
// Issue 12m probe: the generated MCP server under raw tools/call load, in steps, printing after each
// step the server's VmRSS and its CPU µs per call (CPU time from /proc: less load-sensitive than
// calls/s on a shared machine). Extra node flags for the server (e.g. --cpu-prof, --trace-gc) go in
// MCP_PROBE_NODE_FLAGS; the entry in MCP_PROBE_ENTRY (default dist/mcp.js of generated/portkey-batch).
// MCP_PROBE_REST=1 also starts dist/rest.js and loads GET /v1/batches/{id} (the same operation) after
// each MCP step, for the MCP ÷ REST ratio of CPU per request under the same machine load.
//   node bench/mcp-probe.js [steps=5] [callsPerStep=5000] [connections=16]
import { API_KEY, PKG, compileFake, startGenerated, jsonLine, load, logger, procCpu, procStatus, runMain, startFake, startNode, stop } from './lib.js';

const log = logger('mcp-probe');

async function main() {
  const [steps = 5, perStep = 5000, c = 16] = process.argv.slice(2).map(Number);
  compileFake(log);
  const fake = await startFake(1);
  const flags = (process.env.MCP_PROBE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const entry = process.env.MCP_PROBE_ENTRY ?? 'dist/mcp.js';
  const { child, value } = await startNode([...flags, entry, '--port', '0', '--host', '127.0.0.1'], {
    cwd: PKG,
    env: { PORTKEY_API_KEY: API_KEY, PORTKEY_BATCH_BASE_URL: fake.url },
    stream: 'stderr',
    match: jsonLine((o) => o.msg === 'listening' && typeof o.port === 'number'),
    label: entry,
  });
  const url = `http://127.0.0.1:${value.port}/mcp`;
  const signalled = process.env.MCP_PROBE_SIGUSR2 === '1';
  if (signalled) {
    // What a handler loaded with --import prints on SIGUSR2 (lines starting with MEMDUMP) is shown.
    child.stderr.on('data', (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.startsWith('MEMDUMP')) console.log(line);
    });
  }
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'retrieves-batch', arguments: { batch_id: fake.batchId } } });
  const probe = await fetch(url, { method: 'POST', headers, body });
  const text = await probe.text();
  if (probe.status !== 200 || !text.includes(fake.batchId)) throw new Error(`probe failed: ${probe.status} ${text.slice(0, 300)}`);
  await load({ url, method: 'POST', headers, body, connections: c, amount: 500 });
  const rest = process.env.MCP_PROBE_REST === '1' ? await startGenerated('dist/rest.js', fake.url) : undefined;
  const restUrl = rest && `${rest.base}/v1/batches/${fake.batchId}`;
  if (rest) await load({ url: restUrl, connections: c, amount: 500 });
  console.log(`start: RSS ${procStatus(child.pid).rss.toFixed(1)} MiB`);
  if (signalled) {
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
  }
  for (let i = 1; i <= steps; i++) {
    const cpu0 = procCpu(child.pid);
    const r = await load({ url, method: 'POST', headers, body, connections: c, amount: perStep });
    const us = ((procCpu(child.pid) - cpu0) / r.requests) * 1e6;
    const s = procStatus(child.pid);
    console.log(`step ${i}: ${r.requests} calls, ${r.rps.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, err ${r.errors + r.non2xx}, server CPU ${us.toFixed(0)} µs/call, RSS ${s.rss.toFixed(1)} MiB (HWM ${s.hwm.toFixed(1)})`);
    if (!rest) continue;
    const rc0 = procCpu(rest.child.pid);
    const rr = await load({ url: restUrl, connections: c, amount: perStep });
    const rus = ((procCpu(rest.child.pid) - rc0) / rr.requests) * 1e6;
    console.log(`   REST: ${rr.requests} GETs, ${rr.rps.toFixed(0)}/s, err ${rr.errors + rr.non2xx}, server CPU ${rus.toFixed(0)} µs/req; MCP ÷ REST CPU per request ${(us / rus).toFixed(2)}, MCP ÷ REST rate ${(r.rps / rr.rps).toFixed(2)}`);
  }
  if (signalled) {
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
  }
  if (flags.some((f) => f.startsWith('--heapsnapshot-signal'))) {
    // A heap snapshot of the loaded server (written into generated/portkey-batch), then a moment to write it.
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 8000));
  }
  child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 1500));
  await stop(child);
  if (rest) await stop(rest.child);
  await stop(fake.child);
}

runMain(main, 'mcp-probe');
