// Typed client: one class per consumes namespace, one method per consumed operation.
import type { CapabilityModel, ConsumesNamespace, JsonSchema, Operation, Parameter, Template, UpstreamAuth } from '../model/types.js';
import { asSentence, jsDoc, jsonLiteral, propertyAccess, propertyKey, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { constantName } from './naming.js';
import { needsProjection, projectionExpression } from './projection.js';
import { NameAllocator } from '../names/identifiers.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';
import { outputTsType, tsType } from './ts-types.js';
import { traced } from './source-trace.js';
import { namedSchemaTs, schemaTs } from './schema-types.js';
import { componentName, resolveSchema } from '../model/schema-ref.js';

export function clientPath(ns: ConsumesNamespace): string {
  return `src/clients/${ns.fileStem}.ts`;
}

export function emitClient(model: CapabilityModel, ns: ConsumesNamespace, header: FileHeader): TsFile {
  const file = new TsFile(clientPath(ns), header);
  const secrets = secretNames(ns);
  // Named schemas of a bound OpenAPI document (Batch, BatchStatus…), then each operation's types.
  for (const [name, schema] of Object.entries(ns.schemas ?? {})) file.add(namedSchemaTs(name, schema));
  for (const op of ns.operations) {
    file.add(traced(op.source, inputType(op)));
    if (resultType(op) === op.resultTypeName && !streamKind(op)) file.add(traced(op.source, `${jsDoc([`Result of \`${op.ref}\`${op.output.kind === 'passthrough' && !op.typed?.result ? ': the upstream body, unchanged' : ''}.`])}export type ${op.resultTypeName} = ${op.typed?.result && op.output.kind === 'passthrough' ? schemaTs(op.typed.result) : outputTsType(op.output)};`));
  }
  file.add(optionsType(ns, secrets));
  for (const op of ns.operations) file.add(traced(op.source, requestBuilder(file, ns, op)));
  file.add(clientClass(file, model, ns, secrets));
  return file;
}

/** Bound variables this namespace's auth and parameters read. */
export function secretNames(ns: ConsumesNamespace): string[] {
  const names = new Set<string>();
  const visit = (t: Template | undefined): void => t?.parts.forEach((p) => p.kind === 'env' && names.add(p.variable));
  const auth = ns.auth;
  if (auth?.kind === 'bearer') visit(auth.token);
  if (auth?.kind === 'apikey') visit(auth.value);
  if (auth?.kind === 'basic' || auth?.kind === 'digest') (visit(auth.username), visit(auth.password));
  for (const p of [...ns.params, ...ns.operations.flatMap((o) => o.params)]) visit(p.value);
  for (const op of ns.operations) {
    if (op.body.kind === 'template') visit(op.body.template);
    if (op.body.kind === 'form') op.body.fields.forEach((f) => visit(f.value));
  }
  return [...names].sort();
}

function callerParams(op: Operation): Parameter[] {
  return op.params.filter((p) => !p.value && p.in !== 'environment');
}

/**
 * What the typed method resolves with: a named schema of the bound document as it is (`Batch`),
 * else the operation's own result type. Projections keep the type of their fields.
 */
export function resultType(op: Operation): string {
  const named = op.output.kind === 'passthrough' ? componentName(op.typed?.result?.$ref) : undefined;
  return named ?? op.resultTypeName;
}

/** The type of a caller parameter: the bound document's schema when there is one. */
function paramType(op: Operation, p: Parameter): string {
  if (op.body.kind === 'json-input' && op.body.param === p && op.typed?.body) return schemaTs(op.typed.body, '  ');
  const schema = op.typed?.params[p.wireName];
  return schema ? schemaTs(schema, '  ') : tsType(p.schema);
}

/** The 2xx body streams (JSON lines, server-sent events or bytes) rather than being one JSON document. */
function streamKind(op: Operation): 'jsonl' | 'sse' | 'bytes' | undefined {
  if (op.output.kind !== 'passthrough') return undefined;
  return op.typed?.stream?.kind ?? (op.binary ? 'bytes' : undefined);
}

function inputType(op: Operation): string {
  const params = callerParams(op);
  const doc = jsDoc([`Input of \`${op.ref}\` (${op.method} ${op.path}).`]);
  if (params.length === 0) return `${doc}export type ${op.inputTypeName} = Record<string, never>;`;
  const fields = params.map((p) => `${jsDoc([p.description, `Sent in the ${p.in === 'body' ? 'request body' : p.in} as \`${p.wireName}\`.`], '  ')}  ${propertyKey(p.propName)}${p.required ? '' : '?'}: ${paramType(op, p)};`);
  return `${doc}export interface ${op.inputTypeName} {\n${fields.join('\n')}\n}`;
}

function optionsType(ns: ConsumesNamespace, secrets: string[]): string {
  const credentialFields = secrets.map((s) => `    ${propertyKey(s)}?: string;`).join('\n');
  return `${jsDoc([`Options of {@link ${ns.className}}.`])}export interface ${ns.optionsTypeName} {
  ${jsDoc([`Base URL of the upstream API. Default: the ${ns.baseUrlEnv} environment variable, then ${ns.baseUri || '(none)'}.`], '').trimEnd()}
  baseUrl?: string;
${secrets.length > 0 ? `  /** Credentials; each defaults to the environment variable of the same name (empty or blank counts as unset). */\n  credentials?: {\n${credentialFields}\n  };\n` : ''}  /** Request timeout in milliseconds, 1 to 2147483647 or 0/Infinity for none (default: NAFTIKO_UPSTREAM_TIMEOUT_MS, else 30000); per call: \`CallOptions.timeoutMs\`. */
  timeoutMs?: number;
  /** Retries of idempotent calls on network errors, 408, 429 and 5xx (default: NAFTIKO_UPSTREAM_RETRIES, else 2). */
  retry?: RetryOptions;
  /** Environment to read defaults from (default \`process.env\`). */
  env?: Record<string, string | undefined>;
  /** A fetch implementation to send with instead of the built-in node:http(s) client (keep-alive, faster). */
  fetch?: typeof fetch;
  /** Largest response body a typed method buffers, in bytes: a whole number, at least 1 (default 64 MiB); larger ones need the \`raw\` method. */
  maxJsonBytes?: number;
}`;
}

/** A JS expression producing the template's text; \`<secretFn>(name)\` and \`input\` are in scope. */
function renderTemplate(template: Template, op?: Operation, secretFn = 'secret'): string {
  if (template.parts.length === 0) return "''";
  return template.parts
    .map((part) => {
      if (part.kind === 'text') return stringLiteral(part.text);
      if (part.kind === 'env') return `${secretFn}(${stringLiteral(part.variable)})`;
      const param = op?.params.find((p) => p.wireName === part.name);
      return param ? `String(input${propertyAccess(param.propName)} ?? '')` : "''";
    })
    .join(' + ');
}

function valueOf(p: Parameter, op: Operation): string {
  if (p.value) return renderTemplate(p.value, op);
  const access = `input${propertyAccess(p.propName)}`;
  // Objects cannot travel in a query string or header as they are: send them as JSON text.
  if (p.schema.type === 'object' && p.in !== 'body' && p.in !== 'template') return `${access} === undefined ? undefined : JSON.stringify(${access})`;
  return access;
}

/** The parameters of a request: the namespace's, unless the operation declares the same one. */
function requestParams(ns: ConsumesNamespace, op: Operation): Parameter[] {
  return [...ns.params.filter((p) => !op.params.some((o) => o.in === p.in && o.wireName === p.wireName)), ...op.params];
}

/** The request reads a bound secret (a `{{env.X}}` in a parameter or body): its builder takes `secret`. */
function requestUsesSecret(ns: ConsumesNamespace, op: Operation): boolean {
  const templates = [...requestParams(ns, op).flatMap((p) => (p.value ? [p.value] : [])), ...bodyTemplates(op)];
  return op.body.kind === 'json-template' || templates.some((t) => t.parts.some((x) => x.kind === 'env'));
}

/** `createbatchRequest(input ?? {})`, with the client's secret reader when the request needs it. */
function requestCall(ns: ConsumesNamespace, op: Operation): string {
  return `${op.methodName}Request(params ?? {}${requestUsesSecret(ns, op) ? ', this.#secret' : ''})`;
}

function requestBuilder(file: TsFile, ns: ConsumesNamespace, op: Operation): string {
  importRuntimeType(file, 'RequestPlan');
  const all = [...ns.params.filter((p) => !op.params.some((o) => o.in === p.in && o.wireName === p.wireName)), ...op.params];
  const group = (where: Parameter['in']): string | undefined => {
    const list = all.filter((p) => p.in === where);
    if (list.length === 0) return undefined;
    return `{ ${list.map((p) => `${propertyKey(p.wireName)}: ${valueOf(p, op)}`).join(', ')} }`;
  };
  const entries: string[] = [
    `operation: ${stringLiteral(op.ref)}`,
    `method: ${stringLiteral(op.method)}`,
    `path: ${stringLiteral(op.path)}`,
    `idempotent: ${op.idempotent}`,
  ];
  const pathParams = group('path');
  if (pathParams) entries.push(`pathParams: ${pathParams}`);
  const query = group('query');
  if (query) entries.push(`query: ${query}`);
  const headers = group('header');
  if (headers) entries.push(`headers: ${headers}`);
  const cookies = group('cookie');
  if (cookies) entries.push(`cookies: ${cookies}`);
  const body = bodyExpression(op);
  if (body) entries.push(`body: ${body}`);
  if (op.body.kind === 'json-template') importRuntime(file, 'renderJsonTemplate');
  // Decided from the model, not by searching the generated text (a literal could contain "input").
  const templates = [...all.flatMap((p) => (p.value ? [p.value] : [])), ...bodyTemplates(op)];
  const usesSecret = requestUsesSecret(ns, op);
  const usesInput = all.some((p) => !p.value && p.in !== 'environment') || templates.some((t) => t.parts.some((x) => x.kind === 'input'));
  const optional = callerParams(op).every((p) => !p.required);
  return `${jsDoc([`The request of \`${op.ref}\`: ${op.method} ${op.path}.`])}function ${op.methodName}Request(${usesInput ? 'input' : '_input'}: ${op.inputTypeName}${optional ? ' = {}' : ''}${usesSecret ? ', secret: (name: string) => string' : ''}): RequestPlan {
  return {
    ${entries.join(',\n    ')},
  };
}`;
}

function bodyExpression(op: Operation): string | undefined {
  const body = op.body;
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json-input':
      return `{ kind: 'json', value: ${valueOf(body.param, op)} }`;
    case 'json-fields':
      return `{ kind: 'json', value: { ${body.params.map((p) => `${propertyKey(p.wireName)}: ${valueOf(p, op)}`).join(', ')} } }`;
    case 'template':
      return `{ kind: 'text', contentType: ${stringLiteral(body.contentType)}, value: ${renderTemplate(body.template, op)} }`;
    case 'json-template': {
      const values = op.params.filter((p) => body.holes.includes(p.wireName)).map((p) => `${propertyKey(p.wireName)}: input${propertyAccess(p.propName)}`);
      return `{ kind: 'json', value: renderJsonTemplate(${jsonLiteral(body.data)}, { ${values.join(', ')} }, secret) }`;
    }
    case 'form':
      return `{ kind: ${stringLiteral(body.format === 'multipart' ? 'multipart' : 'form')}, value: { ${body.fields.map((f) => `${propertyKey(f.name)}: ${renderTemplate(f.value, op)}`).join(', ')} } }`;
  }
}

function bodyTemplates(op: Operation): Template[] {
  if (op.body.kind === 'template') return [op.body.template];
  if (op.body.kind === 'form') return op.body.fields.map((f) => f.value);
  return [];
}

function authExpression(auth: UpstreamAuth | undefined, secretFn: string): string {
  if (!auth) return 'undefined';
  const t = (template: Template): string => renderTemplate(template, undefined, secretFn);
  switch (auth.kind) {
    case 'bearer':
      return `() => ({ headers: { authorization: 'Bearer ' + (${t(auth.token)}) } })`;
    case 'apikey':
      return auth.placement === 'query'
        ? `() => ({ query: { ${propertyKey(auth.name)}: ${t(auth.value)} } })`
        : `() => ({ headers: { ${propertyKey(auth.name.toLowerCase())}: ${t(auth.value)} } })`;
    case 'basic':
    case 'digest':
      // Digest needs a challenge round trip; sending basic credentials is what most digest-protected
      // test and gateway endpoints accept, and the README says so.
      return `() => ({ headers: { authorization: 'Basic ' + Buffer.from((${t(auth.username)}) + ':' + (${t(auth.password)})).toString('base64') } })`;
  }
}

/** Upstream formats the client converts to JSON (with a well-kept parser each, in runtime/formats.ts). */
const STRUCTURED_FORMATS = new Set(['xml', 'csv', 'tsv', 'psv', 'yaml', 'yml']);

/** The parsed body needs converting (XML, CSV…) or projecting before it is the operation's result. */
export function bodyNeedsWork(op: Operation): boolean {
  return needsProjection(op.output) || STRUCTURED_FORMATS.has(op.outputRawFormat);
}

/** The operations of a namespace by group (`batches`), in the order the groups first appear. */
export function operationGroups(ns: ConsumesNamespace): { group: string; operations: Operation[] }[] {
  const groups = new Map<string, Operation[]>();
  for (const op of ns.operations) groups.set(op.group, [...(groups.get(op.group) ?? []), op]);
  return [...groups.entries()].map(([group, operations]) => ({ group, operations }));
}

/** `clients.x.batches.create` — how generated code reaches an operation (`raw.` for the raw response). */
export function operationAccess(op: Operation, raw = false): string {
  return `${raw ? '.raw' : ''}${propertyAccess(op.group)}${propertyAccess(op.member)}`;
}

const THROWS = [
  '@throws {UpstreamHttpError} for a non-2xx status (a subclass per status: NotFoundError, RateLimitError…).',
  '@throws {UpstreamNetworkError} when the upstream cannot be reached (UpstreamTimeoutError: no answer in time).',
];

function paramDoc(op: Operation): string {
  return callerParams(op).length > 0 ? `@param params - what to send: ${callerParams(op).map((p) => `\`${p.propName}\``).join(', ')}.` : '@param params - nothing to send (`{}` or omitted).';
}

/** The TS type of one item of a paginated list: from the bound schema, else the result type's own field. */
function pageItemType(ns: ConsumesNamespace, op: Operation, itemsField: string): string {
  const page = resolveSchema(ns.schemas, op.typed?.result);
  const itemsSchema = ((page?.properties as Record<string, Record<string, unknown>> | undefined)?.[itemsField]?.items ?? undefined) as JsonSchema | undefined;
  if (itemsSchema) return schemaTs(itemsSchema, '    ');
  return op.typed?.result || op.output.kind === 'projection' ? `NonNullable<${resultType(op)}[${stringLiteral(itemsField)}]>[number]` : 'unknown';
}

/** Every item of every page of a paginated list (by cursor or page number), beside the one-page method. */
function paginatedMethod(file: TsFile, ns: ConsumesNamespace, op: Operation, name: string): string {
  const p = op.pagination!;
  const item = pageItemType(ns, op, p.itemsField);
  const call = `this${propertyAccess(op.group)}${propertyAccess(op.member)}`;
  const options = '@param options - per-call timeout, abort signal and request id, for each page.';
  if ('pageParam' in p) {
    importRuntime(file, 'paginatePages');
    const param = op.params.find((x) => x.wireName === p.pageParam)!;
    const says = p.nextField ? `the page's \`${p.nextField}\`${p.hasMoreField ? `, else \`${p.hasMoreField}\`,` : ''} says which comes next` : `\`${p.hasMoreField}\` says another follows`;
    const doc = jsDoc([`Every item of ${op.group}.${op.member}, page after page: the next page (\`${p.pageParam}\`) is asked for only as you iterate, while ${says}; an empty page, or one that does not advance, ends it.`, `@param params - as for ${op.member}; \`${param.propName}\` is the page to start at (default: ${p.firstPage}).`, options, ...THROWS], '    ');
    const numeric = param.schema.type === 'integer' || param.schema.type === 'number';
    const value = numeric ? 'page' : 'String(page)';
    const start = `params${propertyAccess(param.propName).replace(/^\./, '?.').replace(/^\[/, '?.[')}`;
    const first = numeric ? `${start} ?? ${p.firstPage}` : `Number(${start} ?? ${p.firstPage})`;
    const fields = { items: p.itemsField, param: p.pageParam, ...(p.nextField ? { next: p.nextField } : {}), ...(p.hasMoreField ? { hasMore: p.hasMoreField } : {}) };
    return `${doc}    ${propertyKey(name)}: (params?: ${op.inputTypeName}, options?: CallOptions): AsyncIterable<${item}> =>
      paginatePages<${item}>((page) => ${call}({ ...params, ${propertyKey(param.propName)}: ${value} }, options), ${jsonLiteral(fields)}, ${first}),`;
  }
  importRuntime(file, 'paginate');
  const cursor = op.params.find((x) => x.wireName === p.cursorParam)!;
  const doc = jsDoc([`Every item of ${op.group}.${op.member}, page after page: the next page (\`${p.cursorParam}\` = the page's \`${p.nextCursorField}\`) is asked for only as you iterate, while \`${p.hasMoreField}\` says more follow.`, `@param params - as for ${op.member}; \`${cursor.propName}\` is where to start (default: the beginning).`, options, ...THROWS], '    ');
  return `${doc}    ${propertyKey(name)}: (params?: ${op.inputTypeName}, options?: CallOptions): AsyncIterable<${item}> =>
      paginate<${item}>((cursor) => ${call}({ ...params, ${propertyKey(cursor.propName)}: cursor }, options), ${jsonLiteral({ items: p.itemsField, hasMore: p.hasMoreField, nextCursor: p.nextCursorField })}, params${propertyAccess(cursor.propName).replace(/^\./, '?.').replace(/^\[/, '?.[')}),`;
}

