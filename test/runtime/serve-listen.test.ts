// serve() when the address cannot be bound: one line saying why and which option to change, as a
// ListenError (onListenError: 'reject') or, for server entries, one JSON log line and exit 1 — never
// a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '../../packages/runtime/src/log.js';
import { ListenError, listenFailureMessage, serve } from '../../packages/runtime/src/serve.js';
import { memoryStream, removeDir, transpileRuntime } from './helpers.js';

let busy: Server;
let busyPort: number;
let dir: string;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as AddressInfo).port;
  dir = transpileRuntime();
});

afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  removeDir(dir);
});

async function listenError(host: string, port: number): Promise<ListenError> {
  const logs = memoryStream();
  const log = createLogger('svc', () => [], logs.stream);
  try {
    const running = await serve(express(), { name: 'svc', port, host, log, onListenError: 'reject' });
    await running.close();
  } catch (err) {
    expect(err).toBeInstanceOf(ListenError);
    expect(logs.text()).toBe(''); // the caller decides what to say
    return err as ListenError;
  }
  throw new Error(`expected ${host}:${port} to fail`);
}

describe('serve: addresses that cannot be bound', () => {
  it('port in use → EADDRINUSE, "pass --port N"', async () => {
    const err = await listenError('127.0.0.1', busyPort);
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toBe(`port ${busyPort} on 127.0.0.1 is in use; pass --port N (a free port, or 0 to pick one)`);
    expect((err.cause as { code?: string }).code).toBe('EADDRINUSE');
  });

  it('an address of another machine → EADDRNOTAVAIL, "pass --host"', async () => {
    const err = await listenError('203.0.113.9', 0);
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(err.message).toBe(
      '203.0.113.9 is not an address of this machine; pass --host with one of its addresses (127.0.0.1: this machine only; 0.0.0.0: every interface)',
    );
  });

  it('a host name that does not resolve → "pass --host"', async () => {
    const err = await listenError('no-such-host.invalid', 0);
    expect(err.message).toBe('host no-such-host.invalid could not be resolved; pass --host with an IP address or a name of this machine');
  });

  it('permission errors and anything else each get one line naming the option', () => {
    expect(listenFailureMessage({ code: 'EACCES' }, '127.0.0.1', 80)).toBe(
      'not allowed to listen on port 80 on 127.0.0.1: ports below 1024 need extra privileges; pass --port N with N of 1024 or more',
    );
    expect(listenFailureMessage({ code: 'EACCES' }, '127.0.0.1', 8080)).toBe(
      'not allowed to listen on port 8080 on 127.0.0.1; pass another --port N or --host H',
    );
    expect(listenFailureMessage(Object.assign(new Error('listen EINVAL: invalid argument'), { code: 'EINVAL' }), 'h', 1)).toBe(
      'cannot listen on port 1 on h (listen EINVAL: invalid argument); check --host and --port',
    );
  });
});

/** Runs serve() in a child process the way a server entry does (default onListenError: exit). */
function runServe(host: string, port: number, options: SpawnSyncOptions = {}) {
  const script = `
    import express from 'express';
    import { serve } from ${JSON.stringify(join(dir, 'serve.js'))};
    import { createLogger } from ${JSON.stringify(join(dir, 'log.js'))};
    await serve(express(), { name: 'svc', port: ${port}, host: ${JSON.stringify(host)}, log: createLogger('svc', () => []) });
    process.stdout.write('listening');
    process.exit(0);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    ...options,
  });
  const lines = String(r.stderr)
    .split('\n')
    .filter((l) => l !== '');
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), lines };
}

describe('serve in a server process: one JSON error line, exit 1', () => {
  it('port in use', () => {
    const r = runServe('127.0.0.1', busyPort);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.lines).toHaveLength(1);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({
      level: 'error',
      name: 'svc',
      msg: `port ${busyPort} on 127.0.0.1 is in use; pass --port N (a free port, or 0 to pick one)`,
      host: '127.0.0.1',
      port: busyPort,
      code: 'EADDRINUSE',
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--host 203.0.113.9', () => {
    const r = runServe('203.0.113.9', 0);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({ level: 'error', code: 'EADDRNOTAVAIL', msg: expect.stringContaining('pass --host') });
  });

  const unprivilegedStart = (() => {
    try {
      return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    } catch {
      return 1024;
    }
  })();
  // As root, the child runs as nobody (uid 65534) so that a privileged port is really refused.
  it.skipIf(process.platform !== 'linux' || unprivilegedStart <= 80)('a privileged port without privileges (EACCES)', () => {
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = runServe('127.0.0.1', 80, asNobody);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({
      level: 'error',
      code: 'EACCES',
      msg: 'not allowed to listen on port 80 on 127.0.0.1: ports below 1024 need extra privileges; pass --port N with N of 1024 or more',
    });
  });
});
