import { describe, expect, it } from 'vitest';
import { fixedResult } from '../../packages/runtime/src/fixed-result.js';

describe('fixedResult (mock mode)', () => {
  const fields = [
    { name: 'message', type: 'string', value: 'Hello, {{name}}!' },
    { name: 'echo', type: 'string', value: '{{name}}' },
    { name: 'count', type: 'integer', value: '{{n}}' },
    { name: 'ratio', type: 'number', value: '0.25' },
    { name: 'on', type: 'boolean', value: 'false' },
  ] as const;

  it('renders every value over the inputs and coerces it to its type', async () => {
    await expect(fixedResult(fields)({ name: 'Ada', n: '7.9' })).resolves.toEqual({ message: 'Hello, Ada!', echo: 'Ada', count: 7, ratio: 0.25, on: false });
  });

  it('a missing input leaves an empty hole in text and null for a whole-value field', async () => {
    await expect(fixedResult(fields)({})).resolves.toEqual({ message: 'Hello, !', echo: null, count: null, ratio: 0.25, on: false });
  });

  it('answers anew per call: inputs of one call do not leak into the next', async () => {
    const answer = fixedResult(fields);
    await answer({ name: 'One' });
    await expect(answer({ name: 'Two' })).resolves.toMatchObject({ message: 'Hello, Two!' });
  });
});
