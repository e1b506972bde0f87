// The answer of a route or tool in mock mode (outputs with fixed `value`s and no call, steps or ref
// behind them): the declared fields rendered over the caller's validated inputs,
// with no upstream call.
import type { InputValues } from './bound-call.js';
import { project, type FieldSpec } from './project.js';

/**
 * A bound call that calls nothing: each field's `value` (a constant or a `{{input}}` template) is
 * rendered over the inputs and coerced to its declared type, as a projection would.
 */
export function fixedResult(
  fields: readonly FieldSpec[],
): (values: InputValues) => Promise<Record<string, unknown>> {
  return (values) => Promise.resolve(project({}, fields, values));
}
