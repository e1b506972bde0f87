// The consumed namespace and operation a CallBinding names, for emitters (the model stage resolves
// calls through OperationIndex; a binding keeps the namespace and the unique client method name).
import type { CallBinding, CapabilityModel, ConsumesNamespace, Operation } from './types.js';

export function operationOf(model: CapabilityModel, call: CallBinding): { ns: ConsumesNamespace; op: Operation } | undefined {
  const ns = model.consumes.find((c) => c.namespace === call.consumes);
  const op = ns?.operations.find((o) => o.methodName === call.methodName);
  return ns && op ? { ns, op } : undefined;
}
