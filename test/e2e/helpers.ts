/**
 * Shared set-up of the end-to-end suites: builds generated/portkey-batch once (content-hash stamp +
 * mkdir lock, so parallel test files never run tsc at the same time), and names the entry points.
 * It never regenerates: the golden test guards that generated/ is current.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sleep } from '../support/wait.js';

const run = promisify(execFile);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE_DIR = join(ROOT, 'generated/portkey-batch');
export const REST_JS = join(PACKAGE_DIR, 'dist/rest.js');
export const MCP_JS = join(PACKAGE_DIR, 'dist/mcp.js');

const TMP = join(ROOT, '.vitest-tmp');
const LOCK = join(TMP, 'e2e-build.lock');
const STAMP = join(TMP, 'e2e-build.stamp');
const STALE_LOCK_MS = 120_000;

/** A secret that must never show up in logs or responses. */
export const CANARY_KEY = 'pk-canary-7f3a9c1e5b2d4f60a8e1';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out.sort();
}

/** Hash of everything the build reads: sources, tsconfig, package.json. */
function sourceHash(): string {
  const h = createHash('sha256');
  const files = [
    ...listFiles(join(PACKAGE_DIR, 'src')),
    join(PACKAGE_DIR, 'tsconfig.json'),
    join(PACKAGE_DIR, 'package.json'),
  ];
  for (const f of files) {
    h.update(relative(PACKAGE_DIR, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

function upToDate(hash: string): boolean {
  if (!existsSync(REST_JS) || !existsSync(MCP_JS)) return false;
  try {
    return readFileSync(STAMP, 'utf8') === hash;
  } catch {
    return false;
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      /* someone else removed it */
    }
    return false;
  }
}

let built: Promise<void> | undefined;

/** Builds generated/portkey-batch (npm run build) unless dist/ matches the current sources. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    mkdirSync(TMP, { recursive: true });
    const deadline = Date.now() + 150_000;
    for (;;) {
      const hash = sourceHash();
      if (upToDate(hash)) return;
      if (tryLock()) {
        try {
          const hashNow = sourceHash();
          if (!upToDate(hashNow)) {
            try {
              await run('npm', ['run', 'build'], { cwd: PACKAGE_DIR, maxBuffer: 16 * 1024 * 1024 });
            } catch (err) {
              const e = err as { stdout?: string; stderr?: string; message: string };
              throw new Error(
                `npm run build in generated/portkey-batch failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
              );
            }
            writeFileSync(STAMP, hashNow);
          }
          return;
        } finally {
          rmSync(LOCK, { recursive: true, force: true });
        }
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${LOCK}`);
      await sleep(200);
    }
  })();
  return built;
}

/** Asserts that `text` does not contain the canary secret (names where, for the failure message). */
export function containsSecret(text: string, secret = CANARY_KEY): boolean {
  return text.includes(secret);
}

export { sleep, waitFor } from '../support/wait.js';

