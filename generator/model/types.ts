// The intermediate model: plain tagged data. Every reference resolved, every input traced, every name
// chosen. Emitters read only this (never raw YAML).

/** `template`: a value used only inside the operation's body template (`{{tools.x}}` in `body.data`). */
export type ParamLocation = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'environment' | 'template';
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** The JSON Schema subset that parameters carry (from the dialect's type/description). */
export interface ParamSchema {
  type?: JsonType;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly (string | number | boolean)[];
  items?: ParamSchema;
}

/** A string with `{{name}}` holes: env-bound variables or caller inputs. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'env'; variable: string } // {{env.X}} or {{X}} where X is a bound variable
  | { kind: 'input'; name: string }; // {{x}} where x is an input of the operation / tool

export interface Template {
  raw: string;
  parts: TemplatePart[];
}

export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

// ---------------------------------------------------------------- environment
export interface EnvVariable {
  /** Environment variable read at start-up. */
  name: string;
  /** Bound secret (from binds) or a base-URL override. */
  kind: 'secret' | 'base-url';
  /** Required at start-up (secrets used by auth or parameters). */
  required: boolean;
  purpose: string;
}

// ---------------------------------------------------------------- consumes
export type UpstreamAuth =
  | { kind: 'bearer'; token: Template }
  | { kind: 'apikey'; name: string; placement: 'header' | 'query'; value: Template }
  | { kind: 'basic'; username: Template; password: Template }
  | { kind: 'digest'; username: Template; password: Template };

export interface Parameter {
  /** Name on the wire (path placeholder, query key, header name, body field). */
  wireName: string;
  /** Property name in the generated input type (safe identifier or quoted key decided by the emitter). */
  propName: string;
  in: ParamLocation;
  schema: ParamSchema;
  required: boolean;
  description?: string;
  /** Fixed value from the file: not a caller input. */
  value?: Template;
  /** The inputParameters entry as the file wrote it; absent for a parameter the model assumed (NG3011, template holes). */
  declared?: ParamDeclaration;
}

/**
 * What an inputParameters entry declares, before a bound OpenAPI document sharpens `Parameter.schema`:
 * the type a literal value is checked against (model/literal-values.ts) and where to point at.
 */
export interface ParamDeclaration {
  /** The entry itself. */
  source: SourceRef;
  type?: JsonType;
  enum?: readonly unknown[];
  /** `items.type` as declared. */
  itemsType?: JsonType;
  /** The fixed `value` as written (any YAML value, before it becomes a template) and where it stands. */
  value?: { raw: unknown; source: SourceRef };
}

export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json-input'; param: Parameter } // an `in: body` parameter is the whole JSON body
  | { kind: 'json-fields'; params: Parameter[] } // several `in: body` params → fields of a JSON object
  | { kind: 'template'; contentType: string; format: 'json' | 'text' | 'xml' | 'sparql' | 'raw'; template: Template }
  /** `{type: json, data: {...}}`: the structure is kept; `{{x}}` strings are filled at run time (typed when a whole string is one hole). */
  | { kind: 'json-template'; data: unknown; holes: string[] }
  | { kind: 'form'; format: 'form' | 'multipart'; fields: { name: string; value: Template }[] };

export type OutputShape =
  | { kind: 'passthrough'; type?: JsonType } // body unchanged (no outputParameters, or mapping/value `$.`)
  /** `single`: one unnamed output (`{type: array, mapping: $., items: …}`) is the result itself. */
  | { kind: 'projection'; fields: OutputField[]; single: boolean };

export interface OutputField {
  name: string;
  propName: string;
  type: JsonType;
  /** JSONPath into the upstream body, a constant/template value, or (`self`) the property of the same name. */
  source: { kind: 'jsonpath'; path: string } | { kind: 'value'; template: Template } | { kind: 'self' };
  fields?: OutputField[]; // for object
  items?: OutputField; // for array
}