/** A streaming method: JSON lines or server-sent events as an async iterable, other bodies as bytes. */
function streamMethod(file: TsFile, ns: ConsumesNamespace, op: Operation, kind: 'jsonl' | 'sse' | 'bytes'): string {
  const optional = callerParams(op).every((p) => !p.required) ? '?' : '';
  const send = `this.#transport.send(${requestCall(ns, op)}, options)`;
  const where = `\`${op.method} ${op.path}\` (\`${op.ref}\`).`;
  if (kind === 'jsonl') {
    importRuntime(file, 'jsonLinesOf');
    importRuntimeType(file, 'JsonLinesOptions');
    const stream = op.typed?.stream;
    const item = stream?.kind === 'jsonl' && stream.item ? schemaTs(stream.item, '    ') : 'unknown';
    const doc = jsDoc([asSentence(op.description), `${where} The body is JSON lines: iterate it (\`for await\`) to get one parsed line at a time, in bounded memory; break to stop reading.`, paramDoc(op), '@param options - per-call timeout, abort signal and request id; `maxLineLength` bounds one line (default 64 Mi characters).', ...THROWS, '@throws {UpstreamFormatError} while iterating: a line that is not JSON or is too long.'], '    ');
    return `${doc}    ${propertyKey(op.member)}: (params${optional}: ${op.inputTypeName}, options?: JsonLinesOptions): Promise<AsyncIterable<${item}>> =>
      jsonLinesOf<${item}>(${send}, options),`;
  }
  if (kind === 'sse') {
    importRuntime(file, 'serverSentEventsOf');
    importRuntimeType(file, 'ServerSentEvent');
    importRuntimeType(file, 'ServerSentEventsOptions');
    const stream = op.typed?.stream;
    const json = stream?.kind === 'sse' && stream.json;
    const data = json ? (stream.data ? schemaTs(stream.data, '    ') : 'unknown') : 'string';
    const doc = jsDoc([asSentence(op.description), `${where} The body is a stream of server-sent events: iterate it (\`for await\`) to get each event as it arrives (\`event\`, \`data\`${json ? ' parsed from JSON' : ''}, \`id\`, \`retry\`); break, or abort the call's signal, to close the connection.`, paramDoc(op), '@param options - per-call timeout (until the stream opens), abort signal and request id; `maxEventLength` bounds one event (default 16 Mi characters).', ...THROWS, `@throws {UpstreamFormatError} while iterating: an event that is too long${json ? ' or whose data is not JSON' : ''}.`], '    ');
    return `${doc}    ${propertyKey(op.member)}: (params${optional}: ${op.inputTypeName}, options?: ServerSentEventsOptions): Promise<AsyncIterable<ServerSentEvent<${data}>>> =>
      serverSentEventsOf<${data}>(${send}, options${json ? ", 'json'" : ''}),`;
  }
  importRuntime(file, 'bytesOf');
  // A declared maxBinarySize bounds the stream: more bytes fail it with BinaryTooLargeError.
  const cap = op.binary?.maxBytes;
  const capDoc = cap !== undefined ? ` At most ${cap} bytes (maxBinarySize): a longer body fails with BinaryTooLargeError.` : '';
  const doc = jsDoc([asSentence(op.description), `${where} The body is bytes: read the stream (or cancel it).${capDoc}`, paramDoc(op), '@param options - per-call timeout, abort signal and request id.', ...THROWS], '    ');
  return `${doc}    ${propertyKey(op.member)}: (params${optional}: ${op.inputTypeName}, options?: CallOptions): Promise<ReadableStream<Uint8Array>> =>
      bytesOf(${send}, options${cap !== undefined ? `, ${cap}` : ''}),`;
}

