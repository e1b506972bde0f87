// `type: mcp` exposes → tools with input schemas and annotations.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { NameAllocator } from '../names/identifiers.js';
import { MCP_TOOL_NAME_MAX, sanitizeToolName } from '../names/mcp-tool-name.js';
import { titleFromDescription, titleFromName } from '../names/title.js';
import { readInboundAuth } from './auth.js';
import { parseBinarySize } from './binary.js';
import type { ModelContext } from './context.js';
import { readBehaviour, type AggregateIndex } from './orchestration.js';
import type { OperationIndex } from './operations-index.js';
import { arr, bool, num, rec, str } from './raw.js';
import type { McpAnnotations, McpExpose, McpPrompt, McpResource, McpTool } from './types.js';

export function readMcpExpose(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown, ops: OperationIndex, aggregates: AggregateIndex): McpExpose {
  const raw = rec(value);
  const namespace = str(raw.namespace) ?? 'mcp';
  // The SDK keeps tools in plain objects: a tool named `constructor` would collide with the prototype.
  const toolNames = new NameAllocator(OBJECT_PROTOTYPE_NAMES);
  const tools: McpTool[] = [];
  arr(raw.tools).forEach((toolValue, ti) => {
    const tool = rec(toolValue);
    const at: DocPath = [...path, 'tools', ti];
    const declaredName = str(tool.name) ?? `tool-${ti + 1}`;
    const name = claimToolName(toolNames, declaredName);
    if (name !== declaredName) {
      const valid = sanitizeToolName(declaredName) === declaredName;
      if (valid) {
        ctx.report(doc, [...at, 'name'], 'warning', 'NG3061', `The tool name '${declaredName.slice(0, 80)}' is already taken (by another tool, or by a JavaScript object property); it is published as '${name}'.`, 'Give every tool a distinct name that is not a JavaScript built-in such as `constructor`.');
      } else {
        ctx.report(doc, [...at, 'name'], 'warning', 'NG3060', `The tool name '${declaredName.slice(0, 80)}' is not a valid MCP tool name (1–64 of A-Z a-z 0-9 _ . -); it is published as '${name}'.`, 'Rename the tool to at most 64 letters, digits, `_`, `.` or `-`.');
      }
    }
    const behaviour = readBehaviour(ctx, doc, at, tool, ops, aggregates, ['tools', namespace], true);
    const { inputs, call, orchestration } = behaviour;
    const method = call ? methodOf(ops, call) : undefined;
    // MCP clients show the title to people. Without a label: the description's first sentence when it
    // is short (tool names are often slugs of it with words dropped: "cancels-progress-batch-batch-will"),
    // else the called operation's name in words, else the tool name in words.
    const description = str(tool.description);
    const op = call ? ops.operation(call.consumes, call.methodName) : undefined;
    const title = str(tool.label) ?? str(tool.title) ?? titleFromDescription(description) ?? (op && op.words.length > 1 ? titleFromName(op.words.join(' ')) : titleFromName(declaredName));
    const output = behaviour.output;
    tools.push({
      name,
      declaredName,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      inputs,
      annotations: annotations(tool.hints, method, behaviour.semantics ?? orchestration?.semantics),
      ...(call ? { call } : {}),
      ...(orchestration ? { orchestration } : {}),
      output,
      source: ctx.where(doc, at),
    });
  });
  const description = str(raw.description);
  const auth = readInboundAuth(ctx, doc, [...path, 'authentication'], raw.authentication);
  const transport = str(raw.transport)?.toLowerCase() === 'stdio' ? 'stdio' : 'http';
  const maxBinaryBytes = parseBinarySize(raw.maxBinarySize);
  return {
    namespace,
    transport,
    port: num(raw.port) ?? 9090,
    address: str(raw.address) ?? '127.0.0.1',
    ...(description ? { description } : {}),
    tools,
    resources: readResources(ctx, doc, path, raw.resources, ops, aggregates, namespace),
    prompts: readPrompts(ctx, doc, path, raw.prompts, ops, aggregates, namespace),
    ...(maxBinaryBytes !== undefined ? { maxBinaryBytes } : {}),
    ...(auth ? { auth } : {}),
  };
}

