// The peer MCP server measured beside ours: openapi-mcp-generator 4.0.1 (SDK 1.24.3 pinned, see
// bench/peer/package.json) generated from bench/peer/portkey-batch.openapi.yaml, the same five
// Portkey batch operations. Installed and built on first use into bench/peer/ (git-ignored
// node_modules/ and out/), never a dependency of the project or CI.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, startNode } from './lib.js';

const DIR = join(ROOT, 'bench/peer');
const OUT = join(DIR, 'out');
const SPEC = join(DIR, 'portkey-batch.openapi.yaml');

const newer = (a, b) => statSync(a).mtimeMs > statSync(b).mtimeMs;

/** npm ci (when needed), generate the peer server from the fragment, compile it. */
export function buildPeer(log) {
  if (!existsSync(join(DIR, 'node_modules/openapi-mcp-generator')) || newer(join(DIR, 'package-lock.json'), join(DIR, 'node_modules'))) {
    log('peer: npm ci in bench/peer (openapi-mcp-generator 4.0.1, @modelcontextprotocol/sdk 1.24.3)');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const built = join(OUT, 'build/index.js');
  if (existsSync(built) && !newer(SPEC, built)) return;
  log('peer: generating and compiling the peer MCP server from bench/peer/portkey-batch.openapi.yaml');
  const cli = join(DIR, 'node_modules/openapi-mcp-generator/bin/openapi-mcp-generator.js');
  execFileSync(process.execPath, [cli, '-i', SPEC, '-o', OUT, '-t', 'streamable-http', '--force'], { cwd: DIR, stdio: 'ignore' });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--typeRoots', join(ROOT, 'node_modules/@types')], { cwd: OUT, stdio: 'inherit' });
}

// A free loopback port (the peer reads PORT and treats 0 as unset).
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * Starts the peer against the fake upstream and opens one session (it is stateful: initialize,
 * then every call carries mcp-session-id). Resolves {child, url, headers, body}: a tools/call of
 * retrievebatch for `batchId`.
 */
export async function startPeer(upstreamUrl, apiKey, batchId) {
  const port = await freePort();
  const { child } = await startNode([join(OUT, 'build/index.js'), '--transport=streamable-http'], {
    cwd: OUT,
    env: { API_BASE_URL: upstreamUrl, API_KEY_PORTKEYKEY: apiKey, PORT: String(port) },
    stream: 'stderr',
    match: (line) => (line.includes('MCP StreamableHTTP Server running') ? true : undefined),
    label: 'peer',
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await fetch(url, {
    method: 'POST',
    headers: base,
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } }),
  });
  const session = init.headers.get('mcp-session-id');
  await init.text();
  if (init.status !== 200 || !session) throw new Error(`peer: initialize failed (HTTP ${init.status})`);
  const headers = { ...base, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
  await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'retrievebatch', arguments: { batch_id: batchId } } });
  const probe = await (await fetch(url, { method: 'POST', headers, body })).text();
  if (!probe.includes(batchId) || probe.includes('"isError":true')) throw new Error(`peer: tools/call failed: ${probe.slice(0, 300)}`);
  return { child, url, headers, body };
}
