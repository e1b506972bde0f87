// `type: rest` exposes → routes with traced inputs and their REST location.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { camelCase, looseKey } from '../names/case.js';
import { isIdentifier, isReservedWord, memberName, NameAllocator, safeIdentifier } from '../names/identifiers.js';
import { readInboundAuth } from './auth.js';
import { parseBinarySize, readBinaryResponse } from './binary.js';
import type { ModelContext } from './context.js';
import { normalizePath, pathPlaceholders } from './consumes.js';
import { readDeclaredInputs } from './inputs.js';
import { readBehaviour, type AggregateIndex } from './orchestration.js';
import type { OperationIndex } from './operations-index.js';
import { arr, num, rec, str } from './raw.js';
import type { CallerInput, CallBinding, RestExpose, RestForward, RestRoute } from './types.js';

export function readRestExpose(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown, ops: OperationIndex, aggregates: AggregateIndex): RestExpose {
  const raw = rec(value);
  const namespace = str(raw.namespace) ?? 'rest';
  const handlers = new NameAllocator();
  const routes: RestRoute[] = [];
  const forwards: RestForward[] = [];
  arr(raw.resources).forEach((resValue, ri) => {
    const res = rec(resValue);
    const resPath: DocPath = [...path, 'resources', ri];
    const declaredPath = str(res.path) ?? '/';
    if (res.forward !== undefined) {
      const forward = readForward(ctx, doc, [...resPath, 'forward'], declaredPath, res.forward, ops);
      if (forward) forwards.push(forward);
    }
    const resInputs = readDeclaredInputs(res.inputParameters);
    arr(res.operations).forEach((opValue, oi) => {
      const op = rec(opValue);
      const at: DocPath = [...resPath, 'operations', oi];
      const method = (str(op.method) ?? 'GET').toUpperCase();
      const name = str(op.name) ?? `${str(res.name) ?? 'route'}-${method.toLowerCase()}`;
      const declared = [...resInputs, ...readDeclaredInputs(op.inputParameters)];
      const behaviour = readBehaviour(ctx, doc, at, op, ops, aggregates, ['rest', namespace], false, resInputs);
      const { inputs, call, orchestration } = behaviour;
      const located = locateInputs(ctx, doc, [...resPath, 'path'], declaredPath, inputs, declared.map((d) => ({ name: d.name, in: d.in })), call);
      const description = str(op.description) ?? str(res.description);
      const binaryResponse = readBinaryResponse(op);
      routes.push({
        name,
        handlerName: handlers.claim(safeIdentifier(camelCase(`${method} ${name}`), 'handler')),
        method,
        declaredPath,
        expressPath: located.expressPath,
        openapiPath: located.openapiPath,
        ...(description ? { description } : {}),
        inputs: located.inputs,
        ...(call ? { call } : {}),
        ...(orchestration ? { orchestration } : {}),
        output: behaviour.output,
        ...(binaryResponse ? { binaryResponse } : {}),
        source: ctx.where(doc, at),
      });
    });
  });
  const description = str(raw.description);
  const auth = readInboundAuth(ctx, doc, [...path, 'authentication'], raw.authentication);
  const maxBinaryBytes = parseBinarySize(raw.maxBinarySize);
  return {
    namespace,
    port: num(raw.port) ?? 8080,
    address: str(raw.address) ?? '127.0.0.1',
    ...(description ? { description } : {}),
    routes,
    ...(maxBinaryBytes !== undefined ? { maxBinaryBytes } : {}),
    forwards,
    ...(auth ? { auth } : {}),
  };
}

/** path-to-regexp (Express 5) gives these characters meaning; literal ones must be escaped. */
function escapeExpressLiteral(text: string): string {
  return text.replace(/[()[\]?+!*:{}\\]/g, (c) => `\\${c}`);
}

