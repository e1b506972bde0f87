// Output projections: model OutputFields → the runtime's FieldSpec literals, and the expression that
// applies them.
import type { OutputField, OutputShape } from '../model/types.js';
import { jsDoc, jsonLiteral, propertyAccess, stringLiteral } from './escape.js';
import { constantName } from './naming.js';
import type { TsFile } from './printer.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';

export interface FieldSpecLiteral {
  name: string;
  type: string;
  path?: string;
  value?: string;
  fields?: FieldSpecLiteral[];
  items?: FieldSpecLiteral;
}

function toSpec(field: OutputField): FieldSpecLiteral {
  return {
    name: field.name,
    type: field.type,
    ...(field.source.kind === 'jsonpath' ? { path: field.source.path } : field.source.kind === 'value' ? { value: field.source.template.raw } : {}),
    ...(field.fields ? { fields: field.fields.map(toSpec) } : {}),
    ...(field.items ? { items: toSpec(field.items) } : {}),
  };
}

/** Whether a value of this shape needs projecting (passthrough needs nothing). */
export function needsProjection(output: OutputShape): output is Extract<OutputShape, { kind: 'projection' }> {
  return output.kind === 'projection';
}

/** A module-level constant holding the field specs, and the expression applying them to `body`. */
export function projectionExpression(file: TsFile, output: Extract<OutputShape, { kind: 'projection' }>, constant: string, body: string): { declaration: string; expression: string } {
  importRuntime(file, 'project');
  importRuntimeType(file, 'FieldSpec');
  const specs = output.fields.map(toSpec);
  const declaration = `const ${constant}: readonly FieldSpec[] = ${jsonLiteral(specs)};`;
  const first = output.fields[0];
  const expression = output.single && first ? `project(${body}, ${constant})[${stringLiteral(first.name)}]` : `project(${body}, ${constant})`;
  return { declaration, expression };
}

/**
 * The properties of a route or tool table entry in mock mode: the fixed output fields rendered over
 * the caller's inputs by the runtime's fixedResult (no upstream call); a single unnamed output is the
 * answer itself.
 */
export function fixedAnswerProperties(file: TsFile, output: Extract<OutputShape, { kind: 'projection' }>, label: string): string[] {
  importRuntime(file, 'fixedResult');
  importRuntimeType(file, 'FieldSpec');
  const constant = file.claimLocal(`${constantName(label)}_OUTPUT`);
  file.add(`${jsDoc([`Fixed output of ${label} (mock mode: no upstream call).`])}const ${constant}: readonly FieldSpec[] = ${jsonLiteral(output.fields.map(toSpec))};`);
  const first = output.fields[0];
  return [`call: fixedResult(${constant})`, "respond: 'json'", ...(output.single && first ? [`result: (fields) => fields${propertyAccess(first.name)}`] : [])];
}
