import { afterEach, describe, expect, it } from 'vitest';
import { containsSecret, createRedactor, redactSecrets, redactSecretsAtCut, redactorOf, registerSecrets } from '../../packages/runtime/src/secrets.js';

describe('secrets', () => {
  afterEach(() => registerSecrets(() => []));

  it('replaces every occurrence of every registered secret', () => {
    registerSecrets(() => ['canary-123456', 'other-secret']);
    expect(redactSecrets('Invalid key: Bearer canary-123456 (canary-123456), other-secret')).toBe('Invalid key: Bearer [redacted] ([redacted]), [redacted]');
    expect(containsSecret('x canary-123456 y')).toBe(true);
    expect(containsSecret('nothing here')).toBe(false);
  });

  it('leaves text alone when nothing is registered, and ignores values too short to be secrets', () => {
    expect(redactSecrets('pk-test-key')).toBe('pk-test-key');
    registerSecrets(() => ['k', '']);
    expect(redactSecrets('portkey-batch-rest')).toBe('portkey-batch-rest');
  });

  it('drops the start of a secret cut off at the end of a truncated text, and only then', () => {
    registerSecrets(() => ['canary-123456']);
    expect(redactSecretsAtCut('body canary-12')).toBe('body ');
    expect(redactSecretsAtCut('body c')).toBe('body ');
    expect(redactSecretsAtCut('body canary-123456 x')).toBe('body [redacted] x');
    expect(redactSecrets('body canary-12')).toBe('body canary-12');
  });
});

describe('createRedactor', () => {
  const tricky = 'a"b\\c\nd-secret';
  const escaped = JSON.stringify(tricky).slice(1, -1);

  it('finds a secret as it is and JSON-escaped, longest first', () => {
    const r = createRedactor(['key-1234', 'key-1234-longer', tricky, 42, 'abc']);
    expect(r.secrets).toEqual(['key-1234-longer', tricky, 'key-1234']);
    expect(r.redact(`x key-1234-longer y key-1234 z`)).toBe('x [redacted] y [redacted] z');
    expect(r.redact(`{"m":"${escaped}"} ${tricky}`)).toBe('{"m":"[redacted]"} [redacted]');
    expect(r.contains(`"${escaped}"`)).toBe(true);
    expect(r.contains('nothing')).toBe(false);
  });

  it('redactJson replaces the escaped forms only, so a JSON document stays JSON', () => {
    const r = createRedactor(['a","b', tricky]);
    const json = JSON.stringify({ a: 'x', b: `pre ${tricky}` });
    expect(JSON.parse(r.redactJson(json))).toEqual({ a: 'x', b: 'pre [redacted]' });
  });

  it('redactorOf asks its source every time and rebuilds only when the values change', () => {
    let values = ['first-key-1'];
    const current = redactorOf(() => values);
    const first = current();
    expect(current()).toBe(first);
    values = ['second-key-2'];
    expect(current().redact('second-key-2')).toBe('[redacted]');
  });
});
