// The tool table of a generated MCP server: each tool names its schemas, hints and the client method
// (or orchestration) it calls; registerTools registers every one the same way (the caller's signal,
// request id and trace context upstream; an upstream response as a bounded result, with
// structuredContent when the tool declares an outputSchema; a computed value as JSON; a thrown failure
// as an isError result, logged with the request id).
import type {
  CallToolResult,
  McpServer,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import {
  answerOf,
  type Answer,
  type InputValues,
  type JsonAnswer,
  type UpstreamAnswer,
} from './bound-call.js';
import { failureResult, toToolResult, valueResult, type FailureLog } from './mcp.js';
import { binaryToolResult } from './mcp-binary.js';
import { callOptions } from './mcp-http.js';
import type { CallOptions } from './request-plan.js';

/** What every tool entry declares (the SDK's tool config, plus the name). */
export interface ToolBase {
  name: string;
  title?: string;
  description?: string;
  /** Compiled once per process (fromJsonSchema): the SDK validates arguments against it. */
  inputSchema: StandardSchemaWithJSON<InputValues, InputValues>;
  /** The JSON result's schema (from a bound OpenAPI document): results carry structuredContent. */
  outputSchema?: StandardSchemaWithJSON<InputValues, InputValues>;
  annotations: ToolAnnotations;
}

/** One registered tool, its types erased: what registerTools registers. */
export interface ToolSpec extends ToolBase {
  /** Runs the tool; absent for a tool that declares nothing to run (an isError result). */
  run?: (values: InputValues, options: CallOptions) => Promise<Answer>;
  /** The property of structuredContent holding an array or scalar upstream body. */
  wrap?: string;
  /** The isError text of a tool without `run`. */
  unimplemented?: string;
  /** The upstream answers bytes (outputRawFormat: binary): a base64 image, audio or blob result. */
  binary?: { mediaType?: string; maxBytes?: number };
}

/**
 * A tool table entry. The client method's parameter type is inferred from `call`, so the entry needs
 * no cast: `tool({ name, inputSchema, annotations, call: client.raw.batches.retrieve, respond: 'upstream' })`.
 */
export function tool<I>(
  entry: ToolBase & UpstreamAnswer<I> & { wrap?: string; binary?: { mediaType?: string; maxBytes?: number } },
): ToolSpec;
export function tool<I = InputValues, R = unknown>(entry: ToolBase & JsonAnswer<I, R>): ToolSpec;
export function tool<I, R>(
  entry: ToolBase &
    (UpstreamAnswer<I> | JsonAnswer<I, R>) & {
      wrap?: string;
      binary?: { mediaType?: string; maxBytes?: number };
    },
): ToolSpec {
  return {
    name: entry.name,
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    inputSchema: entry.inputSchema,
    ...(entry.outputSchema ? { outputSchema: entry.outputSchema } : {}),
    annotations: entry.annotations,
    ...(entry.respond === 'upstream' && entry.wrap !== undefined ? { wrap: entry.wrap } : {}),
    ...(entry.respond === 'upstream' && entry.binary !== undefined ? { binary: entry.binary } : {}),
    run: answerOf(entry),
  };
}

/** A tool whose operation declares neither a call nor steps: every call is an isError result. */
export function unimplementedTool(base: ToolBase, message: string): ToolSpec {
  return { ...base, unimplemented: message };
}

/** What the tool handlers share (the generated buildMcpServer's options). */
export interface ToolDeps {
  /** Upper bound on the text of one tool result; larger upstream bodies are truncated with a notice. */
  maxResultBytes: number;
  /** Where upstream outages and unexpected errors behind isError results are reported. */
  log?: FailureLog;
}

/** The SDK's tool config of an entry. */
function configOf(spec: ToolSpec): {
  title?: string;
  description?: string;
  inputSchema: StandardSchemaWithJSON<InputValues, InputValues>;
  outputSchema?: StandardSchemaWithJSON<InputValues, InputValues>;
  annotations: ToolAnnotations;
} {
  return {
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    inputSchema: spec.inputSchema,
    ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}),
    annotations: spec.annotations,
  };
}

/**
 * The argument names a tool declares (its input schema's properties). Only those reach the call: an
 * undeclared argument the SDK's validation lets through cannot set a parameter the tool hides.
 */
function declaredNames(schema: ToolBase['inputSchema']): ReadonlySet<string> {
  const json = schema['~standard'].jsonSchema.input({
    target: 'draft-2020-12',
  });
  const properties = json['properties'];
  return new Set(properties && typeof properties === 'object' ? Object.keys(properties) : []);
}

function pick(args: InputValues, names: ReadonlySet<string>): InputValues {
  return Object.fromEntries(Object.entries(args).filter(([name]) => names.has(name)));
}

/** Registers each tool of the table on the server, in order. */
export function registerTools(server: McpServer, tools: readonly ToolSpec[], deps: ToolDeps): void {
  for (const spec of tools) {
    const run = spec.run;
    if (!run) {
      const message =
        spec.unimplemented ?? `The tool ${spec.name} declares no call or steps: there is nothing to run.`;
      server.registerTool(spec.name, configOf(spec), async (): Promise<CallToolResult> => ({
        isError: true,
        content: [{ type: 'text', text: message }],
      }));
      continue;
    }
    const names = declaredNames(spec.inputSchema);
    const structured = spec.outputSchema
      ? { structured: spec.wrap !== undefined ? { wrap: spec.wrap } : {} }
      : {};
    server.registerTool(
      spec.name,
      configOf(spec),
      async (args: InputValues, ctx): Promise<CallToolResult> => {
        const call = callOptions(ctx);
        try {
          const answer = await run(pick(args, names), call);
          if ('upstream' in answer && spec.binary)
            return await binaryToolResult(answer.upstream, {
              // The operation's (or adapter's) maxBinarySize, else the server's result budget.
              maxBytes: spec.binary.maxBytes ?? deps.maxResultBytes,
              ...(spec.binary.mediaType !== undefined ? { mediaType: spec.binary.mediaType } : {}),
              uri: `naftiko://transient/${encodeURIComponent(spec.name)}`,
            });
          if ('upstream' in answer)
            return await toToolResult(answer.upstream, {
              maxBytes: deps.maxResultBytes,
              ...structured,
            });
          return valueResult(answer.json);
        } catch (err) {
          return failureResult(err, deps.log, call.requestId);
        }
      },
    );
  }
}
