// Traces what an exposed REST operation or MCP tool must ask its caller for (docs/ARCHITECTURE.md, "Inputs and names"):
// its own inputParameters plus its `with` map, followed back to the consumed operation's parameters.
import { nearest } from '../diagnostics.js';
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { looseKey } from '../names/case.js';
import { isIdentifier, isReservedWord, memberName } from '../names/identifiers.js';
import type { ModelContext } from './context.js';
import { toJsonType } from './parameters.js';
import { arr, bool, rec, str } from './raw.js';
import { parseTemplate } from './templates.js';
import type { CallBinding, CallerInput, InputSource, Operation, ParamSchema, Parameter } from './types.js';

export interface DeclaredInput {
  name: string;
  in?: string;
  schema: ParamSchema;
  required?: boolean;
  description?: string;
}

const WIRE = new Set(['path', 'query', 'header', 'cookie']);

export function readDeclaredInputs(list: unknown): DeclaredInput[] {
  return arr(list).flatMap((entry) => {
    const raw = rec(entry);
    const name = str(raw.name);
    if (!name) return [];
    const location = str(raw.in);
    // An untyped input sent in a path, query, header or cookie (the dialect's tool arguments, NGD117) is text.
    const type = toJsonType(raw.type) ?? (location && WIRE.has(location.toLowerCase()) ? 'string' : undefined);
    const description = str(raw.description);
    const required = bool(raw.required);
    return [
      {
        name,
        ...(location ? { in: location.toLowerCase() } : {}),
        schema: { ...(type ? { type } : {}), ...(description ? { description } : {}) },
        ...(required !== undefined ? { required } : {}),
        ...(description ? { description } : {}),
      },
    ];
  });
}

export interface TraceResult {
  inputs: CallerInput[];
  call: CallBinding;
}

/**
 * @param prefixes the names that mean "the caller's input" in `with` values: `rest`/`tools` and the
 *   expose namespace.
 */
export function traceCall(
  ctx: ModelContext,
  doc: LoadedDocument,
  at: DocPath,
  op: Operation,
  consumes: string,
  withValue: unknown,
  declared: DeclaredInput[],
  prefixes: readonly string[],
  allowSteps = false,
): TraceResult {
  const inputs = new Map<string, CallerInput>();
  const addInput = (name: string, from?: Parameter): void => {
    const existing = inputs.get(name);
    const decl = declared.find((d) => d.name === name) ?? declared.find((d) => looseKey(d.name) === looseKey(name));
    const schema: ParamSchema = withBounds({ ...(from?.schema ?? { type: 'string' }), ...decl?.schema });
    const description = decl?.description ?? from?.description;
    const required = decl?.required ?? from?.required ?? false;
    if (existing) {
      existing.required ||= required;
      return;
    }
    inputs.set(name, { name, schema, required, ...(description ? { description } : {}) });
  };

  const withMap = rec(withValue);
  const hasWith = withValue !== undefined && withValue !== null;
  const args: CallBinding['args'] = [];
  const used = new Set<string>();
  for (const param of op.params) {
    if (param.value) continue; // fixed by the consumes file
    const key = findKey(withMap, param.wireName);
    if (key !== undefined) {
      used.add(key);
      const source = readSource(withMap[key], prefixes, ctx, declared, allowSteps);
      for (const name of callerNames(source)) addInput(name, param);
      args.push({ param, source });
      continue;
    }
    const decl = declared.find((d) => looseKey(d.name) === looseKey(param.wireName));
    if (decl || !hasWith || param.required) {
      const name = decl?.name ?? param.wireName;
      addInput(name, param);
      args.push({ param, source: { kind: 'caller', input: name } });
      if (hasWith && !decl && param.required) {
        ctx.report(doc, [...at, 'with'], 'warning', 'NG3040', `The required parameter '${param.wireName}' of ${op.ref} is not given in 'with'; it is taken from the caller's input '${param.wireName}'.`, `Add '${param.wireName}: <prefix>.${param.wireName}' (or a literal) to the 'with' map.`);
      }
    }
  }
  for (const key of Object.keys(withMap)) {
    if (used.has(key)) continue;
    const adopted = adoptParameter(op, key);
    if (!adopted) {
      ctx.report(doc, [...at, 'with', key], 'error', 'NG3041', `'with' sets '${key}', but ${op.ref} has no parameter of that name.`, `Use one of (nearest first): ${nearest(key, op.params.map((p) => p.wireName), { limit: op.params.length }).join(', ') || '(none)'}; or declare the parameter in the consumed operation.`);
      continue;
    }
    ctx.report(doc, [...at, 'with', key], 'warning', 'NG3042', `'with' sets '${key}', which ${op.ref} does not declare; it is sent as ${adopted.in === 'body' ? 'a JSON body field' : 'a query parameter'}.`, `Declare '- name: ${key}' with 'in: ${adopted.in}' in the consumed operation's inputParameters.`);
    const source = readSource(withMap[key], prefixes, ctx, declared, allowSteps);
    for (const name of callerNames(source)) addInput(name, adopted);
    args.push({ param: adopted, source });
  }
  // Declared inputs that feed nothing upstream are still inputs (templates or steps may use them).
  for (const d of declared) if (![...inputs.keys()].some((k) => looseKey(k) === looseKey(d.name))) addInput(d.name);
  return { inputs: [...inputs.values()], call: { consumes, operation: op.name, methodName: op.methodName, args } };
}

