// Binary content (Ikanos beta1+, docs/binary.md): size caps and the binary responses a
// REST operation declares. The engine's rules: the cap is the consumed operation's `maxBinarySize`,
// else the adapter's, else 10 MiB; a REST operation's binary media type comes from `responses` (the
// long form) or `responseBinary` (its shorthand), never both (the schema refuses both).
import { rec, str } from './raw.js';
import type { BinaryResponse, CallBinding, McpExpose, Operation, RestExpose } from './types.js';

/** The cap when neither the operation nor the adapter declares `maxBinarySize`. */
export const DEFAULT_MAX_BINARY_BYTES = 10 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `512KiB` → 524288; undefined for anything the BinarySize pattern refuses. Fractions round down. */
export function parseBinarySize(value: unknown): number | undefined {
  const text = str(value);
  const m = text ? /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB)$/.exec(text) : null;
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!]!);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/**
 * The binary response a REST operation declares: `responseBinary: {mediaType, status?, description?}`,
 * or the first `responses.<status>.content.<media type>` with `binary: true` (statuses in order).
 */
export function readBinaryResponse(op: Record<string, unknown>): BinaryResponse | undefined {
  const short = rec(op.responseBinary);
  const shortType = str(short.mediaType);
  if (shortType) {
    const description = str(short.description);
    return { status: statusOf(short.status) ?? 200, mediaType: shortType, ...(description ? { description } : {}) };
  }
  const responses = rec(op.responses);
  for (const code of Object.keys(responses).sort()) {
    const response = rec(responses[code]);
    const content = rec(response.content);
    const mediaType = Object.keys(content).find((type) => rec(content[type]).binary === true);
    if (!mediaType) continue;
    const description = str(response.description);
    return { status: statusOf(code) ?? 200, mediaType, ...(description ? { description } : {}) };
  }
  return undefined;
}

function statusOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(str(value));
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/**
 * What each route, tool and resource that calls a binary operation passes to the runtime (its
 * `binaryAnswer`), resolved once here so that emitters only read it:
 * - a REST route: the operation's maxBinarySize, else the adapter's, else 10 MiB; the operation's
 *   outputMediaType, else the route's declared binary response (else the upstream's, at run time);
 * - an MCP tool or resource: the operation's maxBinarySize, else the adapter's; with neither, no cap
 *   here and the server's result budget (NAFTIKO_MCP_MAX_RESULT_BYTES) bounds it.
 */
export function resolveBinaryAnswers(rest: readonly RestExpose[], mcp: readonly McpExpose[], operationOf: (call: CallBinding) => Operation | undefined): void {
  const binaryOf = (call: CallBinding | undefined): Operation['binary'] => (call ? operationOf(call)?.binary : undefined);
  for (const adapter of rest) {
    for (const route of adapter.routes) {
      const binary = binaryOf(route.call);
      if (!binary) continue;
      const mediaType = binary.mediaType ?? route.binaryResponse?.mediaType;
      route.binaryAnswer = { maxBytes: binary.maxBytes ?? adapter.maxBinaryBytes ?? DEFAULT_MAX_BINARY_BYTES, ...(mediaType ? { mediaType } : {}) };
    }
  }
  for (const server of mcp) {
    for (const entry of [...server.tools, ...server.resources]) {
      const binary = binaryOf(entry.call);
      if (!binary) continue;
      const maxBytes = binary.maxBytes ?? server.maxBinaryBytes;
      entry.binaryAnswer = { ...(binary.mediaType ? { mediaType: binary.mediaType } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
    }
  }
}