/** A JSON Schema from a bound OpenAPI document; a `$ref` names `#/components/schemas/<Name>`. */
export type JsonSchema = { readonly [key: string]: unknown };

/** What a bound OpenAPI document says about one consumed operation. */
export interface OperationTypes {
  /** The OpenAPI operation (`paths./x.get`), for comments and messages. */
  source: SourceRef;
  /** Schema of the JSON request body. */
  body?: JsonSchema;
  /** Schema of the JSON 2xx response. */
  result?: JsonSchema;
  /**
   * The 2xx response is not one JSON document: JSON lines (each line `item`), server-sent events
   * (`json`: each event's data is JSON, of schema `data` when the document gives one) or bytes.
   */
  stream?: { kind: 'jsonl'; item?: JsonSchema } | { kind: 'sse'; json: boolean; data?: JsonSchema } | { kind: 'bytes'; contentType: string };
  /** Parameter wire name → its schema in the document. */
  params: Record<string, JsonSchema>;
}

/** A paginated list, iterated item by item: by cursor or by page number. */
export type Pagination = CursorPagination | PageNumberPagination;

/** A cursor-paginated list (after/limit in, has_more/last_id/data out). */
export interface CursorPagination {
  /** Query parameter that takes the cursor. */
  cursorParam: string;
  /** Result fields: the page's items, whether more follow, the cursor of the next page. */
  itemsField: string;
  hasMoreField: string;
  nextCursorField: string;
}

/**
 * A list of numbered pages (page in; items plus next/next_page/next_page_url, else has_more out).
 * `resultKeys` says where the fields were found: the bound document's schema or the capability's
 * outputParameters.
 */
export interface PageNumberPagination {
  /** Query parameter that takes the page number, and the number of the first page. */
  pageParam: string;
  firstPage: number;
  itemsField: string;
  /** The next page's number, URL or flag; absent when only hasMoreField says more follow. */
  nextField?: string;
  hasMoreField?: string;
}

export interface Operation {
  name: string;
  /** `<namespace>.<name>` as written in `call:`. */
  ref: string;
  /** Unique flat key of the operation in its namespace (internal: request builders, lookups). */
  methodName: string;
  /** Client property grouping the operations of one resource: `batches` in `client.batches.create`. */
  group: string;
  /** Method name within the group: `create`. */
  member: string;
  /** The operation name in words (`getbatchoutput` → get, batch, output), for titles. */
  words: string[];
  inputTypeName: string;
  resultTypeName: string;
  method: string;
  path: string; // upstream path template with {wireName} placeholders
  resourceName: string;
  description?: string;
  params: Parameter[];
  body: RequestBody;
  outputRawFormat: string;
  output: OutputShape;
  /** From the HTTP method (GET/HEAD/OPTIONS/PUT/DELETE) unless hints say otherwise. */
  idempotent: boolean;
  source: SourceRef;
  /**
   * `outputRawFormat: binary` (Ikanos beta1+): the body is bytes, never parsed; the client streams it.
   * `mediaType` is the declared `outputMediaType` (else the upstream's content type is passed on);
   * `maxBytes` the operation's own `maxBinarySize` (else the adapter's cap applies).
   */
  binary?: { mediaType?: string; maxBytes?: number };
  /** From a bound OpenAPI document, when the config binds one to the namespace. */
  typed?: OperationTypes;
  pagination?: Pagination;
}

export interface ConsumesNamespace {
  namespace: string;
  className: string;
  optionsTypeName: string;
  /** File stem for the client module, e.g. `portkey-batch-client`. */
  fileStem: string;
  baseUri: string;
  baseUrlEnv: string;
  description?: string;
  auth?: UpstreamAuth;
  /** Client-wide parameters (consumes-level inputParameters). */
  params: Parameter[];
  operations: Operation[];
  /** Named schemas of a bound OpenAPI document (its components.schemas reached from the operations), by TypeScript name. */
  schemas?: Record<string, JsonSchema>;
}

