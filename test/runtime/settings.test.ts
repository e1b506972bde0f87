// The NAFTIKO_* settings and base-URL variables: one parser per setting (settings.ts), used by the
// start-up check and by the helpers that read them, so a refused value is never silently replaced
// by a default.
import { describe, expect, it } from 'vitest';
import {
  SETTINGS,
  SettingError,
  baseUrlEnvProblem,
  baseUrlProblem,
  parseBytes,
  settingOf,
  settingProblem,
  settingsProblems,
  unknownSettings,
} from '../../packages/runtime/src/settings.js';
import { baseUrlOf, retryOf, timeoutOf } from '../../packages/runtime/src/upstream-env.js';
import { jsonBodyOptions } from '../../packages/runtime/src/rest-body.js';
import { corsMiddleware } from '../../packages/runtime/src/rest-cors.js';

function settingError(run: () => unknown): SettingError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SettingError);
    expect(err).toBeInstanceOf(TypeError);
    return err as SettingError;
  }
  throw new Error('expected a SettingError');
}

describe('settingOf', () => {
  it('unset, empty and blank values are unset (the reader applies its default)', () => {
    for (const name of Object.keys(SETTINGS) as Array<keyof typeof SETTINGS>) {
      expect(settingOf(name, {})).toBeUndefined();
      expect(settingOf(name, { [name]: '' })).toBeUndefined();
      expect(settingOf(name, { [name]: '   ' })).toBeUndefined();
    }
  });

  it('NAFTIKO_UPSTREAM_TIMEOUT_MS: a whole number of milliseconds from 1 to 2147483647', () => {
    expect(settingOf('NAFTIKO_UPSTREAM_TIMEOUT_MS', { NAFTIKO_UPSTREAM_TIMEOUT_MS: ' 5000 ' })).toBe(5000);
    expect(settingOf('NAFTIKO_UPSTREAM_TIMEOUT_MS', { NAFTIKO_UPSTREAM_TIMEOUT_MS: '2147483647' })).toBe(2147483647);
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '30s', '2147483648']) {
      const err = settingError(() => settingOf('NAFTIKO_UPSTREAM_TIMEOUT_MS', { NAFTIKO_UPSTREAM_TIMEOUT_MS: bad }));
      expect(err.variable).toBe('NAFTIKO_UPSTREAM_TIMEOUT_MS');
      expect(err.message).toBe(
        `NAFTIKO_UPSTREAM_TIMEOUT_MS=${JSON.stringify(bad)} is not valid: expected a whole number of milliseconds from 1 to 2147483647 (e.g. 5000); default 30000`,
      );
    }
  });

  it('NAFTIKO_UPSTREAM_RETRIES: a whole number from 0 to 100', () => {
    expect(settingOf('NAFTIKO_UPSTREAM_RETRIES', { NAFTIKO_UPSTREAM_RETRIES: '0' })).toBe(0);
    expect(settingOf('NAFTIKO_UPSTREAM_RETRIES', { NAFTIKO_UPSTREAM_RETRIES: '3' })).toBe(3);
    for (const bad of ['-1', 'two', '1.0', '101']) {
      expect(settingError(() => settingOf('NAFTIKO_UPSTREAM_RETRIES', { NAFTIKO_UPSTREAM_RETRIES: bad })).message).toContain(
        'expected a whole number from 0 to 100 (0: no retries); default 2',
      );
    }
  });

  it('sizes: bytes, or kb/mb/gb in units of 1024, for both NAFTIKO_REST_MAX_BODY and NAFTIKO_MCP_MAX_RESULT_BYTES', () => {
    expect(parseBytes('1048576')).toBe(1048576);
    expect(parseBytes('512kb')).toBe(512 * 1024);
    expect(parseBytes('1MB')).toBe(1024 * 1024);
    expect(parseBytes('1.5mb')).toBe(1.5 * 1024 * 1024);
    expect(parseBytes('2 gb')).toBe(2 * 1024 ** 3);
    expect(parseBytes('100b')).toBe(100);
    for (const bad of ['huge', '0', '0kb', '-1mb', '1k', '1 MiB', 'mb', '', '9999999999999999gb']) expect(parseBytes(bad)).toBeUndefined();
    for (const name of ['NAFTIKO_REST_MAX_BODY', 'NAFTIKO_MCP_MAX_RESULT_BYTES'] as const) {
      expect(settingOf(name, { [name]: '512kb' })).toBe(524288);
      expect(settingError(() => settingOf(name, { [name]: 'huge' })).message).toBe(
        `${name}="huge" is not valid: expected a size in bytes: a whole number (e.g. 1048576) or a number with kb, mb or gb (e.g. 512kb, 1mb; 1kb = 1024 bytes); default 1mb`,
      );
      expect(settingProblem(name, { [name]: '1k' })).toContain('(unknown unit "k")');
    }
  });

  it('NAFTIKO_CORS_ORIGINS: * or origins scheme://host[:port]', () => {
    expect(settingOf('NAFTIKO_CORS_ORIGINS', { NAFTIKO_CORS_ORIGINS: '*' })).toEqual({ any: true, origins: [] });
    expect(settingOf('NAFTIKO_CORS_ORIGINS', { NAFTIKO_CORS_ORIGINS: 'https://App.example.com/, http://localhost:3000' })).toEqual({
      any: false,
      origins: ['https://app.example.com', 'http://localhost:3000'],
    });
    for (const bad of ['app.example.com', 'https://app.example.com/path', ',', 'https://u:p@app.example.com', 'null']) {
      expect(settingError(() => settingOf('NAFTIKO_CORS_ORIGINS', { NAFTIKO_CORS_ORIGINS: bad })).variable).toBe('NAFTIKO_CORS_ORIGINS');
    }
    expect(settingProblem('NAFTIKO_CORS_ORIGINS', { NAFTIKO_CORS_ORIGINS: 'https://ok.example, app.example.com' })).toContain(
      '(not an origin: "app.example.com")',
    );
  });

  it('NAFTIKO_CORS_ORIGINS: each origin as a browser sends it (new URL(o).origin); http and https only', () => {
    expect(
      settingOf('NAFTIKO_CORS_ORIGINS', {
        NAFTIKO_CORS_ORIGINS: 'https://A.com:443, HTTP://localhost:80, http://b.example:8080, https://a.com, https://bücher.example',
      }),
    ).toEqual({
      any: false,
      origins: ['https://a.com', 'http://localhost', 'http://b.example:8080', 'https://xn--bcher-kva.example'],
    });
    for (const bad of ['javascript://a', 'file://host', 'ftp://a.example', 'ws://a.example', 'data://x', 'https://a.example?x']) {
      expect(settingProblem('NAFTIKO_CORS_ORIGINS', { NAFTIKO_CORS_ORIGINS: bad }), bad).toContain(`(not an origin: ${JSON.stringify(bad)})`);
    }
    expect(SETTINGS.NAFTIKO_CORS_ORIGINS.expected).toContain('a comma-separated list of origins http(s)://host[:port]');
  });

  it('corsMiddleware: https://A.com:443 in the list answers the browser Origin https://a.com', () => {
    const allowedFor = (list: string, origin: string): string | undefined => {
      const headers: Record<string, string> = {};
      const res = { vary: () => undefined, setHeader: (k: string, v: string) => void (headers[k] = v) };
      let passed = false;
      corsMiddleware({ NAFTIKO_CORS_ORIGINS: list })({ headers: { origin }, method: 'GET' } as never, res as never, () => void (passed = true));
      expect(passed).toBe(true);
      return headers['access-control-allow-origin'];
    };
    expect(allowedFor('https://A.com:443', 'https://a.com')).toBe('https://a.com');
    expect(allowedFor('http://LOCALHOST:80/', 'http://localhost')).toBe('http://localhost');
    expect(allowedFor('https://a.com:8443', 'https://a.com')).toBeUndefined();
  });
});