function clientClass(file: TsFile, model: CapabilityModel, ns: ConsumesNamespace, secrets: string[]): string {
  importRuntime(file, 'Transport');
  importRuntime(file, 'timeoutOf');
  importRuntime(file, 'retryOf');
  importRuntimeType(file, 'RetryOptions');
  importRuntimeType(file, 'CallOptions');
  importRuntimeType(file, 'UpstreamResponse');
  const constants = new NameAllocator();
  const declarations: string[] = [];
  const optionalMark = (op: Operation): string => (callerParams(op).every((p) => !p.required) ? '?' : '');
  const method = (op: Operation): string => {
    const stream = streamKind(op);
    if (stream) return streamMethod(file, ns, op, stream);
    // A JSON operation's typed result must be JSON: other text is an error pointing at raw.*.
    const expectJson = op.outputRawFormat === 'json' ? ', true' : '';
    const call = `this.#transport.json<${bodyNeedsWork(op) ? 'unknown' : resultType(op)}>(${requestCall(ns, op)}, options${expectJson})`;
    let body = call;
    if (bodyNeedsWork(op)) {
      let value = 'body';
      if (STRUCTURED_FORMATS.has(op.outputRawFormat)) {
        importRuntime(file, 'parseRawFormat');
        value = `typeof body === 'string' ? parseRawFormat(body, ${stringLiteral(op.outputRawFormat)}) : body`;
      }
      if (needsProjection(op.output)) {
        const projection = projectionExpression(file, op.output, constants.claim(`${constantName(op.methodName)}_OUTPUT`), `(${value})`);
        declarations.push(traced(op.source, `${jsDoc([`Output fields of \`${op.ref}\`.`])}${projection.declaration}`));
        value = projection.expression;
      }
      body = `${call}.then((body) => (${value}) as ${resultType(op)})`;
    }
    const doc = jsDoc([asSentence(op.description), '', `\`${op.method} ${op.path}\` (\`${op.ref}\`).`, paramDoc(op), '@param options - per-call timeout, abort signal and request id.', ...THROWS], '    ');
    return `${doc}    ${propertyKey(op.member)}: (params${optionalMark(op)}: ${op.inputTypeName}, options?: CallOptions): Promise<${resultType(op)}> =>
      ${body},`;
  };
  const groups = operationGroups(ns).map(({ group, operations }) => {
    const members = new NameAllocator(operations.map((o) => o.member));
    const all = operations.flatMap((op) => (op.pagination ? [traced(op.source, paginatedMethod(file, ns, op, members.claim(`${op.member}All`)))] : []));
    return `${jsDoc([`Operations on ${[...new Set(operations.map((o) => `\`${o.path}\``))].join(', ')}.`], '  ')}  readonly ${propertyKey(group)} = {
${[...operations.map((op) => traced(op.source, method(op))), ...all].join('\n')}
  };`;
  });
  if (declarations.length > 0) file.add(declarations.join('\n\n'));
  const raw = operationGroups(ns).map(
    ({ group, operations }) => `    ${propertyKey(group)}: {
${operations.map((op) => traced(op.source, `      ${propertyKey(op.member)}: (params${optionalMark(op)}: ${op.inputTypeName}, options?: CallOptions): Promise<UpstreamResponse> =>
        this.#transport.send(${requestCall(ns, op)}, options),`)).join('\n')}
    },`,
  );
  importRuntime(file, 'MissingCredentialError');
  importRuntime(file, 'baseUrlOf');
  importRuntime(file, 'registerForwardTarget');
  if (secrets.length > 0) importRuntime(file, 'callerSecret');
  const secretUnion = secrets.length > 0 ? secrets.map(stringLiteral).join(' | ') : 'never';
  return `${jsDoc([`Client for the \`${ns.namespace}\` API of ${model.title}.`, ns.description])}export class ${ns.className} {
  readonly #transport: Transport;
  readonly #secret: (name: string) => string;

${groups.join('\n\n')}

  /**
   * The same operations, resolving with the raw response for any status: \`status\`, \`headers\` and
   * \`body\` as an unread stream (use \`iterateJsonLines\` for JSONL bodies).
   */
  readonly raw = {
${raw.join('\n')}
  };

  constructor(options: ${ns.optionsTypeName} = {}) {
    const env = options.env ?? process.env;
    const missing = (name: string): never => {
      throw new MissingCredentialError(${stringLiteral(ns.className)}, name);
    };
    // Empty or only spaces counts as unset, as in the servers' start-up check.
    const given = (value: string | undefined): string | undefined => (value?.trim() ? value : undefined);
    ${secrets.length > 0 ? `const credentials: Partial<Record<${secretUnion}, string>> = options.credentials ?? {};
    // While a server serves a request with NAFTIKO_UPSTREAM_CREDENTIALS=caller, that caller's own
    // credential, and only it (caller-credentials in @naftiko-gen/runtime); otherwise the options, then the environment.
    this.#secret = (name) => callerSecret(name) ?? given(credentials[name as ${secretUnion}]) ?? given(env[name]) ?? missing(name);` : `this.#secret = (name) => given(env[name]) ?? missing(name);`}
    const baseUrl = baseUrlOf(options.baseUrl, env, ${stringLiteral(ns.baseUrlEnv)}, ${stringLiteral(ns.baseUri)});
    ${ns.auth ? `const auth = ${authExpression(ns.auth, 'this.#secret')};
    // REST \`forward\` routes reach the base URL and credentials through the runtime, not a public member.
    registerForwardTarget(this, () => ({ baseUrl, auth: auth() }));` : `registerForwardTarget(this, () => ({ baseUrl }));`}
    this.#transport = new Transport({
      baseUrl,${ns.auth ? '\n      auth,' : ''}
      ...timeoutOf(options.timeoutMs, env),
      ...retryOf(options.retry, env),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.maxJsonBytes !== undefined ? { maxJsonBytes: options.maxJsonBytes } : {}),
    });
  }
}`;
}
