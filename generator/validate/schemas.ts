// Our JSON Schemas (2020-12) for Naftiko 0.5, 1.0.0-alpha1, alpha2 and alpha3.
//
// 0.5 is alpha1 with `externalRefs` (named key sets) in place of `binds`, and array outputs whose
// `items` is a non-empty list.
//
// alpha2 is the base; alpha3 only changes the version string; alpha1 is alpha2 minus the features that
// alpha2 added (aggregates, control exposes, mock outputs, `ref`, hints, oauth2, script steps, …).
// Each version is built in two modes from the same declarations:
//   - strict:  the official rules, nothing more (verdicts must equal the official schema's);
//   - dialect: strict plus the common-dialect relaxations (see dialect.ts for the matching warnings).
import { anyOf, bool, dict, has, list, list1, literal, obj, oneOf, oneOfValues, pattern, port, ref, str, type Schema } from './schema-builders.js';
import {
  authDefs,
  baseDefs,
  controlDef,
  DATE,
  FILE_URI,
  DIALECT_BASE_URI,
  dialectSkillGroupDef,
  exposedInputParameterDef,
  exposesSkillDef,
  HTTP_BASE_URI,
  HTTP_METHODS,
  KEBAB_OR_SNAKE,
  lookupStepProps,
  mappedOutputDefs,
  mcpToolInputDef,
  MEDIA_TYPE,
  OUTPUT_TYPES,
  PARAM_LOCATIONS,
  namespaceSchema,
  qualifiedSchema,
  requestBodyDefs,
  SCALAR_TYPES,
  scriptStepProps,
  skillProps,
  smallDefs,
  VALUE_TYPES,
} from './schema-common.js';

export type SchemaVersion = '0.5' | '1.0.0-alpha1' | '1.0.0-alpha2' | '1.0.0-alpha3';

export interface SchemaMode {
  version: SchemaVersion;
  /** Accept the common-dialect relaxations. */
  dialect: boolean;
}