describe('base URLs', () => {
  it('accepts http(s)://host[:port][/path]; refuses anything else with the expected form', () => {
    for (const ok of ['http://localhost:4010', 'https://api.portkey.ai/v1', 'http://[::1]:8080/v1/', 'http://127.0.0.1']) {
      expect(baseUrlProblem(ok), ok).toBeUndefined();
    }
    expect(baseUrlProblem('localhost:4010')).toBe(
      'is not an absolute http:// or https:// URL (did you mean http://localhost:4010?): expected http(s)://host[:port][/path] (e.g. https://api.example.com/v1)',
    );
    expect(baseUrlProblem('ftp://files.example.com')).toMatch(/^is not an absolute http:\/\/ or https:\/\/ URL: expected/);
    expect(baseUrlProblem('')).toMatch(/^is not an absolute/);
    expect(baseUrlProblem('https://api.example.com/v1?key=1')).toMatch(/^has a query or fragment/);
  });

  it('names the variable; never shows a value that may hold credentials', () => {
    expect(baseUrlEnvProblem('PORTKEY_BATCH_BASE_URL', { PORTKEY_BATCH_BASE_URL: 'localhost:4010' })).toMatch(
      /^PORTKEY_BATCH_BASE_URL="localhost:4010" is not an absolute http:\/\/ or https:\/\/ URL/,
    );
    expect(baseUrlEnvProblem('X_BASE_URL', { X_BASE_URL: 'user:pa55word@host' })).toMatch(
      /^X_BASE_URL \(value not shown: it may hold credentials\) is not an absolute/,
    );
    expect(baseUrlEnvProblem('X_BASE_URL', { X_BASE_URL: 'user:pa55word@host' })).not.toContain('pa55word');
    expect(baseUrlEnvProblem('X_BASE_URL', {})).toBeUndefined();
    expect(baseUrlEnvProblem('X_BASE_URL', { X_BASE_URL: ' ' })).toBeUndefined();
  });

  it('baseUrlOf: the option, else the variable (empty = unset), else the capability; a refused one is a SettingError', () => {
    const fallback = 'https://api.example.com/v1';
    expect(baseUrlOf(undefined, {}, 'X_BASE_URL', fallback)).toBe(fallback);
    expect(baseUrlOf(undefined, { X_BASE_URL: '' }, 'X_BASE_URL', fallback)).toBe(fallback);
    expect(baseUrlOf(undefined, { X_BASE_URL: ' http://localhost:4010 ' }, 'X_BASE_URL', fallback)).toBe('http://localhost:4010');
    expect(baseUrlOf('http://explicit:1', { X_BASE_URL: 'http://env:2' }, 'X_BASE_URL', fallback)).toBe('http://explicit:1');
    const fromEnv = settingError(() => baseUrlOf(undefined, { X_BASE_URL: 'localhost:4010' }, 'X_BASE_URL', fallback));
    expect(fromEnv.variable).toBe('X_BASE_URL');
    expect(fromEnv.message).toMatch(/^X_BASE_URL="localhost:4010" is not an absolute http:\/\/ or https:\/\/ URL .*http\(s\):\/\/host\[:port\]\[\/path\]/);
    expect(settingError(() => baseUrlOf('nope', {}, 'X_BASE_URL', fallback)).message).toMatch(/^baseUrl="nope" is not an absolute/);
    expect(settingError(() => baseUrlOf(undefined, {}, 'X_BASE_URL', '')).message).toMatch(
      /^the capability's baseUri="" is not an absolute .*; set X_BASE_URL$/,
    );
  });
});

