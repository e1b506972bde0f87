// src/config.ts: the environment the servers read and the client instances they share.
import type { CapabilityModel, InboundAuth, Template } from '../model/types.js';
import { kebabCase } from '../names/case.js';
import { clientProperty } from './call-args.js';
import { clientPath, secretNames } from './emit-client.js';
import { jsDoc, jsonLiteral, propertyKey, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { importRuntime } from './runtime-imports.js';

export function emitConfig(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/config.ts', header);
  const secrets = model.env.filter((e) => e.kind === 'secret');
  const required = model.env.filter((e) => e.required);
  file.add(`${jsDoc(['Bound secrets: read from the environment, redacted from every log line.'])}export const SECRET_ENV: readonly string[] = ${jsonLiteral(secrets.map((s) => s.name))};`);
  file.add(`${jsDoc(['Variables the servers refuse to start without.'])}export const REQUIRED_ENV: readonly string[] = ${jsonLiteral(required.map((s) => s.name))};`);
  const callers = callerCredentialHeaders(model);
  file.add(`${jsDoc([
    'The header that carries each upstream secret when NAFTIKO_UPSTREAM_CREDENTIALS=caller: callers of',
    'the HTTP servers then send their own credential, used in place of the environment variable.',
  ])}export const CALLER_CREDENTIAL_HEADERS: Readonly<Record<string, string>> = ${jsonLiteral(Object.fromEntries(callers.map((c) => [c.name, c.header])))};`);
  file.add(`${jsDoc([
    'The variables an HTTP server needs at start-up: REQUIRED_ENV, less the upstream secrets that callers',
    'send when NAFTIKO_UPSTREAM_CREDENTIALS=caller (stdio has no caller headers: it needs them all).',
  ])}export function requiredEnv(overHttp: boolean, env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (!overHttp || upstreamCredentialMode(env) !== 'caller') return REQUIRED_ENV;
  return REQUIRED_ENV.filter((name) => !(name in CALLER_CREDENTIAL_HEADERS));
}`);
  importRuntime(file, 'upstreamCredentialMode');
  file.add(`/** Current values of the bound secrets (for redaction). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return SECRET_ENV.map((name) => env[name] ?? '').filter((value) => value.length > 0);
}`);
  for (const ns of model.consumes) file.import(ns.className, `./${clientPath(ns).slice('src/'.length).replace(/\.ts$/, '.js')}`);
  const fields = model.consumes.map((ns) => `  ${propertyKey(clientProperty(ns))}: ${ns.className};`);
  file.add(`${jsDoc(['One client per consumed API, shared by the REST adapter and the MCP server.'])}export interface Clients {
${fields.join('\n')}
}`);
  file.add(`${jsDoc(['Variables that override the base URL of a consumed API; the servers check them at start-up.'])}export const BASE_URL_ENV: readonly string[] = ${jsonLiteral(model.consumes.map((ns) => ns.baseUrlEnv))};`);
  file.add(`${jsDoc([
    'The clients, configured from `env`. Throws a SettingError naming the variable when a base URL',
    '(`<NAMESPACE>_BASE_URL`, else the capability\'s baseUri) or a NAFTIKO_* setting is not valid.',
  ])}export function createClients(env: NodeJS.ProcessEnv = process.env): Clients {
  return {
${model.consumes.map((ns) => `    ${propertyKey(clientProperty(ns))}: new ${ns.className}({ env }),`).join('\n')}
  };
}`);
  const rest = model.rest[0];
  const mcp = model.mcp[0];
  file.add(`${jsDoc(['Defaults from the capability exposes; `--port` and `--host` override them.'])}export const DEFAULTS = {
  rest: { port: ${rest?.port ?? 8080}, host: ${stringLiteral(localHost(rest?.address))} },
  mcp: { port: ${mcp?.port ?? 9090}, host: ${stringLiteral(localHost(mcp?.address))}, transport: ${stringLiteral(mcp?.transport ?? 'http')} },
} as const;`);
  return file;
}

/**
 * Servers bind loopback unless told otherwise: a capability's `0.0.0.0` is honoured only through
 * `--host`, so a fresh checkout never exposes an unauthenticated server to the network by accident.
 */
function localHost(address: string | undefined): string {
  return address === undefined || address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
}

/**
 * Bound secrets the clients send upstream and callers may supply per request: those of the consumed
 * APIs' auth and parameters, less any the servers' own inbound authentication compares against (that
 * one stays the environment's).
 */
export function callerCredentialSecrets(model: CapabilityModel): string[] {
  const bound = new Set(model.env.filter((e) => e.kind === 'secret').map((e) => e.name));
  const inbound = new Set<string>();
  const visit = (t: Template): void => t.parts.forEach((p) => p.kind === 'env' && inbound.add(p.variable));
  const inboundAuths: (InboundAuth | undefined)[] = [...model.rest.map((r) => r.auth), ...model.mcp.map((m) => m.auth)];
  for (const auth of inboundAuths) {
    if (auth?.kind === 'bearer') visit(auth.token);
    if (auth?.kind === 'apikey') visit(auth.value);
    if (auth?.kind === 'basic') (visit(auth.username), visit(auth.password));
  }
  const upstream = new Set(model.consumes.flatMap((ns) => secretNames(ns)));
  return [...upstream].filter((name) => bound.has(name) && !inbound.has(name)).sort();
}

/** Each caller-supplied secret with its header: `PORTKEY_API_KEY` → `x-naftiko-credential-portkey-api-key`. */
export function callerCredentialHeaders(model: CapabilityModel): { name: string; header: string }[] {
  return callerCredentialSecrets(model).map((name) => ({ name, header: `x-naftiko-credential-${kebabCase(name)}` }));
}
