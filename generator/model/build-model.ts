// Stage 3: one validated document (plus its imports) → the CapabilityModel.
import { nearest, type Diagnostic } from '../diagnostics.js';
import { positionOf, type LoadedDocument, type LoadResult } from '../load/load-file.js';
import { looksCutOff } from './cut-off-text.js';
import { bindOpenApi } from './openapi-binding.js';
import { resolveBinaryAnswers } from './binary.js';
import { outputProperties, pagePagination } from './page-pagination.js';
import { NameAllocator, typeName } from '../names/identifiers.js';
import { ModelContext } from './context.js';
import { readConsumes, type PackageNames } from './consumes.js';
import { readMcpExpose } from './expose-mcp.js';
import { readRestExpose } from './expose-rest.js';
import { checkLiteralValues } from './literal-values.js';
import { reservedTypeNames } from './reserved-type-names.js';
import { OperationIndex } from './operations-index.js';
import { AggregateIndex } from './orchestration.js';
import { arr, rec, str } from './raw.js';
import { reportUnsupported } from './unsupported.js';
import type { CapabilityModel, ConsumesNamespace, EnvVariable, McpExpose, RestExpose } from './types.js';

export interface ModelSource {
  name: string;
  doc: LoadedDocument;
  /** capability.consumes index → the shared consumes file it imports. */
  imports: ReadonlyMap<number, LoadedDocument>;
  /** Client method names from the project config: `namespace.operation` → `group.method`. */
  names?: Readonly<Record<string, string>>;
  /** OpenAPI documents bound to consumed namespaces in the project config, loaded. */
  openapi?: ReadonlyMap<string, LoadResult>;
}

