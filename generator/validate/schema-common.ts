// Schema parts that Naftiko alpha1…alpha3 and Ikanos alpha3…beta5 share unchanged (IKANOS.md §2.3):
// identifiers, people, bindings, authentication, request bodies, mapped outputs, hints, the control port.
// schemas.ts (Naftiko) and schemas-ikanos.ts (Ikanos) both build their definitions on these.
import { anyOf, bool, dict, has, int, list, list1, literal, num, obj, oneOf, oneOfValues, pattern, port, ref, str, type Schema } from './schema-builders.js';

export const KEBAB = '^[a-zA-Z0-9-]+$';
/** Dialect names also allow `_` (NGD104). */
export const KEBAB_OR_SNAKE = '^[a-zA-Z0-9_-]+$';
export const EXTENDED = '^[a-zA-Z0-9-_*]+$';
/** Dialect wire names of consumed parameters (`filter[query]`, `query.term`) (NGD110). */
export const WIRE_NAME = '^[a-zA-Z0-9-_*.\\[\\]]+$';
export const QUALIFIED_CALL = '^[a-zA-Z0-9-]+\\.[a-zA-Z0-9-]+$';
/**
 * Dialect namespaces (NGD113): any run of characters but whitespace, braces, quotes and backslashes
 * (`github:issues`, `api.v1`), so that a namespace written consistently is read as written.
 */
export const DIALECT_NAMESPACE = '^[^\\s{}"\'`\\\\]+$';
/** Dialect `call`/`ref`: such a namespace, then `.` and the name; split on the last `.`. */
export const DIALECT_QUALIFIED = '^[^\\s{}"\'`\\\\]+\\.[a-zA-Z0-9-]+$';

/** A namespace (declared, imported, aliased or forwarded to): kebab officially, wider in the dialect. */
export function namespaceSchema(dialect: boolean): Schema {
  return dialect ? pattern(DIALECT_NAMESPACE) : ref('IdentifierKebab');
}

/** `call: <namespace>.<operation>` and `ref: <namespace>.<flow>`. */
export function qualifiedSchema(dialect: boolean): Schema {
  return pattern(dialect ? DIALECT_QUALIFIED : QUALIFIED_CALL);
}
export const FILE_URI = '^file:///';
export const DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
export const HTTP_BASE_URI = '^https?://[^/]+(/[^{]*)?$';
/** Where a REST input travels as text: a dialect MCP tool argument there is a string (NGD117). */
export const WIRE_LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;

/** The dialect also takes a base URI that is one template variable, `{{kong_admin_url}}` (NGD115). */
export const TEMPLATE_BASE_URI = '^\\{\\{\\s*[A-Za-z_][A-Za-z0-9_.-]*\\s*\\}\\}$';
export const DIALECT_BASE_URI = `(${HTTP_BASE_URI})|(${TEMPLATE_BASE_URI})`;
const HOST_LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const OCTET = '(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)';
export const MIME_TOKEN = "[a-zA-Z0-9!#$&^_.+-]+";
export const MEDIA_TYPE = `^${MIME_TOKEN}\\/${MIME_TOKEN}(?:\\s*;\\s*${MIME_TOKEN}=(?:${MIME_TOKEN}|"[^"]*"))*$`;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const VALUE_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
export const OUTPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'];
export const SCALAR_TYPES = ['string', 'number', 'boolean'];
export const SCRIPT_LANGUAGES = ['javascript', 'python', 'groovy'];
export const PARAM_LOCATIONS = ['query', 'header', 'path', 'cookie', 'body', 'environment'];

/** Identifiers, addresses, `with` and people: the same in every version. */
export function baseDefs(dialect = false): Record<string, Schema> {
  return {
    IdentifierKebab: pattern(KEBAB),
    IdentifierExtended: pattern(EXTENDED),
    BindingVariableName: pattern('^[A-Z][A-Z0-9_]*$'),
    UriLocation: pattern('^[a-zA-Z][a-zA-Z0-9+.-]*://'),
    Hostname: pattern(`^(${HOST_LABEL})(\\.${HOST_LABEL})*$`),
    IPv4: pattern(`^(${OCTET}\\.){3}${OCTET}$`),
    IPv6: pattern('^([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}$'),
    Address: anyOf(ref('Hostname'), ref('IPv4'), ref('IPv6')),
    WithInjector: dict(oneOf(str(), num())),
    Person: obj(
      { role: str(), fullName: str(), email: pattern('^[a-zA-Z0-9._%+\\-]+@[a-zA-Z0-9.\\-]+\\.[a-zA-Z]{2,}$') },
      { required: ['role', 'fullName'] },
    ),
    Binding: obj(
      {
        namespace: namespaceSchema(dialect),
        description: str(),
        location: ref('UriLocation'),
        keys: { type: 'object', propertyNames: ref('BindingVariableName'), additionalProperties: ref('IdentifierExtended') },
      },
      { required: ['namespace', 'keys'] },
    ),
  };
}

