// `type: mcp` exposes → tools with input schemas and annotations.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { NameAllocator } from '../names/identifiers.js';
import { MCP_TOOL_NAME_MAX, sanitizeToolName } from '../names/mcp-tool-name.js';
import { readInboundAuth } from './auth.js';
import type { ModelContext } from './context.js';
import { readBehaviour, type AggregateIndex } from './orchestration.js';
import type { OperationIndex } from './operations-index.js';
import { arr, bool, num, rec, str } from './raw.js';
import type { McpAnnotations, McpExpose, McpTool } from './types.js';

export function readMcpExpose(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown, ops: OperationIndex, aggregates: AggregateIndex): McpExpose {
  const raw = rec(value);
  const namespace = str(raw.namespace) ?? 'mcp';
  const toolNames = new NameAllocator();
  const tools: McpTool[] = [];
  arr(raw.tools).forEach((toolValue, ti) => {
    const tool = rec(toolValue);
    const at: DocPath = [...path, 'tools', ti];
    const declaredName = str(tool.name) ?? `tool-${ti + 1}`;
    const name = claimToolName(toolNames, declaredName);
    if (name !== declaredName) {
      ctx.report(doc, [...at, 'name'], 'warning', 'NG3060', `The tool name '${declaredName.slice(0, 80)}' is not a valid MCP tool name (1–64 of A-Z a-z 0-9 _ . -); it is published as '${name}'.`, 'Rename the tool to at most 64 letters, digits, `_`, `.` or `-`.');
    }
    const behaviour = readBehaviour(ctx, doc, at, tool, ops, aggregates, ['tools', namespace], true);
    const { inputs, call, orchestration } = behaviour;
    const method = call ? methodOf(ops, call) : undefined;
    // MCP clients show the title to people; without a label, the tool name reads well enough.
    const title = str(tool.label) ?? str(tool.title) ?? humanize(declaredName);
    const description = str(tool.description);
    const output = behaviour.output;
    tools.push({
      name,
      declaredName,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      inputs,
      annotations: annotations(tool.hints, method, orchestration?.semantics),
      ...(call ? { call } : {}),
      ...(orchestration ? { orchestration } : {}),
      output,
      streaming: output.kind === 'passthrough',
      source: ctx.where(doc, at),
    });
  });
  const description = str(raw.description);
  const auth = readInboundAuth(ctx, doc, [...path, 'authentication'], raw.authentication);
  const transport = str(raw.transport)?.toLowerCase() === 'stdio' ? 'stdio' : 'http';
  return {
    namespace,
    transport,
    port: num(raw.port) ?? 9090,
    address: str(raw.address) ?? '127.0.0.1',
    ...(description ? { description } : {}),
    tools,
    resources: arr(raw.resources),
    prompts: arr(raw.prompts),
    ...(auth ? { auth } : {}),
  };
}

function claimToolName(names: NameAllocator, declared: string): string {
  const base = sanitizeToolName(declared);
  const claimed = names.claim(base);
  return claimed.length <= MCP_TOOL_NAME_MAX ? claimed : names.claim(sanitizeToolName(`${base.slice(0, 50)}_${claimed}`));
}

/** Hints → annotations; absent hints are derived from the HTTP method (flagged `derived`). */
function annotations(hintsValue: unknown, method: string | undefined, semantics?: { safe?: boolean; idempotent?: boolean }): McpAnnotations {
  const hints = rec(hintsValue);
  const m = method ?? (semantics?.safe ? 'GET' : 'POST');
  const safe = semantics?.safe ?? (m === 'GET' || m === 'HEAD' || m === 'OPTIONS');
  const derived = hintsValue === undefined || hintsValue === null;
  return {
    readOnlyHint: bool(hints.readOnly) ?? safe,
    destructiveHint: bool(hints.destructive) ?? m === 'DELETE',
    idempotentHint: bool(hints.idempotent) ?? semantics?.idempotent ?? (safe || m === 'PUT' || m === 'DELETE'),
    openWorldHint: bool(hints.openWorld) ?? true,
    derived,
  };
}

function methodOf(ops: OperationIndex, call: { consumes: string; operation: string; methodName: string }): string | undefined {
  return ops.operation(call.consumes, call.methodName)?.method;
}

/** `retrieves-batch` → `Retrieves batch`. */
function humanize(name: string): string {
  const text = name.replace(/[-_.]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length === 0 ? name : text[0]!.toUpperCase() + text.slice(1);
}