// ---------------------------------------------------------------- exposes: inputs
/** Where the caller's value for an upstream parameter comes from. */
export type InputSource =
  | { kind: 'caller'; input: string } // a caller input (REST: path/query/header/body; MCP: tool argument)
  | { kind: 'step'; path: string } // JSONPath over earlier step results: `$.get-ship.imo_number`
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'template'; template: Template }
  | { kind: 'env'; variable: string };

export interface CallerInput {
  /** Input name as the caller sees it (tool argument / REST parameter). */
  name: string;
  schema: ParamSchema;
  required: boolean;
  description?: string;
  /** REST only: where the caller sends it. */
  rest?: { in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'body-field'; wireName: string };
}

export interface CallBinding {
  consumes: string; // namespace
  operation: string; // operation name, as written
  /** The client method: unique even where operation names repeat across resources. */
  methodName: string;
  /** Upstream parameter wireName → where its value comes from. */
  args: { param: Parameter; source: InputSource }[];
}

// ---------------------------------------------------------------- exposes: REST
/** A REST operation's declared binary response (`responses` with `binary: true`, or `responseBinary`). */
export interface BinaryResponse {
  status: number;
  mediaType: string;
  description?: string;
}

export interface RestRoute {
  name: string;
  handlerName: string;
  method: string;
  /** The path as declared, e.g. `/v1/batches/{batch-id}`. */
  declaredPath: string;
  /** Express 5 path, e.g. `/v1/batches/:batch_id`. */
  expressPath: string;
  /** OpenAPI path, e.g. `/v1/batches/{batch_id}`. */
  openapiPath: string;
  description?: string;
  inputs: CallerInput[];
  call?: CallBinding;
  /** Orchestrated/aggregate operations captured for later emitters. */
  orchestration?: Orchestration;
  output: OutputShape;
  /** The binary response the operation declares (OpenAPI, and the media type when the operation has none). */
  binaryResponse?: BinaryResponse;
  /** The call answers bytes (outputRawFormat: binary): its cap and media type, resolved (model/binary.ts). */
  binaryAnswer?: RestBinaryAnswer;
  source: SourceRef;
}

/** What a REST route passes on for a binary operation: a cap always (operation, adapter, else 10 MiB). */
export interface RestBinaryAnswer {
  maxBytes: number;
  mediaType?: string;
}

/** What an MCP tool or resource passes on for a binary operation: no cap when neither the operation nor the adapter sets one. */
export interface McpBinaryAnswer {
  maxBytes?: number;
  mediaType?: string;
}

/** A resource that forwards (reverse-proxies) every request under a path to a consumed namespace. */
export interface RestForward {
  declaredPath: string;
  /** Literal path before the first placeholder, e.g. `/notion/`: the rest of the URL goes upstream. */
  prefix: string;
  /** Express 5 route matching the prefix and everything below it. */
  expressPath: string;
  consumes: string;
  /** Header names (lower case) copied from the caller; nothing else is. */
  trustedHeaders: string[];
  source: SourceRef;
}

export interface RestExpose {
  namespace: string;
  forwards: RestForward[];
  port: number;
  address: string;
  description?: string;
  routes: RestRoute[];
  /** The adapter's `maxBinarySize` in bytes: the cap of binary answers whose operation declares none. */
  maxBinaryBytes?: number;
  auth?: InboundAuth;
}

// ---------------------------------------------------------------- exposes: MCP
export interface McpAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
  /** True when the file gave no hints: derived from the aggregate's semantics, else the HTTP method. */
  derived: boolean;
  derivedFrom?: 'semantics' | 'method';
}

export interface McpTool {
  /** Protocol name (≤ 64, [A-Za-z0-9_.-]). */
  name: string;
  declaredName: string;
  title?: string;
  description?: string;
  inputs: CallerInput[];
  annotations: McpAnnotations;
  call?: CallBinding;
  orchestration?: Orchestration;
  output: OutputShape;
  /** The call answers bytes (outputRawFormat: binary): its cap and media type, resolved (model/binary.ts). */
  binaryAnswer?: McpBinaryAnswer;
  source: SourceRef;
}

