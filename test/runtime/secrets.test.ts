import { afterEach, describe, expect, it } from 'vitest';
import { containsSecret, redactSecrets, registerSecrets } from '../../templates/runtime/secrets.js';

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
});
