// Our JSON Schemas (2020-12) for Ikanos 1.0.0-alpha3 … 1.0.0-beta5, the Naftiko specification's
// successor (docs/ikanos.md). The shape differs from Naftiko alpha2 in four ways: the top key is
// `ikanos`, `label` is `display`, named lists are maps keyed by name, aggregate `functions` are `flows`.
// Versions then only add optional keys:
//   - ikanos alpha3 = alpha4 (version string only);
//   - beta1 adds binary content (`binary` raw format, media types, size caps, REST `responses`);
//   - beta2 = beta3 = beta1; beta4 adds MCP `ttlMs`/`cacheScope` and `info.version`; beta5 = beta4.
// Built in the same two modes as schemas.ts: strict (the official rules) and dialect (plus the
// common-dialect relaxations that dialect.ts names as NGD warnings).
import { bool, dict, has, int, list, list1, literal, obj, oneOf, oneOfValues, pattern, port, ref, str, type Schema } from './schema-builders.js';
import {
  authDefs,
  baseDefs,
  controlDef,
  DATE,
  EXTENDED,
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

export const IKANOS_VERSIONS = ['1.0.0-alpha3', '1.0.0-alpha4', '1.0.0-beta1', '1.0.0-beta2', '1.0.0-beta3', '1.0.0-beta4', '1.0.0-beta5'] as const;
export type IkanosVersion = (typeof IKANOS_VERSIONS)[number];

export interface IkanosMode {
  version: IkanosVersion;
  dialect: boolean;
}

const BINARY_SIZE = '^\\d+(\\.\\d+)?(B|KiB|MiB|GiB)$';

/** A map from names (keys matching `keys`) to `values`; `min1` when the map may not be empty. */
function named(keys: Schema, values: Schema, min1 = false): Schema {
  return { type: 'object', propertyNames: keys, additionalProperties: values, ...(min1 ? { minProperties: 1 } : {}) };
}

export function buildIkanosSchema(mode: IkanosMode): Record<string, unknown> {
  const { version, dialect } = mode;
  const index = IKANOS_VERSIONS.indexOf(version);
  const binary = index >= IKANOS_VERSIONS.indexOf('1.0.0-beta1');
  const beta4 = index >= IKANOS_VERSIONS.indexOf('1.0.0-beta4');
  /** Keys only present from a version on. */
  const when = (on: boolean, props: Record<string, Schema>): Record<string, Schema> => (on ? props : {});
  const kebab = ref('IdentifierKebab');
  /** Namespaces and `call`/`ref` (the dialect reads other characters written consistently: NGD113). */
  const ns = namespaceSchema(dialect);
  const qualified = qualifiedSchema(dialect);
  /** Names the dialect also spells with `_` (NGD104). */
  const entityKey = dialect ? pattern(KEBAB_OR_SNAKE) : kebab;
  const extendedKey = pattern(EXTENDED);
  const description = str();
  const tags = list(str());

  const defs: Record<string, Schema> = { ...baseDefs(dialect), ...smallDefs(dialect), ...authDefs(dialect, true), ...requestBodyDefs(dialect) };
  defs.ImportEntry = obj({ from: str(), import: ns, as: ns, description }, { required: ['from', 'import'] });
  defs.Info = obj(
    {
      display: str(),
      description,
      tags,
      created: pattern(DATE),
      modified: pattern(DATE),
      ...when(beta4, { version: str() }),
      stakeholders: list(ref('Person')),
    },
    // NGD111: the dialect adds its own metadata keys to `info`.
    { required: ['display', 'description'], open: dialect },
  );
  if (binary) defs.BinarySize = pattern(BINARY_SIZE);
  const maxBinarySize = when(binary, { maxBinarySize: ref('BinarySize') });

  // ---------------------------------------------------------------- consumed HTTP APIs
  const consumedInputProps: Record<string, Schema> = { in: oneOfValues(...PARAM_LOCATIONS), value: str() };
  if (dialect) {
    // NGD101: the dialect's only type information for consumed parameters.
    consumedInputProps.type = oneOfValues(...VALUE_TYPES);
    consumedInputProps.description = str();
    consumedInputProps.required = bool();
  }
  defs.ConsumedInputParameter = obj(consumedInputProps, { required: ['in'] });
  const consumedInputs = named(dialect ? str({ minLength: 1 }) : extendedKey, ref('ConsumedInputParameter'));
  defs.ConsumedOutputParameter = obj({ type: oneOfValues(...OUTPUT_TYPES), value: str() }, { required: ['type', 'value'] });
  const rawFormats = ['json', 'xml', 'avro', 'protobuf', 'csv', 'tsv', 'psv', 'yaml', 'html', 'markdown', ...(binary ? ['binary'] : [])];
  defs.ConsumedHttpOperation = obj(
    {
      display: str(),
      tags,
      description,
      method: oneOfValues(...HTTP_METHODS),
      inputParameters: consumedInputs,
      outputRawFormat: oneOfValues(...rawFormats),
      ...when(binary, { outputMediaType: str(), ...maxBinarySize }),
      outputSchema: str(),
      outputParameters: dict(ref('ConsumedOutputParameter')),
      body: ref('RequestBody'),
      // NGD114: the dialect gives one operation its own path (officially: a resource of its own).
      ...(dialect ? { path: str() } : {}),
    },
    { required: ['method'] },
  );
  defs.ConsumedHttpResource = obj(
    {
      display: str(),
      tags,
      description,
      path: str(),
      inputParameters: consumedInputs,
      operations: named(entityKey, ref('ConsumedHttpOperation'), true),
    },
    { required: ['path', 'operations'] },
  );
  defs.TunnelZiti = obj(
    { type: literal('ziti'), service: str(), identity: str(), fallback: oneOfValues('fail', 'direct') },
    { required: ['type', 'service', 'identity'] },
  );
  defs.ConsumesHttp = obj(
    {
      namespace: ns,
      type: literal('http'),
      description,
      // NGD115: the dialect names the whole base URI by a variable (`{{api_url}}`), set at run time.
      baseUri: dialect ? pattern(DIALECT_BASE_URI) : pattern(HTTP_BASE_URI),
      inputParameters: consumedInputs,
      authentication: ref('Authentication'),
      tunnel: oneOf(ref('TunnelZiti')),
      // NGD107: consumed resource names are never referenced, so the dialect's free-form names are harmless.
      resources: named(dialect ? str({ minLength: 1 }) : kebab, ref('ConsumedHttpResource'), true),
    },
    { required: ['namespace', 'type', 'baseUri'] },
  );

  // ---------------------------------------------------------------- outputs
  Object.assign(defs, mappedOutputDefs(dialect, ['mapping', 'value'], true));
  defs.OrchestratedOutput = oneOf(
    obj({ type: oneOfValues(...SCALAR_TYPES) }, { required: ['type'] }),
    obj({ type: literal('array'), items: dict(ref('OrchestratedOutput'), { minProperties: 1 }) }, { required: ['type', 'items'] }),
    obj({ type: literal('object'), properties: dict(ref('OrchestratedOutput'), { type: 'object' }) }, { required: ['type', 'properties'] }),
  );
  defs.MockOutput = obj({ type: oneOfValues(...SCALAR_TYPES), value: str() }, { required: ['type', 'value'] });
  const orchestratedOutputs = { outputParameters: dict(ref('OrchestratedOutput')) };
  const mockOutputs = { outputParameters: dict(ref('MockOutput'), { minProperties: 1 }) };

  // ---------------------------------------------------------------- steps
  defs.OperationStep = oneOf(
    obj({ type: literal('call'), call: qualified, with: ref('WithInjector') }, { required: ['type', 'call'] }),
    obj(lookupStepProps(), { required: ['type', 'index', 'match', 'lookupValue', 'outputParameters'] }),
    obj(scriptStepProps(), { required: ['type', 'file'] }),
  );
  defs.StepOutputMapping = obj({ target: pattern('^[a-zA-Z0-9-_.]+$'), value: str() }, { required: ['target', 'value'] });
  /** Keys shared by everything that runs a call or steps. */
  const runnable: Record<string, Schema> = {
    call: qualified,
    with: ref('WithInjector'),
    steps: named(kebab, ref('OperationStep'), true),
    mappings: list(ref('StepOutputMapping')),
    outputParameters: true,
  };

  // ---------------------------------------------------------------- REST exposes
  defs.ExposedInputParameter = exposedInputParameterDef(dialect);
  const exposedInputs = named(extendedKey, ref('ExposedInputParameter'));
  const binaryResponses: Record<string, Schema> = when(binary, {
    responses: named(
      pattern('^[1-5][0-9X]{2}$'),
      obj({
        description,
        content: named(pattern(MEDIA_TYPE), obj({ binary: bool(), schema: { type: 'object' } }), true),
      }),
    ),
    responseBinary: obj({ status: int(100, 599), mediaType: pattern(MEDIA_TYPE), description }, { required: ['mediaType'] }),
  });
  defs.ExposedOperation = obj(
    {
      display: str(),
      tags,
      description,
      method: oneOfValues(...HTTP_METHODS),
      inputParameters: exposedInputs,
      ref: qualified,
      ...runnable,
      ...binaryResponses,
    },
    {
      required: ['method'],
      extra: {
        // An output list is mapped; a steps operation names its outputs; a ref takes the flow's.
        anyOf: [
          { properties: { outputParameters: { items: ref('MappedOutput') } } },
          { required: ['steps'], properties: orchestratedOutputs },
          has('ref'),
        ],
        ...(binary ? { not: has('responses', 'responseBinary') } : {}),
      },
    },
  );
  defs.ExposedResource = obj(
    {
      display: str(),
      tags,
      description,
      path: str(),
      inputParameters: exposedInputs,
      operations: named(entityKey, ref('ExposedOperation'), true),
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
      ...maxBinarySize,
      resources: named(entityKey, ref('ExposedResource'), true),
    },
    // NGD112: the dialect leaves out `port`; the REST adapter then listens on its default.
    { required: dialect ? ['type', 'namespace'] : ['type', 'port', 'namespace'] },
  );

  // ---------------------------------------------------------------- MCP exposes
  defs.McpToolInput = mcpToolInputDef(dialect);
  const toolInputs = named(extendedKey, ref('McpToolInput'));
  defs.McpTool = obj(
    { display: str(), tags, description, inputParameters: toolInputs, ref: qualified, ...runnable, hints: ref('McpToolHints') },
    {
      extra: {
        anyOf: [
          { required: ['description', 'call'], properties: { outputParameters: { type: 'array', items: ref('MappedOutput') } } },
          { required: ['description', 'steps'], properties: { outputParameters: { type: 'object', additionalProperties: ref('OrchestratedOutput') } } },
          has('ref'),
          { required: ['description', 'outputParameters'], properties: mockOutputs },
        ],
      },
    },
  );
  defs.McpResource = obj(
    {
      display: str(),
      uri: str(),
      description,
      mimeType: pattern(MEDIA_TYPE),
      ...when(binary, { binary: bool() }),
      ...runnable,
      outputParameters: { type: ['array', 'object'] },
      location: pattern(FILE_URI),
    },
    {
      required: ['display', 'uri', 'description'],
      extra: {
        oneOf: [
          { required: ['call'], properties: { outputParameters: { type: 'array', items: ref('MappedOutput') } }, not: has('location') },
          { required: ['steps'], properties: { outputParameters: { type: 'object', additionalProperties: ref('OrchestratedOutput') } }, not: has('location') },
          { required: ['location'], not: { anyOf: [has('call'), has('steps')] } },
        ],
      },
    },
  );
  defs.McpPromptArgument = obj({ display: str(), description, required: bool() }, { required: ['description'] });
  defs.McpPrompt = obj(
    {
      display: str(),
      description,
      arguments: named(extendedKey, ref('McpPromptArgument')),
      template: list1(ref('McpPromptMessage')),
      location: pattern(FILE_URI),
    },
    {
      required: ['display', 'description'],
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
      ...maxBinarySize,
      ...when(beta4, { ttlMs: int(), cacheScope: oneOfValues('public', 'private') }),
      authentication: ref('Authentication'),
      tools: named(entityKey, ref('McpTool'), true),
      resources: named(kebab, ref('McpResource'), true),
      prompts: named(kebab, ref('McpPrompt'), true),
    },
    {
      required: ['type', 'namespace', 'tools'],
      extra: {
        // stdio servers have no port; http servers (the default transport) need one.
        oneOf: [
          { properties: { transport: { const: 'stdio' } }, required: ['transport'], not: has('port') },
          { properties: { transport: { const: 'http' } }, ...(dialect ? {} : { required: ['port'] }) },
        ],
      },
    },
  );

  // ---------------------------------------------------------------- skills, control, aggregates
  defs.SkillTool = obj(
    { description, from: obj({ sourceNamespace: str(), action: str() }, { required: ['sourceNamespace', 'action'] }), instruction: str() },
    { required: ['description'], extra: { oneOf: [has('from'), has('instruction')] } },
  );
  defs.ExposedSkill = obj({ ...skillProps(), tools: named(kebab, ref('SkillTool'), true) }, { required: ['description'] });
  defs.ExposesSkill = exposesSkillDef(dialect, named(kebab, ref('ExposedSkill'), true));
  if (dialect) defs.SkillGroup = dialectSkillGroupDef();
  defs.ExposesControl = controlDef();
  defs.AggregateFlow = obj(
    {
      description,
      tags,
      semantics: obj({ safe: bool(), idempotent: bool(), cacheable: bool() }),
      ...when(binary, { outputMediaType: str() }),
      inputParameters: toolInputs,
      ...runnable,
    },
    {
      required: ['description'],
      extra: {
        anyOf: [
          { required: ['call'], properties: { outputParameters: { type: 'array', items: ref('MappedOutput') } } },
          { required: ['steps'], properties: { outputParameters: { type: 'object', additionalProperties: ref('OrchestratedOutput') } } },
          { required: ['outputParameters'], properties: mockOutputs },
        ],
      },
    },
  );
  defs.Aggregate = obj({ display: str(), namespace: ns, flows: named(kebab, ref('AggregateFlow'), true) }, { required: ['display', 'flows'] });

  const section = (...kinds: Schema[]): Schema => list1(oneOf(...kinds, ref('ImportEntry')));
  const sections: Record<string, Schema> = {
    binds: section(ref('Binding')),
    exposes: section(ref('ExposesRest'), ref('ExposesMcp'), ref('ExposesSkill'), ref('ExposesControl')),
    consumes: section(ref('ConsumesHttp')),
    aggregates: section(ref('Aggregate')),
  };
  defs.Capability = obj(sections, { extra: { anyOf: [has('exposes'), has('consumes')] } });

  // A capability, or a standalone file holding exactly one shared section (an import source).
  const standalone = ['consumes', 'exposes', 'aggregates', 'binds'].map((k) => ({ required: ['ikanos', k], not: has('capability') }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://naftiko-gen.local/schemas/ikanos-${version}${dialect ? '-dialect' : ''}.json`,
    ...(obj(
      { ikanos: literal(version), info: ref('Info'), ...sections, capability: ref('Capability') },
      { extra: { oneOf: [has('ikanos', 'capability'), ...standalone] } },
    ) as Record<string, unknown>),
    $defs: defs,
  };
}