describe('base URLs: never echo a query or credentials; refuse user:password@', () => {
  it('a base URL with a query is refused without showing the query (start-up line and baseUrlOf)', () => {
    const env = { PORTKEY_BATCH_BASE_URL: 'http://host/v1?api_key=SECRETQ' };
    const line = baseUrlEnvProblem('PORTKEY_BATCH_BASE_URL', env)!;
    expect(line).toBe(
      'PORTKEY_BATCH_BASE_URL="http://host/v1" (query omitted) has a query or fragment, which a base URL cannot keep: expected http(s)://host[:port][/path] (e.g. https://api.example.com/v1)',
    );
    for (const text of [
      line,
      ...settingsProblems(['PORTKEY_BATCH_BASE_URL'], env),
      settingError(() => baseUrlOf(undefined, env, 'PORTKEY_BATCH_BASE_URL', 'https://x')).message,
      settingError(() => baseUrlOf('https://h:8443/p?token=SECRETQ#SECRETF', {}, 'PORTKEY_BATCH_BASE_URL', 'https://x')).message,
      baseUrlEnvProblem('X', { X: 'https://h/p#SECRETQ' })!,
      baseUrlEnvProblem('X', { X: 'host/v1?api_key=SECRETQ' })!,
      baseUrlEnvProblem('X', { X: 'ftp://h/p?SECRETQ' })!,
    ]) {
      expect(text).not.toContain('SECRET');
    }
    expect(settingError(() => baseUrlOf('https://h:8443/p?token=SECRETQ#SECRETF', {}, 'X', 'https://x')).message).toMatch(
      /^baseUrl="https:\/\/h:8443\/p" \(query and fragment omitted\) has a query or fragment/,
    );
    // A value without a scheme: shown (and hinted at) up to its query.
    expect(baseUrlEnvProblem('X', { X: 'host/v1?api_key=SECRETQ' })).toBe(
      'X="host/v1" (query omitted) is not an absolute http:// or https:// URL (did you mean http://host/v1?): expected http(s)://host[:port][/path] (e.g. https://api.example.com/v1)',
    );
  });

  it('user:password@ in a base URL is refused, pointing at the auth or binds, never showing them', () => {
    for (const value of ['http://USERX:PWX@host/v1', 'https://USERX@host', 'http://:PWX@host:8080/', 'http://@host']) {
      const problem = baseUrlEnvProblem('PORTKEY_BATCH_BASE_URL', { PORTKEY_BATCH_BASE_URL: value });
      expect(problem, value).toMatch(/^PORTKEY_BATCH_BASE_URL="https?:\/\/host(:8080)?\/(v1)?" \(credentials omitted\) holds credentials/);
      expect(problem, value).toContain("credentials belong in the capability's auth or binds");
      expect(problem).not.toMatch(/USERX|PWX/);
      const err = settingError(() => baseUrlOf(undefined, { PORTKEY_BATCH_BASE_URL: value }, 'PORTKEY_BATCH_BASE_URL', 'https://x'));
      expect(err.variable).toBe('PORTKEY_BATCH_BASE_URL');
      expect(err.message).not.toMatch(/USERX|PWX/);
      expect(() => baseUrlOf(value, {}, 'PORTKEY_BATCH_BASE_URL', 'https://x')).toThrow(/holds credentials/);
    }
    expect(baseUrlEnvProblem('X', { X: 'http://u:SECRETP@h/v1?k=SECRETQ' })).toMatch(
      /^X="http:\/\/h\/v1" \(credentials and query omitted\) holds credentials/,
    );
    // An @ after the authority is part of the path, not credentials.
    expect(baseUrlProblem('https://api.example.com/v1/@scope')).toBeUndefined();
  });
});