/** `constructor`, `toString`, `hasOwnProperty`…: names a plain object already answers to. */
const OBJECT_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

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
    ...(derived ? { derivedFrom: semantics && (semantics.safe !== undefined || semantics.idempotent !== undefined) ? ('semantics' as const) : ('method' as const) } : {}),
  };
}

function methodOf(ops: OperationIndex, call: { consumes: string; operation: string; methodName: string }): string | undefined {
  return ops.operation(call.consumes, call.methodName)?.method;
}

/** `retrieves-batch` → `Retrieves batch`. */
function readResources(ctx: ModelContext, doc: LoadedDocument, path: DocPath, list: unknown, ops: OperationIndex, aggregates: AggregateIndex, namespace: string): McpResource[] {
  const names = new NameAllocator(OBJECT_PROTOTYPE_NAMES);
  return arr(list).map((value, ri) => {
    const raw = rec(value);
    const at: DocPath = [...path, 'resources', ri];
    const name = names.claim(sanitizeToolName(str(raw.name) ?? `resource-${ri + 1}`));
    const uri = str(raw.uri) ?? `resource://${name}`;
    const template = /\{[^{}]+\}/.test(uri);
    const location = str(raw.location);
    const variables = [...uri.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    const extra = variables.map((v) => ({ name: v, schema: { type: 'string' as const }, required: true }));
    const behaviour = location ? { inputs: [], output: { kind: 'passthrough' as const } } : readBehaviour(ctx, doc, at, raw, ops, aggregates, ['tools', 'resources', namespace], true, extra);
    const title = str(raw.label) ?? str(raw.title);
    const description = str(raw.description);
    const mimeType = str(raw.mimeType);
    return {
      name,
      uri,
      template,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(mimeType ? { mimeType } : {}),
      inputs: behaviour.inputs,
      ...('call' in behaviour && behaviour.call ? { call: behaviour.call } : {}),
      ...('orchestration' in behaviour && behaviour.orchestration ? { orchestration: behaviour.orchestration } : {}),
      output: behaviour.output,
      ...(location ? { location } : {}),
      source: ctx.where(doc, at),
    };
  });
}

function readPrompts(ctx: ModelContext, doc: LoadedDocument, path: DocPath, list: unknown, ops: OperationIndex, aggregates: AggregateIndex, namespace: string): McpPrompt[] {
  const names = new NameAllocator(OBJECT_PROTOTYPE_NAMES);
  return arr(list).map((value, pi) => {
    const raw = rec(value);
    const at: DocPath = [...path, 'prompts', pi];
    const name = names.claim(sanitizeToolName(str(raw.name) ?? `prompt-${pi + 1}`));
    const args = arr(raw.arguments).flatMap((a) => {
      const arg = rec(a);
      const argName = str(arg.name);
      const description = str(arg.description);
      // The schema says arguments are required unless `required: false`.
      return argName ? [{ name: argName, ...(description ? { description } : {}), required: bool(arg.required) ?? true }] : [];
    });
    const declared = args.map((a) => ({ name: a.name, schema: { type: 'string' as const }, required: a.required }));
    // `template` (the schema) or `messages` (the specification text): a list of {role, content}.
    const messageList = raw.template !== undefined ? arr(raw.template) : arr(raw.messages);
    const location = str(raw.location);
    const messages = messageList.map((m, mi) => {
      const message = rec(m);
      const role: 'user' | 'assistant' = str(message.role) === 'assistant' ? 'assistant' : 'user';
      const content = str(message.content);
      if (content !== undefined || (message.call === undefined && message.steps === undefined)) return { role, content: content ?? '', output: { kind: 'passthrough' as const } };
      const behaviour = readBehaviour(ctx, doc, [...at, 'messages', mi], message, ops, aggregates, ['prompts', 'tools', namespace], false, declared);
      return {
        role,
        ...(behaviour.call ? { call: behaviour.call } : {}),
        ...(behaviour.orchestration ? { orchestration: behaviour.orchestration } : {}),
        output: behaviour.output,
      };
    });
    const title = str(raw.label) ?? str(raw.title);
    const description = str(raw.description);
    return { name, ...(title ? { title } : {}), ...(description ? { description } : {}), arguments: args, messages, ...(location ? { location } : {}), source: ctx.where(doc, at) };
  });
}
