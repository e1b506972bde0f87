// Which runtime module (templates/runtime/<module>.ts, copied to src/runtime/) defines each name the
// generated code imports. Decided here once: emitters name what they use, never a file, so moving a
// helper to another runtime module changes this table only. test/unit/runtime-imports.test.ts checks
// every entry against the templates' exports.
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
  UpstreamHttpError: 'upstream-errors',
  UpstreamNetworkError: 'upstream-errors',
  UpstreamTimeoutError: 'upstream-errors',
  InvalidRequestError: 'upstream-errors',
  MissingCredentialError: 'upstream-errors',
  UpstreamFormatError: 'upstream-errors',
  readBody: 'read-body',
  readBodyText: 'read-body',
  iterateJsonLines: 'json-lines',
  // Building results from upstream bodies.
  renderJsonTemplate: 'template',
  parseRawFormat: 'formats',
  project: 'project',
  FieldSpec: 'project',
  valueResult: 'steps',
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
  accessLog: 'access-log',
  corsMiddleware: 'rest-cors',
  readInputs: 'rest-inputs',
  sendProblems: 'rest-inputs',
  sendFailure: 'rest-errors',
  sendUpstream: 'rest-passthrough',
  jsonBodyOptions: 'rest-body',
  requireJsonContent: 'rest-body',
  allowedMethods: 'rest-methods',
  methodNotAllowed: 'rest-methods',
  InputSpec: 'rest-inputs',
  forwardHandler: 'forward',
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
  mcpNodeHandler: 'mcp-http',
  registerStaticResources: 'resources',
  resourceContents: 'resources',
  valueContents: 'resources',
  fillPrompt: 'resources',
  readPromptFile: 'resources',
} as const;

export type RuntimeName = keyof typeof RUNTIME_MODULES;

/** Every runtime name emitters may import, with its module (for the test that checks the table). */
export const RUNTIME_NAMES: ReadonlyMap<RuntimeName, string> = new Map(
  Object.entries(RUNTIME_MODULES) as [RuntimeName, string][],
);

/** The import path of a runtime module from a generated file, e.g. '../runtime/transport.js' from src/clients/x.ts. */
export function runtimeModulePath(fromFile: string, module: string): string {
  const depth = fromFile.split('/').length - 2; // directories below src/
  return `${depth === 0 ? './' : '../'.repeat(depth)}runtime/${module}.js`;
}

/** Imports a runtime name into the file from the module that defines it; returns the local name. */
export function importRuntime(file: TsFile, name: RuntimeName): string {
  return file.import(name, runtimeModulePath(file.path, RUNTIME_MODULES[name]));
}

export function importRuntimeType(file: TsFile, name: RuntimeName): string {
  return file.importType(name, runtimeModulePath(file.path, RUNTIME_MODULES[name]));
}

/** `export … from` statements re-exporting runtime names from `fromFile`, one per module, sorted. */
export function reexportRuntime(fromFile: string, values: readonly RuntimeName[], types: readonly RuntimeName[]): string[] {
  const byModule = new Map<string, string[]>();
  const add = (name: RuntimeName, spelled: string): void => {
    const module = RUNTIME_MODULES[name];
    byModule.set(module, [...(byModule.get(module) ?? []), spelled]);
  };
  values.forEach((n) => add(n, n));
  types.forEach((n) => add(n, `type ${n}`));
  return [...byModule.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([module, names]) => {
      const allTypes = names.every((n) => n.startsWith('type '));
      const list = names.map((n) => (allTypes ? n.slice('type '.length) : n)).sort((a, b) => cmp(a.replace(/^type /, ''), b.replace(/^type /, '')));
      return `export ${allTypes ? 'type ' : ''}{ ${list.join(', ')} } from '${runtimeModulePath(fromFile, module)}';`;
    });
}
