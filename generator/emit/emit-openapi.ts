// openapi.json (OpenAPI 3.1) of the exposed REST surface, and the TS module the server serves it from.
import type { CapabilityModel, OperationTypes, OutputField, OutputShape, RestRoute } from '../model/types.js';
import type { FileHeader } from './printer.js';
import { operationOf } from '../model/call-target.js';

export function buildOpenApi(model: CapabilityModel, header: FileHeader): Record<string, unknown> {
  // Null-prototype maps: a path or name like `__proto__` must stay an ordinary key.
  const paths: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  const rest = model.rest[0];
  const routes = model.rest.flatMap((r) => r.routes);
  // The declared operation name reads best as operationId; the handler name is unique when it isn't.
  const nameCount = new Map<string, number>();
  for (const route of routes) nameCount.set(route.name, (nameCount.get(route.name) ?? 0) + 1);
  for (const route of routes) {
    const item = (paths[route.openapiPath] ??= Object.create(null) as Record<string, unknown>);
    item[route.method.toLowerCase()] = operation(route, nameCount.get(route.name) === 1 && isOperationId(route.name) ? route.name : route.handlerName, typedOf(model, route));
  }
  // Named schemas of bound OpenAPI documents, used by the routes' typed responses.
  const named: Record<string, unknown> = {};
  for (const ns of model.consumes) Object.assign(named, ns.schemas ?? {});
  return {
    openapi: '3.1.0',
    'x-generated-by': `${header.generator} from ${header.source}; do not edit`,
    'x-naftiko-version': model.formatVersion,
    info: { title: model.title, version: model.apiVersion, ...(model.description ? { description: model.description } : {}) },
    servers: [{ url: `http://localhost:${rest?.port ?? 8080}` }],
    paths,
    components: {
      schemas: {
        ...named,
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
          required: ['error'],
        },
      },
    },
  };
}

/** Names code generators can turn into method names without surprises. */
function isOperationId(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(name);
}

/**
 * What the bound OpenAPI document says of the operation a passthrough route calls; a binary operation
 * (outputRawFormat: binary) streams bytes of its declared media type.
 */
function typedOf(model: CapabilityModel, route: RestRoute): OperationTypes | undefined {
  if (!route.call || route.output.kind !== 'passthrough') return undefined;
  const op = operationOf(model, route.call)?.op;
  if (op?.binary && !op.typed?.stream) {
    // The operation's outputMediaType, else the REST operation's declared binary response.
    const contentType = op.binary.mediaType ?? route.binaryResponse?.mediaType ?? 'application/octet-stream';
    return { ...(op.typed ?? { source: op.source, params: {} }), stream: { kind: 'bytes', contentType } };
  }
  return op?.typed;
}

/** The 200 response of a passthrough route: the document's schema when bound, else any body. */
function passthroughResponse(typed: OperationTypes | undefined): Record<string, unknown> {
  const description = 'The upstream response, passed through (status, content type and body).';
  if (typed?.result) return { description, content: { 'application/json': { schema: typed.result } } };
  if (typed?.stream?.kind === 'jsonl') {
    return { description: `${description} JSON lines, streamed: one value per line.`, content: { 'application/jsonl': { schema: typed.stream.item ?? {} } } };
  }
  if (typed?.stream?.kind === 'sse') {
    const data = typed.stream.json ? { contentMediaType: 'application/json', ...(typed.stream.data ? { contentSchema: typed.stream.data } : {}) } : { type: 'string' };
    const event = { type: 'object', properties: { event: { type: 'string' }, data, id: { type: 'string' }, retry: { type: 'integer' } }, required: ['data'] };
    return { description: `${description} Server-sent events, streamed as they arrive.`, content: { 'text/event-stream': { schema: event } } };
  }
  if (typed?.stream?.kind === 'bytes') return { description: `${description} Streamed.`, content: { [typed.stream.contentType]: {} } };
  return { description, content: { '*/*': {} } };
}

function operation(route: RestRoute, operationId: string, typed?: OperationTypes): Record<string, unknown> {
  const parameters = route.inputs
    .filter((i) => i.rest && (i.rest.in === 'path' || i.rest.in === 'query' || i.rest.in === 'header' || i.rest.in === 'cookie'))
    .map((i) => {
      const { description, ...schema } = i.schema;
      return {
        name: i.rest!.wireName,
        in: i.rest!.in,
        required: i.rest!.in === 'path' ? true : i.required,
        ...((i.description ?? description) ? { description: i.description ?? description } : {}),
        schema,
      };
    });
  const whole = route.inputs.find((i) => i.rest?.in === 'body');
  const fields = route.inputs.filter((i) => i.rest?.in === 'body-field');
  let requestBody: Record<string, unknown> | undefined;
  if (whole) {
    requestBody = { required: whole.required, ...(whole.description ? { description: whole.description } : {}), content: { 'application/json': { schema: typed?.body ?? { type: whole.schema.type ?? 'object' } } } };
  } else if (fields.length > 0) {
    const required = fields.filter((f) => f.required).map((f) => f.rest!.wireName);
    requestBody = {
      required: required.length > 0,
      content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f.rest!.wireName, f.schema])), ...(required.length ? { required } : {}) } } },
    };
  }
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  return {
    operationId,
    ...(route.description ? { summary: route.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      // A declared binary response (`responses`/`responseBinary`) names its own status and description.
      [String(route.binaryResponse?.status ?? 200)]: route.output.kind === 'projection' || route.orchestration
        ? { description: 'The computed result.', content: { 'application/json': { schema: route.output.kind === 'projection' ? projectionSchema(route.output) : {} } } }
        : { ...passthroughResponse(typed), ...(route.binaryResponse?.description ? { description: route.binaryResponse.description } : {}) },
      '400': error('Invalid input: each problem named in error.details.'),
      ...(requestBody ? { '415': error('The body was not sent as application/json.') } : {}),
      '502': error('The upstream could not be reached.'),
      '504': error('The upstream did not answer in time.'),
      default: { description: 'An upstream error status and body, passed through.' },
    },
  };
}

/** JSON Schema of a projected result. */
function projectionSchema(output: Extract<OutputShape, { kind: 'projection' }>): Record<string, unknown> {
  if (output.single && output.fields[0]) return fieldSchema(output.fields[0]);
  return { type: 'object', properties: Object.fromEntries(output.fields.map((f) => [f.name, fieldSchema(f)])) };
}

function fieldSchema(field: OutputField): Record<string, unknown> {
  if (field.type === 'object' && field.fields) return { type: 'object', properties: Object.fromEntries(field.fields.map((f) => [f.name, fieldSchema(f)])) };
  if (field.type === 'array') return { type: 'array', ...(field.items ? { items: fieldSchema(field.items) } : {}) };
  return { type: [field.type, 'null'] };
}
