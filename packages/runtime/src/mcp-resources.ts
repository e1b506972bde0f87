// The resource and prompt tables of a generated MCP server, registered like the tool table
// (mcp-tools.ts): each entry says what it is and how to read or fill it; registerResources and
// registerPrompts do the SDK registration the same way for every entry (a URI template when the URI
// has variables, the caller's signal, request id and trace context for the upstream call).
import {
  ResourceTemplate,
  type GetPromptResult,
  type McpServer,
  type ReadResourceResult,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import { callOptions, type McpCallContext } from './mcp-http.js';
import type { CallOptions } from './request-plan.js';
import { registerStaticResources, type StaticResourceSpec } from './resources.js';

/** A resource read through the capability: a fixed URI, or a template whose variables are its inputs. */
export interface DynamicResourceSpec {
  name: string;
  uri: string;
  /** The URI has `{variable}` placeholders (a resource template). */
  template?: boolean;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Reads it: the template's variables (none for a fixed URI) and the caller's call options. */
  read: (uri: URL, values: Record<string, unknown>, options: CallOptions) => Promise<ReadResourceResult>;
}

/** One entry of the resource table: read through the capability, or files under a directory. */
export type ResourceSpec =
  ({ kind: 'read' } & DynamicResourceSpec) | ({ kind: 'files' } & StaticResourceSpec);

/** A resource the capability reads (upstream call or steps). */
export function resource(spec: DynamicResourceSpec): ResourceSpec {
  return { kind: 'read', ...spec };
}

/** The files under a `file:///` location, one resource each. */
export function fileResources(spec: StaticResourceSpec): ResourceSpec {
  return { kind: 'files', ...spec };
}

/** One prompt message, as the SDK takes it. */
export type PromptMessage = GetPromptResult['messages'][number];

/** One entry of the prompt table. */
export interface PromptSpec {
  name: string;
  title?: string;
  description?: string;
  /** Compiled once per process (fromJsonSchema); absent for a prompt without arguments. */
  argsSchema?: StandardSchemaWithJSON<Record<string, string>, Record<string, string>>;
  /** The messages, filled from the arguments (`{}` without any) and, for upstream calls, the call options. */
  messages: (
    args: Record<string, string>,
    options: CallOptions,
  ) => Promise<PromptMessage[]> | PromptMessage[];
}

/** A prompt table entry (an identity: it types the entry where it is written). */
export function prompt(spec: PromptSpec): PromptSpec {
  return spec;
}

/** Registers each resource of the table on the server, in order. */
export function registerResources(server: McpServer, resources: readonly ResourceSpec[]): void {
  for (const spec of resources) {
    if (spec.kind === 'files') {
      const { kind: _kind, ...files } = spec;
      registerStaticResources(server, files);
      continue;
    }
    const metadata = {
      ...(spec.title !== undefined ? { title: spec.title } : {}),
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.mimeType !== undefined ? { mimeType: spec.mimeType } : {}),
    };
    if (spec.template) {
      server.registerResource(
        spec.name,
        new ResourceTemplate(spec.uri, { list: undefined }),
        metadata,
        async (uri, variables, ctx) => spec.read(uri, variables, callOptions(ctx as McpCallContext)),
      );
    } else {
      server.registerResource(spec.name, spec.uri, metadata, async (uri, ctx) =>
        spec.read(uri, {}, callOptions(ctx as McpCallContext)),
      );
    }
  }
}

/** Registers each prompt of the table on the server, in order. */
export function registerPrompts(server: McpServer, prompts: readonly PromptSpec[]): void {
  for (const spec of prompts) {
    const config = {
      ...(spec.title !== undefined ? { title: spec.title } : {}),
      ...(spec.description !== undefined ? { description: spec.description } : {}),
    };
    if (spec.argsSchema) {
      server.registerPrompt(spec.name, { ...config, argsSchema: spec.argsSchema }, async (args, ctx) => ({
        messages: await spec.messages(args, callOptions(ctx as McpCallContext)),
      }));
    } else {
      server.registerPrompt(spec.name, config, async (ctx) => ({
        messages: await spec.messages({}, callOptions(ctx as McpCallContext)),
      }));
    }
  }
}
