// authentication blocks (official and dialect shapes) → UpstreamAuth / InboundAuth.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import type { ModelContext } from './context.js';
import { rec, str } from './raw.js';
import { parseTemplate } from './templates.js';
import type { InboundAuth, Template, UpstreamAuth } from './types.js';

export function readUpstreamAuth(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown): UpstreamAuth | undefined {
  const auth = readAuth(ctx, doc, path, value);
  if (!auth) return undefined;
  if (auth.kind === 'other') {
    ctx.report(doc, path, 'warning', 'NG3020', `Upstream authentication type '${auth.type}' is not supported; requests are sent without it.`, 'Use bearer, apikey, basic or digest authentication, or add the credential as a header parameter.');
    return undefined;
  }
  return auth;
}

export function readInboundAuth(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown): InboundAuth | undefined {
  const auth = readAuth(ctx, doc, path, value);
  const result: InboundAuth | undefined = auth?.kind === 'digest' ? { kind: 'other', type: 'digest' } : auth;
  if (result?.kind === 'other') {
    // Serving a declared-protected API without protection would be worse than not serving it.
    ctx.report(doc, path, 'error', 'NG3071', `Inbound authentication '${result.type}' is not supported, so this expose cannot be protected as declared.`, 'Use bearer, apikey or basic authentication on the expose, or remove the authentication block.');
  }
  return result;
}

function readAuth(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown): UpstreamAuth | { kind: 'other'; type: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = rec(value);
  const type = str(raw.type)?.toLowerCase();
  const t = (key: string, text: unknown): Template => template(ctx, doc, [...path, key], text);
  switch (type) {
    case 'bearer':
      return { kind: 'bearer', token: t('token', raw.token) };
    case 'apikey': {
      // Official: {key, value, placement}; dialect: {in, name, value} or {headers: {Name: value}}.
      const headers = rec(raw.headers);
      const headerName = Object.keys(headers)[0];
      const name = str(raw.key) ?? str(raw.name) ?? headerName ?? 'X-API-Key';
      const placementRaw = (str(raw.placement) ?? str(raw.in) ?? 'header').toLowerCase();
      const placement = placementRaw === 'query' ? 'query' : 'header';
      const secret = raw.value ?? (headerName ? headers[headerName] : undefined);
      return { kind: 'apikey', name, placement, value: t('value', secret) };
    }
    case 'basic':
    case 'digest':
      return { kind: type, username: t('username', raw.username), password: t('password', raw.password) };
    default:
      return { kind: 'other', type: type ?? 'unknown' };
  }
}

function template(ctx: ModelContext, doc: LoadedDocument, path: DocPath, value: unknown): Template {
  const text = str(value) ?? '';
  const parsed = parseTemplate(text, { env: ctx.envNames, inputs: new Set() });
  for (const name of parsed.unresolved) {
    ctx.report(doc, path, 'error', 'NG3010', `The template variable '${name}' is not bound: no binds entry declares it.`, `Add '${name.replace(/^env\./, '')}' to the keys of a binds entry, or fix the name.`);
  }
  return parsed.template;
}
