// src/config.ts: the environment the servers read and the client instances they share.
import type { CapabilityModel } from '../model/types.js';
import { clientProperty } from './call-args.js';
import { clientPath } from './emit-client.js';
import { jsDoc, jsonLiteral, propertyKey, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';

export function emitConfig(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/config.ts', header);
  const secrets = model.env.filter((e) => e.kind === 'secret');
  const required = model.env.filter((e) => e.required);
  file.add(`${jsDoc(['Bound secrets: read from the environment, redacted from every log line.'])}export const SECRET_ENV: readonly string[] = ${jsonLiteral(secrets.map((s) => s.name))};`);
  file.add(`${jsDoc(['Variables the servers refuse to start without.'])}export const REQUIRED_ENV: readonly string[] = ${jsonLiteral(required.map((s) => s.name))};`);
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
