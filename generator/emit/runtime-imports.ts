// Where generated code imports each runtime name from. The runtime is the package @naftiko-gen/runtime
// (packages/runtime/, see docs/ARCHITECTURE.md): each name is defined in one module
// (packages/runtime/src/<module>.ts) and reached through one entry point of the package
// (`@naftiko-gen/runtime/<entry>`). Decided here once: emitters name what they use, never a path, so
// moving a helper changes these tables only. test/unit/runtime-imports.test.ts checks both tables
// against the package's sources.
import { cmp } from '../diagnostics.js';
import type { TsFile } from './printer.js';

const RUNTIME_MODULES = {
  // The client transport and what its callers see of it.
  Transport: 'transport',
  RequestPlan: 'request-plan',
  CallOptions: 'request-plan',
  RetryOptions: 'retry-policy',
  timeoutOf: 'upstream-env',
  retryOf: 'upstream-env',
  baseUrlOf: 'upstream-env',
  SettingError: 'settings',
  settingOf: 'settings',
  UpstreamResponse: 'upstream-response',
  NaftikoError: 'upstream-errors',
  UpstreamHttpError: 'upstream-errors',
  BadRequestError: 'upstream-errors',
  AuthenticationError: 'upstream-errors',
  PermissionDeniedError: 'upstream-errors',
  NotFoundError: 'upstream-errors',
  ConflictError: 'upstream-errors',
  UnprocessableEntityError: 'upstream-errors',
  RateLimitError: 'upstream-errors',
  InternalServerError: 'upstream-errors',
  UpstreamNetworkError: 'upstream-errors',
  UpstreamTimeoutError: 'upstream-errors',
  InvalidRequestError: 'upstream-errors',
  MissingCredentialError: 'upstream-errors',
  UpstreamFormatError: 'upstream-errors',
  readBody: 'read-body',
  readBodyText: 'read-body',
  iterateJsonLines: 'json-lines',
  jsonLinesOf: 'response-streams',
  paginate: 'pagination',
  PageFields: 'pagination',
  paginatePages: 'pagination',
  NumberedPageFields: 'pagination',
  bytesOf: 'response-streams',
  JsonLinesOptions: 'response-streams',
  serverSentEventsOf: 'server-sent-events',
  ServerSentEvent: 'server-sent-events',
  ServerSentEventsOptions: 'server-sent-events',
  callClient: 'bound-call',
  // Building results from upstream bodies.
  renderJsonTemplate: 'template',
  parseRawFormat: 'formats',
  project: 'project',
  fixedResult: 'fixed-result',
  FieldSpec: 'project',
  valueResult: 'mcp',
  mapResult: 'steps',
  lookupStep: 'steps',
  select: 'steps',
  // The servers.
  createLogger: 'log',
  Logger: 'log',
  registerSecrets: 'secrets',
  parseServerArgsOrExit: 'cli',
  requireEnv: 'cli',
  inboundAuth: 'auth',
  newRequestId: 'request-id',
  requestIdMiddleware: 'request-id',
  requestIdOf: 'request-id',
  callerSignal: 'caller-signal',
  serve: 'serve',
  healthHandler: 'health',
  errorHandler: 'rest-errors',
  apiDocs: 'api-docs',
  accessLog: 'access-log',
  corsMiddleware: 'rest-cors',
  restFront: 'rest-front',
  restDirect: 'rest-direct',
  readInputs: 'rest-inputs',
  sendProblems: 'rest-inputs',
  sendFailure: 'rest-errors',
  sendUpstream: 'rest-passthrough',
  jsonBodyOptions: 'rest-body',
  requireJsonContent: 'rest-body',
  documentedBody: 'rest-body-schema',
  allowedMethods: 'rest-methods',
  methodNotAllowed: 'rest-methods',
  InputSpec: 'rest-inputs',
  route: 'rest-routes',
  RouteSpec: 'rest-routes',
  unimplementedRoute: 'rest-routes',
  forwardRoute: 'rest-routes',
  registerRoutes: 'rest-routes',
  forwardHandler: 'forward',
  registerForwardTarget: 'forward-target',
  forwardTargetOf: 'forward-target',
  toToolResult: 'mcp',
  failureResult: 'mcp',
  FailureLog: 'mcp',
  resultBudget: 'mcp',
  hostPolicyOrExit: 'host-check',
  hostCheck: 'host-check',
  corsOriginAllowed: 'host-check',
  HostPolicy: 'host-check',
  LOOPBACK_ONLY: 'host-check',
  MCP_ALLOWED_HOSTS_ENV: 'host-check',
  REST_ALLOWED_HOSTS_ENV: 'host-check',
  callOptions: 'mcp-http',
  tool: 'mcp-tools',
  ToolSpec: 'mcp-tools',
  unimplementedTool: 'mcp-tools',
  registerTools: 'mcp-tools',
  resource: 'mcp-resources',
  fileResources: 'mcp-resources',
  ResourceSpec: 'mcp-resources',
  registerResources: 'mcp-resources',
  prompt: 'mcp-resources',
  PromptSpec: 'mcp-resources',
  registerPrompts: 'mcp-resources',
  callerSecret: 'caller-credentials',
  mcpOAuthOrExit: 'oauth-resource',
  traceOf: 'tracing',
  serverSpans: 'tracing',
  startTracing: 'tracing',
  callerCredentials: 'caller-credentials',
  upstreamCredentialMode: 'caller-credentials',
  mcpNodeHandler: 'mcp-http',
  mcpFront: 'mcp-front',
  registerStaticResources: 'resources',
  resourceContents: 'resources',
  binaryResourceContents: 'mcp-binary',
  valueContents: 'resources',
  fillPrompt: 'resources',
  readPromptFile: 'resources',
} as const;

