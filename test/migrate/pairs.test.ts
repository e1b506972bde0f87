// The Naftiko project migrated its own alpha2 files to ikanos by hand (../shared/migration-pairs).
// migrate must produce the same document, compared as parsed YAML without the version key, except the
// differences listed below, each with its reason (docs/migrate.md "Compared with the hand migration").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migrateText } from '../../generator/migrate/index.js';
import { oraclePresent, PAIRS_DIR, readPairs } from './official-oracle.js';

const present = oraclePresent() && existsSync(join(PAIRS_DIR, 'alpha2')) && existsSync(join(PAIRS_DIR, 'ikanos'));
if (!present) console.log(`migrate pairs suite skipped: ${PAIRS_DIR} is absent`);

type Json = unknown;

/** Paths where migrate and the hand migration differ: path → [migrate's value, the hand's value] */
interface Expected {
  reason: string;
  differences: Record<string, [Json, Json]>;
}

const OP = (ref: string, method: string, extra: Record<string, Json> = {}): Json => ({ ref, method, ...extra });

const DOCUMENTED: Record<string, Expected> = {
  'src/test/resources/aggregates/aggregate-basic.yaml': {
    reason:
      'two unnamed REST operations call the same flow: migrate keys them by that flow (`get-forecast`, then `post-get-forecast`); the project hand-picked `query-forecast` for the GET and gave the POST `get-forecast`',
    differences: {
      '/capability/exposes/1/resources/forecast/operations/get-forecast/method': ['GET', 'POST'],
      '/capability/exposes/1/resources/forecast/operations/get-forecast/inputParameters': [{ location: { in: 'path', type: 'string', description: 'City or coordinates' } }, undefined],
      '/capability/exposes/1/resources/forecast/operations/post-get-forecast': [OP('forecast.get-forecast', 'POST'), undefined],
      '/capability/exposes/1/resources/forecast/operations/query-forecast': [
        undefined,
        OP('forecast.get-forecast', 'GET', { inputParameters: { location: { in: 'path', type: 'string', description: 'City or coordinates' } } }),
      ],
    },
  },
  'src/test/resources/rules/spectral-semantics-consistent.yaml': {
    reason: 'unnamed REST operation: migrate keys it by the flow it refers to (`get-forecast`); the project prefixed the method by hand (`get-get-forecast`)',
    differences: {
      '/capability/exposes/1/resources/forecast/operations/get-forecast': [OP('weather.get-forecast', 'GET'), undefined],
      '/capability/exposes/1/resources/forecast/operations/get-get-forecast': [undefined, OP('weather.get-forecast', 'GET')],
    },
  },
  'src/test/resources/rules/spectral-semantics-inconsistent.yaml': {
    reason: 'unnamed REST operation: migrate keys it by the flow it refers to (`get-forecast`); the project prefixed the method by hand (`delete-get-forecast`)',
    differences: {
      '/capability/exposes/1/resources/forecast/operations/get-forecast': [OP('weather.get-forecast', 'DELETE'), undefined],
      '/capability/exposes/1/resources/forecast/operations/delete-get-forecast': [undefined, OP('weather.get-forecast', 'DELETE')],
    },
  },
  'src/test/resources/skill-capability.yaml': {
    reason: 'a later hand edit renamed a temporary directory in a string value; migrate never rewrites values',
    differences: {
      '/capability/exposes/1/skills/order-management/location': ['file:///tmp/naftiko-test-skills/order-management', 'file:///tmp/ikanos-test-skills/order-management'],
    },
  },
};

/** Every leaf path where a and b differ (objects compared key by key, order of keys included). */
function differences(a: Json, b: Json, path = '', out: Record<string, [Json, Json]> = {}): Record<string, [Json, Json]> {
  if (isDeepStrictEqual(a, b)) return out;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out[path] = [a, b];
    return out;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) differences((a as Record<string, Json>)[k], (b as Record<string, Json>)[k], `${path}/${k}`, out);
  const shared = ka.filter((k) => kb.includes(k));
  if (!Array.isArray(a) && shared.join() !== kb.filter((k) => ka.includes(k)).join()) out[`${path} (key order)`] = [ka, kb];
  return out;
}

describe.skipIf(!present)('migrate vs the Naftiko project\'s hand migration (PAIRS.tsv)', () => {
  const pairs = present ? readPairs().filter((p) => p.ikanos !== undefined) : [];

  it('has the pairs to compare', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(30);
    for (const file of Object.keys(DOCUMENTED)) expect(pairs.some((p) => p.alpha2 === file), `${file} is not in PAIRS.tsv`).toBe(true);
  });

  it.each(pairs.map((p) => [p.alpha2, p.ikanos!]))('%s', (alpha2, ikanos) => {
    const r = migrateText(alpha2, readFileSync(join(PAIRS_DIR, 'alpha2', alpha2), 'utf8'));
    expect(r.status).toBe('migrated');
    const mine = parse(r.output) as Record<string, Json>;
    const hand = parse(readFileSync(join(PAIRS_DIR, 'ikanos', ikanos), 'utf8')) as Record<string, Json>;
    expect(mine.ikanos).toBe('1.0.0-beta5');
    delete mine.ikanos;
    delete hand.ikanos;
    expect(differences(mine, hand)).toEqual(DOCUMENTED[alpha2]?.differences ?? {});
  });

  it('prints the tally', () => {
    const same = pairs.filter((p) => !(p.alpha2 in DOCUMENTED)).length;
    console.log(`migrate pairs: ${pairs.length} compared, ${same} identical as parsed YAML, ${Object.keys(DOCUMENTED).length} with documented differences (${Object.values(DOCUMENTED).map((d) => Object.keys(d.differences).length).reduce((a, b) => a + b, 0)} paths)`);
    expect(same + Object.keys(DOCUMENTED).length).toBe(pairs.length);
  });
});