/** Authentication blocks; oauth2 exists from Naftiko alpha2 on. */
export function authDefs(dialect: boolean, oauth2: boolean): Record<string, Schema> {
  const apiKeyProps: Record<string, Schema> = { type: literal('apikey'), key: str(), value: str(), placement: oneOfValues('header', 'query') };
  if (dialect) {
    // NGD106: `{in, name, value}` (OpenAPI spelling) or a `headers` map.
    apiKeyProps.in = oneOfValues('header', 'query');
    apiKeyProps.name = str();
    apiKeyProps.headers = dict(str());
  }
  const defs: Record<string, Schema> = {
    AuthBasic: obj({ type: literal('basic'), username: str(), password: str() }, { required: ['type'] }),
    AuthDigest: obj({ type: literal('digest'), username: str(), password: str() }, { required: ['type'] }),
    AuthBearer: obj({ type: literal('bearer'), token: str() }, { required: ['type'] }),
    AuthApiKey: obj(apiKeyProps, { required: ['type'] }),
  };
  const kinds = [ref('AuthBasic'), ref('AuthApiKey'), ref('AuthBearer'), ref('AuthDigest')];
  if (oauth2) {
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
    kinds.push(ref('AuthOAuth2'));
  }
  defs.Authentication = oneOf(...kinds);
  return defs;
}

/** Consumed request bodies, with the dialect's `type: form` and data-less JSON. */
export function requestBodyDefs(dialect: boolean): Record<string, Schema> {
  const formData = oneOf(str(), dict(str()));
  return {
    RequestBody: oneOf(
      // NGD109: the dialect's `{type: json}` without `data` forwards the caller's JSON body.
      obj({ type: literal('json'), data: oneOf(str(), { type: 'object' }, { type: 'array' }) }, { required: dialect ? ['type'] : ['type', 'data'] }),
      obj({ type: oneOfValues('text', 'xml', 'sparql'), data: str() }, { required: ['type', 'data'] }),
      obj({ type: literal('formUrlEncoded'), data: formData }, { required: ['type', 'data'] }),
      obj({ type: literal('multipartForm'), data: list(ref('MultipartPart')) }, { required: ['type', 'data'] }),
      str(),
      // NGD108: `type: form` is the dialect's spelling of formUrlEncoded.
      ...(dialect ? [obj({ type: literal('form'), data: formData }, { required: ['type', 'data'] })] : []),
    ),
    MultipartPart: obj({ name: str(), value: str(), filename: str(), contentType: str() }, { required: ['name', 'value'] }),
  };
}

/**
 * Outputs mapped from a single call's response, one shape per `type`. `scalarSources` lists the keys
 * a scalar takes its value from (exactly one of them); `withValue` adds the alpha2+ `value` key.
 */
export function mappedOutputDefs(dialect: boolean, scalarSources: string[], withValue: boolean, itemsList = false): Record<string, Schema> {
  const base: Record<string, Schema> = {
    mapping: str(),
    const: oneOf(str(), num(), bool(), { type: 'array' }, { type: 'object' }),
    ...(withValue ? { value: str() } : {}),
  };
  const scalar = (t: string): Schema => obj({ type: literal(t), ...base }, { required: ['type'], extra: { oneOf: scalarSources.map((k) => has(k)) } });
  return {
    MappedOutputString: scalar('string'),
    MappedOutputNumber: scalar('number'),
    MappedOutputBoolean: scalar('boolean'),
    MappedOutputObject: obj(
      { type: literal('object'), ...base, properties: dict(ref('MappedOutput'), { type: 'object' }) },
      // NGD103: the dialect's `{type: object, mapping: $.}` passes the whole body through, without `properties`.
      dialect ? { required: ['type'], extra: { anyOf: [has('properties'), has('mapping'), has('value')] } } : { required: ['type', 'properties'] },
    ),
    // 0.5 writes array items as a non-empty list of outputs.
    MappedOutputArray: obj({ type: literal('array'), ...base, items: itemsList ? list1(ref('MappedOutput')) : ref('MappedOutput') }, { required: ['type', 'items'] }),
    MappedOutput: oneOf(ref('MappedOutputString'), ref('MappedOutputNumber'), ref('MappedOutputBoolean'), ref('MappedOutputObject'), ref('MappedOutputArray')),
  };
}

