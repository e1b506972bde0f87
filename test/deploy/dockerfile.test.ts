// The generated Dockerfile, without a container runtime (none runs here): parsed with dockerfile-ast to
// check its shape (two stages, the runtime stage non-root, HEALTHCHECK on /healthz, the server chosen
// by SERVER), and its start command and health check run as they are written, in the package
// directory, against the built package: what the container would run, minus the container.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv } from '../support/processes.js';
import { PACKAGE_DIR, ensureBuilt, waitFor } from '../e2e/helpers.js';

const text = readFileSync(join(PACKAGE_DIR, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const finalFrom = dockerfile.getFROMs().at(-1)!;
/** Instructions of the runtime (last) stage. */
const runtimeStage = instructions.filter((i) => i.getRange().start.line > finalFrom.getRange().start.line);

function jsonArgv(args: string): string[] {
  const argv = JSON.parse(args) as unknown;
  expect(Array.isArray(argv) && argv.every((a) => typeof a === 'string'), `exec form expected: ${args}`).toBe(true);
  return argv as string[];
}

const cmd = jsonArgv(dockerfile.getCMDs()[0]!.getArgumentsContent()!);
/** NODE_OPTIONS as the runtime stage's ENV sets it (the heap-sizing flags, README.md "Memory"). */
const nodeOptions = (() => {
  const env = runtimeStage.filter((i) => i.getKeyword() === 'ENV').map((i) => i.getArgumentsContent()!);
  const match = env.map((e) => /^NODE_OPTIONS="([^"]*)"$/.exec(e)).find(Boolean);
  return match?.[1];
})();
const healthcheckArgs = dockerfile.getHEALTHCHECKs()[0]!.getArgumentsContent()!;
const healthcheck = jsonArgv(healthcheckArgs.slice(healthcheckArgs.indexOf('CMD ') + 4));

const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs the image's CMD in the package directory with the container's environment. */
async function startLikeTheImage(env: Record<string, string>): Promise<{ child: ChildProcess; stderr: () => string; exit: Promise<number | null> }> {
  const image = { NODE_ENV: 'production', ...(nodeOptions !== undefined && { NODE_OPTIONS: nodeOptions }) };
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: PACKAGE_DIR, env: baseEnv({ ...image, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

function runHealthcheck(port: number): number | null {
  return spawnSync(healthcheck[0]!, healthcheck.slice(1), { cwd: PACKAGE_DIR, env: baseEnv({ PORT: String(port) }), timeout: 10_000 }).status;
}

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('Dockerfile (generated/portkey-batch)', () => {
  it('builds in a stage of its own and runs from a second one as the unprivileged node user', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.map((f) => f.getBuildStage())).toEqual(['build', null]);
    const build = instructions.filter((i) => i.getRange().start.line < finalFrom.getRange().start.line).map((i) => `${i.getKeyword()} ${i.getArgumentsContent()}`);
    expect(build.join('\n')).toMatch(/npm ci --ignore-scripts/);
    expect(build.join('\n')).toMatch(/npm run build && npm prune --omit=dev/);
    const users = runtimeStage.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent());
    expect(users).toEqual(['node']);
    // Everything the runtime stage takes from the build stage comes after the build; nothing runs as root.
    expect(runtimeStage.filter((i) => i.getKeyword() === 'RUN')).toEqual([]);
    expect(runtimeStage.filter((i) => i.getKeyword() === 'COPY').map((i) => i.getArgumentsContent())).toEqual([
      '/app/package.json ./',
      '/app/node_modules ./node_modules',
      '/app/dist ./dist',
      'openapi.json ./',
    ]);
    expect(runtimeStage.find((i) => i.getKeyword() === 'ARG')?.getArgumentsContent()).toBe('SERVER=rest');
    expect(runtimeStage.find((i) => i.getKeyword() === 'EXPOSE')?.getArgumentsContent()).toBe('8080');
    expect(runtimeStage.find((i) => i.getKeyword() === 'ENV')?.getArgumentsContent()).toContain('PORT=8080');
  });

  it('copies only files the package has, and .dockerignore lets exactly those through', () => {
    const sources = instructions
      .filter((i) => i.getKeyword() === 'COPY' && !/--from=/.test(i.toString()))
      .flatMap((i) => i.getArgumentsContent()!.split(/\s+/).slice(0, -1))
      .filter((s) => !s.endsWith('*')); // package-lock.json* is optional
    expect(sources.sort()).toEqual(['openapi.json', 'package.json', 'src', 'tsconfig.json']);
    for (const s of sources) expect(existsSync(join(PACKAGE_DIR, s)), s).toBe(true);
    const kept = readFileSync(join(PACKAGE_DIR, '.dockerignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    for (const s of sources) expect(kept).toContain(s);
  });

  it('NODE_OPTIONS carries the start scripts\' node flags, and node applies them', () => {
    const { scripts } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(nodeOptions).toBeDefined();
    expect(scripts['start:rest']).toBe(`node ${nodeOptions} dist/rest.js`);
    expect(scripts['start:mcp']).toBe(`node ${nodeOptions} dist/mcp.js`);
    const applied = spawnSync(
      process.execPath,
      ['-p', 'JSON.stringify([require("node:v8").getHeapStatistics().heap_size_limit, typeof gc])'],
      { env: baseEnv({ NODE_OPTIONS: nodeOptions! }), encoding: 'utf8' },
    );
    expect(applied.status, applied.stderr).toBe(0);
    const [limit, gc] = JSON.parse(applied.stdout) as [number, string];
    // --max-old-space-size=512 (plus the young generation): far under the default limit of a large machine.
    expect(limit / 2 ** 20).toBeLessThan(600);
    // --expose-gc: the runtime's early collections while relaying bodies (relay-memory.ts).
    expect(gc).toBe('function');
  });

  it('HEALTHCHECK probes /healthz on $PORT', () => {
    expect(text).toMatch(/^HEALTHCHECK --interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ \\\n\s+CMD \[/m);
    expect(healthcheck.join(' ')).toContain("'/healthz'");
  });

  it.each([
    ['rest', 'NAFTIKO_REST_ALLOWED_HOSTS'],
    ['mcp', 'NAFTIKO_MCP_ALLOWED_HOSTS'],
  ])('SERVER=%s: the CMD starts that server on 0.0.0.0:$PORT and the HEALTHCHECK passes', async (server, hostsVar) => {
    const port = await freePort();
    const run = await startLikeTheImage({ SERVER: server, PORT: String(port), [hostsVar]: 'localhost', PORTKEY_API_KEY: 'pk-docker-test' });
    const listening = await waitFor(() => run.stderr().includes('"listening"') || run.child.exitCode !== null, 15_000);
    expect(listening && run.child.exitCode === null, run.stderr()).toBe(true);
    const line = run.stderr().split('\n').find((l) => l.includes('"listening"'))!;
    expect(JSON.parse(line)).toMatchObject({ msg: 'listening', port, name: `portkey-batch-${server}` });
    expect(line).toContain('0.0.0.0');
    expect(runHealthcheck(port)).toBe(0);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    // The same check fails once nothing answers.
    expect(runHealthcheck(port)).toBe(1);
  });

  it('an unknown SERVER stops the container at once with exit code 2, saying what is accepted', async () => {
    const run = await startLikeTheImage({ SERVER: 'grpc', PORT: '1' });
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain("SERVER must be rest or mcp, not 'grpc'");
  });

  it('without the Host names of a wider bind the server refuses to start, naming the variable', async () => {
    const run = await startLikeTheImage({ SERVER: 'rest', PORT: String(await freePort()), PORTKEY_API_KEY: 'pk-docker-test' });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('NAFTIKO_REST_ALLOWED_HOSTS');
  });
});
