/**
 * What every MCP verifier must see from the generated server (generated/portkey-batch/dist/mcp.js):
 * the five tools, their titles, input schemas and annotations. Shared by mcp-official and mcp-others.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

export const TOOLS = {
  create: 'creates-and-executes-batch-uploaded',
  list: 'list-your-organization-s-batches',
  retrieve: 'retrieves-batch',
  cancel: 'cancels-progress-batch-batch-will',
  output: 'returns-batch-output-stream',
} as const;

export const TOOL_NAMES = Object.values(TOOLS).sort();

export const TITLES: Record<string, string> = {
  [TOOLS.create]: 'Creates and executes a batch from an uploaded file of requests',
  [TOOLS.list]: "List your organization's batches",
  [TOOLS.retrieve]: 'Retrieves a batch',
  [TOOLS.cancel]: 'Cancels an in-progress batch',
  [TOOLS.output]: 'Returns batch output as stream',
};

/** Tools whose result is typed by the bound OpenAPI document: outputSchema and structuredContent. */
export const TYPED_TOOLS = [TOOLS.create, TOOLS.list, TOOLS.retrieve, TOOLS.cancel] as const;

const ajv = new Ajv2020({ strict: false, allErrors: true });

/**
 * Why `structured` does not validate against the outputSchema tools/list gave for `tool` (empty when
 * it does), with the JSON Schema 2020-12 validator the MCP spec names.
 */
export function outputProblems(tools: readonly ToolLike[], tool: string, structured: unknown): string[] {
  const schema = tools.find((t) => t.name === tool)?.outputSchema;
  if (!schema) return [`${tool}: no outputSchema`];
  const validate = ajv.compile(schema);
  if (validate(structured)) return [];
  return (validate.errors ?? []).map((e) => `${tool}: ${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Read-only tools (GET operations); the others are writes. */
export const READ_ONLY = new Set<string>([TOOLS.list, TOOLS.retrieve, TOOLS.output]);

export const CREATE_BODY = {
  input_file_id: 'file-abc123',
  endpoint: '/v1/chat/completions',
  completion_window: '24h',
};

interface ToolLike {
  name: string;
  title?: string;
  inputSchema: { type?: string; properties?: Record<string, any>; required?: string[] };
  annotations?: Record<string, unknown>;
  outputSchema?: Record<string, any>;
}

/** Problems with a tools/list answer (empty when it is as generated from the capability). */
export function toolListProblems(tools: readonly ToolLike[]): string[] {
  const problems: string[] = [];
  const names = tools.map((t) => t.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(TOOL_NAMES)) problems.push(`names: ${names.join(', ')}`);
  const by = new Map(tools.map((t) => [t.name, t]));
  const schema = (n: string) => by.get(n)?.inputSchema ?? {};
  const req = (n: string) => [...(schema(n).required ?? [])].sort();

  for (const t of tools) {
    if (t.title !== TITLES[t.name]) problems.push(`${t.name}: title ${JSON.stringify(t.title)}`);
    if (t.inputSchema?.type !== 'object') problems.push(`${t.name}: inputSchema.type`);
    const a = t.annotations ?? {};
    const ro = READ_ONLY.has(t.name);
    if (a.readOnlyHint !== ro) problems.push(`${t.name}: readOnlyHint ${String(a.readOnlyHint)}`);
    if (ro && a.idempotentHint !== true) problems.push(`${t.name}: idempotentHint ${String(a.idempotentHint)}`);
    if (a.destructiveHint === true) problems.push(`${t.name}: destructiveHint true`);
  }
  if (schema(TOOLS.create).properties?.body?.type !== 'object') problems.push('create: body not an object');
  if (JSON.stringify(req(TOOLS.create)) !== '["body"]') problems.push(`create: required ${req(TOOLS.create)}`);
  for (const n of [TOOLS.retrieve, TOOLS.cancel, TOOLS.output]) {
    if (schema(n).properties?.batch_id?.type !== 'string') problems.push(`${n}: batch_id not a string`);
    if (JSON.stringify(req(n)) !== '["batch_id"]') problems.push(`${n}: required ${req(n)}`);
  }
  const list = schema(TOOLS.list);
  if (list.properties?.after?.type !== 'string') problems.push('list: after not a string');
  const limit = list.properties?.limit ?? {};
  if (limit.type !== 'integer' || limit.minimum !== 1 || limit.maximum !== 100)
    problems.push(`list: limit ${JSON.stringify(limit)}`);
  if (req(TOOLS.list).length !== 0) problems.push(`list: required ${req(TOOLS.list)}`);
  // Typed tools declare what they return (object at the root, the Batch status as an enum); the
  // JSONL output is text, without one.
  for (const n of TYPED_TOOLS) if (by.get(n)?.outputSchema?.type !== 'object') problems.push(`${n}: outputSchema ${JSON.stringify(by.get(n)?.outputSchema)?.slice(0, 80)}`);
  const status = by.get(TOOLS.retrieve)?.outputSchema?.properties?.status;
  const statusDef = status?.$ref ? by.get(TOOLS.retrieve)?.outputSchema?.$defs?.[String(status.$ref).split('/').pop()!] : status;
  if (!Array.isArray(statusDef?.enum) || !statusDef.enum.includes('cancelling')) problems.push(`retrieve: status ${JSON.stringify(statusDef)}`);
  if (by.get(TOOLS.output)?.outputSchema !== undefined) problems.push('output: outputSchema on a JSON-lines tool');
  return problems;
}

/** Text of the first text content item of a tool result. */
export function textOf(result: { content?: unknown }): string {
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  const item = content.find((c) => c.type === 'text');
  return item?.text ?? '';
}