export function buildModel(source: ModelSource): { model: CapabilityModel; diagnostics: Diagnostic[] } {
  const { doc } = source;
  const root = doc.data;
  const envNames = boundVariables(root);
  const sharedDocs = [...(Array.isArray(root.consumes) && root.capability === undefined ? [doc] : []), ...source.imports.values()];
  const unbound = unboundEnvReferences([doc, ...source.imports.values()], envNames, sharedDocs);
  for (const u of unbound) envNames.add(u.name);
  const ctx = new ModelContext(envNames, source.names ?? {});
  for (const u of unbound) {
    ctx.reportAt(u, 'warning', 'NG3013', `'{{env.${u.name}}}' names an environment variable that no binds entry declares; it is read from the environment all the same.`, `Declare it: binds: [{namespace: env, keys: {${u.name}: ${u.name}}}].`);
  }
  reportUnsupported(ctx, doc);
  // Classes and types share one allocator: every client class, its options interface and every type
  // is exported from the package index side by side, and an interface named like a class merges with
  // it silently (an OpenAPI component `BatchesClient` would add its properties to the client class).
  const typesAndClasses = new NameAllocator(reservedTypeNames());
  const names: PackageNames = {
    classes: typesAndClasses,
    types: typesAndClasses,
    files: new NameAllocator(['rest', 'mcp', 'index', 'config', 'env', 'runtime']),
    env: new NameAllocator([...envNames]),
  };

  const capability = rec(root.capability);
  const consumes: ConsumesNamespace[] = [];
  const aliases = new Map<string, string>();
  const isSharedFile = Array.isArray(root.consumes) && root.capability === undefined;
  const consumesList = isSharedFile ? arr(root.consumes) : arr(capability.consumes);
  const basePath = isSharedFile ? ['consumes'] : ['capability', 'consumes'];
  consumesList.forEach((entry, index) => {
    const raw = rec(entry);
    const imported = source.imports.get(index);
    if (imported) {
      const wanted = str(raw.import);
      const alias = str(raw.as);
      const list = arr(imported.data.consumes);
      const found = list.findIndex((c) => str(rec(c).namespace) === wanted);
      if (found < 0) {
        const declared = list.map((c) => str(rec(c).namespace) ?? '').filter(Boolean);
        ctx.report(doc, [...basePath, index, 'import'], 'error', 'NG3002', `The shared file declares no consumes namespace '${wanted ?? ''}'.`, `Use one of (nearest first): ${nearest(wanted ?? '', declared, { limit: declared.length }).join(', ')}.`);
        return;
      }
      const ns = readConsumes(ctx, imported, ['consumes', found], list[found], names, alias ?? wanted);
      if (ns) consumes.push(ns);
      if (alias && wanted) aliases.set(wanted, alias);
      return;
    }
    if (raw.location !== undefined) return; // import failed: already reported by loadImports
    const ns = readConsumes(ctx, doc, [...basePath, index], entry, names);
    if (ns) consumes.push(ns);
  });

  reportUnusedNameOverrides(ctx, doc, basePath, consumes, source.names ?? {});
  for (const ns of consumes) {
    const bound = source.openapi?.get(ns.namespace);
    if (!bound) continue;
    if (!bound.ok) ctx.diagnostics.push(...bound.diagnostics);
    else bindOpenApi(ctx, ns, bound.doc, (preferred) => names.types.claim(preferred));
  }
  // Without a bound document, the capability's own outputParameters may show numbered pages.
  for (const op of consumes.flatMap((c) => c.operations)) {
    if (op.pagination) continue;
    const props = outputProperties(op.output);
    const pagination = props && pagePagination(op, props);
    if (pagination) op.pagination = pagination;
  }
  // A description cut mid-word by whatever produced the file would reach doc comments, tool schemas
  // and openapi.json as is: say so (a bound OpenAPI document's description replaces it when there is one).
  for (const op of consumes.flatMap((c) => c.operations)) {
    for (const text of [op.description, ...op.params.map((p) => p.description)]) {
      if (!text || !looksCutOff(text)) continue;
      ctx.reportAt(op.source, 'warning', 'NG3102', `${op.ref}: the description '…${text.slice(-40)}' stops mid-sentence; it is used as written.`, 'Complete the description in the capability, or bind an OpenAPI document that describes the operation.');
    }
  }
  const ops = new OperationIndex(consumes, aliases);
  const aggregates = new AggregateIndex(doc, capability.aggregates);
  const rest: RestExpose[] = [];
  const mcp: McpExpose[] = [];
  const otherExposes: CapabilityModel['otherExposes'] = [];
  arr(capability.exposes).forEach((entry, index) => {
    const raw = rec(entry);
    const path = ['capability', 'exposes', index];
    const type = str(raw.type)?.toLowerCase();
    if ((type === 'rest' && rest.length > 0) || (type === 'mcp' && mcp.length > 0)) {
      // One adapter per kind and capability: serving a second expose's routes under the first's
      // port and authentication would silently change what the file declares.
      ctx.report(doc, path, 'error', 'NG3080', `This capability has more than one '${type}' expose; naftiko-gen generates one ${type === 'rest' ? 'REST adapter' : 'MCP server'} per capability.`, `Merge the ${type} exposes into one, or split the capability into several files.`);
    } else if (type === 'rest') rest.push(readRestExpose(ctx, doc, path, entry, ops, aggregates));
    else if (type === 'mcp') mcp.push(readMcpExpose(ctx, doc, path, entry, ops, aggregates));
    else {
      const namespace = str(raw.namespace);
      otherExposes.push({ type: type ?? 'unknown', ...(namespace ? { namespace } : {}) });
      ctx.report(doc, path, 'warning', 'NG3070', `The '${type ?? 'unknown'}' expose is not generated; only rest and mcp exposes produce servers.`, 'Nothing to fix in the file: this expose is skipped by naftiko-gen (see the README).');
    }
  });

  checkLiteralValues(ctx, doc, consumes, ops);
  nameRunners(rest, mcp);
  resolveBinaryAnswers(rest, mcp, (call) => ops.operation(call.consumes, call.methodName));
  // An operation a tool explicitly hints idempotent may be retried like a GET (issue: retries).
  for (const tool of mcp.flatMap((m) => m.tools)) {
    if (!tool.call || tool.annotations.derived || !tool.annotations.idempotentHint) continue;
    const op = ops.operation(tool.call.consumes, tool.call.methodName);
    if (op) op.idempotent = true;
  }
  const info = rec(root.info);
  const title = str(info.label) ?? str(info.name) ?? source.name;
  const description = str(info.description);
  const model: CapabilityModel = {
    name: source.name,
    sourceFile: doc.file,
    formatVersion: str(root.naftiko) ?? str(root.ikanos) ?? '',
    apiVersion: str(info.version) ?? str(info.modified) ?? '0.0.0',
    info: { ...(str(info.version) !== undefined ? { version: str(info.version)! } : {}) },
    title,
    ...(description ? { description } : {}),
    tags: arr(info.tags).map(str).filter((t): t is string => t !== undefined),
    env: environment(envNames, consumes, [doc, ...source.imports.values()]),
    consumes,
    rest,
    mcp,
    otherExposes,
    aggregates: arr(capability.aggregates),
  };
  return { model, diagnostics: ctx.diagnostics };
}

