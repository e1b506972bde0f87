// steps (call, lookup) + mappings, on exposed operations, tools and aggregate functions.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import type { ModelContext } from './context.js';
import { readDeclaredInputs, reportAmbiguous, traceCall, type DeclaredInput } from './inputs.js';
import type { OperationIndex } from './operations-index.js';
import { readOutput } from './outputs.js';
import { arr, bool, rec, str } from './raw.js';
import type { CallBinding, CallerInput, Orchestration, OutputShape, Step } from './types.js';

export interface Behaviour {
  inputs: CallerInput[];
  call?: CallBinding;
  orchestration?: Orchestration;
  output: OutputShape;
  /** Semantics of the aggregate function behind a `ref`, for MCP hints. */
  semantics?: { safe?: boolean; idempotent?: boolean; cacheable?: boolean };
}

/** Aggregate functions by `<namespace>.<function>`. */
export class AggregateIndex {
  private readonly functions = new Map<string, { doc: LoadedDocument; path: DocPath; raw: Record<string, unknown>; namespace: string }>();

  constructor(doc: LoadedDocument, aggregates: unknown) {
    arr(aggregates).forEach((agg, ai) => {
      const ns = str(rec(agg).namespace);
      arr(rec(agg).functions).forEach((fn, fi) => {
        const name = str(rec(fn).name);
        if (ns && name) this.functions.set(`${ns}.${name}`, { doc, path: ['capability', 'aggregates', ai, 'functions', fi], raw: rec(fn), namespace: ns });
      });
    });
  }

  get(ref: string): { doc: LoadedDocument; path: DocPath; raw: Record<string, unknown>; namespace: string } | undefined {
    return this.functions.get(ref.trim());
  }
}

/**
 * What an exposed operation or tool does: a simple call, steps, or an aggregate function (`ref`).
 * @param defaultRequired MCP tool inputs default to required; REST inputs do not.
 */
export function readBehaviour(
  ctx: ModelContext,
  doc: LoadedDocument,
  at: DocPath,
  raw: Record<string, unknown>,
  ops: OperationIndex,
  aggregates: AggregateIndex,
  prefixes: readonly string[],
  defaultRequired: boolean,
  extraDeclared: DeclaredInput[] = [],
): Behaviour {
  const ref = str(raw.ref);
  if (ref && raw.call === undefined && raw.steps === undefined) {
    const fn = aggregates.get(ref);
    if (!fn) {
      ctx.report(doc, [...at, 'ref'], 'error', 'NG3004', `The ref '${ref}' names no aggregate function.`, 'Use <aggregate namespace>.<function name> of an entry in capability.aggregates.');
      return { inputs: [], output: readOutput(ctx, raw.outputParameters) };
    }
    // The exposing tool may add its own description/hints; the function supplies the behaviour.
    const merged = { ...fn.raw, ...(raw.outputParameters !== undefined ? { outputParameters: raw.outputParameters } : {}) };
    // Inside the function, `<aggregate namespace>.x` names the function's input x.
    const inner = readBehaviour(ctx, fn.doc, fn.path, merged, ops, aggregates, [...prefixes, fn.namespace], defaultRequired, extraDeclared);
    const declared = rec(fn.raw.semantics);
    const semantics = {
      ...(bool(declared.safe) !== undefined ? { safe: bool(declared.safe)! } : {}),
      ...(bool(declared.idempotent) !== undefined ? { idempotent: bool(declared.idempotent)! } : {}),
      ...(bool(declared.cacheable) !== undefined ? { cacheable: bool(declared.cacheable)! } : {}),
    };
    if (inner.orchestration) {
      inner.orchestration.ref = ref;
      inner.orchestration.semantics = semantics;
    }
    return { ...inner, semantics };
  }
  const declared = [...extraDeclared, ...readDeclaredInputs(raw.inputParameters)].map((d) => ({ ...d, required: d.required ?? defaultRequired }));
  const output = readOutput(ctx, raw.outputParameters);
  const callRef = str(raw.call);
  if (callRef) {
    const hit = ops.resolve(callRef, Object.keys(rec(raw.with)));
    if (!hit) {
      const miss = ops.explainMiss(callRef);
      ctx.report(doc, [...at, 'call'], 'error', 'NG3001', `The call '${callRef}' names ${miss.problem}.`, miss.hint);
      return { inputs: toInputs(declared), output };
    }
    if (hit.ambiguous) reportAmbiguous(ctx, doc, [...at, 'call'], callRef, hit.op);
    const traced = traceCall(ctx, doc, at, hit.op, hit.consumes.namespace, raw.with, declared, prefixes);
    return { inputs: traced.inputs, call: traced.call, output };
  }
  if (raw.steps !== undefined) {
    const inputs = new Map<string, CallerInput>(toInputs(declared).map((i) => [i.name, i]));
    const steps: Step[] = [];
    const names = new Set<string>();
    arr(raw.steps).forEach((stepValue, si) => {
      const step = rec(stepValue);
      const stepAt: DocPath = [...at, 'steps', si];
      const name = str(step.name) ?? `step${si + 1}`;
      const type = (str(step.type) ?? (step.call ? 'call' : 'lookup')).toLowerCase();
      if (type === 'call') {
        const target = str(step.call) ?? '';
        const hit = ops.resolve(target, Object.keys(rec(step.with)));
        if (!hit) {
          const miss = ops.explainMiss(target);
          ctx.report(doc, [...stepAt, 'call'], 'error', 'NG3001', `The step '${name}' calls '${target}', which names ${miss.problem}.`, miss.hint);
          return;
        }
        if (hit.ambiguous) reportAmbiguous(ctx, doc, [...stepAt, 'call'], target, hit.op);
        const traced = traceCall(ctx, doc, stepAt, hit.op, hit.consumes.namespace, step.with ?? {}, declared, prefixes, true);
        for (const input of traced.inputs) if (!inputs.has(input.name)) inputs.set(input.name, input);
        steps.push({ kind: 'call', name, call: traced.call });
      } else if (type === 'lookup') {
        const index = str(step.index) ?? '';
        if (!names.has(index)) {
          ctx.report(doc, [...stepAt, 'index'], 'error', 'NG3005', `The lookup step '${name}' reads '${index}', which is not an earlier step.`, `Use the name of a call step listed before '${name}'.`);
          return;
        }
        steps.push({ kind: 'lookup', name, index, match: str(step.match) ?? 'id', lookupValue: str(step.lookupValue) ?? '$', keep: arr(step.outputParameters).map((k) => str(k) ?? str(rec(k).name) ?? '').filter(Boolean) });
      } else {
        ctx.report(doc, [...stepAt, 'type'], 'error', 'NG3006', `The step type '${type}' is not supported; naftiko-gen runs call and lookup steps.`, 'Replace the step with a call or lookup step.');
        return;
      }
      names.add(name);
    });
    const mappings = arr(raw.mappings).flatMap((m) => {
      const targetName = str(rec(m).targetName);
      const value = str(rec(m).value);
      return targetName && value ? [{ targetName, path: value.trim() }] : [];
    });
    return { inputs: [...inputs.values()], orchestration: { steps, mappings, runnerName: '' }, output };
  }
  return { inputs: toInputs(declared), output };
}

function toInputs(declared: DeclaredInput[]): CallerInput[] {
  return declared.map((d) => ({ name: d.name, schema: d.schema, required: d.required ?? false, ...(d.description ? { description: d.description } : {}) }));
}
