// The client input object an exposed operation or tool passes to the consumed operation.
import type { CallBinding, ConsumesNamespace, Template } from '../model/types.js';
import { propertyAccess, propertyKey, stringLiteral } from './escape.js';

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
