// src/index.ts: what a library user imports (clients, their types, errors, the JSONL helper).
import type { CapabilityModel } from '../model/types.js';
import { clientPath } from './emit-client.js';
import { TsFile, type FileHeader } from './printer.js';
import { reexportRuntime } from './runtime-imports.js';

/** Every error class a client throws, with their common base first. */
const ERROR_CLASSES = [
  'NaftikoError',
  'UpstreamHttpError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'UnprocessableEntityError',
  'RateLimitError',
  'InternalServerError',
  'UpstreamNetworkError',
  'UpstreamTimeoutError',
  'UpstreamFormatError',
  'InvalidRequestError',
  'MissingCredentialError',
] as const;

export function emitIndex(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/index.ts', header);
  const lines = model.consumes.map((ns) => `export * from './${clientPath(ns).slice('src/'.length).replace(/\.ts$/, '.js')}';`);
  lines.push(
    ...reexportRuntime(['iterateJsonLines', 'readBody', ...ERROR_CLASSES, 'SettingError'], ['CallOptions', 'UpstreamResponse']),
    "export { createClients, type Clients } from './config.js';",
  );
  return file.add(lines.join('\n'));
}
