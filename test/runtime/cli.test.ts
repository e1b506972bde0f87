import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { UsageError, envProblems, missingEnv, missingEnvMessage, parseServerArgs, requireEnv, usage } from '../../packages/runtime/src/cli.js';
import { removeDir, transpileRuntime } from './helpers.js';

const defaults = { port: 3000, host: '127.0.0.1' };

function usageError(argv: string[]): string {
  try {
    parseServerArgs(argv, defaults);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`);
}

describe('parseServerArgs', () => {
  it('uses the defaults, never PORT/HOST from the environment', () => {
    const saved = { PORT: process.env.PORT, HOST: process.env.HOST };
    process.env.PORT = '9999';
    process.env.HOST = '0.0.0.0';
    try {
      expect(parseServerArgs([], defaults)).toEqual({ port: 3000, host: '127.0.0.1', stdio: false });
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('reads --port N, --port=N, --host H, --host=H, --stdio, --help', () => {
    expect(parseServerArgs(['--port', '8080', '--host', '0.0.0.0'], defaults)).toEqual({ port: 8080, host: '0.0.0.0', stdio: false });
    expect(parseServerArgs(['--port=0', '--host=::1'], defaults)).toEqual({ port: 0, host: '::1', stdio: false });
    // The URL spelling of an IPv6 address is accepted and unbracketed for listen().
    expect(parseServerArgs(['--host', '[::1]'], defaults).host).toBe('::1');
    expect(() => parseServerArgs(['--host', '[evil]'], defaults)).toThrow(UsageError);
    expect(parseServerArgs(['--stdio'], defaults)).toEqual({ port: 3000, host: '127.0.0.1', stdio: true });
    expect(parseServerArgs(['--help'], defaults).help).toBe(true);
    expect(parseServerArgs(['-h'], defaults).help).toBe(true);
  });

  it('rejects bad values and unknown arguments with a clear message', () => {
    expect(usageError(['--port', 'abc'])).toMatch(/--port expects an integer between 0 and 65535, got "abc"/);
    expect(usageError(['--port', '70000'])).toMatch(/--port/);
    expect(usageError(['--port=-1'])).toMatch(/--port/);
    expect(usageError(['--port', '1.5'])).toMatch(/--port/);
    expect(usageError(['--port'])).toMatch(/--port needs a value/);
    expect(usageError(['--port', '--stdio'])).toMatch(/--port needs a value/);
    expect(usageError(['--host', ''])).toMatch(/--host expects/);
    expect(usageError(['--host='])).toMatch(/--host expects/);
    expect(usageError(['--verbose'])).toMatch(/unknown option --verbose/);
    expect(usageError(['serve'])).toMatch(/unexpected argument "serve"/);
    expect(usageError(['--stdio=yes'])).toMatch(/takes no value/);
    expect(usageError(['--stdio', '--port', '1'])).toMatch(/cannot be combined/);
  });

  it('has a usage text naming the defaults', () => {
    const text = usage('portkey-batch-mcp', defaults);
    expect(text).toContain('--port N');
    expect(text).toContain('default 3000');
    expect(text).toContain('--stdio');
    expect(usage('rest', defaults, false)).not.toContain('--stdio');
  });
});

describe('missingEnv / requireEnv', () => {
  it('lists unset and empty variables in the given order', () => {
    expect(missingEnv(['A', 'B', 'C', 'D'], { A: 'x', B: '', D: '  ' })).toEqual(['B', 'C', 'D']);
    expect(missingEnv([], {})).toEqual([]);
    expect(missingEnv(['A'], { A: 'x' })).toEqual([]);
  });

  it('formats one line naming them', () => {
    expect(missingEnvMessage('portkey-batch-rest', ['PORTKEY_API_KEY', 'X'])).toBe(
      'portkey-batch-rest: missing required environment variables: PORTKEY_API_KEY, X — set them and restart',
    );
  });

  it('returns when nothing is missing or refused', () => {
    expect(() => requireEnv('svc', ['A'], ['A_BASE_URL'], { A: 'set', A_BASE_URL: 'http://localhost:4010' })).not.toThrow();
  });

  it('envProblems: the missing variables, then one line per refused setting or base URL, each saying what to do', () => {
    expect(envProblems('svc', ['A'], ['A_BASE_URL'], { A: 'x' })).toEqual([]);
    expect(
      envProblems('svc', ['A', 'B'], ['A_BASE_URL'], {
        B: 'x',
        A_BASE_URL: 'localhost:4010',
        NAFTIKO_UPSTREAM_TIMEOUT_MS: 'abc',
      }),
    ).toEqual([
      'svc: missing required environment variables: A — set them and restart',
      'svc: NAFTIKO_UPSTREAM_TIMEOUT_MS="abc" is not valid: expected a whole number of milliseconds from 1 to 2147483647 (e.g. 5000); default 30000 — fix or unset it and restart',
      'svc: A_BASE_URL="localhost:4010" is not an absolute http:// or https:// URL (did you mean http://localhost:4010?): expected http(s)://host[:port][/path] (e.g. https://api.example.com/v1) — fix or unset it and restart',
    ]);
  });

  it('parseServerArgsOrExit: --help → usage on stdout, exit 0; bad args → stderr, exit 2 (child process)', () => {
    const dir = transpileRuntime();
    try {
      const run = (argv: string[]) =>
        spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { parseServerArgsOrExit } from ${JSON.stringify(join(dir, 'cli.js'))};
             const a = parseServerArgsOrExit('svc', process.argv.slice(1), { port: 8080, host: '127.0.0.1' }, false);
             process.stdout.write(JSON.stringify(a));`,
            '--',
            ...argv,
          ],
          { encoding: 'utf8', timeout: 30_000 },
        );
      let r = run(['--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: svc [--port N] [--host H]');
      r = run(['--port', 'x']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe('svc: --port expects an integer between 0 and 65535, got "x"');
      r = run(['--stdio']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--stdio is not supported');
      r = run(['--port=1234']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ port: 1234, host: '127.0.0.1', stdio: false });
    } finally {
      removeDir(dir);
    }
  });

  it('exits 1 with exactly one stderr line when something is missing (child process)', () => {
    const dir = transpileRuntime();
    const script = `
      import { requireEnv } from ${JSON.stringify(join(dir, 'cli.js'))};
      requireEnv('portkey-batch-mcp', ['PORTKEY_API_KEY', 'OTHER_SET', 'EMPTY_ONE']);
      process.stdout.write('should not get here');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', OTHER_SET: 'x', EMPTY_ONE: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    removeDir(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'portkey-batch-mcp: missing required environment variables: PORTKEY_API_KEY, EMPTY_ONE — set them and restart\n',
    );
  });

  it('exits 1 with one line per refused setting, no stack (child process)', () => {
    const dir = transpileRuntime();
    const script = `
      import { requireEnv } from ${JSON.stringify(join(dir, 'cli.js'))};
      requireEnv('portkey-batch-rest', ['PORTKEY_API_KEY'], ['PORTKEY_BATCH_BASE_URL']);
      process.stdout.write('should not get here');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        PORTKEY_API_KEY: 'k',
        PORTKEY_BATCH_BASE_URL: 'localhost:4010',
        NAFTIKO_REST_MAX_BODY: 'huge',
        NAFTIKO_UPSTREAM_RETRIES: '-1',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    removeDir(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines.map((l) => l.split(/[= ]/, 2)[1])).toEqual(['NAFTIKO_UPSTREAM_RETRIES', 'NAFTIKO_REST_MAX_BODY', 'PORTKEY_BATCH_BASE_URL']);
    for (const line of lines) {
      expect(line).toMatch(/^portkey-batch-rest: \S+=".*" (is not valid|is not an absolute).* — fix or unset it and restart$/);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('warns about a NAFTIKO_* variable that is no setting, and starts (child process)', () => {
    const dir = transpileRuntime();
    const script = `
      import { requireEnv } from ${JSON.stringify(join(dir, 'cli.js'))};
      requireEnv('svc', []);
      process.stdout.write('started');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', NAFTIKO_UPSTREAM_TIMEOUT: '5000' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    removeDir(dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('started');
    expect(r.stderr).toBe(
      'svc: warning: NAFTIKO_UPSTREAM_TIMEOUT is not a setting of this server and is ignored (did you mean NAFTIKO_UPSTREAM_TIMEOUT_MS?)\n',
    );
  });
});
