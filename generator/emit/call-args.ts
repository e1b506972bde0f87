// The client input object an exposed operation or tool passes to the consumed operation.
import type { CallBinding, CallerInput, CapabilityModel, ConsumesNamespace, OutputShape, Template } from '../model/types.js';
import { bodyNeedsWork, operationAccess } from './emit-client.js';
import { constantName } from './naming.js';
import type { TsFile } from './printer.js';
import { importRuntime } from './runtime-imports.js';
import { needsProjection, projectionExpression } from './projection.js';
import { jsDoc, propertyAccess, propertyKey, stringLiteral } from './escape.js';
import { operationOf } from '../model/call-target.js';

/**
 * An object literal expression mapping each upstream parameter to its source.
 * `values` is the record of validated caller inputs, by input name. No cast: it is passed through the
 * runtime's callClient (or a table entry's `args`), typed by the client method's parameters.
 */
export function callInputExpression(call: CallBinding, values: string): string {
  const entries = call.args.map(({ param, source }) => {
    let expr: string;
    switch (source.kind) {
      case 'caller':
        expr = `${values}[${stringLiteral(source.input)}]`;
        break;
      case 'literal':
        expr = source.value === null ? 'null' : typeof source.value === 'string' ? stringLiteral(source.value) : String(source.value);
        break;
      case 'env':
        expr = `process.env[${stringLiteral(source.variable)}] ?? ''`;
        break;
      case 'template':
        expr = renderWithValues(source.template, values);
        break;
      case 'step':
        expr = `select(results, ${stringLiteral(source.path)})`;
        break;
    }
    return `${propertyKey(param.propName)}: ${expr}`;
  });
  return `{ ${entries.join(', ')} }`;
}

function renderWithValues(template: Template, values: string): string {
  if (template.parts.length === 0) return "''";
  return template.parts
    .map((p) =>
      p.kind === 'text'
        ? stringLiteral(p.text)
        : p.kind === 'env'
          ? `(process.env[${stringLiteral(p.variable)}] ?? '')`
          : `String(${values}[${stringLiteral(p.name)}] ?? '')`,
    )
    .join(' + ');
}

/** `clients.portkeyBatch` — the property of the Clients object holding this namespace's client. */
export function clientAccess(ns: ConsumesNamespace): string {
  return `clients${propertyAccess(clientProperty(ns))}`;
}

export function clientProperty(ns: ConsumesNamespace): string {
  return ns.className[0]!.toLowerCase() + ns.className.slice(1);
}

/**
 * The expression that calls a consumed operation for an exposed route, tool, resource or prompt:
 * `raw` (an UpstreamResponse to stream or bound) for passthrough outputs; otherwise the computed
 * JSON (the client's converted body, projected by the expose's outputParameters when it has them).
 */
export function upstreamValue(
  file: TsFile,
  model: CapabilityModel,
  call: CallBinding,
  output: OutputShape,
  values: string,
  options: string,
  label: string,
): { expression: string; raw: boolean } {
  const { ns, op } = operationOf(model, call)!;
  const input = callInputExpression(call, values);
  const callClient = importRuntime(file, 'callClient');
  if (!needsProjection(output) && !bodyNeedsWork(op)) {
    return { expression: `await ${callClient}(${clientAccess(ns)}${operationAccess(op, true)}, ${input}, ${options})`, raw: true };
  }
  const body = `await ${callClient}(${clientAccess(ns)}${operationAccess(op)}, ${input}, ${options})`;
  if (!needsProjection(output)) return { expression: body, raw: false };
  const projection = projectionExpression(file, output, file.claimLocal(`${constantName(label)}_OUTPUT`), `(${body})`);
  file.add(`${jsDoc([`Output fields of ${label}.`])}${projection.declaration}`);
  return { expression: projection.expression, raw: false };
}

/**
 * The properties of a route or tool table entry that call a consumed operation (the runtime's
 * UpstreamAnswer or JsonAnswer): the client method, `args` unless every parameter is the caller input
 * of the same name and every input is one, `respond`, and `result` for a projection.
 */
export function boundCallProperties(
  file: TsFile,
  model: CapabilityModel,
  call: CallBinding,
  output: OutputShape,
  inputs: readonly CallerInput[],
  label: string,
): string[] {
  const { ns, op } = operationOf(model, call)!;
  const raw = !needsProjection(output) && !bodyNeedsWork(op);
  const properties = [`call: ${clientAccess(ns)}${operationAccess(op, raw)}`];
  if (!passesInputsAsTheyAre(call, inputs)) properties.push(`args: (values) => (${callInputExpression(call, 'values')})`);
  properties.push(`respond: ${stringLiteral(raw ? 'upstream' : 'json')}`);
  if (needsProjection(output)) {
    const projection = projectionExpression(file, output, file.claimLocal(`${constantName(label)}_OUTPUT`), 'body');
    file.add(`${jsDoc([`Output fields of ${label}.`])}${projection.declaration}`);
    properties.push(`result: (body) => ${projection.expression}`);
  }
  return properties;
}

/** Every parameter is the caller input of the same name, and every caller input is a parameter. */
function passesInputsAsTheyAre(call: CallBinding, inputs: readonly CallerInput[]): boolean {
  const same = (a: CallBinding['args'][number]): boolean => a.source.kind === 'caller' && a.source.input === a.param.propName;
  return call.args.every(same) && inputs.every((i) => call.args.some((a) => a.source.kind === 'caller' && a.source.input === i.name));
}
