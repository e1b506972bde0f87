// consumes entries (inline or imported from a shared consumes file) → ConsumesNamespace.
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import { camelCase, kebabCase, upperSnakeCase } from '../names/case.js';
import { NameAllocator, safeIdentifier, typeName } from '../names/identifiers.js';
import { readUpstreamAuth } from './auth.js';
import { parseBinarySize } from './binary.js';
import type { ModelContext } from './context.js';
import { readOutput } from './outputs.js';
import { assignPropNames, readParameters } from './parameters.js';
import { arr, rec, str } from './raw.js';
import { parseTemplate } from './templates.js';
import type { ConsumesNamespace, Operation, Parameter, RequestBody } from './types.js';
import { CLIENT_MEMBERS, nameOperations } from './operation-names.js';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Upstream formats without a converter (html/markdown selectors, binary schemas): passed through. */
const UNCONVERTED_FORMATS = new Set(['html', 'markdown', 'avro', 'protobuf']);

export interface PackageNames {
  classes: NameAllocator;
  types: NameAllocator;
  files: NameAllocator;
  env: NameAllocator;
}

export function readConsumes(
  ctx: ModelContext,
  doc: LoadedDocument,
  path: DocPath,
  value: unknown,
  names: PackageNames,
  namespaceOverride?: string,
): ConsumesNamespace | undefined {
  const raw = rec(value);
  const namespace = namespaceOverride ?? str(raw.namespace);
  if (!namespace) return undefined;
  const base = typeName(namespace, 'Upstream');
  const className = names.classes.claim(`${base}Client`);
  const optionsTypeName = names.types.claim(`${className}Options`);
  const baseUri = str(raw.baseUri) ?? '';
  const parsedBase = parseTemplate(baseUri, { env: ctx.envNames, inputs: new Set() });
  if (parsedBase.template.parts.some((p) => p.kind !== 'text')) {
    ctx.report(doc, [...path, 'baseUri'], 'warning', 'NG3030', `The baseUri '${baseUri}' contains template variables; the generated client needs ${upperSnakeCase(namespace)}_BASE_URL or a baseUrl option at run time.`, `Set ${upperSnakeCase(namespace)}_BASE_URL when starting the servers, or write a literal baseUri.`);
  }
  const methods = new NameAllocator(CLIENT_MEMBERS);
  const operations: Operation[] = [];
  const drafts: Parameters<typeof nameOperations>[2][number][] = [];
  arr(raw.resources).forEach((resValue, ri) => {
    const res = rec(resValue);
    const resPath: DocPath = [...path, 'resources', ri];
    const resourceName = str(res.name) ?? `resource${ri + 1}`;
    const pathTemplate = normalizePath(str(res.path) ?? '/');
    const resParams = readParameters(ctx, doc, [...resPath, 'inputParameters'], res.inputParameters);
    arr(res.operations).forEach((opValue, oi) => {
      const op = rec(opValue);
      const opPath: DocPath = [...resPath, 'operations', oi];
      const name = str(op.name) ?? `${resourceName}-${oi + 1}`;
      const method = (str(op.method) ?? 'GET').toUpperCase();
      const params = mergeParams(resParams, readParameters(ctx, doc, [...opPath, 'inputParameters'], op.inputParameters));
      // The dialect's operation-level path (NGD114) replaces its resource's.
      const opTemplate = str(op.path) !== undefined ? normalizePath(str(op.path)!) : pathTemplate;
      addMissingPathParams(ctx, doc, opPath, opTemplate, params);
      const body = readBody(ctx, op, params);
      addTemplateParams(body, params);
      assignPropNames(params);
      const description = str(op.description);
      const format = (str(op.outputRawFormat) ?? 'json').toLowerCase();
      if (UNCONVERTED_FORMATS.has(format)) {
        ctx.report(doc, [...opPath, 'outputRawFormat'], 'warning', 'NG3090', `Bodies in '${format}' are not converted to JSON: they pass through as they are, and output projections over them see text.`, 'Pass the body through (no outputParameters), or have the upstream answer JSON, XML, CSV or YAML.');
      }
      const operation: Operation = {
        name,
        ref: `${namespace}.${name}`,
        methodName: methods.claim(safeIdentifier(camelCase(name), 'call')),
        group: '',
        member: '',
        words: [],
        inputTypeName: '',
        resultTypeName: '',
        method,
        path: opTemplate,
        resourceName,
        ...(description ? { description } : {}),
        params,
        body,
        outputRawFormat: format,
        ...(format === 'binary' ? { binary: binaryOf(op) } : {}),
        output: readOutput(ctx, op.outputParameters),
        idempotent: IDEMPOTENT_METHODS.has(method),
        source: ctx.where(doc, opPath),
      };
      operations.push(operation);
      drafts.push({ op: operation, at: { doc, path: [...opPath, 'name'] } });
    });
  });
  nameOperations(ctx, namespace, drafts, ctx.nameOverrides, (preferred) => names.types.claim(typeName(preferred, 'Operation')));
  const description = str(raw.description);
  const params = readParameters(ctx, doc, [...path, 'inputParameters'], raw.inputParameters);
  assignPropNames(params);
  const auth = readUpstreamAuth(ctx, doc, [...path, 'authentication'], raw.authentication);
  return {
    namespace,
    className,
    optionsTypeName,
    fileStem: names.files.claim(`${kebabCase(namespace) || 'upstream'}-client`),
    baseUri,
    baseUrlEnv: names.env.claim(`${upperSnakeCase(namespace) || 'UPSTREAM'}_BASE_URL`),
    ...(description ? { description } : {}),
    ...(auth ? { auth } : {}),
    params,
    operations,
  };
}

