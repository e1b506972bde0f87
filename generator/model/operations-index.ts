// Resolves `call: <namespace>.<operation>` against every consumed namespace (with import aliases).
// Real files reuse operation names across resources (two `get`s); the `with` keys then pick the one
// whose parameters they name.
import { looseKey } from '../names/case.js';
import type { ConsumesNamespace, Operation } from './types.js';

export interface Resolved {
  consumes: ConsumesNamespace;
  op: Operation;
  /** Other operations carry the same name. */
  ambiguous: boolean;
}

export class OperationIndex {
  private readonly byRef = new Map<string, { consumes: ConsumesNamespace; op: Operation }[]>();

  constructor(namespaces: ConsumesNamespace[], aliases: ReadonlyMap<string, string> = new Map()) {
    for (const ns of namespaces) {
      for (const op of ns.operations) this.add(`${ns.namespace}.${op.name}`, { consumes: ns, op });
    }
    for (const [alias, target] of aliases) {
      for (const [ref, hits] of [...this.byRef]) if (ref.startsWith(`${target}.`)) for (const hit of hits) this.add(`${alias}.${ref.slice(target.length + 1)}`, hit);
    }
  }

  private add(ref: string, hit: { consumes: ConsumesNamespace; op: Operation }): void {
    const list = this.byRef.get(ref) ?? [];
    if (!list.includes(hit)) list.push(hit);
    this.byRef.set(ref, list);
  }

  /** @param withKeys the keys of the caller's `with` map, used to choose among same-named operations. */
  resolve(ref: string, withKeys: readonly string[] = []): Resolved | undefined {
    const hits = this.byRef.get(ref.trim());
    if (!hits || hits.length === 0) return undefined;
    if (hits.length === 1) return { ...hits[0]!, ambiguous: false };
    const wanted = withKeys.map(looseKey);
    const score = (op: Operation): number => {
      const names = new Set(op.params.map((p) => looseKey(p.wireName)));
      return wanted.filter((k) => names.has(k)).length * 1000 - op.params.filter((p) => p.required && !p.value && !wanted.includes(looseKey(p.wireName))).length;
    };
    let best = hits[0]!;
    for (const hit of hits) if (score(hit.op) > score(best.op)) best = hit;
    return { ...best, ambiguous: true };
  }

  hasNamespace(namespace: string): boolean {
    for (const hits of this.byRef.values()) if (hits.some((h) => h.consumes.namespace === namespace)) return true;
    return false;
  }

  /** The operation behind a resolved call. */
  operation(namespace: string, methodName: string): Operation | undefined {
    for (const hits of this.byRef.values()) for (const h of hits) if (h.consumes.namespace === namespace && h.op.methodName === methodName) return h.op;
    return undefined;
  }

  /** Up to three known refs that look closest, for "did you mean" hints. */
  suggest(ref: string): string[] {
    const [ns] = ref.split('.');
    const all = [...this.byRef.keys()].sort();
    const same = all.filter((r) => r.startsWith(`${ns}.`));
    return (same.length > 0 ? same : all).slice(0, 3);
  }
}
