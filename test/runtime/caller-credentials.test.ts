// templates/runtime/caller-credentials.ts: the scope of one request's credentials. The e2e suite
// (test/e2e/caller-credentials.test.ts) drives the servers; here the scope itself is held across
// real asynchronous gaps, interleaved with other scopes, as a multi-step orchestration would.
import { describe, expect, it } from 'vitest';
import {
  MissingCallerCredentialError,
  callerCredentials,
  callerSecret,
  callerSecretValues,
  withCallerCredentials,
} from '../../packages/runtime/src/caller-credentials.js';
import { redactSecrets } from '../../packages/runtime/src/secrets.js';
import { sleep } from '../support/wait.js';

const HEADERS = { API_KEY: 'x-naftiko-credential-api-key' };

describe('caller credentials', () => {
  it('each of 100 interleaved scopes reads its own value after timer and I/O gaps', async () => {
    const seen = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        withCallerCredentials(HEADERS, { [HEADERS.API_KEY]: `key-${i}` }, async () => {
          const reads = [callerSecret('API_KEY')];
          await sleep((i * 7) % 13);
          reads.push(callerSecret('API_KEY'));
          await new Promise((r) => setImmediate(r));
          reads.push(callerSecret('API_KEY'));
          return { i, reads };
        }),
      ),
    );
    for (const { i, reads } of seen) expect(reads).toEqual([`key-${i}`, `key-${i}`, `key-${i}`]);
    // Nothing outlives a scope.
    expect(callerSecret('API_KEY')).toBeUndefined();
    expect(callerSecretValues()).toEqual([]);
  });

  it('a scope without the header throws naming the header, never falls back', () => {
    withCallerCredentials(HEADERS, { [HEADERS.API_KEY]: '   ' }, () => {
      expect(() => callerSecret('API_KEY')).toThrow(MissingCallerCredentialError);
      expect(() => callerSecret('API_KEY')).toThrow(/x-naftiko-credential-api-key/);
      // A secret callers do not supply is left to the environment.
      expect(callerSecret('OTHER')).toBeUndefined();
    });
  });

  it('the values of the request being served are redacted from error bodies', () => {
    const text = withCallerCredentials(HEADERS, { [HEADERS.API_KEY]: 'pk-caller-secret-123' }, () =>
      redactSecrets('upstream said: bad key pk-caller-secret-123'),
    );
    expect(text).toBe('upstream said: bad key [redacted]');
  });

  it('the middleware enters the scope in caller mode only', () => {
    const req = { headers: { [HEADERS.API_KEY]: 'pk-from-header' } };
    let inCaller: string | undefined;
    callerCredentials(HEADERS, 'caller')(req, {}, () => (inCaller = callerSecret('API_KEY')));
    expect(inCaller).toBe('pk-from-header');
    let inServer: string | undefined = 'unset';
    callerCredentials(HEADERS, 'server')(req, {}, () => (inServer = callerSecret('API_KEY')));
    expect(inServer).toBeUndefined();
  });
});
