// Ikanos (alpha3 … beta5) → the Naftiko alpha2 shape the model builder reads, keeping every position.
//
// The spelling changes are mechanical (docs/ikanos.md): maps keyed by name become lists whose items
// carry `name`, `display` becomes `label`, aggregate `flows` become `functions`, mapping `target`
// becomes `targetName`, an import's `from` becomes `location`. Nothing changes meaning, so a capability
// and its Ikanos spelling build the same model. Runs on validated documents only; anything it does
// not recognise is copied as it is.
//
// Positions: `translate` turns a path in the normalized data back into the path in the file, so a
// finding about `tools[2].name` points at the key `get-ship:` and one about `label` at `display:`.
import type { DocPath } from '../source-map.js';

type Obj = Record<string, unknown>;

export interface NormalizedIkanos {
  data: Obj;
  /** The file path of a normalized path; `atKey` when it names a map key (an item's `name`). */
  translate(path: DocPath): { path: DocPath; atKey: boolean };
}

/** Renamed keys, Ikanos spelling → Naftiko spelling. */
const RENAMES: Readonly<Record<string, string>> = { display: 'label', target: 'targetName', flows: 'functions', from: 'location' };

class Tracker {
  /** Where each normalized node sits in the file. */
  readonly origin = new WeakMap<object, DocPath>();
  /** Normalized key → file key, per object that renamed keys. */
  readonly renamed = new WeakMap<object, Record<string, string>>();
  /** Items whose `name` is the file's map key. */
  readonly keyed = new WeakSet<object>();

  /** A copy of `raw` (at `path`) with renamed keys and the given key transforms applied. */
  object(raw: unknown, path: DocPath, transforms: Record<string, (value: unknown, at: DocPath) => unknown> = {}, renames: readonly string[] = []): unknown {
    if (!isObj(raw)) return raw;
    const out: Obj = {};
    const back: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      const target = renames.includes(key) ? RENAMES[key]! : key;
      if (target !== key) back[target] = key;
      const transform = transforms[key];
      out[target] = transform ? transform(value, [...path, key]) : value;
    }
    this.origin.set(out, path);
    if (Object.keys(back).length > 0) this.renamed.set(out, back);
    return out;
  }

  /** A map keyed by name → a list of items with `name` (each item shaped by `item`). A list stays as it is. */
  named(raw: unknown, path: DocPath, item: (value: unknown, at: DocPath) => unknown = (v) => v): unknown {
    if (!isObj(raw)) return raw;
    const list = Object.entries(raw).map(([key, value]) => {
      const at = [...path, key];
      const shaped = item(value, at);
      if (!isObj(shaped)) return shaped;
      const withName = { name: key, ...shaped };
      this.origin.set(withName, at);
      const back = this.renamed.get(shaped);
      if (back) this.renamed.set(withName, back);
      this.keyed.add(withName);
      return withName;
    });
    this.origin.set(list, path);
    return list;
  }
}

