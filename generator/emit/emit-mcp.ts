// src/mcp-server.ts (tools registered on an McpServer) and src/mcp.ts (entry: dist/mcp.js, HTTP or --stdio).
import type { CallerInput, CapabilityModel, ConsumesNamespace, McpExpose, McpTool, Operation } from '../model/types.js';
import { bodyNeedsWork } from './emit-client.js';
import { needsProjection, projectionExpression } from './projection.js';
import { callInputExpression, clientAccess } from './call-args.js';
import { jsDoc, jsonLiteral, lineComment, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { inboundAuthMiddleware } from './inbound-auth.js';
import { constantName } from './naming.js';
import { NameAllocator } from '../names/identifiers.js';

const SDK = '@modelcontextprotocol/server';

/** JSON Schema of a tool's arguments. */
export function toolInputSchema(inputs: readonly CallerInput[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const input of inputs) {
    const { description, ...rest } = input.schema;
    properties[input.name] = { ...rest, ...((input.description ?? description) ? { description: input.description ?? description } : {}) };
  }
  const required = inputs.filter((i) => i.required).map((i) => i.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

export function emitMcpServer(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/mcp-server.ts', header);
  file.import('McpServer', SDK);
  file.importType('Clients', './config.js');
  const expose = model.mcp[0];
  const tools = expose?.tools ?? [];
  // Input schemas are compiled once per process: fromJsonSchema compiles a validator, and a server is
  // built per HTTP request, so compiling inside buildMcpServer would cost time and memory per call.
  const schemas = tools.map((tool) => ({ tool, constant: file.claimLocal(`${constantName(tool.name)}_INPUT`) }));
  if (schemas.length > 0) {
    file.import('fromJsonSchema', SDK);
    file.add(schemas.map(({ tool, constant }) => `${jsDoc([`Arguments of \`${tool.name}\`.`])}const ${constant} = fromJsonSchema<Record<string, unknown>>(${jsonLiteral(toolInputSchema(tool.inputs))});`).join('\n\n'));
  }
  const registrations = schemas.map(({ tool, constant }) => toolRegistration(file, model, tool, constant));
  const instructions = expose?.description;
  file.add(`${jsDoc(['Upper bound on the text of one tool result; larger upstream bodies are truncated with a notice.'])}export interface McpServerOptions {
  maxResultBytes: number;
}`);
  file.add(`${jsDoc([`A fresh MCP server for ${model.title}: ${tools.length} tool(s).`, 'Created per request over HTTP (stateless) and once over stdio.'])}export function buildMcpServer(clients: Clients, options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: ${stringLiteral(expose?.namespace ?? `${model.name}-mcp`)}, version: ${stringLiteral(packageVersion())}, title: ${stringLiteral(model.title)} },
    ${instructions ? `{ instructions: ${stringLiteral(instructions)} }` : '{}'},
  );

${registrations.join('\n\n')}

  return server;
}`);
  return file;
}

function packageVersion(): string {
  return '1.0.0';
}

function toolRegistration(file: TsFile, model: CapabilityModel, tool: McpTool, schemaConstant: string): string {
  file.importType('CallToolResult', SDK);
  const a = tool.annotations;
  const annotations = `{ readOnlyHint: ${a.readOnlyHint}, destructiveHint: ${a.destructiveHint}, idempotentHint: ${a.idempotentHint}, openWorldHint: ${a.openWorldHint} }`;
  const config = [
    ...(tool.title ? [`title: ${stringLiteral(tool.title)}`] : []),
    ...(tool.description ? [`description: ${stringLiteral(tool.description)}`] : []),
    `inputSchema: ${schemaConstant}`,
    `annotations: ${annotations}`,
  ];
  const derivedNote = a.derived ? `    ${lineComment('No hints in the capability: annotations derived from the HTTP method.')}\n` : '';
  const doc = jsDoc([`Tool \`${tool.name}\`${tool.declaredName !== tool.name ? ` (declared as \`${tool.declaredName}\`)` : ''}${tool.call ? ` → ${tool.call.consumes}.${tool.call.operation}` : ''}.`], '  ');
  if (tool.orchestration) {
    file.import('valueResult', './runtime/steps.js');
    file.import('newRequestId', './runtime/request-id.js');
    file.import('failureResult', './runtime/mcp.js');
    file.import(tool.orchestration.runnerName, './orchestrations.js');
    return `${doc}  server.registerTool(
    ${stringLiteral(tool.name)},
    {
${derivedNote}      ${config.join(',\n      ')},
    },
    async (args, ctx): Promise<CallToolResult> => {
      try {
        return valueResult(await ${tool.orchestration.runnerName}(clients, args, { signal: ctx.mcpReq.signal, requestId: newRequestId() }));
      } catch (err) {
        return failureResult(err);
      }
    },
  );`;
  }
  if (!tool.call) {
    return `${doc}  server.registerTool(
    ${stringLiteral(tool.name)},
    {
${derivedNote}      ${config.join(',\n      ')},
    },
    async (): Promise<CallToolResult> => ({
      isError: true,
      content: [{ type: 'text', text: ${stringLiteral(`The tool ${tool.name} declares no call or steps: there is nothing to run.`)} }],
    }),
  );`;
  }
  const ns = model.consumes.find((c) => c.namespace === tool.call!.consumes)!;
  const op = ns.operations.find((o) => o.methodName === tool.call!.methodName)!;
  file.import('newRequestId', './runtime/request-id.js');
  file.import('failureResult', './runtime/mcp.js');
  file.importType(op.inputTypeName, `./clients/${ns.fileStem}.js`);
  return `${doc}  server.registerTool(
    ${stringLiteral(tool.name)},
    {
${derivedNote}      ${config.join(',\n      ')},
    },
    async (args, ctx): Promise<CallToolResult> => {
      try {
${callAndResult(file, tool, ns, op)}
      } catch (err) {
        return failureResult(err);
      }
    },
  );`;
}

/** Passthrough outputs are bounded text of the upstream body; projections and converted formats are computed JSON. */
function callAndResult(file: TsFile, tool: McpTool, ns: ConsumesNamespace, op: Operation): string {
  const input = callInputExpression(tool.call!, ns, 'args');
  const options = '{ signal: ctx.mcpReq.signal, requestId: newRequestId() }';
  if (!needsProjection(tool.output) && !bodyNeedsWork(op)) {
    file.import('toToolResult', './runtime/mcp.js');
    return `        const upstream = await ${clientAccess(ns)}.raw.${op.methodName}(${input}, ${options});
        return await toToolResult(upstream, { maxBytes: options.maxResultBytes });`;
  }
  file.import('valueResult', './runtime/steps.js');
  let value = 'body';
  if (needsProjection(tool.output)) {
    const projection = projectionExpression(file, tool.output, file.claimLocal(`${constantName(tool.name)}_OUTPUT`), 'body', './runtime/project.js');
    file.add(`${jsDoc([`Output fields of \`${tool.name}\`.`])}${projection.declaration}`);
    value = projection.expression;
  }
  return `        const body = await ${clientAccess(ns)}.${op.methodName}(${input}, ${options});
        return valueResult(${value});`;
}

export function emitMcpMain(model: CapabilityModel, header: FileHeader, expose: McpExpose | undefined): TsFile {
  const file = new TsFile('src/mcp.ts', header);
  file.import('createMcpHandler', SDK);
  file.import('serveStdio', `${SDK}/stdio`);
  file.import('toNodeHandler', '@modelcontextprotocol/node');
  file.import('createMcpExpressApp', '@modelcontextprotocol/express');
  file.import('buildMcpServer', './mcp-server.js');
  file.import('createClients', './config.js');
  file.import('DEFAULTS', './config.js');
  file.import('REQUIRED_ENV', './config.js');
  file.import('secretValues', './config.js');
  file.import('parseServerArgsOrExit', './runtime/cli.js');
  file.import('requireEnv', './runtime/cli.js');
  file.import('createLogger', './runtime/log.js');
  file.import('resultBudget', './runtime/mcp.js');
  file.import('healthHandler', './runtime/rest.js');
  file.import('serve', './runtime/rest.js');
  const stdioDefault = expose?.transport === 'stdio';
  file.add(`${jsDoc([
    'Entry point of the MCP server.',
    'node dist/mcp.js [--port N] [--host H]  → Streamable HTTP at /mcp',
    'node dist/mcp.js --stdio                 → stdio (logs go to stderr only)',
  ])}const NAME = ${stringLiteral(`${model.name}-mcp`)};
const args = parseServerArgsOrExit('node dist/mcp.js', process.argv.slice(2), DEFAULTS.mcp);
requireEnv(NAME, REQUIRED_ENV);
const log = createLogger(NAME, () => secretValues());
const clients = createClients();
const options = { maxResultBytes: resultBudget() };
const factory = () => buildMcpServer(clients, options);

if (args.stdio${stdioDefault ? " || !process.argv.slice(2).some((a) => a.startsWith('--port') || a.startsWith('--host'))" : ''}) {
  serveStdio(factory);
  log.info('serving on stdio');
} else {
  ${lineComment('createMcpExpressApp validates the Host header against the bind address (DNS-rebinding protection).')}
  const app = createMcpExpressApp({ host: args.host });
  const handler = toNodeHandler(createMcpHandler(factory, { onerror: (err: Error) => log.error('mcp error', { message: err.message }) }));
  app.get('/healthz', healthHandler(${stringLiteral(model.name)}));
${inboundAuthMiddleware(file, expose?.auth, '  ')}  app.all('/mcp', (req, res) => handler(req, res, req.body));
  await serve(app, { name: NAME, port: args.port, host: args.host, log });
}`);
  return file;
}