/** Each orchestrated route and tool gets its own runner function name. */
function nameRunners(rest: RestExpose[], mcp: McpExpose[]): void {
  const names = new NameAllocator(['select', 'lookupStep', 'mapResult', 'valueResult', 'Clients']);
  for (const route of rest.flatMap((r) => r.routes)) if (route.orchestration) route.orchestration.runnerName = names.claim(`run${typeName(route.handlerName)}`);
  for (const tool of mcp.flatMap((m) => m.tools)) if (tool.orchestration) tool.orchestration.runnerName = names.claim(`run${typeName(tool.name, 'Tool')}Tool`);
  for (const resource of mcp.flatMap((m) => m.resources)) if (resource.orchestration) resource.orchestration.runnerName = names.claim(`run${typeName(resource.name, 'Resource')}Resource`);
  for (const prompt of mcp.flatMap((m) => m.prompts)) {
    prompt.messages.forEach((message, i) => {
      if (message.orchestration) message.orchestration.runnerName = names.claim(`run${typeName(prompt.name, 'Prompt')}Message${i + 1}`);
    });
  }
}

/** Bound variable names: the keys of every binds entry (docs/ARCHITECTURE.md: each key is an environment variable). */
function boundVariables(root: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  // Naftiko 0.5 names its key sets `externalRefs`; each key is a variable, as in binds.
  for (const bind of [...arr(root.binds), ...arr(root.externalRefs)]) for (const key of Object.keys(rec(rec(bind).keys))) names.add(key);
  return names;
}

/** `{{env.X}}` where X is not bound: the author plainly means the environment variable X. */
function unboundEnvReferences(docs: LoadedDocument[], bound: ReadonlySet<string>, shared: LoadedDocument[]): { name: string; file: string; line: number; col: number }[] {
  const found = new Map<string, { name: string; file: string; line: number; col: number }>();
  for (const doc of docs) {
    // A shared consumes file has no binds of its own: its `{{API_KEY}}` (upper snake case, the
    // environment convention) is bound by whoever imports it, and read from the environment here.
    const pattern = shared.includes(doc) ? /\{\{\s*(?:env\.)?([A-Z_][A-Z0-9_]*)\s*\}\}/g : /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
    for (const m of doc.text.matchAll(pattern)) {
      const name = m[1]!;
      if (bound.has(name) || found.has(name)) continue;
      found.set(name, { name, file: doc.file, ...positionOf(doc.text, m.index ?? 0) });
    }
  }
  return [...found.values()];
}

function environment(bound: Set<string>, consumes: ConsumesNamespace[], docs: LoadedDocument[]): EnvVariable[] {
  const text = docs.map((d) => d.text).join('\n');
  const used = (name: string): boolean => new RegExp(`\\{\\{\\s*(env\\.)?${escapeRegExp(name)}\\s*\\}\\}`).test(text);
  const secrets: EnvVariable[] = [...bound].sort().map((name) => ({
    name,
    kind: 'secret',
    required: used(name),
    purpose: used(name) ? 'Bound secret (binds), used by the capability.' : 'Bound secret (binds), not referenced by any template.',
  }));
  const urls: EnvVariable[] = consumes.map((ns) => ({
    name: ns.baseUrlEnv,
    kind: 'base-url',
    required: ns.baseUri === '' || ns.baseUri.includes('{{'),
    purpose: `Overrides the ${ns.namespace} base URL (default ${ns.baseUri || 'none'}); must be http(s)://host[:port][/path].`,
  }));
  return [...secrets, ...urls];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `names` override for a namespace this capability consumes but an operation it does not have. */
function reportUnusedNameOverrides(ctx: ModelContext, doc: LoadedDocument, basePath: string[], consumes: ConsumesNamespace[], names: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(names).sort()) {
    const ns = consumes.find((c) => key.startsWith(`${c.namespace}.`));
    if (!ns || ns.operations.some((o) => o.ref === key)) continue;
    const operation = key.slice(ns.namespace.length + 1);
    const near = nearest(operation, ns.operations.map((o) => o.name), { limit: 3 });
    ctx.report(doc, basePath, 'warning', 'NG3101', `The "names" override '${key}' in the naftiko-gen config names no operation of '${ns.namespace}'.`, `Use '<namespace>.<operation>' as written in the capability${near.length > 0 ? `; did you mean ${near.map((n) => `'${ns.namespace}.${n}'`).join(', ')}?` : '.'}`);
  }
}
