// What a user does, from the packed tarballs, in a project OUTSIDE this repository (os.tmpdir), with no
// network: install naftiko-gen and @naftiko-gen/runtime, `npx naftiko-gen init --example`,
// `npx naftiko-gen generate`, build the generated package, start its REST adapter and MCP server
// against the fake upstream, call one route and one tool, `npx naftiko-gen generate --check` (and with
// --typecheck).
//
// Offline: the registry's metadata is not in the npm cache (the repository's `npm ci` fetched tarballs
// only), so the project gets a package-lock.json built from this repository's lockfile (the same
// versions, resolved URLs and integrity) plus the two local tarballs, and installs with
// `npm ci --offline` from the cache. Slow (packing, installing, compiling): part of `npm test`, not of
// `npm run test:quick`. It packs with --ignore-scripts because `npm test` has just built dist/ (the
// prepack build is what `npm pack` runs otherwise).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePortkey, type FakePortkey } from '../support/fake-portkey/index.js';
import { baseEnv, startServer, stopAllProcesses } from '../support/processes.js';

const REPO = join(import.meta.dirname, '../..');
const SERVER_PACKAGES = { express: '5.3.0', '@modelcontextprotocol/server': '2.4.0', '@modelcontextprotocol/node': '2.1.2' };
const DEV_PACKAGES = { typescript: '5.9.3', '@types/node': '20.19.43', '@types/express': '5.0.6' };

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

let work: string;
let app: string;
let fake: FakePortkey;

function sh(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${output}`);
  return output;
}

function integrity(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** package-lock.json of the app: the two tarballs, plus everything they and `roots` need, copied from the repository's lockfile. */
function appLock(tarballs: { generator: string; runtime: string }, roots: Record<string, string>): object {
  const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {};
  const locate = (from: string, name: string): string => {
    for (let at = from; ; at = at.includes('/node_modules/') ? at.slice(0, at.lastIndexOf('/node_modules/')) : '') {
      const candidate = `${at ? `${at}/` : ''}node_modules/${name}`;
      if (repoLock.packages[candidate] && !repoLock.packages[candidate]!.link) return candidate;
      if (at === '') throw new Error(`the repository's lockfile has no ${name} (needed from ${from || 'the root'})`);
    }
  };
  const visit = (path: string): void => {
    if (packages[path]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = repoLock.packages[path]!;
    packages[path] = entry;
    const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n);
    const needs = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.includes(n))];
    for (const name of needs) visit(locate(path, name));
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      try {
        visit(locate(path, name));
      } catch {
        // an optional dependency for another platform is not in the lockfile's tree here
      }
    }
  };
  const manifest = (tgz: string): { name: string; version: string; dependencies?: Record<string, string>; bin?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> } => {
    const out = sh('tar', ['-xOzf', tgz, 'package/package.json'], work);
    return JSON.parse(out);
  };
  const rootDeps: Record<string, string> = {};
  const rootDev: Record<string, string> = { ...DEV_PACKAGES };
  for (const [key, tgz] of Object.entries(tarballs)) {
    const m = manifest(tgz);
    const spec = `file:${relative(app, tgz)}`;
    if (key === 'generator') rootDev[m.name] = spec;
    else rootDeps[m.name] = spec;
    packages[`node_modules/${m.name}`] = {
      version: m.version,
      resolved: spec,
      integrity: integrity(tgz),
      license: 'Apache-2.0',
      ...(m.dependencies ? { dependencies: m.dependencies } : {}),
      ...(m.peerDependencies ? { peerDependencies: m.peerDependencies, peerDependenciesMeta: m.peerDependenciesMeta } : {}),
      ...(m.bin ? { bin: m.bin } : {}),
      engines: { node: '>=20' },
    };
    for (const name of Object.keys(m.dependencies ?? {})) visit(locate('', name));
  }
  Object.assign(rootDeps, roots);
  for (const name of [...Object.keys(roots), ...Object.keys(DEV_PACKAGES)]) visit(locate('', name));
  const root = { name: 'app', version: '1.0.0', dependencies: rootDeps, devDependencies: rootDev };
  writeFileSync(join(app, 'package.json'), JSON.stringify({ ...root, private: true, type: 'module' }, null, 2) + '\n');
  return { name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': root, ...packages } };
}

