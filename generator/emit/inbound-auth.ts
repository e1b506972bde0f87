// Inbound authentication of the generated servers (the expose's `authentication`).
import type { InboundAuth, Template } from '../model/types.js';
import { stringLiteral } from './escape.js';
import type { TsFile } from './printer.js';
import { importRuntime } from './runtime-imports.js';

/** A function expression reading the template's value from the environment at request time. */
function envThunk(template: Template): string {
  if (template.parts.length === 0) return "() => ''";
  const body = template.parts
    .map((p) => (p.kind === 'text' ? stringLiteral(p.text) : p.kind === 'env' ? `(process.env[${stringLiteral(p.variable)}] ?? '')` : "''"))
    .join(' + ');
  return `() => ${body}`;
}

/** Whether inboundAuthMiddleware writes a middleware for `auth` (a kind it cannot check writes none). */
export function checksInboundAuth(auth: InboundAuth | undefined): auth is Exclude<InboundAuth, { kind: 'other' }> {
  return auth !== undefined && auth.kind !== 'other';
}

/** `app.use(inboundAuth(...))`, or '' when the expose declares no authentication. */
export function inboundAuthMiddleware(file: TsFile, auth: InboundAuth | undefined, indent: string): string {
  if (!checksInboundAuth(auth)) return '';
  importRuntime(file, 'inboundAuth');
  let spec: string;
  switch (auth.kind) {
    case 'bearer':
      spec = `{ kind: 'bearer', token: ${envThunk(auth.token)} }`;
      break;
    case 'apikey':
      spec = `{ kind: 'apikey', name: ${stringLiteral(auth.name)}, placement: ${stringLiteral(auth.placement)}, value: ${envThunk(auth.value)} }`;
      break;
    case 'basic':
      spec = `{ kind: 'basic', username: ${envThunk(auth.username)}, password: ${envThunk(auth.password)} }`;
      break;
  }
  return `${indent}// Every route below requires the credentials the capability declares (compared in constant time).\n${indent}app.use(inboundAuth(${spec}, log));\n`;
}
