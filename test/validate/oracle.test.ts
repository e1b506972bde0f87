// Oracle: on deterministic single-node mutations of corpus files, our strict verdict must equal the
// verdict of the OFFICIAL schema of that version (loaded here, at test time only, as reference data).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, stringify } from 'yaml';
import { validateDocument } from '../../generator/validate/index.js';
import { loadInline } from './helpers.js';

const shared = join(import.meta.dirname, '../../../shared');
const corpus = join(shared, 'corpus');
const schemas = join(shared, 'reference/schemas');
const present = existsSync(join(corpus, 'MANIFEST.tsv')) && existsSync(schemas);
if (!present) console.log(`validate oracle suite skipped: ${corpus} or ${schemas} is absent`);

const VERSIONS = ['0.5', '1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3'] as const;
const PER_VERSION = 400;

type Json = unknown;
type Step = string | number;

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nodes(v: Json, path: Step[] = [], out: Array<{ path: Step[]; value: Json }> = []): Array<{ path: Step[]; value: Json }> {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodes(x, [...path, k], out);
  return out;
}

function setAt(root: Json, path: Step[], fn: (parent: Record<string, Json> | Json[], key: Step) => void): void {
  let cur = root as Record<string, Json>;
  for (const step of path.slice(0, -1)) cur = cur[step as string] as Record<string, Json>;
  fn(cur, path[path.length - 1]!);
}

const WRONG_STRINGS = ['Not Valid!', 'has space', 'bogus-value', 'x.y.z', '', 'GET', 'rest', 'object', 'file:///x', 'https://ok.example.com'];

/** One mutation of one node; returns a label, or undefined if this pick cannot be mutated. */
function mutate(doc: Json, rnd: () => number): string | undefined {
  const all = nodes(doc).filter((n) => n.path.length > 0);
  const pick = all[Math.floor(rnd() * all.length)]!;
  const kind = Math.floor(rnd() * 6);
  const key = pick.path[pick.path.length - 1]!;
  const label = pick.path.join('/');
  switch (kind) {
    case 0: // remove a key (or an array element)
      setAt(doc, pick.path, (p, k) => (Array.isArray(p) ? p.splice(k as number, 1) : delete (p as Record<string, Json>)[k as string]));
      return `remove ${label}`;
    case 1: // add an unknown key to an object
      if (!pick.value || typeof pick.value !== 'object' || Array.isArray(pick.value)) return undefined;
      (pick.value as Record<string, Json>)[rnd() < 0.5 ? 'bogusKey' : 'description'] = 'added';
      return `add key under ${label}`;
    case 2: // change a type
      setAt(doc, pick.path, (p, k) => {
        const v = pick.value;
        (p as Record<string, Json>)[k as string] = typeof v === 'string' ? 42 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? 'yes' : Array.isArray(v) ? {} : 'text';
      });
      return `retype ${label}`;
    case 3: // break a pattern / swap an enum value
      if (typeof pick.value !== 'string') return undefined;
      setAt(doc, pick.path, (p, k) => ((p as Record<string, Json>)[k as string] = WRONG_STRINGS[Math.floor(rnd() * WRONG_STRINGS.length)]!));
      return `restring ${label}`;
    case 4: // numbers out of range
      if (typeof pick.value !== 'number') return undefined;
      setAt(doc, pick.path, (p, k) => ((p as Record<string, Json>)[k as string] = rnd() < 0.5 ? 0 : 70000));
      return `renumber ${label}`;
    default: // swap a discriminator-ish key value for a neighbour's
      if (key !== 'type' && key !== 'in' && key !== 'method' && key !== 'transport') return undefined;
      setAt(doc, pick.path, (p, k) => ((p as Record<string, Json>)[k as string] = ['rest', 'mcp', 'skill', 'control', 'http', 'stdio', 'query', 'path', 'environment', 'POST', 'object', 'string', 'call', 'lookup', 'script'][Math.floor(rnd() * 15)]!));
      return `swap ${label}`;
  }
}

describe.skipIf(!present)('oracle: strict verdict equals the official schema on mutations', () => {
  const rows = present
    ? readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))
    : [];
  const bases: Json[] = rows.filter((r) => r[5] !== '0.5').map((r) => parse(readFileSync(join(corpus, r[0]!), 'utf8')) as Json);

  for (const version of VERSIONS) {
    it(`${version}`, () => {
      const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
      const official = ajv.compile(JSON.parse(readFileSync(join(schemas, `naftiko-schema-${version}.json`), 'utf8')) as object);
      // Start from every supported corpus file, re-declared at this version; prefer officially valid ones.
      const docs = bases.map((b) => ({ ...(structuredClone(b) as Record<string, Json>), naftiko: version }));
      const valid = docs.filter((d) => official(d));
      const rnd = prng(0x5eed + version.length * 7 + version.charCodeAt(version.length - 1));
      let total = 0;
      let officialValid = 0;
      const disagreements: string[] = [];
      let guard = 0;
      while (total < PER_VERSION && guard++ < PER_VERSION * 20) {
        const pool = valid.length > 0 && rnd() < 0.75 ? valid : docs;
        const doc = structuredClone(pool[Math.floor(rnd() * pool.length)]!);
        const label = mutate(doc, rnd);
        if (!label) continue;
        total++;
        const expected = official(doc);
        if (expected) officialValid++;
        const ours = validateDocument(loadInline(stringify(doc)), { strict: true });
        const got = !ours.diagnostics.some((d) => d.severity === 'error');
        if (got !== expected) disagreements.push(`${label}: official=${expected} ours=${got}`);
        if (expected) {
          // The dialect level only adds: an officially valid document is valid, and warning-free, by default.
          const relaxed = validateDocument(loadInline(stringify(doc)), { strict: false });
          if (relaxed.diagnostics.length > 0) disagreements.push(`${label}: official=true but default mode reports ${relaxed.diagnostics[0]!.code}`);
        }
      }
      console.log(
        `${version}: ${docs.length} base documents (${valid.length} officially valid), ${total} mutations, ` +
          `official-valid ${officialValid}, official-invalid ${total - officialValid}, disagreements ${disagreements.length}`,
      );
      expect(disagreements).toEqual([]);
      expect(total).toBe(PER_VERSION);
    }, 60_000);
  }
});