function locateInputs(
  ctx: ModelContext,
  doc: LoadedDocument,
  at: DocPath,
  declaredPath: string,
  inputs: CallerInput[],
  declaredIn: { name: string; in?: string }[],
  call: CallBinding | undefined,
): { inputs: CallerInput[]; expressPath: string; openapiPath: string } {
  const normalized = normalizePath(declaredPath);
  const placeholders = pathPlaceholders(normalized);
  const result = inputs.map((i) => ({ ...i }));
  const pathNames = new NameAllocator();
  const placeholderInput = new Map<string, CallerInput>();
  for (const ph of placeholders) {
    let input = result.find((i) => i.name === ph) ?? result.find((i) => looseKey(i.name) === looseKey(ph));
    if (!input) {
      ctx.report(doc, at, 'warning', 'NG3012', `The path placeholder '{${ph}}' matches no input of this operation; it is accepted and ignored.`, `Rename it to match an input (with '${ph}: rest.${ph}') or remove it from the path.`);
      input = { name: ph, schema: { type: 'string' }, required: true };
      result.push(input);
    }
    input.required = true;
    // Express 5 path parameters must be identifiers: keep the input name when it is one (`batch_id`).
    const preferred = isIdentifier(input.name) && !isReservedWord(input.name) ? input.name : memberName(input.name, 'param');
    input.rest = { in: 'path', wireName: pathNames.claim(preferred) };
    placeholderInput.set(ph, input);
  }
  for (const input of result) {
    if (input.rest) continue;
    const declared = declaredIn.find((d) => d.name === input.name)?.in;
    const upstream = call?.args.find((a) => a.source.kind === 'caller' && a.source.input === input.name)?.param;
    input.rest = { in: restLocation(declared, upstream?.in, upstream?.schema.type, call), wireName: input.name };
  }
  let expressPath = '';
  let openapiPath = '';
  let last = 0;
  for (const m of normalized.matchAll(/\{([^{}]+)\}/g)) {
    const literal = normalized.slice(last, m.index);
    const input = placeholderInput.get(m[1]!)!;
    expressPath += escapeExpressLiteral(literal) + `:${input.rest!.wireName}`;
    openapiPath += literal + `{${input.rest!.wireName}}`;
    last = (m.index ?? 0) + m[0].length;
  }
  expressPath += escapeExpressLiteral(normalized.slice(last));
  openapiPath += normalized.slice(last);
  return { inputs: result, expressPath, openapiPath };
}

function restLocation(
  declared: string | undefined,
  upstream: string | undefined,
  type: string | undefined,
  call: CallBinding | undefined,
): NonNullable<CallerInput['rest']>['in'] {
  if (declared === 'query' || declared === 'header' || declared === 'cookie') return declared;
  if (declared === 'body') return 'body-field';
  if (upstream === 'header' || upstream === 'cookie') return upstream;
  if (upstream === 'body') {
    const bodyParams = call?.args.filter((a) => a.param.in === 'body') ?? [];
    return bodyParams.length === 1 && (type === 'object' || type === 'array' || bodyParams[0]!.param.wireName === 'body') ? 'body' : 'body-field';
  }
  return 'query';
}

function readForward(ctx: ModelContext, doc: LoadedDocument, at: DocPath, declaredPath: string, value: unknown, ops: OperationIndex): RestForward | undefined {
  const raw = rec(value);
  const target = str(raw.targetNamespace) ?? str(arr(raw.targetNamespaces)[0]);
  if (!target || !ops.hasNamespace(target)) {
    const known = ops.namespacesNearest(target ?? '');
    ctx.report(doc, [...at, 'targetNamespace'], 'error', 'NG3007', `The forward target '${target ?? ''}' is not a consumed namespace.`, known.length > 0 ? `Name a consumed namespace; nearest first: ${known.join(', ')}.` : 'Name the namespace of an entry in capability.consumes.');
    return undefined;
  }
  const normalized = normalizePath(declaredPath);
  const cut = normalized.indexOf('{');
  const prefix = (cut >= 0 ? normalized.slice(0, cut) : normalized).replace(/\/?$/, '/');
  return {
    declaredPath,
    prefix,
    expressPath: `${escapeExpressLiteral(prefix)}*rest`,
    consumes: target,
    trustedHeaders: arr(raw.trustedHeaders).map((h) => (str(h) ?? '').toLowerCase()).filter(Boolean),
    source: ctx.where(doc, at),
  };
}