/** The bodies of lookup and script steps, without their name (Naftiko adds `name`, Ikanos keys them). */
export function lookupStepProps(): Record<string, Schema> {
  return {
    type: literal('lookup'),
    index: ref('IdentifierKebab'),
    match: ref('IdentifierKebab'),
    lookupValue: str(),
    outputParameters: list1(str()),
  };
}

export function scriptStepProps(): Record<string, Schema> {
  return {
    type: literal('script'),
    language: oneOfValues(...SCRIPT_LANGUAGES),
    location: pattern(FILE_URI),
    file: str({ minLength: 1 }),
    dependencies: list1(str({ minLength: 1 })),
    with: ref('WithInjector'),
  };
}

/** Small shared definitions: MCP hints, prompt messages, REST forwarding. */
export function smallDefs(dialect = false): Record<string, Schema> {
  return {
    McpToolHints: obj({ readOnly: bool(), destructive: bool(), idempotent: bool(), openWorld: bool() }),
    McpPromptMessage: obj({ role: oneOfValues('user', 'assistant'), content: str() }, { required: ['role', 'content'] }),
    ForwardConfig: obj({ targetNamespace: namespaceSchema(dialect), trustedHeaders: list1(str()) }, { required: ['targetNamespace'] }),
  };
}

/** Skill metadata keys (everything but the tools list/map). */
export function skillProps(): Record<string, Schema> {
  return {
    description: str({ maxLength: 1024 }),
    license: str(),
    compatibility: str({ maxLength: 500 }),
    metadata: dict(str()),
    'allowed-tools': str({ maxLength: 1024 }),
    'argument-hint': str(),
    'user-invocable': bool(),
    'disable-model-invocation': bool(),
    location: pattern(FILE_URI),
  };
}

// The three exposes definitions whose dialect relaxations both formats share. `name` is the schema of
// a list entry's `name` key (Naftiko writes lists); Ikanos keys its maps by name, so its entries have none.

/** A REST operation's or resource's input parameter. */
export function exposedInputParameterDef(dialect: boolean, name?: Schema): Schema {
  const named = name ? ['name'] : [];
  return obj(
    {
      ...(name ? { name } : {}),
      in: oneOfValues('query', 'header', 'path', 'cookie', 'body'),
      type: oneOfValues(...VALUE_TYPES),
      description: str(),
      pattern: str(),
      value: str(),
      // NGD118: the dialect marks inputs `required` and leaves out type (a string on the wire) and description.
      ...(dialect ? { required: bool() } : {}),
    },
    dialect
      ? { required: [...named, 'in'], extra: { anyOf: [has('type'), { properties: { in: oneOfValues(...WIRE_LOCATIONS) } }] } }
      : { required: [...named, 'in', 'type', 'description'] },
  );
}

/** An MCP tool's argument. */
export function mcpToolInputDef(dialect: boolean, name?: Schema): Schema {
  const named = name ? ['name'] : [];
  const props = { ...(name ? { name } : {}), type: oneOfValues(...VALUE_TYPES), description: str(), required: bool() };
  // NGD117: the dialect writes tool arguments in the REST spelling (`in: path`, no type or description);
  // a value sent in a path, query, header or cookie is a string.
  return dialect
    ? obj({ ...props, in: oneOfValues(...WIRE_LOCATIONS) }, { required: named, extra: { anyOf: [has('type'), has('in')] } })
    : obj(props, { required: [...named, 'type', 'description'] });
}

/** A skill expose; `skills` is the list (Naftiko) or map (Ikanos) of its skills. */
export function exposesSkillDef(dialect: boolean, skills: Schema): Schema {
  return obj(
    {
      type: literal('skill'),
      address: ref('Address'),
      port: port(),
      namespace: namespaceSchema(dialect),
      description: str(),
      authentication: ref('Authentication'),
      skills,
      // NGD116: the dialect groups skills (`groups[].skills[]` calling operations); no skill server is generated.
      ...(dialect ? { groups: list1(ref('SkillGroup')) } : {}),
    },
    dialect
      ? { required: ['type', 'port', 'namespace'], extra: { oneOf: [has('skills'), has('groups')] } }
      : { required: ['type', 'port', 'namespace', 'skills'] },
  );
}

/** NGD116: the dialect's skill groups (`groups[].skills[]`, each calling an operation); no skill server is generated. */
export function dialectSkillGroupDef(): Schema {
  const kebab = ref('IdentifierKebab');
  return obj(
    { name: kebab, description: str(), skills: list1(obj({ name: kebab, description: str(), call: qualifiedSchema(true) }, { required: ['name', 'call'] })) },
    { required: ['name', 'skills'] },
  );
}

/** The control port (alpha2 on), unchanged since. */
export function controlDef(): Schema {
  return obj(
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
}