beforeAll(async () => {
  expect(existsSync(join(REPO, 'dist/generator/cli/main.js')), 'run `npm run build` first (npm test does)').toBe(true);
  work = mkdtempSync(join(tmpdir(), 'naftiko-gen-install-'));
  app = join(work, 'app');
  mkdirSync(app);
  const tgz = join(work, 'tarballs');
  mkdirSync(tgz);
  sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tgz], REPO);
  sh('npm', ['pack', '--ignore-scripts', '--workspace', 'packages/runtime', '--pack-destination', tgz], REPO);
  const files = readdirSync(tgz);
  const generator = join(tgz, files.find((f) => f.startsWith('naftiko-gen-0') || /^naftiko-gen-\d/.test(f))!);
  const runtime = join(tgz, files.find((f) => f.startsWith('naftiko-gen-runtime-'))!);
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(appLock({ generator, runtime }, SERVER_PACKAGES), null, 2) + '\n');
  sh('npm', ['ci', '--offline', '--ignore-scripts'], app);
  fake = await startFakePortkey();
}, 600_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('naftiko-gen installed from its tarball, in a project outside the repository', () => {
  it('the tarball holds what runs, no tests', () => {
    const listing = sh('tar', ['-tzf', join(work, 'tarballs', readdirSync(join(work, 'tarballs')).find((f) => /^naftiko-gen-\d/.test(f))!)], work).split('\n');
    expect(listing).toContain('package/dist/generator/cli/main.js');
    // What bin/naftiko-gen.js loads (scripts/bundle-cli.mjs): the bundled CLI and the one-file yaml and Handlebars runtime.
    expect(listing).toContain('package/dist/generator/cli/bundle/main.js');
    expect(listing).toContain('package/dist/generator/vendor/yaml.cjs');
    expect(listing).toContain('package/dist/generator/vendor/handlebars__runtime.cjs');
    expect(listing).toContain('package/templates/skeleton/package.json.hbs');
    expect(listing.filter((f) => f.startsWith('package/test/') || f.endsWith('.test.js') || f.endsWith('.test.ts'))).toEqual([]);
  });

  it('init --example, generate, build, serve a route and a tool, generate --check', async () => {
    expect(sh('npx', ['naftiko-gen', 'init', '--example'], app)).toContain('wrote capabilities/batches.yaml');
    expect(sh('npx', ['naftiko-gen', 'generate'], app)).toMatch(/generated 1 package\(s\) in generated\//);
    const pkg = JSON.parse(readFileSync(join(app, 'generated/batches/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@naftiko-gen/runtime']).toBe('0.1.0');
    expect(existsSync(join(app, 'generated/batches/src/runtime'))).toBe(false);
    sh('npx', ['tsc', '-p', 'generated/batches/tsconfig.json'], app);

    const env = baseEnv({ BATCHES_API_KEY: fake.apiKey, BATCHES_BASE_URL: fake.url });
    const batch = fake.store.createBatch();
    const rest = await startServer({ script: join(app, 'generated/batches/dist/rest.js'), args: ['--port', '0'], env, cwd: app });
    const res = await fetch(`${rest.url}/v1/batches/${batch.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(batch.id);

    const mcp = await startServer({ script: join(app, 'generated/batches/dist/mcp.js'), args: ['--port', '0'], env, cwd: app });
    const client = new Client({ name: 'install-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.url}/mcp`)));
    const result = await client.callTool({ name: 'retrieve-batch', arguments: { batch_id: batch.id } });
    await client.close();
    expect(result.isError ?? false).toBe(false);
    expect(JSON.stringify(result.content)).toContain(batch.id);

    expect(sh('npx', ['naftiko-gen', 'generate', '--check'], app)).toMatch(/check: 1 package\(s\), 0 file\(s\) out of date/);
    // --typecheck from the installed tarball: ts-morph is a dependency of the tool; the generated code's
    // imports resolve from this project's node_modules.
    expect(sh('npx', ['naftiko-gen', 'generate', '--check', '--typecheck'], app)).toMatch(/typecheck: 1 package\(s\), 0 error\(s\)/);
  }, 240_000); // six npx commands in a fresh project: ~20 s alone, minutes on a loaded 2-core runner
});
