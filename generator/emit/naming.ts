// Names that only emitters derive (from names already chosen in the model).
import { upperSnakeCase } from '../names/case.js';

export function constantName(identifier: string): string {
  return upperSnakeCase(identifier) || 'VALUE';
}
