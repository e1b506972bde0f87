// Resolves `call: <namespace>.<operation>` against every consumed namespace (with import aliases).
import type { ConsumesNamespace, Operation } from './types.js';

export class OperationIndex {
  private readonly byRef = new Map<string, { consumes: ConsumesNamespace; op: Operation }>();

  constructor(namespaces: ConsumesNamespace[], aliases: ReadonlyMap<string, string> = new Map()) {
    for (const ns of namespaces) {
      for (const op of ns.operations) this.byRef.set(`${ns.namespace}.${op.name}`, { consumes: ns, op });
    }
    for (const [alias, target] of aliases) {
      for (const [ref, hit] of [...this.byRef]) if (ref.startsWith(`${target}.`)) this.byRef.set(`${alias}.${ref.slice(target.length + 1)}`, hit);
    }
  }

  resolve(ref: string): { consumes: ConsumesNamespace; op: Operation } | undefined {
    return this.byRef.get(ref.trim());
  }

  /** Up to three known refs that look closest, for "did you mean" hints. */
  suggest(ref: string): string[] {
    const [ns] = ref.split('.');
    const all = [...this.byRef.keys()].sort();
    const same = all.filter((r) => r.startsWith(`${ns}.`));
    return (same.length > 0 ? same : all).slice(0, 3);
  }
}