/** An MCP resource: dynamic (call or steps) or static (files under a `file:///` directory). */
export interface McpResource {
  name: string;
  uri: string;
  /** The URI has `{param}` placeholders: a resource template whose variables are caller inputs. */
  template: boolean;
  title?: string;
  description?: string;
  mimeType?: string;
  inputs: CallerInput[];
  call?: CallBinding;
  orchestration?: Orchestration;
  output: OutputShape;
  /** Static mode: the directory as written (`file:///…`), resolved by the server at start-up. */
  location?: string;
  /** The call answers bytes (outputRawFormat: binary): its cap and media type, resolved (model/binary.ts). */
  binaryAnswer?: McpBinaryAnswer;
  source: SourceRef;
}

export interface McpPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments: { name: string; description?: string; required: boolean }[];
  messages: {
    role: 'user' | 'assistant';
    /** Static text with `{argument}` placeholders. */
    content?: string;
    /** Dynamic: the upstream body (as text) is the message. */
    call?: CallBinding;
    orchestration?: Orchestration;
    output: OutputShape;
  }[];
  /** File-based prompt (`file:///…`): its text, read at start-up, is one user message. */
  location?: string;
  source: SourceRef;
}

export interface McpExpose {
  namespace: string;
  transport: 'http' | 'stdio';
  port: number;
  address: string;
  description?: string;
  tools: McpTool[];
  resources: McpResource[];
  prompts: McpPrompt[];
  /** The adapter's `maxBinarySize` in bytes: the cap of binary answers whose operation declares none. */
  maxBinaryBytes?: number;
  auth?: InboundAuth;
}

export type InboundAuth =
  | { kind: 'bearer'; token: Template }
  | { kind: 'apikey'; name: string; placement: 'header' | 'query'; value: Template }
  | { kind: 'basic'; username: Template; password: Template }
  | { kind: 'other'; type: string };

/** Orchestrated operation or tool: steps run in order, results named by step, mappings build the result. */
export interface Orchestration {
  steps: Step[];
  /** Result fields: `targetName` ← JSONPath over the step results (`$.<step>.<field>`). */
  mappings: { targetName: string; path: string }[];
  /** Aggregate function this came from (`ref: ns.fn`), for comments. */
  ref?: string;
  /** Name of the generated function that runs it (unique in the package). */
  runnerName: string;
  /** Semantics of the aggregate function, when any. */
  semantics?: { safe?: boolean; idempotent?: boolean; cacheable?: boolean };
}

export type Step =
  | { kind: 'call'; name: string; call: CallBinding }
  | { kind: 'lookup'; name: string; index: string; match: string; lookupValue: string; keep: string[] };

// ---------------------------------------------------------------- the capability
export interface CapabilityModel {
  /** Package name: the file name without .yaml/.yml/.naftiko. */
  name: string;
  /** Input path as given to the generator (posix, relative), for headers. */
  sourceFile: string;
  /** The format version (`naftiko:` or `ikanos:` key), e.g. `1.0.0-alpha2`, `1.0.0-beta5`. */
  formatVersion: string;
  /** Version of the capability itself: `info.version`, else `info.modified`, else `0.0.0`. */
  apiVersion: string;
  /** The document's `info` as declared: `version` (Ikanos beta4+) is the package and MCP server version. */
  info: { version?: string };
  title: string;
  description?: string;
  tags: string[];
  env: EnvVariable[];
  consumes: ConsumesNamespace[];
  rest: RestExpose[];
  mcp: McpExpose[];
  /** Exposes no emitter handles yet (skill, control): kept so nothing is silently lost. */
  otherExposes: { type: string; namespace?: string }[];
  aggregates: unknown[];
}