function findKey(map: Record<string, unknown>, wireName: string): string | undefined {
  if (wireName in map) return wireName;
  return Object.keys(map).find((k) => looseKey(k) === looseKey(wireName));
}

function readSource(value: unknown, prefixes: readonly string[], ctx: ModelContext, declared: DeclaredInput[], allowSteps: boolean): InputSource {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (allowSteps && trimmed.startsWith('$.')) return { kind: 'step', path: trimmed };
    for (const prefix of prefixes) {
      if (trimmed.startsWith(`${prefix}.`) && trimmed.length > prefix.length + 1) return { kind: 'caller', input: trimmed.slice(prefix.length + 1) };
    }
    if (trimmed.includes('{{')) {
      const parsed = parseTemplate(value, { env: ctx.envNames, inputs: new Set(declared.map((d) => d.name)) });
      const only = parsed.template.parts.length === 1 ? parsed.template.parts[0] : undefined;
      if (only?.kind === 'input') return { kind: 'caller', input: only.name };
      if (only?.kind === 'env') return { kind: 'env', variable: only.variable };
      return { kind: 'template', template: parsed.template };
    }
    return { kind: 'literal', value };
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return { kind: 'literal', value };
  return { kind: 'literal', value: JSON.stringify(value) };
}

function callerNames(source: InputSource): string[] {
  if (source.kind === 'caller') return [source.input];
  if (source.kind === 'template') return source.template.parts.flatMap((p) => (p.kind === 'input' ? [p.name] : []));
  return [];
}

/**
 * Real files state numeric limits only in prose ("Limit can range between 1 and 100"). Reading that
 * one phrase gives tools a proper schema; anything vaguer is left alone.
 */
export function withBounds(schema: ParamSchema): ParamSchema {
  if ((schema.type !== 'integer' && schema.type !== 'number') || !schema.description) return schema;
  const m = /\brange[sd]? (?:between|from) (-?\d+) (?:and|to) (-?\d+)\b/i.exec(schema.description);
  if (!m) return schema;
  const [min, max] = [Number(m[1]), Number(m[2])];
  return min <= max ? { ...schema, minimum: min, maximum: max } : schema;
}

export function reportAmbiguous(ctx: ModelContext, doc: LoadedDocument, at: DocPath, ref: string, chosen: Operation): void {
  ctx.report(doc, at, 'warning', 'NG3003', `Several consumed operations are named '${ref}'; the one at ${chosen.method} ${chosen.path} (resource '${chosen.resourceName}') matches this call's 'with' keys best and is used.`, 'Give consumed operations unique names within their namespace.');
}

/**
 * A `with` key the consumed operation does not declare: the author plainly means to send it. An
 * operation without a body takes it as a JSON body field (POST, PUT, PATCH) or a query parameter
 * (other methods). An operation whose body is already a whole input or a template cannot.
 */
function adoptParameter(op: Operation, key: string): Parameter | undefined {
  const hasBody = op.body.kind !== 'none' && op.body.kind !== 'json-fields';
  const bodyMethod = op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH';
  if (hasBody && bodyMethod) return undefined;
  const where: Parameter['in'] = bodyMethod ? 'body' : 'query';
  const taken = new Set(op.params.map((p) => p.propName.toLowerCase()));
  let propName = isIdentifier(key) && !isReservedWord(key) ? key : memberName(key, 'param');
  for (let n = 2; taken.has(propName.toLowerCase()); n++) propName = `${propName.replace(/\d+$/, '')}${n}`;
  const param: Parameter = { wireName: key, propName, in: where, schema: { type: 'string' }, required: false };
  op.params.push(param);
  if (where === 'body') {
    const fields = op.params.filter((p) => p.in === 'body');
    op.body = { kind: 'json-fields', params: fields };
  }
  return param;
}