export function normalizeIkanos(data: Obj): NormalizedIkanos {
  const t = new Tracker();
  const label = ['display'];

  const params = (v: unknown, at: DocPath): unknown => t.named(v, at, (p, pAt) => t.object(p, pAt, {}, label));
  /** Named outputs (orchestrated or mock): a map → a list; nested `items` maps too. */
  const namedOutputs = (v: unknown, at: DocPath): unknown => t.named(v, at, namedOutput);
  const namedOutput = (v: unknown, at: DocPath): unknown =>
    t.object(v, at, {
      items: (items, iAt) => (isObj(items) && Object.values(items).every(isObj) && !('type' in items) ? namedOutputs(items, iAt) : items),
      properties: (props, pAt) => (isObj(props) ? mapValues(t, props, pAt, namedOutput) : props),
    });
  /** outputParameters: a list is mapped (call mode, unchanged); a map names its outputs. */
  const outputs = (v: unknown, at: DocPath): unknown => (Array.isArray(v) ? v : namedOutputs(v, at));
  const steps = (v: unknown, at: DocPath): unknown => t.named(v, at, (s, sAt) => t.object(s, sAt));
  const mappings = (v: unknown, at: DocPath): unknown =>
    Array.isArray(v) ? track(t, v.map((m, i) => t.object(m, [...at, i], {}, ['target'])), at) : v;
  const runnable = { inputParameters: params, steps, mappings, outputParameters: outputs };

  const consumedOperation = (v: unknown, at: DocPath): unknown => t.object(v, at, { inputParameters: params, outputParameters: outputs }, label);
  const consumedResource = (v: unknown, at: DocPath): unknown =>
    t.object(v, at, { inputParameters: params, operations: (ops, oAt) => t.named(ops, oAt, consumedOperation) }, label);
  const consumesEntry = (v: unknown, at: DocPath): unknown =>
    isObj(v) && 'from' in v && !('baseUri' in v)
      ? t.object(v, at, {}, ['from'])
      : t.object(v, at, { inputParameters: params, resources: (rs, rAt) => t.named(rs, rAt, consumedResource) }, label);

  const exposedOperation = (v: unknown, at: DocPath): unknown => t.object(v, at, runnable, label);
  const exposedResource = (v: unknown, at: DocPath): unknown =>
    t.object(v, at, { inputParameters: params, operations: (ops, oAt) => t.named(ops, oAt, exposedOperation) }, label);
  const prompt = (v: unknown, at: DocPath): unknown => t.object(v, at, { arguments: params }, label);
  const skill = (v: unknown, at: DocPath): unknown => t.object(v, at, { tools: (tools, tAt) => t.named(tools, tAt, (x, xAt) => t.object(x, xAt)) });
  const exposesEntry = (v: unknown, at: DocPath): unknown => {
    if (!isObj(v)) return v;
    if (v.type === 'rest') return t.object(v, at, { resources: (rs, rAt) => t.named(rs, rAt, exposedResource) });
    if (v.type === 'mcp') {
      return t.object(v, at, {
        tools: (tools, tAt) => t.named(tools, tAt, exposedOperation),
        resources: (rs, rAt) => t.named(rs, rAt, exposedOperation),
        prompts: (ps, pAt) => t.named(ps, pAt, prompt),
      });
    }
    if (v.type === 'skill') return t.object(v, at, { skills: (ss, sAt) => t.named(ss, sAt, skill) });
    return v;
  };
  const aggregate = (v: unknown, at: DocPath): unknown =>
    t.object(v, at, { flows: (fs, fAt) => t.named(fs, fAt, (f, ffAt) => t.object(f, ffAt, runnable)) }, [...label, 'flows']);

  const list = (item: (v: unknown, at: DocPath) => unknown) => (v: unknown, at: DocPath): unknown =>
    Array.isArray(v) ? track(t, v.map((x, i) => item(x, [...at, i])), at) : v;
  const sections = { consumes: list(consumesEntry), exposes: list(exposesEntry), aggregates: list(aggregate) };
  const root = t.object(data, [], { info: (v, at) => t.object(v, at, {}, label), ...sections, capability: (v, at) => t.object(v, at, sections) }) as Obj;

  const translate = (path: DocPath): { path: DocPath; atKey: boolean } => {
    let node: unknown = root;
    let file: DocPath = [];
    for (const step of path) {
      if (isObj(node) && t.keyed.has(node) && step === 'name') return { path: file, atKey: true };
      const back = isObj(node) ? t.renamed.get(node) : undefined;
      const child = isObj(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[step] : undefined;
      const known = child !== null && typeof child === 'object' ? t.origin.get(child) : undefined;
      file = known ?? [...file, back?.[String(step)] ?? step];
      node = child;
    }
    return { path: file, atKey: false };
  };
  return { data: root, translate };
}

function mapValues(t: Tracker, raw: Obj, at: DocPath, item: (v: unknown, at: DocPath) => unknown): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(raw)) {
    const shaped = item(v, [...at, k]);
    out[k] = isObj(shaped) && !('name' in shaped) ? { name: k, ...shaped } : shaped;
    if (isObj(out[k])) {
      t.origin.set(out[k] as Obj, [...at, k]);
      if (isObj(shaped) && !('name' in shaped)) t.keyed.add(out[k] as Obj);
    }
  }
  t.origin.set(out, at);
  return out;
}

function track<T extends object>(t: Tracker, value: T, at: DocPath): T {
  t.origin.set(value, at);
  return value;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
