// src/mcp-server.ts (tools registered on an McpServer) and src/mcp.ts (entry: dist/mcp.js, HTTP or --stdio).
import type { CallerInput, CapabilityModel, McpExpose, McpPrompt, McpResource, McpTool } from '../model/types.js';
import { boundCallProperties, upstreamValue } from './call-args.js';
import { jsDoc, jsonLiteral, lineComment, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';
import { inboundAuthMiddleware } from './inbound-auth.js';
import { serverPrologue } from './server-entry.js';
import { callerCredentialSecrets } from './emit-config.js';
import { constantName } from './naming.js';
import { traced } from './source-trace.js';
import { fixedAnswerProperties } from './projection.js';
import { defsOf, documentedArgumentSchema, toDefs } from './documented-schema.js';
import { isFixedOutput } from '../model/outputs.js';
import { componentName, resolveSchema } from '../model/schema-ref.js';
import { operationOf } from '../model/call-target.js';

const SDK = '@modelcontextprotocol/server';

/** JSON Schema of a tool's arguments, from the capability. */
export function toolInputSchema(inputs: readonly CallerInput[]): Record<string, unknown> {
  const properties: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const input of inputs) {
    const { description, ...rest } = input.schema;
    properties[input.name] = { ...rest, ...((input.description ?? description) ? { description: input.description ?? description } : {}) };
  }
  const required = inputs.filter((i) => i.required).map((i) => i.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const GENERIC_DESCRIPTION = /^request body( \(json\))?\.?$/i;

/**
 * The input schema of an MCP tool: as toolInputSchema, except that an argument passed unchanged to a
 * parameter (or the JSON body) of an operation typed by a bound OpenAPI document takes the document's
 * schema (enums, bounds, nested objects, required members), its `$ref`s made self-contained as
 * `$defs`, so the server refuses arguments the upstream would refuse before calling it.
 */
export function mcpToolInputSchema(model: CapabilityModel, tool: McpTool): Record<string, unknown> {
  const schema = toolInputSchema(tool.inputs);
  if (!tool.call) return schema;
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const defs: Record<string, unknown> = {};
  for (const { param, source } of tool.call.args) {
    if (source.kind !== 'caller' || !properties[source.input]) continue;
    const documented = documentedArgumentSchema(model, tool.call, param);
    if (!documented) continue;
    Object.assign(defs, documented.defs);
    // The author's description stays, unless it only says what the argument is (the generic body one).
    const own = properties[source.input]!.description;
    const { description: documentedDescription, ...rest } = documented.schema;
    const description = typeof own === 'string' && !GENERIC_DESCRIPTION.test(own) ? own : (documentedDescription ?? own);
    properties[source.input] = { ...rest, ...(description ? { description } : {}) };
  }
  const names = Object.keys(defs).sort();
  return names.length > 0 ? { ...schema, $defs: Object.fromEntries(names.map((n) => [n, defs[n]])) } : schema;
}


/**
 * The outputSchema of a tool whose operation has a JSON result schema in a bound OpenAPI document:
 * self-contained (components as `$defs`), an object at the root as MCP requires; an array or scalar
 * result is wrapped as `{ result: … }` (`wrap`). Undefined when the tool has no such schema.
 */
export function toolOutputSchema(model: CapabilityModel, tool: McpTool): { schema: Record<string, unknown>; wrap?: string; name?: string } | undefined {
  if (!tool.call || tool.output.kind !== 'passthrough') return undefined;
  const { ns, op } = operationOf(model, tool.call) ?? {};
  const result = op?.typed?.result;
  if (!ns || !op || !result || op.typed?.stream) return undefined;
  const all = (ns.schemas ?? {}) as Record<string, unknown>;
  // A root `$ref` is inlined: clients look for `type: object` at the top.
  const rootRef = componentName(result.$ref);
  const root = resolveSchema(ns.schemas, result);
  if (!root) return undefined;
  const names = [...defsOf(root, all)].sort();
  const defs = names.length > 0 ? { $defs: Object.fromEntries(names.map((n) => [n, toDefs(all[n])])) } : {};
  const isObject = root.type === 'object' || (root.type === undefined && root.properties !== undefined);
  const named = rootRef ? { name: rootRef } : {};
  if (isObject) return { schema: { ...(toDefs(root) as Record<string, unknown>), ...defs }, ...named };
  return { schema: { type: 'object', properties: { result: toDefs(root) }, required: ['result'], ...defs }, wrap: 'result', ...named };
}

export function emitMcpServer(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/mcp-server.ts', header);
  file.import('McpServer', SDK);
  file.importType('Clients', './config.js');
  const expose = model.mcp[0];
  const tools = expose?.tools ?? [];
  // Input schemas are compiled once per process: fromJsonSchema compiles a validator, and a server is
  // built per HTTP request, so compiling inside buildMcpServer would cost time and memory per call.
  // Output schemas are shared by the tools that return the same thing (create, retrieve and cancel
  // all return a Batch): one compiled validator each.
  const outputs = new Map<string, { constant: string; tools: string[] }>();
  const schemas = tools.map((tool) => {
    const output = toolOutputSchema(model, tool);
    if (!output) return { tool, constant: file.claimLocal(`${constantName(tool.name)}_INPUT`) };
    const key = jsonLiteral(output.schema);
    const shared = outputs.get(key) ?? { constant: file.claimLocal(`${constantName(output.name ?? tool.name)}_OUTPUT`), tools: [] };
    shared.tools.push(tool.name);
    outputs.set(key, shared);
    return { tool, constant: file.claimLocal(`${constantName(tool.name)}_INPUT`), output: { constant: shared.constant, ...(output.wrap ? { wrap: output.wrap } : {}) } };
  });
  if (schemas.length > 0) {
    file.import('fromJsonSchema', SDK);
    file.add(schemas.map(({ tool, constant }) => traced(tool.source, `${jsDoc([`Arguments of \`${tool.name}\`.`])}const ${constant} = fromJsonSchema<Record<string, unknown>>(${jsonLiteral(mcpToolInputSchema(model, tool))});`)).join('\n\n'));
  }
  for (const [schema, { constant, tools: users }] of outputs) {
    file.add(`${jsDoc([`structuredContent of ${users.map((t) => `\`${t}\``).join(', ')} (from the bound OpenAPI document).`])}const ${constant} = fromJsonSchema<Record<string, unknown>>(${schema});`);
  }
  const entries = schemas.map(({ tool, constant, output }) => traced(tool.source, toolEntry(file, model, tool, constant, output)));
  if (entries.length > 0) {
    importRuntimeType(file, 'ToolSpec');
    file.add(`${jsDoc([`The tools of ${model.title}, in registration order: schemas, hints and the client method (or orchestration) each calls.`])}function toolTable(clients: Clients): ToolSpec[] {
  return [
${entries.join('\n')}
  ];
}`);
  }
  const resources = (expose?.resources ?? []).map((resource) => traced(resource.source, resourceEntry(file, model, resource)));
  const prompts = (expose?.prompts ?? []).map((prompt) => traced(prompt.source, promptEntry(file, model, prompt)));
  // A table function takes the clients and the server options only when its entries use them.
  const tableUses = (entries: string[]): string[] => [
    ...(entries.some((e) => /\bclients\b/.test(e)) ? ['clients'] : []),
    ...(entries.some((e) => e.includes('options.maxResultBytes')) ? ['options'] : []),
  ];
  const tableParams = (entries: string[]): string =>
    tableUses(entries).map((n) => (n === 'clients' ? 'clients: Clients' : 'options: McpServerOptions')).join(', ');
  if (resources.length > 0) {
    importRuntimeType(file, 'ResourceSpec');
    importRuntime(file, 'registerResources');
    file.add(`${jsDoc([`The resources of ${model.title}, in registration order: URI, description and how each is read.`])}function resourceTable(${tableParams(resources)}): ResourceSpec[] {
  return [
${resources.join('\n')}
  ];
}`);
  }
  if (prompts.length > 0) {
    importRuntimeType(file, 'PromptSpec');
    importRuntime(file, 'registerPrompts');
    file.add(`${jsDoc([`The prompts of ${model.title}, in registration order: arguments and how each message is filled.`])}function promptTable(${tableParams(prompts)}): PromptSpec[] {
  return [
${prompts.join('\n')}
  ];
}`);
  }
  const tableArgs = (entries: string[]): string => tableUses(entries).join(', ');
  const registrations = [
    ...(entries.length > 0 ? [`  registerTools(server, toolTable(clients), options);`] : []),
    ...(resources.length > 0 ? [`  registerResources(server, resourceTable(${tableArgs(resources)}));`] : []),
    ...(prompts.length > 0 ? [`  registerPrompts(server, promptTable(${tableArgs(prompts)}));`] : []),
  ];
  if (entries.length > 0) importRuntime(file, 'registerTools');
  const instructions = expose?.description;
  importRuntimeType(file, 'FailureLog');
  file.add(`${jsDoc(['Settings of buildMcpServer.'])}export interface McpServerOptions {
  /** Upper bound on the text of one tool result; larger upstream bodies are truncated with a notice. */
  maxResultBytes: number;
  /** Where upstream outages and unexpected errors behind isError results are reported. */
  log?: FailureLog;
}`);
  file.add(`${jsDoc([
    `A fresh MCP server for ${model.title}: ${tools.length} tool(s).`,
    'Created per request over HTTP (stateless) and once over stdio. Tool arguments reach the calls',
    "already validated against each tool's input schema by the SDK, which was built from the client",
    "method's parameters.",
  ])}export function buildMcpServer(clients: Clients, options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: ${stringLiteral(expose?.namespace ?? `${model.name}-mcp`)}, version: ${stringLiteral(model.apiVersion)}, title: ${stringLiteral(model.title)} },
    ${instructions ? `{ instructions: ${stringLiteral(instructions)} }` : '{}'},
  );

${registrations.join('\n\n')}

  return server;
}`);
  return file;
}

/** One entry of the tool table: the tool's config and what it runs. */
function toolEntry(file: TsFile, model: CapabilityModel, tool: McpTool, schemaConstant: string, output?: { constant: string; wrap?: string }): string {
  const a = tool.annotations;
  const properties = [
    `name: ${stringLiteral(tool.name)}`,
    ...(tool.title ? [`title: ${stringLiteral(tool.title)}`] : []),
    ...(tool.description ? [`description: ${stringLiteral(tool.description)}`] : []),
    `inputSchema: ${schemaConstant}`,
    ...(output ? [`outputSchema: ${output.constant}`] : []),
    `${a.derived ? `${lineComment(a.derivedFrom === 'semantics' ? "No hints in the capability: annotations derived from the aggregate function's semantics." : 'No hints in the capability: annotations derived from the HTTP method.')}\n      ` : ''}annotations: { readOnlyHint: ${a.readOnlyHint}, destructiveHint: ${a.destructiveHint}, idempotentHint: ${a.idempotentHint}, openWorldHint: ${a.openWorldHint} }`,
  ];
  const doc = jsDoc([`Tool \`${tool.name}\`${tool.declaredName !== tool.name ? ` (declared as \`${tool.declaredName}\`)` : ''}${tool.call ? ` → ${tool.call.consumes}.${tool.call.operation}` : ''}.`], '    ');
  const entry = (helper: string, extra: string[], after = ''): string => `${doc}    ${helper}({
      ${[...properties, ...extra].join(',\n      ')},
    }${after}),`;
  if (tool.orchestration) {
    importRuntime(file, 'tool');
    file.import(tool.orchestration.runnerName, './orchestrations.js');
    return entry('tool', [`call: (input, options) => ${tool.orchestration.runnerName}(clients, input, options)`, "respond: 'json'"]);
  }
  if (!tool.call && isFixedOutput(tool.output)) {
    importRuntime(file, 'tool');
    return entry('tool', fixedAnswerProperties(file, tool.output, `tool ${tool.name}`));
  }
  if (!tool.call) {
    importRuntime(file, 'unimplementedTool');
    return entry('unimplementedTool', [], `, ${stringLiteral(`The tool ${tool.name} declares no call or steps: there is nothing to run.`)}`);
  }
  const call = boundCallProperties(file, model, tool.call, tool.output, tool.inputs, `tool ${tool.name}`);
  if (output?.wrap && call.includes("respond: 'upstream'")) call.push(`wrap: ${stringLiteral(output.wrap)}`);
  // Bytes (outputRawFormat: binary) become a base64 image, audio or blob result, bounded.
  const binary = tool.binaryAnswer;
  if (binary && call.includes("respond: 'upstream'")) call.push(`binary: ${jsonLiteral(binary)}`);
  importRuntime(file, 'tool');
  return entry('tool', call);
}

/** One entry of the resource table: files under a location, or read through the capability. */
function resourceEntry(file: TsFile, model: CapabilityModel, resource: McpResource): string {
  const doc = jsDoc([`Resource \`${resource.uri}\`${resource.location ? ` (files under ${resource.location})` : ''}.`], '    ');
  const meta = [
    `name: ${stringLiteral(resource.name)}`,
    `uri: ${stringLiteral(resource.uri)}`,
    ...(resource.template && !resource.location ? ['template: true'] : []),
    ...(resource.title ? [`title: ${stringLiteral(resource.title)}`] : []),
    ...(resource.description ? [`description: ${stringLiteral(resource.description)}`] : []),
    ...(resource.mimeType ? [`mimeType: ${stringLiteral(resource.mimeType)}`] : []),
  ];
  if (resource.location) {
    importRuntime(file, 'fileResources');
    return `${doc}    fileResources({ ${[...meta, `location: ${stringLiteral(resource.location)}`].join(', ')} }),`;
  }
  importRuntime(file, 'resource');
  const mime = resource.mimeType ? stringLiteral(resource.mimeType) : 'undefined';
  let read: string;
  if (resource.orchestration) {
    importRuntime(file, 'valueContents');
    file.import(resource.orchestration.runnerName, './orchestrations.js');
    read = `async (uri, values, call) => valueContents(uri, await ${resource.orchestration.runnerName}(clients, values, call), ${mime})`;
  } else if (resource.call) {
    const value = upstreamValue(file, model, resource.call, resource.output, 'values', 'call', `resource ${resource.name}`);
    const binary = value.raw ? resource.binaryAnswer : undefined;
    if (binary) {
      // Bytes (outputRawFormat: binary) are read as one blob, base64, bounded like a tool's.
      importRuntime(file, 'binaryResourceContents');
      const media = resource.mimeType ?? binary.mediaType;
      const options = [`maxBytes: ${binary.maxBytes ?? 'options.maxResultBytes'}`, ...(media ? [`mediaType: ${stringLiteral(media)}`] : [])];
      read = `async (uri, values, call) => binaryResourceContents(uri, ${value.expression}, { ${options.join(', ')} })`;
    } else if (value.raw) {
      importRuntime(file, 'resourceContents');
      read = `async (uri, values, call) => resourceContents(uri, ${value.expression}, ${mime}, options.maxResultBytes)`;
    } else {
      importRuntime(file, 'valueContents');
      read = `async (uri, values, call) => valueContents(uri, ${value.expression}, ${mime})`;
    }
  } else {
    read = `async () => {\n        throw new Error(${stringLiteral(`The resource ${resource.uri} declares no call, steps or location.`)});\n      }`;
  }
  return `${doc}    resource({
      ${[...meta, `read: ${read}`].join(',\n      ')},
    }),`;
}

/** One entry of the prompt table: its arguments' schema and how its messages are filled. */
function promptEntry(file: TsFile, model: CapabilityModel, prompt: McpPrompt): string {
  importRuntime(file, 'prompt');
  const doc = jsDoc([`Prompt \`${prompt.name}\`.`], '    ');
  const hasArgs = prompt.arguments.length > 0;
  const config: string[] = [`name: ${stringLiteral(prompt.name)}`];
  if (prompt.title) config.push(`title: ${stringLiteral(prompt.title)}`);
  if (prompt.description) config.push(`description: ${stringLiteral(prompt.description)}`);
  if (hasArgs) {
    file.import('fromJsonSchema', SDK);
    const constant = file.claimLocal(`${constantName(prompt.name)}_ARGS`);
    const schema = {
      type: 'object',
      properties: Object.fromEntries(prompt.arguments.map((a) => [a.name, { type: 'string', ...(a.description ? { description: a.description } : {}) }])),
      ...(prompt.arguments.some((a) => a.required) ? { required: prompt.arguments.filter((a) => a.required).map((a) => a.name) } : {}),
    };
    file.add(traced(prompt.source, `${jsDoc([`Arguments of the prompt \`${prompt.name}\`.`])}const ${constant} = fromJsonSchema<Record<string, string>>(${jsonLiteral(schema)});`));
    config.push(`argsSchema: ${constant}`);
  }
  const messages = prompt.messages.map((m, i) => {
    let text: string;
    if (m.content !== undefined) {
      importRuntime(file, 'fillPrompt');
      text = `fillPrompt(${stringLiteral(m.content)}, args)`;
    } else if (m.orchestration) {
      file.import(m.orchestration.runnerName, './orchestrations.js');
      text = `JSON.stringify(await ${m.orchestration.runnerName}(clients, args, call))`;
    } else if (m.call) {
      const value = upstreamValue(file, model, m.call, m.output, 'args', 'call', `prompt ${prompt.name} message ${i + 1}`);
      if (value.raw) {
        importRuntime(file, 'readBodyText');
        text = `(await readBodyText(${value.expression}, options.maxResultBytes)).text`;
      } else text = `JSON.stringify(${value.expression})`;
    } else text = "''";
    return `{ role: ${stringLiteral(m.role)}, content: { type: 'text', text: ${text} } }`;
  });
  if (prompt.location) {
    importRuntime(file, 'fillPrompt');
    importRuntime(file, 'readPromptFile');
    messages.push(`{ role: 'user', content: { type: 'text', text: fillPrompt(readPromptFile(${stringLiteral(prompt.location)}), args) } }`);
  }
  const usesArgs = messages.some((m) => /\bargs\b/.test(m));
  const usesCall = messages.some((m) => /\bcall\b/.test(m));
  const params = usesCall ? `(${usesArgs ? 'args' : '_args'}, call)` : usesArgs ? '(args)' : '()';
  return `${doc}    prompt({
      ${config.join(',\n      ')},
      messages: async ${params} => [
        ${messages.join(',\n        ')},
      ],
    }),`;
}

export function emitMcpMain(model: CapabilityModel, header: FileHeader, expose: McpExpose | undefined): TsFile {
  const file = new TsFile('src/mcp.ts', header);
  file.import('serveStdio', `${SDK}/stdio`);
  file.importDefault('express', 'express');
  file.import('buildMcpServer', './mcp-server.js');
  importRuntime(file, 'resultBudget');
  importRuntime(file, 'mcpNodeHandler');
  importRuntime(file, 'mcpFront');
  importRuntime(file, 'hostPolicyOrExit');
  importRuntime(file, 'MCP_ALLOWED_HOSTS_ENV');
  importRuntime(file, 'restFront');
  importRuntime(file, 'errorHandler');
  importRuntime(file, 'settingOf');
  const stdioDefault = expose?.transport === 'stdio';
  importRuntime(file, 'mcpOAuthOrExit');
  // An OAuth access token, when configured, replaces the authentication the capability declares.
  const declared = inboundAuthMiddleware(file, expose?.auth, '    ');
  const accessControl = declared ? `  if (oauth) app.use(oauth.handler);\n  else {\n${declared}  }\n` : '  if (oauth) app.use(oauth.handler);\n';
  // After the body parser: the tools run inside the caller's credential scope (NAFTIKO_UPSTREAM_CREDENTIALS=caller).
  let callerScope = '';
  let frontScope = '';
  if (callerCredentialSecrets(model).length > 0) {
    importRuntime(file, 'callerCredentials');
    file.import('CALLER_CREDENTIAL_HEADERS', './config.js');
    callerScope = 'scope, ';
    frontScope = ', scope';
  }
  const overStdio = `args.stdio${stdioDefault ? " || !process.argv.slice(2).some((a) => a.startsWith('--port') || a.startsWith('--host'))" : ''}`;
  file.add(`${jsDoc([
    'Entry point of the MCP server.',
    'node dist/mcp.js [--port N] [--host H]  → Streamable HTTP at /mcp',
    'node dist/mcp.js --stdio                 → stdio (logs go to stderr only)',
  ])}${serverPrologue(file, `${model.name}-mcp`, 'node dist/mcp.js', 'mcp', true, `!(${overStdio})`)}
const clients = createClients();
const options = { maxResultBytes: resultBudget(), log };
const factory = () => buildMcpServer(clients, options);

if (${overStdio}) {
  serveStdio(factory);
  log.info('serving on stdio');
} else {
  // Host and Origin headers are checked (DNS rebinding, cross-site requests): the loopback names on a
  // loopback bind, plus NAFTIKO_MCP_ALLOWED_HOSTS, which a wider bind requires.
  const hosts = hostPolicyOrExit(NAME, MCP_ALLOWED_HOSTS_ENV, args.host, log);
  // With NAFTIKO_MCP_OAUTH_* set: an OAuth 2.1 resource server (metadata document, access tokens).
  const oauth = await mcpOAuthOrExit(NAME, log);
  const handler = mcpNodeHandler(factory, { onerror: (err: Error) => log.warn('mcp request failed', { message: err.message }) });
  const maxBodyBytes = settingOf('NAFTIKO_MCP_MAX_BODY') ?? 1_048_576;${frontScope ? '\n  const scope = callerCredentials(CALLER_CREDENTIAL_HEADERS);' : ''}
  // A plain Express app rather than the SDK's createMcpExpressApp: the request id, the access log and
  // /healthz come before the Host check, so refused requests are logged and probes answered; every
  // failure (bad JSON, a body over NAFTIKO_MCP_MAX_BODY, an unknown path) is a JSON error. restFront
  // runs those steps as one middleware (no CORS: browsers do not call an MCP server cross-site).
  const app = express();
  app.disable('x-powered-by');
  app.use(restFront(log, { health: ${stringLiteral(model.name)}, hosts, cors: false }));
${accessControl}  app.all('/mcp', express.json({ limit: maxBodyBytes }), ${callerScope}(req, res) => handler(req, res, req.body));
  app.use(errorHandler(log));
  app.use((req, res) => {
    const message = 'No route for ' + req.method + ' ' + req.path + '; the MCP endpoint is /mcp';
    res.status(404).json({ error: { code: 'not_found', message } });
  });
  // The common request (a JSON-RPC POST to /mcp) is served on node:http without the app's router and
  // body parser, with the same request id, access log and checks; every other request goes to the app.
  const front = mcpFront(app, { handler, hosts, maxBodyBytes, log, direct: ${declared ? 'false' : '!oauth'}${frontScope} });
  await serve(front, { name: NAME, port: args.port, host: args.host, log });
}`);
  return file;
}
