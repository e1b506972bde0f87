// What a generated route, tool or resource passes to the runtime for a binary operation
// (outputRawFormat: binary, docs/binary.md): the size cap and the media type.
import { DEFAULT_MAX_BINARY_BYTES } from '../model/binary.js';
import type { CallBinding, CapabilityModel, McpExpose, Operation, RestRoute } from '../model/types.js';

/** The consumed operation a call binds, when it answers bytes. */
function binaryOperation(model: CapabilityModel, call: CallBinding | undefined): Operation | undefined {
  if (!call) return undefined;
  const op = model.consumes.find((c) => c.namespace === call.consumes)?.operations.find((o) => o.methodName === call.methodName);
  return op?.binary ? op : undefined;
}

/**
 * A REST route's binary answer: the operation's maxBinarySize, else the adapter's, else 10 MiB; the
 * operation's outputMediaType, else the route's declared binary response (else the upstream's).
 */
export function restBinaryAnswer(model: CapabilityModel, route: RestRoute): { maxBytes: number; mediaType?: string } | undefined {
  const op = binaryOperation(model, route.call);
  if (!op) return undefined;
  const adapter = model.rest.find((r) => r.routes.includes(route));
  const mediaType = op.binary!.mediaType ?? route.binaryResponse?.mediaType;
  return { maxBytes: op.binary!.maxBytes ?? adapter?.maxBinaryBytes ?? DEFAULT_MAX_BINARY_BYTES, ...(mediaType ? { mediaType } : {}) };
}

/**
 * An MCP tool's or resource's binary answer: the operation's maxBinarySize, else the adapter's; with
 * neither, no cap here and the server's result budget (NAFTIKO_MCP_MAX_RESULT_BYTES) bounds it.
 */
export function mcpBinaryAnswer(model: CapabilityModel, call: CallBinding | undefined, expose: McpExpose | undefined): { maxBytes?: number; mediaType?: string } | undefined {
  const op = binaryOperation(model, call);
  if (!op) return undefined;
  const maxBytes = op.binary!.maxBytes ?? expose?.maxBinaryBytes;
  return { ...(op.binary!.mediaType ? { mediaType: op.binary!.mediaType } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
}