describe('the readers use the same parsers', () => {
  it('timeoutOf / retryOf: explicit values win; a refused variable throws instead of falling back', () => {
    expect(timeoutOf(undefined, { NAFTIKO_UPSTREAM_TIMEOUT_MS: '1200' })).toEqual({ timeoutMs: 1200 });
    expect(timeoutOf(undefined, {})).toEqual({});
    expect(timeoutOf(50, { NAFTIKO_UPSTREAM_TIMEOUT_MS: 'abc' })).toEqual({ timeoutMs: 50 });
    expect(settingError(() => timeoutOf(undefined, { NAFTIKO_UPSTREAM_TIMEOUT_MS: 'abc' })).variable).toBe('NAFTIKO_UPSTREAM_TIMEOUT_MS');
    expect(retryOf(undefined, { NAFTIKO_UPSTREAM_RETRIES: '0' })).toEqual({ retry: { retries: 0 } });
    expect(retryOf(undefined, { NAFTIKO_UPSTREAM_RETRIES: '' })).toEqual({});
    expect(retryOf({ retries: 1 }, { NAFTIKO_UPSTREAM_RETRIES: '-1' })).toEqual({ retry: { retries: 1 } });
    expect(settingError(() => retryOf(undefined, { NAFTIKO_UPSTREAM_RETRIES: '-1' })).variable).toBe('NAFTIKO_UPSTREAM_RETRIES');
  });

  it('jsonBodyOptions: NAFTIKO_REST_MAX_BODY in bytes (default 1 MiB); corsMiddleware refuses a bad list', () => {
    expect(jsonBodyOptions({})).toMatchObject({ limit: 1048576, type: ['application/json', 'application/*+json'] });
    expect(jsonBodyOptions({ NAFTIKO_REST_MAX_BODY: '100kb' }).limit).toBe(102400);
    expect(settingError(() => jsonBodyOptions({ NAFTIKO_REST_MAX_BODY: 'huge' })).variable).toBe('NAFTIKO_REST_MAX_BODY');
    expect(settingError(() => corsMiddleware({ NAFTIKO_CORS_ORIGINS: 'app.example.com' })).variable).toBe('NAFTIKO_CORS_ORIGINS');
  });
});

