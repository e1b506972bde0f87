// Our JSON Schemas (2020-12) for Naftiko 1.0.0-alpha1, alpha2 and alpha3.
//
// alpha2 is the base; alpha3 only changes the version string; alpha1 is alpha2 minus the features that
// alpha2 added (aggregates, control exposes, mock outputs, `ref`, hints, oauth2, script steps, …).
// Each version is built in two modes from the same declarations:
//   - strict:  the official rules, nothing more (verdicts must equal the official schema's);
//   - dialect: strict plus the common-dialect relaxations (see dialect.ts for the matching warnings).
import {
  anyOf,
  bool,
  dict,
  has,
  int,
  list,
  list1,
  literal,
  num,
  obj,
  oneOf,
  oneOfValues,
  pattern,
  port,
  ref,
  str,
  type Schema,
} from './schema-builders.js';

export type SchemaVersion = '1.0.0-alpha1' | '1.0.0-alpha2' | '1.0.0-alpha3';

export interface SchemaMode {
  version: SchemaVersion;
  /** Accept the common-dialect relaxations. */
  dialect: boolean;
}

// Patterns shared by every version.
const KEBAB = '^[a-zA-Z0-9-]+$';
/** Dialect names also allow `_` (NGD104). */
const KEBAB_OR_SNAKE = '^[a-zA-Z0-9_-]+$';
const EXTENDED = '^[a-zA-Z0-9-_*]+$';
/** Dialect wire names of consumed parameters (`filter[query]`, `query.term`) (NGD110). */
const WIRE_NAME = '^[a-zA-Z0-9-_*.\\[\\]]+$';
const QUALIFIED_CALL = '^[a-zA-Z0-9-]+\\.[a-zA-Z0-9-]+$';
const FILE_URI = '^file:///';
const DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const HTTP_BASE_URI = '^https?://[^/]+(/[^{]*)?$';
const HOST_LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const OCTET = '(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)';
const MIME_TOKEN = "[a-zA-Z0-9!#$&^_.+-]+";

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const VALUE_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
const OUTPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'];
const SCALAR_TYPES = ['string', 'number', 'boolean'];
const SCRIPT_LANGUAGES = ['javascript', 'python', 'groovy'];