/** `{{x}}` placeholders become `{x}` so the runtime has one placeholder syntax. */
export function normalizePath(path: string): string {
  return path.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, '{$1}');
}

export function pathPlaceholders(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

function mergeParams(resource: Parameter[], operation: Parameter[]): Parameter[] {
  const own = new Set(operation.map((p) => `${p.in}:${p.wireName}`));
  return [...resource.filter((p) => !own.has(`${p.in}:${p.wireName}`)), ...operation].map((p) => ({ ...p }));
}

/** A path placeholder with no declared parameter still needs a value: add it (and say so). */
function addMissingPathParams(ctx: ModelContext, doc: LoadedDocument, at: DocPath, path: string, params: Parameter[]): void {
  for (const placeholder of pathPlaceholders(path)) {
    if (params.some((p) => p.in === 'path' && p.wireName === placeholder)) continue;
    const env = ctx.envNames.has(placeholder) || placeholder.startsWith('env.');
    if (env) continue;
    params.push({ wireName: placeholder, propName: '', in: 'path', schema: { type: 'string' }, required: true });
    ctx.report(doc, at, 'warning', 'NG3011', `The path placeholder '{${placeholder}}' has no inputParameter; a required string parameter was assumed.`, `Declare {name: ${placeholder}, in: path} in the operation's inputParameters.`);
  }
}

function readBody(ctx: ModelContext, op: Record<string, unknown>, params: Parameter[]): RequestBody {
  const bodyParams = params.filter((p) => p.in === 'body');
  const only = bodyParams[0];
  if (bodyParams.length === 1 && only && (only.schema.type === 'object' || only.schema.type === 'array' || only.wireName === 'body')) {
    return { kind: 'json-input', param: only };
  }
  if (bodyParams.length > 0) return { kind: 'json-fields', params: bodyParams };
  const body = op.body;
  const scope = { env: ctx.envNames, inputs: new Set(params.map((p) => p.wireName)) };
  if (typeof body === 'string') {
    const trimmed = body.trim();
    const json = trimmed.startsWith('{') || trimmed.startsWith('[');
    return { kind: 'template', contentType: json ? 'application/json' : 'text/plain', format: json ? 'json' : 'raw', template: parseTemplate(body, scope).template };
  }
  if (body && typeof body === 'object') {
    const spec = rec(body);
    const type = (str(spec.type) ?? 'json').toLowerCase();
    const data = spec.data;
    if (type === 'formurlencoded' || type === 'form' || type === 'multipartform') {
      const fields = Object.entries(rec(data)).map(([name, v]) => ({ name, value: parseTemplate(str(v) ?? JSON.stringify(v), scope).template }));
      return { kind: 'form', format: type === 'multipartform' ? 'multipart' : 'form', fields };
    }
    if (type === 'json' && data === undefined) {
      // The dialect's `{type: json}` without `data`: the caller's JSON body is sent as it is.
      const param: Parameter = { wireName: 'body', propName: '', in: 'body', schema: { type: 'object', description: 'Request body (JSON).' }, required: false, description: 'Request body (JSON).' };
      params.push(param);
      return { kind: 'json-input', param };
    }
    if (type === 'json' && typeof data !== 'string') {
      return { kind: 'json-template', data: data ?? {}, holes: jsonHoles(data, scope) };
    }
    const text = typeof data === 'string' ? data : JSON.stringify(data ?? {});
    const format = type === 'text' || type === 'xml' || type === 'sparql' ? type : 'json';
    const contentType = { json: 'application/json', text: 'text/plain', xml: 'application/xml', sparql: 'application/sparql-query' }[format];
    return { kind: 'template', contentType, format, template: parseTemplate(text, scope).template };
  }
  return { kind: 'none' };
}

/** Input names used by `{{x}}` holes in a structured JSON body (keys and values). */
function jsonHoles(data: unknown, scope: { env: ReadonlySet<string>; inputs: ReadonlySet<string> }): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of parseTemplate(value, scope).template.parts) if (part.kind === 'input') names.add(part.name);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (visit(k), visit(v));
  };
  visit(data);
  return [...names];
}

/**
 * Holes in a body template that no parameter declares (`{{tools.org_name}}` in `body.data`) are
 * inputs of the operation all the same: the exposes fill them through `with`.
 */
function addTemplateParams(body: RequestBody, params: Parameter[]): void {
  const names: string[] =
    body.kind === 'json-template'
      ? body.holes
      : body.kind === 'template'
        ? body.template.parts.flatMap((p) => (p.kind === 'input' ? [p.name] : []))
        : body.kind === 'form'
          ? body.fields.flatMap((f) => f.value.parts.flatMap((p) => (p.kind === 'input' ? [p.name] : [])))
          : [];
  // `{{x}}` in a parameter's fixed value names an input too (`value: 'Bearer {{tools.token}}'`).
  names.push(...params.flatMap((p) => p.value?.parts.flatMap((part) => (part.kind === 'input' ? [part.name] : [])) ?? []));
  for (const name of names) {
    if (params.some((p) => p.wireName === name)) continue;
    params.push({ wireName: name, propName: '', in: 'template', schema: { type: 'string' }, required: true, description: `Fills {{${name}}} in the request.` });
  }
}

/** What a binary operation declares: its media type and its own size cap. */
function binaryOf(op: Record<string, unknown>): NonNullable<Operation['binary']> {
  const mediaType = str(op.outputMediaType);
  const maxBytes = parseBinarySize(op.maxBinarySize);
  return { ...(mediaType ? { mediaType } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
}