/** The package generated code imports its runtime from (an exact-version dependency of each package). */
export const RUNTIME_PACKAGE = '@naftiko-gen/runtime';

/**
 * The entry point (subpath export) of each runtime module. An entry never pulls in a heavier one:
 * `client` loads node built-ins (and the tiny eventsource-parser) only, `results` adds the format parsers, `server` needs express and
 * `mcp` the MCP SDK, so a client-only package never imports express or the MCP SDK.
 */
export const RUNTIME_ENTRIES = {
  'abort-watch': 'client',
  'bound-call': 'client',
  'caller-credentials': 'client',
  deadline: 'client',
  'forward-target': 'client',
  'json-lines': 'client',
  'node-exchange': 'client',
  pagination: 'client',
  'read-body': 'client',
  'request-body': 'client',
  'request-plan': 'client',
  'response-streams': 'client',
  'retry-policy': 'client',
  'server-sent-events': 'client',
  settings: 'client',
  template: 'client',
  tracing: 'client',
  transport: 'client',
  'upstream-env': 'client',
  'upstream-errors': 'client',
  'upstream-response': 'client',
  'fixed-result': 'results',
  formats: 'results',
  project: 'results',
  steps: 'results',
  'access-log': 'server',
  'api-docs': 'server',
  auth: 'server',
  'caller-signal': 'server',
  cli: 'server',
  forward: 'server',
  'forwarded-headers': 'server',
  health: 'server',
  'host-check': 'server',
  log: 'server',
  'request-id': 'server',
  'rest-body': 'server',
  'rest-body-schema': 'server',
  'rest-cors': 'server',
  'rest-front': 'server',
  'rest-direct': 'server',
  'rest-errors': 'server',
  'rest-inputs': 'server',
  'rest-methods': 'server',
  'rest-passthrough': 'server',
  'rest-routes': 'server',
  secrets: 'server',
  serve: 'server',
  'oauth-resource': 'server',
  'relay-memory': 'server',
  mcp: 'mcp',
  'mcp-binary': 'mcp',
  'mcp-front': 'mcp',
  'mcp-http': 'mcp',
  'mcp-json-transport': 'mcp',
  'mcp-tools': 'mcp',
  'mcp-server-pool': 'mcp',
  'mcp-resources': 'mcp',
  resources: 'mcp',
} as const;

export type RuntimeName = keyof typeof RUNTIME_MODULES;
type RuntimeModule = (typeof RUNTIME_MODULES)[RuntimeName];

/** Every runtime name emitters may import, with its module (for the test that checks the table). */
export const RUNTIME_NAMES: ReadonlyMap<RuntimeName, string> = new Map(
  Object.entries(RUNTIME_MODULES) as [RuntimeName, string][],
);

/** The import specifier of a runtime name, e.g. '@naftiko-gen/runtime/client' for Transport. */
export function runtimeImportPath(name: RuntimeName): string {
  const module: RuntimeModule = RUNTIME_MODULES[name];
  return `${RUNTIME_PACKAGE}/${RUNTIME_ENTRIES[module]}`;
}

/** Imports a runtime name into the file from the module that defines it; returns the local name. */
export function importRuntime(file: TsFile, name: RuntimeName): string {
  return file.import(name, runtimeImportPath(name));
}

export function importRuntimeType(file: TsFile, name: RuntimeName): string {
  return file.importType(name, runtimeImportPath(name));
}

/** `export … from` statements re-exporting runtime names, one per entry point, sorted. */
export function reexportRuntime(values: readonly RuntimeName[], types: readonly RuntimeName[]): string[] {
  const byEntry = new Map<string, string[]>();
  const add = (name: RuntimeName, spelled: string): void => {
    const from = runtimeImportPath(name);
    byEntry.set(from, [...(byEntry.get(from) ?? []), spelled]);
  };
  values.forEach((n) => add(n, n));
  types.forEach((n) => add(n, `type ${n}`));
  return [...byEntry.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([from, names]) => {
      const allTypes = names.every((n) => n.startsWith('type '));
      const list = names.map((n) => (allTypes ? n.slice('type '.length) : n)).sort((a, b) => cmp(a.replace(/^type /, ''), b.replace(/^type /, '')));
      return `export ${allTypes ? 'type ' : ''}{ ${list.join(', ')} } from '${from}';`;
    });
}
