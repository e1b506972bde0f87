// The one ranking behind every "did you mean" hint (generator/diagnostics.ts: nearest, editDistance).
import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../generator/diagnostics.js';

describe('editDistance (Damerau–Levenshtein, optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('list', 'list')).toBe(0);
    expect(editDistance('list', 'lists')).toBe(1);
    expect(editDistance('list', 'lst')).toBe(1);
    expect(editDistance('list', 'lost')).toBe(1);
    expect(editDistance('lsit', 'list')).toBe(1); // a transposition, not two substitutions
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA: no edits inside a transposed pair
  });

  it('is symmetric', () => {
    for (const [a, b] of [['list-jobs', 'list-brokers'], ['stripe-payouts', 'stripe-billing'], ['ab', 'ba']] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe('nearest', () => {
  const mq = ['create-broker', 'create-configuration', 'create-tags', 'delete-user', 'describe-broker', 'list-brokers', 'list-configurations', 'list-tags', 'list-users'];

  it('ranks by shared words, then by edit distance, not alphabetically', () => {
    // Alphabetical order would give create-broker, create-configuration, create-tags.
    expect(nearest('list-jobs', mq)).toEqual(['list-tags', 'list-users', 'list-brokers']);
    expect(nearest('describe-brokers', mq)[0]).toBe('describe-broker');
    expect(nearest('brokers-list', mq)[0]).toBe('list-brokers'); // word order does not matter
  });

  it('finds typos (transpositions, dropped letters)', () => {
    expect(nearest('lsit-users', mq)[0]).toBe('list-users');
    expect(nearest('creat-tags', mq)[0]).toBe('create-tags');
  });

  it('compares normalized names: camelCase, snake_case and kebab-case are one name', () => {
    expect(nearest('listBrokers', mq)[0]).toBe('list-brokers');
    expect(nearest('LIST_USERS', mq)[0]).toBe('list-users');
  });

  it('honours limit and maxDistance, and is stable for ties', () => {
    expect(nearest('list-jobs', mq, { limit: 1 })).toEqual(['list-tags']);
    expect(nearest('descripton', ['description', 'label', 'tags'], { maxDistance: 2 })).toEqual(['description']);
    expect(nearest('groups', ['description', 'label', 'tags'], { maxDistance: 2 })).toEqual([]);
    expect(nearest('zz', ['b', 'a', 'c'], { limit: 3 })).toEqual(['a', 'b', 'c']);
    expect(nearest('x', [])).toEqual([]);
  });
});
