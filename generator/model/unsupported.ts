// Ikanos constructs naftiko-gen reads but does not generate: each one is reported, never dropped silently.
import type { LoadedDocument } from '../load/load-file.js';
import type { ModelContext } from './context.js';
import { arr, rec } from './raw.js';

export function reportUnsupported(ctx: ModelContext, doc: LoadedDocument): void {
  const root = doc.data;
  const capability = rec(root.capability);
  const inCapability = (section: string) => arr(capability[section]).map((entry, i) => ({ entry: rec(entry), path: ['capability', section, i] }));
  for (const { entry, path } of inCapability('consumes')) {
    if (entry.tunnel !== undefined) {
      ctx.report(doc, [...path, 'tunnel'], 'error', 'NG3130', 'This consumed API is reached through a `tunnel` (OpenZiti), which the generated client cannot open.', 'Remove `tunnel` and make the API reachable directly (for example through a sidecar or VPN), then point `baseUri` at it.');
    }
  }
  for (const { entry, path } of inCapability('exposes')) {
    for (const key of ['ttlMs', 'cacheScope']) {
      if (entry[key] !== undefined) {
        ctx.report(doc, [...path, key], 'warning', 'NG3132', `\`${key}\` (MCP result caching hints) is not generated: the generated MCP server sends no cache hints.`, `Nothing to fix; remove \`${key}\` to silence this warning.`);
      }
    }
  }
}