export function buildSchema(mode: SchemaMode): Record<string, unknown> {
  const { version, dialect } = mode;
  const alpha1 = version === '1.0.0-alpha1';
  /** Keys that only exist from alpha2 on; alpha1 in dialect mode tolerates them (NGD105). */
  const since2 = (props: Record<string, Schema>): Record<string, Schema> => (alpha1 && !dialect ? {} : props);
  const name = dialect ? pattern(KEBAB_OR_SNAKE) : ref('IdentifierKebab');
  const description = str();

  // ---------------------------------------------------------------- identifiers and small values
  const defs: Record<string, Schema> = {
    IdentifierKebab: pattern(KEBAB),
    IdentifierExtended: pattern(EXTENDED),
    BindingVariableName: pattern('^[A-Z][A-Z0-9_]*$'),
    UriLocation: pattern('^[a-zA-Z][a-zA-Z0-9+.-]*://'),
    Hostname: pattern(`^(${HOST_LABEL})(\\.${HOST_LABEL})*$`),
    IPv4: pattern(`^(${OCTET}\\.){3}${OCTET}$`),
    IPv6: pattern('^([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}$'),
    Address: anyOf(ref('Hostname'), ref('IPv4'), ref('IPv6')),
    WithInjector: dict(oneOf(str(), num())),
  };

  // ---------------------------------------------------------------- document header
  defs.Person = obj(
    { role: str(), fullName: str(), email: pattern('^[a-zA-Z0-9._%+\\-]+@[a-zA-Z0-9.\\-]+\\.[a-zA-Z]{2,}$') },
    { required: ['role', 'fullName'] },
  );
  defs.Info = obj(
    {
      label: str(),
      description,
      tags: list(str()),
      created: pattern(DATE),
      modified: pattern(DATE),
      stakeholders: list(ref('Person')),
    },
    { required: ['label', 'description'] },
  );
  defs.Binding = obj(
    {
      namespace: ref('IdentifierKebab'),
      description,
      location: ref('UriLocation'),
      keys: { type: 'object', propertyNames: ref('BindingVariableName'), additionalProperties: ref('IdentifierExtended') },
    },
    { required: ['namespace', 'keys'] },
  );

  // ---------------------------------------------------------------- authentication
  const apiKeyProps: Record<string, Schema> = { type: literal('apikey'), key: str(), value: str(), placement: oneOfValues('header', 'query') };
  if (dialect) {
    // NGD106: `{in, name, value}` (OpenAPI spelling) or a `headers` map.
    apiKeyProps.in = oneOfValues('header', 'query');
    apiKeyProps.name = str();
    apiKeyProps.headers = dict(str());
  }
  defs.AuthBasic = obj({ type: literal('basic'), username: str(), password: str() }, { required: ['type'] });
  defs.AuthDigest = obj({ type: literal('digest'), username: str(), password: str() }, { required: ['type'] });
  defs.AuthBearer = obj({ type: literal('bearer'), token: str() }, { required: ['type'] });
  defs.AuthApiKey = obj(apiKeyProps, { required: ['type'] });
  const authKinds = [ref('AuthBasic'), ref('AuthApiKey'), ref('AuthBearer'), ref('AuthDigest')];
  if (!alpha1) {
    defs.AuthOAuth2 = obj(
      {
        type: literal('oauth2'),
        authorizationServerUri: str(),
        resource: str(),
        scopes: list(str()),
        audience: str(),
        tokenEndpoint: str(),
        tokenValidation: oneOfValues('jwks', 'introspection'),
      },
      { required: ['type', 'authorizationServerUri', 'resource'] },
    );
    authKinds.push(ref('AuthOAuth2'));
  }
  defs.Authentication = oneOf(...authKinds);

  // ---------------------------------------------------------------- consumed HTTP APIs
  const consumedInputProps: Record<string, Schema> = {
    name: dialect ? pattern(WIRE_NAME) : ref('IdentifierExtended'),
    in: oneOfValues('query', 'header', 'path', 'cookie', 'body', 'environment'),
    value: str(),
  };
  if (dialect) {
    // NGD101: the dialect's only type information for consumed parameters.
    consumedInputProps.type = oneOfValues(...VALUE_TYPES);
    consumedInputProps.description = str();
    consumedInputProps.required = bool();
  }
  defs.ConsumedInputParameter = obj(consumedInputProps, { required: ['name', 'in'] });
  defs.ConsumedOutputParameter = obj(
    { name: ref('IdentifierExtended'), type: oneOfValues(...OUTPUT_TYPES), value: str() },
    { required: ['name', 'type', 'value'] },
  );
  const formData = oneOf(str(), dict(str()));
  defs.RequestBody = oneOf(
    // NGD109: the dialect's `{type: json}` without `data` forwards the caller's JSON body.
    obj({ type: literal('json'), data: oneOf(str(), { type: 'object' }, { type: 'array' }) }, { required: dialect ? ['type'] : ['type', 'data'] }),
    obj({ type: oneOfValues('text', 'xml', 'sparql'), data: str() }, { required: ['type', 'data'] }),
    obj({ type: literal('formUrlEncoded'), data: formData }, { required: ['type', 'data'] }),
    obj({ type: literal('multipartForm'), data: list(ref('MultipartPart')) }, { required: ['type', 'data'] }),
    str(),
    // NGD108: `type: form` is the dialect's spelling of formUrlEncoded.
    ...(dialect ? [obj({ type: literal('form'), data: formData }, { required: ['type', 'data'] })] : []),
  );
  defs.MultipartPart = obj(
    { name: str(), value: str(), filename: str(), contentType: str() },
    { required: ['name', 'value'] },
  );
  const rawFormats = alpha1
    ? ['json', 'xml', 'avro', 'protobuf', 'csv', 'yaml']
    : ['json', 'xml', 'avro', 'protobuf', 'csv', 'tsv', 'psv', 'yaml', 'html', 'markdown'];
  defs.ConsumedHttpOperation = obj(
    {
      name,
      label: str(),
      description,
      method: oneOfValues(...HTTP_METHODS),
      inputParameters: list(ref('ConsumedInputParameter')),
      outputRawFormat: oneOfValues(...rawFormats),
      ...since2({ outputSchema: str() }),
      outputParameters: list(ref('ConsumedOutputParameter')),
      body: ref('RequestBody'),
    },
    { required: ['name', 'method'] },
  );
  defs.ConsumedHttpResource = obj(
    {
      // NGD107: consumed resource names are never referenced, so the dialect's free-form names are harmless.
      name: dialect ? str({ minLength: 1 }) : ref('IdentifierKebab'),
      label: str(),
      description,
      path: str(),
      inputParameters: list(ref('ConsumedInputParameter')),
      operations: list1(ref('ConsumedHttpOperation')),
    },
    { required: ['name', 'path', 'operations'] },
  );
  defs.ConsumesHttp = obj(
    {
      namespace: ref('IdentifierKebab'),
      type: literal('http'),
      description,
      baseUri: pattern(HTTP_BASE_URI),
      inputParameters: list(ref('ConsumedInputParameter')),
      authentication: ref('Authentication'),
      resources: list1(ref('ConsumedHttpResource')),
    },
    { required: ['namespace', 'type', 'baseUri'] },
  );
  defs.ImportedConsumesHttp = obj(
    { location: str(), import: ref('IdentifierKebab'), as: ref('IdentifierKebab'), ...since2({ description }) },
    { required: ['location', 'import'] },
  );
  const consumesList = list1(oneOf(ref('ConsumesHttp'), ref('ImportedConsumesHttp')));

  // ---------------------------------------------------------------- outputs of exposed operations
  // Mapped outputs (simple call): one shape per `type`, picked by the `type` const.
  const mappedBase: Record<string, Schema> = {
    mapping: str(),
    const: oneOf(str(), num(), bool(), { type: 'array' }, { type: 'object' }),
    ...since2({ value: str() }),
  };
  /** alpha1 says "mapping or const"; alpha2 says "mapping or value". */
  const scalarSources = alpha1 ? ['mapping', 'const', ...(dialect ? ['value'] : [])] : ['mapping', 'value'];
  const mappedScalar = (t: string): Schema =>
    obj({ type: literal(t), ...mappedBase }, { required: ['type'], extra: { oneOf: scalarSources.map((k) => has(k)) } });
  defs.MappedOutputString = mappedScalar('string');
  defs.MappedOutputNumber = mappedScalar('number');
  defs.MappedOutputBoolean = mappedScalar('boolean');
  defs.MappedOutputObject = obj(
    { type: literal('object'), ...mappedBase, properties: dict(ref('MappedOutput'), { type: 'object' }) },
    // NGD103: the dialect's `{type: object, mapping: $.}` passes the whole body through, without `properties`.
    dialect ? { required: ['type'], extra: { anyOf: [has('properties'), has('mapping'), has('value')] } } : { required: ['type', 'properties'] },
  );
  defs.MappedOutputArray = obj({ type: literal('array'), ...mappedBase, items: ref('MappedOutput') }, { required: ['type', 'items'] });
  defs.MappedOutput = oneOf(
    ref('MappedOutputString'),
    ref('MappedOutputNumber'),
    ref('MappedOutputBoolean'),
    ref('MappedOutputObject'),
    ref('MappedOutputArray'),
  );
  // Orchestrated outputs (steps + mappings): named, typed, no sources.
  defs.OrchestratedOutput = oneOf(
    obj({ name: ref('IdentifierExtended'), type: oneOfValues(...SCALAR_TYPES) }, { required: ['name', 'type'] }),
    obj(
      { name: ref('IdentifierExtended'), type: literal('array'), items: list1(ref('OrchestratedOutput')) },
      { required: ['name', 'type', 'items'] },
    ),
    obj(
      { name: ref('IdentifierExtended'), type: literal('object'), properties: dict(ref('OrchestratedOutput'), { type: 'object' }) },
      { required: ['name', 'type', 'properties'] },
    ),
  );
  if (!alpha1) {
    defs.MockOutput = obj(
      { name: ref('IdentifierExtended'), type: oneOfValues(...SCALAR_TYPES), value: str() },
      { required: ['name', 'type', 'value'] },
    );
  }
  const mappedOutputs = { outputParameters: list(ref('MappedOutput')) };
  const orchestratedOutputs = { outputParameters: list(ref('OrchestratedOutput')) };
  const mockOutputs = { outputParameters: list1(ref('MockOutput')) };

  // ---------------------------------------------------------------- steps
  const stepKinds = ['call', 'lookup', ...(alpha1 ? [] : ['script'])];
  defs.OperationStep = oneOf(
    obj(
      { type: literal('call'), name: ref('IdentifierKebab'), call: pattern(QUALIFIED_CALL), with: ref('WithInjector') },
      { required: ['type', 'name', 'call'] },
    ),
    obj(
      {
        type: literal('lookup'),
        name: ref('IdentifierKebab'),
        index: ref('IdentifierKebab'),
        match: ref('IdentifierKebab'),
        lookupValue: str(),
        outputParameters: list1(str()),
      },
      { required: ['type', 'name', 'index', 'match', 'lookupValue', 'outputParameters'] },
    ),
    ...(stepKinds.includes('script')
      ? [
          obj(
            {
              type: literal('script'),
              name: ref('IdentifierKebab'),
              language: oneOfValues(...SCRIPT_LANGUAGES),
              location: pattern(FILE_URI),
              file: str({ minLength: 1 }),
              dependencies: list1(str({ minLength: 1 })),
              with: ref('WithInjector'),
            },
            { required: ['type', 'name', 'file'] },
          ),
        ]
      : []),
  );
  defs.StepOutputMapping = obj(
    { targetName: alpha1 ? ref('IdentifierExtended') : pattern('^[a-zA-Z0-9-_.]+$'), value: str() },
    { required: ['targetName', 'value'] },
  );
  /** Keys shared by everything that runs a call or steps. */
  const runnable: Record<string, Schema> = {
    call: pattern(QUALIFIED_CALL),
    with: ref('WithInjector'),
    steps: list1(ref('OperationStep')),
    mappings: list(ref('StepOutputMapping')),
    outputParameters: { type: 'array' },
  };

  // ---------------------------------------------------------------- REST exposes
  defs.ExposedInputParameter = obj(
    {
      name: ref('IdentifierExtended'),
      in: oneOfValues('query', 'header', 'path', 'cookie', 'body'),
      type: oneOfValues(...VALUE_TYPES),
      description,
      pattern: str(),
      value: str(),
    },
    { required: ['name', 'in', 'type', 'description'] },
  );
  const restOperationWays: Schema[] = [
    { properties: mappedOutputs },
    { required: ['steps', 'name'], properties: orchestratedOutputs },
  ];
  if (!alpha1) restOperationWays.push(has('ref'));
  defs.ExposedOperation = obj(
    {
      name,
      label: str(),
      description,
      method: oneOfValues(...HTTP_METHODS),
      inputParameters: list(ref('ExposedInputParameter')),
      ...since2({ ref: pattern(QUALIFIED_CALL) }),
      ...runnable,
    },
    { required: ['method'], extra: { anyOf: restOperationWays } },
  );
  defs.ForwardConfig = obj(
    { targetNamespace: ref('IdentifierKebab'), trustedHeaders: list1(str()) },
    { required: ['targetNamespace'] },
  );
  defs.ExposedResource = obj(
    {
      label: str(),
      description,
      path: str(),
      name,
      inputParameters: list(ref('ExposedInputParameter')),
      operations: list(ref('ExposedOperation')),
      forward: ref('ForwardConfig'),
    },
    { required: ['path'], extra: { anyOf: [has('operations'), has('forward')] } },
  );
  defs.ExposesRest = obj(
    {
      type: literal('rest'),
      address: ref('Address'),
      port: port(),
      namespace: ref('IdentifierKebab'),
      // NGD102: the dialect documents REST adapters like MCP servers.
      ...(dialect ? { description } : {}),
      authentication: ref('Authentication'),
      resources: list1(ref('ExposedResource')),
    },
    { required: ['type', 'port', 'namespace'] },
  );

  // ---------------------------------------------------------------- MCP exposes
  defs.McpToolInput = obj(
    { name: ref('IdentifierExtended'), type: oneOfValues(...VALUE_TYPES), description, required: bool() },
    { required: ['name', 'type', 'description'] },
  );
  defs.McpToolHints = obj({ readOnly: bool(), destructive: bool(), idempotent: bool(), openWorld: bool() });
  const toolProps: Record<string, Schema> = {
    name,
    label: str(),
    description,
    inputParameters: list(ref('McpToolInput')),
    ...since2({ ref: pattern(QUALIFIED_CALL) }),
    ...runnable,
    ...since2({ hints: ref('McpToolHints') }),
  };
  defs.McpTool = alpha1
    ? obj(toolProps, {
        required: ['name', 'description'],
        extra: {
          anyOf: [
            { required: ['call'], properties: mappedOutputs },
            { required: ['steps'], properties: orchestratedOutputs },
            ...(dialect ? [has('ref')] : []),
          ],
        },
      })
    : obj(toolProps, {
        extra: {
          anyOf: [
            { required: ['name', 'description', 'call'], properties: mappedOutputs },
            { required: ['name', 'description', 'steps'], properties: orchestratedOutputs },
            has('ref'),
            { required: ['name', 'description', 'outputParameters'], properties: mockOutputs },
          ],
        },
      });
  defs.McpResource = obj(
    {
      name: ref('IdentifierExtended'),
      label: str(),
      uri: str(),
      description,
      mimeType: pattern(`^${MIME_TOKEN}\\/${MIME_TOKEN}(?:\\s*;\\s*${MIME_TOKEN}=(?:${MIME_TOKEN}|"[^"]*"))*$`),
      ...runnable,
      location: pattern(FILE_URI),
    },
    {
      required: ['name', 'label', 'uri', 'description'],
      extra: {
        oneOf: [
          { required: ['call'], properties: mappedOutputs, not: has('location') },
          { required: ['steps'], properties: orchestratedOutputs, not: has('location') },
          { required: ['location'], not: anyOf(has('call'), has('steps')) },
        ],
      },
    },
  );
  defs.McpPromptArgument = obj(
    { name: ref('IdentifierExtended'), label: str(), description, required: bool() },
    { required: ['name', 'description'] },
  );
  defs.McpPromptMessage = obj({ role: oneOfValues('user', 'assistant'), content: str() }, { required: ['role', 'content'] });
  defs.McpPrompt = obj(
    {
      name: ref('IdentifierExtended'),
      label: str(),
      description,
      arguments: list1(ref('McpPromptArgument')),
      template: list1(ref('McpPromptMessage')),
      location: pattern(FILE_URI),
    },
    {
      required: ['name', 'label', 'description'],
      extra: { oneOf: [{ required: ['template'], not: has('location') }, { required: ['location'], not: has('template') }] },
    },
  );
  defs.ExposesMcp = obj(
    {
      type: literal('mcp'),
      transport: oneOfValues('http', 'stdio'),
      address: ref('Address'),
      port: port(),
      namespace: ref('IdentifierKebab'),
      description,
      ...since2({ authentication: ref('Authentication') }),
      tools: list1(ref('McpTool')),
      resources: list1(ref('McpResource')),
      prompts: list1(ref('McpPrompt')),
    },
    {
      required: ['type', 'namespace', 'tools'],
      extra: {
        // stdio servers have no port; http servers (the default transport) need one.
        oneOf: [
          { properties: { transport: { const: 'http' } }, required: ['port'] },
          { properties: { transport: { const: 'stdio' } }, required: ['transport'], not: has('port') },
        ],
      },
    },
  );

  // ---------------------------------------------------------------- skill exposes
  defs.SkillTool = obj(
    {
      name: ref('IdentifierKebab'),
      description,
      from: obj({ sourceNamespace: str(), action: str() }, { required: ['sourceNamespace', 'action'] }),
      instruction: str(),
    },
    { required: ['name', 'description'], extra: { oneOf: [has('from'), has('instruction')] } },
  );
  defs.ExposedSkill = obj(
    {
      name: ref('IdentifierKebab'),
      description: str({ maxLength: 1024 }),
      license: str(),
      compatibility: str({ maxLength: 500 }),
      metadata: dict(str()),
      'allowed-tools': str({ maxLength: 1024 }),
      'argument-hint': str(),
      'user-invocable': bool(),
      'disable-model-invocation': bool(),
      location: pattern(FILE_URI),
      tools: list1(ref('SkillTool')),
    },
    { required: ['name', 'description'] },
  );
  defs.ExposesSkill = obj(
    {
      type: literal('skill'),
      address: ref('Address'),
      port: port(),
      namespace: ref('IdentifierKebab'),
      description,
      authentication: ref('Authentication'),
      skills: list1(ref('ExposedSkill')),
    },
    { required: ['type', 'port', 'namespace', 'skills'] },
  );
  const exposeKinds = [ref('ExposesRest'), ref('ExposesMcp'), ref('ExposesSkill')];

  // ---------------------------------------------------------------- alpha2+: control port, aggregates
  if (!alpha1) {
    defs.ExposesControl = obj(
      {
        type: literal('control'),
        address: ref('Address'),
        port: port(),
        authentication: ref('Authentication'),
        management: obj({
          health: bool(),
          info: bool(),
          reload: bool(),
          validate: bool(),
          logs: oneOf(bool(), obj({ 'level-control': bool(), stream: bool(), 'max-subscribers': int(1, 20) })),
          scripting: obj({
            enabled: bool(),
            defaultLocation: pattern(FILE_URI),
            defaultLanguage: oneOfValues(...SCRIPT_LANGUAGES),
            timeout: int(1),
            statementLimit: int(1),
            allowedLanguages: list(oneOfValues(...SCRIPT_LANGUAGES)),
          }),
        }),
        observability: obj({
          enabled: bool(),
          metrics: obj({ local: obj({ enabled: bool() }) }),
          traces: obj({
            sampling: num({ minimum: 0, maximum: 1 }),
            propagation: oneOfValues('w3c', 'b3'),
            local: obj({ enabled: bool(), 'buffer-size': int(10, 10000) }),
          }),
          exporters: obj({ otlp: obj({ endpoint: str() }, { required: ['endpoint'] }) }),
        }),
      },
      { required: ['type', 'port'] },
    );
    exposeKinds.push(ref('ExposesControl'));
    defs.AggregateFunction = obj(
      {
        name: ref('IdentifierKebab'),
        description,
        semantics: obj({ safe: bool(), idempotent: bool(), cacheable: bool() }),
        inputParameters: list(ref('McpToolInput')),
        ...runnable,
      },
      {
        required: ['name', 'description'],
        extra: {
          anyOf: [
            { required: ['call'], properties: mappedOutputs },
            { required: ['steps'], properties: orchestratedOutputs },
            { required: ['outputParameters'], properties: mockOutputs },
          ],
        },
      },
    );
    defs.Aggregate = obj(
      { label: str(), namespace: ref('IdentifierKebab'), functions: list1(ref('AggregateFunction')) },
      { required: ['label', 'namespace', 'functions'] },
    );
  }

  defs.Capability = obj(
    {
      binds: list1(ref('Binding')),
      exposes: list1(oneOf(...exposeKinds)),
      consumes: consumesList,
      ...(alpha1 ? {} : { aggregates: list1(ref('Aggregate')) }),
    },
    { extra: { anyOf: [has('exposes'), has('consumes')] } },
  );

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://naftiko-gen.local/schemas/${version}${dialect ? '-dialect' : ''}.json`,
    ...(obj(
      {
        naftiko: literal(version),
        info: ref('Info'),
        consumes: consumesList,
        binds: list1(ref('Binding')),
        capability: ref('Capability'),
      },
      { extra: { oneOf: [has('naftiko', 'capability'), has('naftiko', 'consumes')] } },
    ) as Record<string, unknown>),
    $defs: defs,
  };
}
