// Resolves `call: <namespace>.<operation>` against every consumed namespace (with import aliases).
// Real files reuse operation names across resources (two `get`s); the `with` keys then pick the one
// whose parameters they name.
import { nearest } from '../diagnostics.js';
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
  /** Operation names per namespace as a `call` may write them (import aliases included). */
  private readonly opsByNamespace = new Map<string, Set<string>>();

  constructor(
    private readonly namespaces: ConsumesNamespace[],
    aliases: ReadonlyMap<string, string> = new Map(),
  ) {
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
    const dot = ref.lastIndexOf('.');
    const ops = this.opsByNamespace.get(ref.slice(0, dot)) ?? new Set<string>();
    ops.add(ref.slice(dot + 1));
    this.opsByNamespace.set(ref.slice(0, dot), ops);
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

  /** A consumed namespace, with or without operations (a forward-only API declares none). */
  hasNamespace(namespace: string): boolean {
    return this.opsByNamespace.has(namespace) || this.namespaces.some((ns) => ns.namespace === namespace);
  }

  /** The operation behind a resolved call. */
  operation(namespace: string, methodName: string): Operation | undefined {
    for (const hits of this.byRef.values()) for (const h of hits) if (h.consumes.namespace === namespace && h.op.methodName === methodName) return h.op;
    return undefined;
  }

  /** The consumed namespaces (import aliases included), nearest to `name` first. */
  namespacesNearest(name: string): string[] {
    return nearest(name, this.opsByNamespace.keys(), { limit: this.opsByNamespace.size });
  }

  /**
   * Why `ref` resolves to nothing, and the nearest refs that would (for NG3001). `problem` completes
   * "… names <problem>"; `hint` says what to write instead, nearest first.
   */
  explainMiss(ref: string): { problem: string; hint: string } {
    const trimmed = ref.trim();
    const dot = trimmed.lastIndexOf('.');
    const namespaces = [...this.opsByNamespace.keys()];
    if (namespaces.length === 0) {
      return { problem: 'no consumed operation: this capability consumes nothing', hint: 'Declare the API under `capability.consumes` (or import a shared consumes file), then call `<namespace>.<operation>`.' };
    }
    const allRefs = [...this.byRef.keys()];
    if (dot <= 0 || dot === trimmed.length - 1) {
      // Not `<namespace>.<operation>`: compare with the operation part of every known ref.
      const byOp = new Map(allRefs.map((r) => [r.slice(r.lastIndexOf('.') + 1), r]));
      const near = nearest(trimmed.replace(/^\.|\.$/g, ''), byOp.keys()).map((op) => byOp.get(op)!);
      return { problem: 'no consumed operation: a call is written `<namespace>.<operation>`', hint: `Write \`<namespace>.<operation>\`; did you mean ${orList(near)}?` };
    }
    const ns = trimmed.slice(0, dot);
    const op = trimmed.slice(dot + 1);
    const ops = this.opsByNamespace.get(ns);
    if (!ops) {
      const elsewhere = namespaces.filter((n) => this.opsByNamespace.get(n)!.has(op)).sort();
      const hint = elsewhere.length > 0
        ? `\`${op}\` is an operation of ${orList(elsewhere)}: did you mean ${orList(elsewhere.map((n) => `${n}.${op}`))}? Otherwise declare \`${ns}\` under \`capability.consumes\` (or import it).`
        : `Consumed namespaces, nearest first: ${listSome(this.namespacesNearest(ns))}; use one of them, or declare \`${ns}\` under \`capability.consumes\` (or import it).`;
      return { problem: `no consumed namespace \`${ns}\``, hint };
    }
    const near = nearest(op, ops).map((o) => `${ns}.${o}`);
    return { problem: `no operation \`${op}\` of the consumed namespace \`${ns}\``, hint: `Did you mean ${orList(near)}?` };
  }
}

/** `a`, `b` or `c` (each in backticks). */
function orList(items: readonly string[]): string {
  const quoted = items.map((i) => `\`${i}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** `a`, `b`, `c` and N more: a hint line stays readable when a capability consumes many APIs. */
function listSome(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
