/**
 * Child processes for end-to-end tests: start a generated server (`node dist/rest.js --port 0`, …),
 * wait for its `"msg":"listening"` log line on stderr, read the bound port from it, and make sure
 * every child is killed when the test file ends (call `stopAllProcesses()` in afterAll).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StartOptions {
  /** Script run with the current node binary, e.g. '/…/dist/rest.js'. */
  script: string;
  args?: readonly string[];
  /** Added on top of a minimal environment (PATH, HOME, …); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** How long to wait for the "listening" line (default 15 s). */
  timeoutMs?: number;
}

export interface RunningProcess {
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  stdout(): string;
  /** Resident set size of the child in bytes (Linux /proc), or undefined. */
  rssBytes(): number | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** Resolves when the child exits by itself or is stopped. */
  exited: Promise<ExitInfo>;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunResult extends ExitInfo {
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const live = new Set<ChildProcess>();

/** A minimal environment: enough for node to run, nothing secret from the parent leaks in. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function waitExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Kills one child: SIGTERM, then SIGKILL after graceMs. */
async function kill(child: ChildProcess, exited: Promise<ExitInfo>, graceMs: number): Promise<ExitInfo> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return exited;
}

/** Parses the bound port out of a JSON log line with "msg":"listening". */
export function parseListeningPort(stderr: string): number | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const rec = JSON.parse(line) as { msg?: unknown; port?: unknown };
      if (rec.msg === 'listening' && typeof rec.port === 'number' && rec.port > 0) return rec.port;
    } catch {
      /* not a JSON line */
    }
  }
  return undefined;
}

function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node <script> [args] --port 0 --host 127.0.0.1` (unless args already name a port) and
 * resolves once it logs "listening". Rejects with the captured stderr if the child exits or stays
 * silent for timeoutMs.
 */
export async function startServer(options: StartOptions): Promise<RunningProcess> {
  const args = [...(options.args ?? [])];
  if (!args.some((a) => a === '--port' || a.startsWith('--port='))) args.push('--port', '0');
  if (!args.some((a) => a === '--host' || a.startsWith('--host='))) args.push('--host', '127.0.0.1');
  const child = spawn(process.execPath, [options.script, ...args], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  let out = '';
  child.stderr?.setEncoding('utf8');
  child.stdout?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err += d));
  child.stdout?.on('data', (d: string) => (out += d));
  const exited = waitExit(child).then((info) => {
    live.delete(child);
    return info;
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));

  const timeoutMs = options.timeoutMs ?? 15_000;
  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string): void => {
      cleanup();
      reject(
        new Error(
          `${options.script} ${args.join(' ')}: ${why}\n--- stderr ---\n${err}\n--- stdout ---\n${out}`,
        ),
      );
    };
    const onData = (): void => {
      const p = parseListeningPort(err);
      if (p !== undefined) {
        cleanup();
        resolve(p);
      }
    };
    const timer = setTimeout(() => {
      fail(`no "listening" log line within ${timeoutMs} ms`);
      void kill(child, exited, 500);
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
    };
    child.stderr?.on('data', onData);
    void exited.then((info) => fail(`exited before listening (code ${info.code}, signal ${info.signal})`));
    spawnError.catch((e: Error) => fail(`could not be spawned: ${e.message}`));
  });

  return {
    pid: child.pid ?? -1,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    stderr: () => err,
    stdout: () => out,
    rssBytes: () => (child.pid ? readRss(child.pid) : undefined),
    stop: (graceMs = 3000) => kill(child, exited, graceMs),
    exited,
  };
}

/** Runs `node <script> [args]` to completion (for start-up failures); kills it after timeoutMs. */
export async function runToExit(options: StartOptions): Promise<RunResult> {
  const child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: baseEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  let out = '';
  child.stderr?.setEncoding('utf8');
  child.stdout?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err += d));
  child.stdout?.on('data', (d: string) => (out += d));
  const exited = waitExit(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 15_000);
  const info = await exited;
  clearTimeout(timer);
  live.delete(child);
  // Let the pipes flush what is left.
  await Promise.all([
    child.stdout && !child.stdout.readableEnded ? new Promise((r) => child.stdout?.once('close', r)) : null,
    child.stderr && !child.stderr.readableEnded ? new Promise((r) => child.stderr?.once('close', r)) : null,
  ]);
  return { ...info, stdout: out, stderr: err, timedOut };
}

/** Kills every child started by this module that is still running (call it in afterAll). */
export async function stopAllProcesses(graceMs = 2000): Promise<void> {
  await Promise.all(
    [...live].map((child) => {
      const exited = waitExit(child);
      return kill(child, exited, graceMs).finally(() => live.delete(child));
    }),
  );
}

// Last resort: never leave servers behind if the worker exits without afterAll.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
