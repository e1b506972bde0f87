import { describe, expect, it } from 'vitest';
import { createLogger, isSensitiveKey } from '../../packages/runtime/src/log.js';
import { memoryStream } from './helpers.js';

const CANARY = 'sk-canary-7f3a9c';

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, name, msg and fields', () => {
    const m = memoryStream();
    const log = createLogger('portkey-batch-rest', () => [], m.stream);
    log.info('listening', { port: 3000 });
    log.warn('slow', { ms: 12 });
    log.error('boom');
    const lines = m.lines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'info', name: 'portkey-batch-rest', msg: 'listening', port: 3000 });
    expect(typeof lines[0]?.time).toBe('string');
    expect(lines[1]).toMatchObject({ level: 'warn', ms: 12 });
    expect(lines[2]).toMatchObject({ level: 'error', msg: 'boom' });
    expect(m.text().endsWith('\n')).toBe(true);
  });

  it('never lets a canary secret through, wherever it appears', () => {
    const m = memoryStream();
    const log = createLogger('svc', () => [CANARY, ''], m.stream);
    const err = new Error(`upstream said: invalid key ${CANARY}`);
    log.error(`message with ${CANARY} inside`, {
      plain: CANARY,
      embedded: `Bearer ${CANARY}`,
      nested: { deeper: [{ value: `x${CANARY}y` }] },
      error: err,
      cause: new Error('outer', { cause: new Error(CANARY) }),
      [`key-${CANARY}`]: 1,
      headers: new Headers({ 'x-other': CANARY }),
    });
    const text = m.text();
    expect(text).not.toContain(CANARY);
    expect(text).toContain('[redacted]');
    const line = m.lines()[0]!;
    expect(line.msg).toBe('message with [redacted] inside');
    expect(line.embedded).toBe('Bearer [redacted]');
    expect((line.error as { message: string }).message).toBe('upstream said: invalid key [redacted]');
  });

  it('also catches a secret whose JSON form is escaped', () => {
    const tricky = 'a"b\\c\nd-secret-value';
    const m = memoryStream();
    createLogger('svc', () => [tricky], m.stream).info('x', { v: `pre ${tricky} post` });
    expect(m.text()).not.toContain(JSON.stringify(tricky).slice(1, -1));
    expect(m.lines()[0]?.v).toBe('pre [redacted] post');
  });

  it('evaluates secrets per line (rotated keys are redacted too)', () => {
    let current = 'first-key-123';
    const m = memoryStream();
    const log = createLogger('svc', () => [current], m.stream);
    current = 'second-key-456';
    log.info('using second-key-456 now');
    expect(m.text()).not.toContain('second-key-456');
  });

  it('redacts credential-looking keys whatever their value', () => {
    const m = memoryStream();
    createLogger('svc', () => [], m.stream).info('req', {
      headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k', accept: 'json' },
      access_token: 't',
      clientSecret: 's',
      password: 'p',
      PORTKEY_API_KEY: 'k2',
      ok: 'visible',
    });
    const line = m.lines()[0]!;
    expect(line.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' });
    expect(line.access_token).toBe('[redacted]');
    expect(line.clientSecret).toBe('[redacted]');
    expect(line.password).toBe('[redacted]');
    expect(line.PORTKEY_API_KEY).toBe('[redacted]');
    expect(line.ok).toBe('visible');
    expect(isSensitiveKey('max_tokens')).toBe(true); // errs on the side of hiding
    expect(isSensitiveKey('limit')).toBe(false);
  });

  it('survives circular structures, bigint and throwing secret providers', () => {
    const m = memoryStream();
    const a: Record<string, unknown> = { n: 1n };
    a.self = a;
    createLogger('svc', () => {
      throw new Error('no');
    }, m.stream).info('x', { a });
    expect(m.lines()[0]?.a).toEqual({ n: '1', self: '[circular]' });
  });
});