export function buildSchema(mode: SchemaMode): Record<string, unknown> {
  const { version, dialect } = mode;
  const v05 = version === '0.5';
  /** alpha1's feature set (0.5 has it too). */
  const alpha1 = version === '1.0.0-alpha1' || v05;
  /** Keys that only exist from alpha2 on; alpha1 in dialect mode tolerates them (NGD105). */
  const since2 = (props: Record<string, Schema>): Record<string, Schema> => (alpha1 && !dialect ? {} : props);
  const name = dialect ? pattern(KEBAB_OR_SNAKE) : ref('IdentifierKebab');
  const description = str();

  // ---------------------------------------------------------------- identifiers, header, small values
  const defs: Record<string, Schema> = { ...baseDefs(dialect), ...smallDefs(dialect) };
  /** Namespaces and `call`/`ref` (the dialect reads other characters written consistently: NGD113). */
  const ns = namespaceSchema(dialect);
  const qualified = qualifiedSchema(dialect);
  defs.Info = obj(
    {
      label: str(),
      description,
      tags: list(str()),
      created: pattern(DATE),
      modified: pattern(DATE),
      stakeholders: list(ref('Person')),
    },
    // NGD111: the dialect adds its own metadata keys to `info` (personas, owner, …).
    { required: ['label', 'description'], open: dialect },
  );

  // ---------------------------------------------------------------- authentication
  Object.assign(defs, authDefs(dialect, !alpha1));

  // ---------------------------------------------------------------- consumed HTTP APIs
  const consumedInputProps: Record<string, Schema> = {
    name: dialect ? str({ minLength: 1 }) : ref('IdentifierExtended'),
    in: oneOfValues(...PARAM_LOCATIONS),
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
  Object.assign(defs, requestBodyDefs(dialect));
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
      // NGD114: the dialect gives one operation its own path (officially: a resource of its own).
      ...(dialect ? { path: str() } : {}),
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
      namespace: ns,
      type: literal('http'),
      description,
      // NGD115: the dialect names the whole base URI by a variable (`{{api_url}}`), set at run time.
      baseUri: dialect ? pattern(DIALECT_BASE_URI) : pattern(HTTP_BASE_URI),
      inputParameters: list(ref('ConsumedInputParameter')),
      authentication: ref('Authentication'),
      resources: list1(ref('ConsumedHttpResource')),
    },
    { required: ['namespace', 'type', 'baseUri'] },
  );
  defs.ImportedConsumesHttp = obj(
    { location: str(), import: ns, as: ns, ...since2({ description }) },
    { required: ['location', 'import'] },
  );
  const consumesList = list1(oneOf(ref('ConsumesHttp'), ref('ImportedConsumesHttp')));

  // ---------------------------------------------------------------- outputs of exposed operations
  // Mapped outputs (simple call): one shape per `type`, picked by the `type` const.
  /** alpha1 says "mapping or const"; alpha2 says "mapping or value". */
  const scalarSources = alpha1 ? ['mapping', 'const', ...(dialect ? ['value'] : [])] : ['mapping', 'value'];
  Object.assign(defs, mappedOutputDefs(dialect, scalarSources, !alpha1 || dialect, v05));
  if (v05) {
    defs.ExternalRefKeys = { type: 'object', propertyNames: ref('IdentifierExtended'), additionalProperties: ref('IdentifierExtended') };
    defs.ExternalRef = oneOf(
      obj({ name: ref('IdentifierKebab'), type: oneOfValues('environment'), resolution: literal('file'), uri: str(), keys: ref('ExternalRefKeys') }, { required: ['name', 'type', 'resolution', 'uri', 'keys'] }),
      obj({ name: ref('IdentifierKebab'), type: oneOfValues('variables'), resolution: literal('runtime'), keys: ref('ExternalRefKeys') }, { required: ['name', 'type', 'resolution', 'keys'] }),
    );
  }
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
      { type: literal('call'), name: ref('IdentifierKebab'), call: qualified, with: ref('WithInjector') },
      { required: ['type', 'name', 'call'] },
    ),
    obj({ ...lookupStepProps(), name: ref('IdentifierKebab') }, { required: ['type', 'name', 'index', 'match', 'lookupValue', 'outputParameters'] }),
    ...(stepKinds.includes('script')
      ? [
          obj({ ...scriptStepProps(), name: ref('IdentifierKebab') }, { required: ['type', 'name', 'file'] }),
        ]
      : []),
  );
  defs.StepOutputMapping = obj(
    { targetName: alpha1 ? ref('IdentifierExtended') : pattern('^[a-zA-Z0-9-_.]+$'), value: str() },
    { required: ['targetName', 'value'] },
  );
  /** Keys shared by everything that runs a call or steps. */
  const runnable: Record<string, Schema> = {
    call: qualified,
    with: ref('WithInjector'),
    steps: list1(ref('OperationStep')),
    mappings: list(ref('StepOutputMapping')),
    outputParameters: { type: 'array' },
  };

  // ---------------------------------------------------------------- REST exposes
  defs.ExposedInputParameter = exposedInputParameterDef(dialect, ref('IdentifierExtended'));
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
      ...since2({ ref: qualified }),
      ...runnable,
    },
    { required: ['method'], extra: { anyOf: restOperationWays } },
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
      namespace: ns,
      // NGD102: the dialect documents REST adapters like MCP servers.
      ...(dialect ? { description } : {}),
      authentication: ref('Authentication'),
      resources: list1(ref('ExposedResource')),
    },
    // NGD112: the dialect leaves out `port`; the REST adapter then listens on its default.
    { required: dialect ? ['type', 'namespace'] : ['type', 'port', 'namespace'] },
  );

  // ---------------------------------------------------------------- MCP exposes
  defs.McpToolInput = mcpToolInputDef(dialect, ref('IdentifierExtended'));
  const toolProps: Record<string, Schema> = {
    name,
    label: str(),
    description,
    inputParameters: list(ref('McpToolInput')),
    ...since2({ ref: qualified }),
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
      mimeType: pattern(MEDIA_TYPE),
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
      namespace: ns,
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
          { properties: { transport: { const: 'http' } }, ...(dialect ? {} : { required: ['port'] }) },
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
      ...skillProps(),
      tools: list1(ref('SkillTool')),
    },
    { required: ['name', 'description'] },
  );
  defs.ExposesSkill = exposesSkillDef(dialect, list1(ref('ExposedSkill')));
  if (dialect) defs.SkillGroup = dialectSkillGroupDef();
  const exposeKinds = [ref('ExposesRest'), ref('ExposesMcp'), ref('ExposesSkill')];

  // ---------------------------------------------------------------- alpha2+: control port, aggregates
  if (!alpha1) {
    defs.ExposesControl = controlDef();
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
      { label: str(), namespace: ns, functions: list1(ref('AggregateFunction')) },
      { required: ['label', 'namespace', 'functions'] },
    );
  }

  defs.Capability = obj(
    {
      ...(v05 ? {} : { binds: list1(ref('Binding')) }),
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
        ...(v05 ? { externalRefs: list1(ref('ExternalRef')) } : { binds: list1(ref('Binding')) }),
        capability: ref('Capability'),
      },
      { extra: { oneOf: [has('naftiko', 'capability'), has('naftiko', 'consumes')] } },
    ) as Record<string, unknown>),
    $defs: defs,
  };
}
