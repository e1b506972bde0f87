// The client input object an exposed operation or tool passes to the consumed operation.
import type { CallBinding, CapabilityModel, ConsumesNamespace, OutputShape, Template } from '../model/types.js';
import { bodyNeedsWork, operationAccess } from './emit-client.js';
import { constantName } from './naming.js';
import type { TsFile } from './printer.js';
import { needsProjection, projectionExpression } from './projection.js';
import { jsDoc, propertyAccess, propertyKey, stringLiteral } from './escape.js';

/**
 * An object literal expression mapping each upstream parameter to its source.
 * `values` is the record of validated caller inputs, by input name.
 */
export function callInputExpression(call: CallBinding, ns: ConsumesNamespace, values: string): string {
  const op = ns.operations.find((o) => o.methodName === call.methodName)!;
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
  return `{ ${entries.join(', ')} } as ${op.inputTypeName}`;
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
  const ns = model.consumes.find((c) => c.namespace === call.consumes)!;
  const op = ns.operations.find((o) => o.methodName === call.methodName)!;
  file.importType(op.inputTypeName, clientModule(ns));
  const input = callInputExpression(call, ns, values);
  if (!needsProjection(output) && !bodyNeedsWork(op)) {
    return { expression: `await ${clientAccess(ns)}${operationAccess(op, true)}(${input}, ${options})`, raw: true };
  }
  const body = `await ${clientAccess(ns)}${operationAccess(op)}(${input}, ${options})`;
  if (!needsProjection(output)) return { expression: body, raw: false };
  const projection = projectionExpression(file, output, file.claimLocal(`${constantName(label)}_OUTPUT`), `(${body})`);
  file.add(`${jsDoc([`Output fields of ${label}.`])}${projection.declaration}`);
  return { expression: projection.expression, raw: false };
}

/** The import path of a namespace's client module from a file in src/. */
export function clientModule(ns: ConsumesNamespace): string {
  return `./clients/${ns.fileStem}.js`;
}