describe('settingsProblems / unknownSettings', () => {
  it('lists every refused value, settings first, then the given base-URL variables', () => {
    expect(settingsProblems(['A_BASE_URL'], {})).toEqual([]);
    const problems = settingsProblems(['A_BASE_URL', 'B_BASE_URL'], {
      NAFTIKO_UPSTREAM_TIMEOUT_MS: 'abc',
      NAFTIKO_UPSTREAM_RETRIES: '-1',
      NAFTIKO_REST_MAX_BODY: '1mb',
      NAFTIKO_MCP_MAX_RESULT_BYTES: '1k',
      A_BASE_URL: 'localhost:4010',
      B_BASE_URL: 'http://ok',
      OTHER_BASE_URL: 'not checked',
    });
    expect(problems.map((p) => p.split(/[= ]/, 1)[0])).toEqual([
      'NAFTIKO_UPSTREAM_TIMEOUT_MS',
      'NAFTIKO_UPSTREAM_RETRIES',
      'NAFTIKO_MCP_MAX_RESULT_BYTES',
      'A_BASE_URL',
    ]);
  });

  it('a NAFTIKO_* variable that is no setting is reported, with the closest name when there is one', () => {
    expect(
      unknownSettings({
        NAFTIKO_UPSTREAM_TIMEOUT: '5000',
        NAFTIKO_MCP_ALLOWED_HOSTS: 'x',
        NAFTIKO_UPSTREAM_RETRIES: '1',
        NAFTIKO_SOMETHING_ELSE_ENTIRELY: '1',
        NOT_NAFTIKO: '1',
      }),
    ).toEqual([
      { name: 'NAFTIKO_SOMETHING_ELSE_ENTIRELY' },
      { name: 'NAFTIKO_UPSTREAM_TIMEOUT', suggestion: 'NAFTIKO_UPSTREAM_TIMEOUT_MS' },
    ]);
  });
});
