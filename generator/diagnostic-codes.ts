// The one registry of diagnostic codes: every code the generator reports, with its default severity,
// what it means, the usual fix and its anchor in docs/diagnostics.md (generated from this list by
// scripts/write-diagnostics-doc.mjs; test/unit/diagnostic-codes.test.ts keeps code, list and doc equal).
// The message a finding prints is specific to the file; `summary` and `hint` here are the general case.

import { MIGRATE_CODES } from './migrate/codes.js';

export interface CodeInfo {
  code: string;
  /** The severity by default; NGD codes become errors under --strict. */
  severity: 'error' | 'warning' | 'error or warning';
  summary: string;
  hint: string;
}

const E = 'error' as const;
const W = 'warning' as const;

export const DIAGNOSTIC_CODES: readonly CodeInfo[] = [
  // ---- NG1xxx: reading files and imports
  { code: 'NG1001', severity: E, summary: 'The file cannot be read (missing, a directory, or not accessible).', hint: 'Check the path and permissions.' },
  { code: 'NG1002', severity: E, summary: 'The file is over the 4 MiB limit for capability files.', hint: 'Split the capability, or check that it is a capability file.' },
  { code: 'NG1003', severity: E, summary: 'The file is not UTF-8 text or contains a NUL byte.', hint: 'Save the file as UTF-8 text.' },
  { code: 'NG1004', severity: E, summary: 'The file is empty or holds no YAML document.', hint: 'Write a capability document (`ikanos: 1.0.0-beta5` or `naftiko: 1.0.0-alpha3`).' },
  { code: 'NG1005', severity: E, summary: 'The file holds several YAML documents.', hint: 'Keep one document per file.' },
  { code: 'NG1006', severity: E, summary: 'A mapping repeats a key.', hint: 'Remove or merge the repeated key.' },
  { code: 'NG1007', severity: E, summary: 'YAML syntax error.', hint: 'Fix the YAML at the position given.' },
  { code: 'NG1008', severity: E, summary: 'The document root is not a mapping.', hint: 'A capability file is a mapping whose first key is the version.' },
  { code: 'NG1009', severity: E, summary: 'The file expands YAML aliases excessively (an alias bomb).', hint: 'Write the repeated content out.' },
  { code: 'NG1010', severity: E, summary: 'An imported file does not exist or is a directory.', hint: 'Fix `from`/`location`, resolved relative to the importing file.' },
  { code: 'NG1011', severity: E, summary: 'Imports form a cycle (named in the message).', hint: 'A shared file must not import the files that import it.' },
  { code: 'NG1012', severity: E, summary: 'An imported file holds no consumes list (neither at its root nor under `capability`).', hint: "Point the import at a file that declares 'consumes:'." },
  { code: 'NG1013', severity: E, summary: 'The document nests too deeply to read.', hint: 'Flatten the structure.' },
  { code: 'NG1014', severity: E, summary: 'An import points at a URL; imports are local files.', hint: 'Download the shared file into the project and import it by a relative path.' },
  { code: 'NG1015', severity: E, summary: 'An import leaves its import root (by path or symlink); the target is not read.', hint: 'Move the shared file into the project, or pass --allow-imports-outside for a trusted file.' },
  { code: 'NG1016', severity: W, summary: 'An import leaves its import root and is read because of --allow-imports-outside.', hint: 'Move the shared file into the project to drop the flag.' },
  // ---- NG2xxx: the schema of the declared version
  { code: 'NG2001', severity: E, summary: 'Unknown key.', hint: 'Remove it, or fix its spelling (the message names the nearest known keys).' },
  { code: 'NG2002', severity: E, summary: 'A required key is missing.', hint: 'Add the key.' },
  { code: 'NG2003', severity: E, summary: 'A value has the wrong type (a list where a map is expected, …).', hint: 'Write the expected kind of value.' },
  { code: 'NG2004', severity: E, summary: 'A value does not match its pattern or allowed values.', hint: 'Use one of the allowed values or spellings.' },
  { code: 'NG2005', severity: E, summary: 'A discriminator (`type`, `transport`, …) has a value no form accepts.', hint: 'Use one of the values listed.' },
  { code: 'NG2006', severity: E, summary: 'A value matches none, or more than one, of the allowed forms.', hint: 'Keep the keys of one form only.' },
  { code: 'NG2100', severity: E, summary: 'The declared version is missing or not one naftiko-gen reads.', hint: 'Declare a supported version (Ikanos 1.0.0-alpha3 … beta5, Naftiko 1.0.0-alpha1 … alpha3).' },
  // ---- NG3xxx: meaning (references, what is generated)
  { code: 'NG3001', severity: E, summary: 'A `call` names no consumed operation.', hint: 'Use <namespace>.<operation> of a consumed operation.' },
  { code: 'NG3002', severity: E, summary: 'An import names a namespace the shared file does not declare.', hint: 'Use one of the namespaces listed.' },
  { code: 'NG3003', severity: W, summary: 'Several consumed operations share the called name; the best match is used.', hint: 'Give consumed operations unique names.' },
  { code: 'NG3004', severity: E, summary: 'A `ref` names no aggregate function (flow).', hint: 'Use <aggregate namespace>.<flow name>.' },
  { code: 'NG3005', severity: E, summary: 'A lookup step reads a step that does not come before it.', hint: 'Name an earlier call step.' },
  { code: 'NG3006', severity: E, summary: 'A step type naftiko-gen does not run (script).', hint: 'Use call and lookup steps.' },
  { code: 'NG3007', severity: E, summary: 'A REST `forward` names no consumed namespace.', hint: 'Name a consumed namespace.' },
  { code: 'NG3010', severity: E, summary: 'A template variable is not bound.', hint: 'Declare it in binds, or use an input of the operation.' },
  { code: 'NG3011', severity: W, summary: 'A path placeholder has no input parameter; a required string is assumed.', hint: 'Declare the path parameter.' },
  { code: 'NG3012', severity: W, summary: 'A path placeholder matches no input and is ignored.', hint: 'Rename it to match an input, or remove it.' },
  { code: 'NG3013', severity: W, summary: '`{{env.X}}` names a variable no binds entry declares; it is read from the environment.', hint: 'Declare it in binds.' },
  { code: 'NG3020', severity: W, summary: 'Upstream authentication type not supported; requests go without it.', hint: 'Use bearer, apikey, basic or digest.' },
  { code: 'NG3030', severity: W, summary: 'The baseUri holds template variables; the base URL is needed at run time.', hint: 'Set <NAMESPACE>_BASE_URL when starting the servers.' },
  { code: 'NG3040', severity: W, summary: "A required parameter is not given in `with`; the caller's input of that name is used.", hint: 'Add it to the `with` map.' },
  { code: 'NG3041', severity: E, summary: '`with` sets a parameter the called operation does not have.', hint: 'Use a parameter of the operation.' },
  { code: 'NG3042', severity: W, summary: '`with` sets an undeclared parameter; it is sent as a query parameter or body field.', hint: 'Declare the parameter on the consumed operation.' },
  { code: 'NG3060', severity: W, summary: 'A tool name is not a valid MCP tool name; it is published under a fixed-up name.', hint: 'Rename the tool (1–64 of A-Z a-z 0-9 _ . -).' },
  { code: 'NG3061', severity: W, summary: 'A tool name is taken; it is published under another name.', hint: 'Give every tool a distinct name.' },
  { code: 'NG3070', severity: W, summary: 'An expose kind that produces no server (skill, control) is skipped.', hint: 'Nothing to fix.' },
  { code: 'NG3071', severity: E, summary: 'Inbound authentication type not supported on an expose.', hint: 'Use bearer, apikey or basic, or remove the block.' },
  { code: 'NG3080', severity: E, summary: 'More than one rest (or mcp) expose in one capability.', hint: 'Merge them, or split the capability.' },
  { code: 'NG3090', severity: W, summary: 'A raw format that is not converted to JSON passes through as it is.', hint: 'Pass the body through, or have the upstream answer JSON, XML, CSV or YAML.' },
  { code: 'NG3100', severity: W, summary: 'Two operations of one consumed API would get the same client method name; the later one is renamed.', hint: 'Rename one, or set it apart with a `names` entry in the naftiko-gen config (`namespace.operation` → `group.method`).' },
  { code: 'NG3101', severity: W, summary: 'A `names` override in the naftiko-gen config names no operation.', hint: 'Use `<namespace>.<operation>` as written in the capability, or remove the entry.' },
  { code: 'NG3102', severity: W, summary: 'An operation description stops mid-sentence (cut off upstream); it is used as written.', hint: 'Complete the description, or bind an OpenAPI document that describes the operation.' },
  { code: 'NG3110', severity: E, summary: 'A bound OpenAPI file is not an OpenAPI 3.0 or 3.1 document.', hint: 'Bind an OpenAPI 3.x document, or remove the binding from the config.' },
  { code: 'NG3111', severity: E, summary: 'A $ref in a bound OpenAPI document points outside it; only local references are read.', hint: 'Bundle the document into one file (no external references).' },
  { code: 'NG3112', severity: W, summary: 'A consumed operation has no counterpart in the bound OpenAPI document; its types stay those of the capability.', hint: 'Add the operation to the document, or fix the method/path in the capability.' },
  { code: 'NG3113', severity: W, summary: 'The bound OpenAPI document requires a parameter the capability does not declare.', hint: 'Declare the parameter on the consumed operation.' },
  { code: 'NG3114', severity: W, summary: 'A parameter type differs between the capability and the bound OpenAPI document; the document wins.', hint: 'Make the two agree.' },
  { code: 'NG3115', severity: W, summary: 'The capability declares a JSON response where the bound OpenAPI document answers a stream (JSON lines, bytes).', hint: 'Correct outputRawFormat, or the response content type in the document.' },
  { code: 'NG3130', severity: E, summary: 'Ikanos `tunnel` (OpenZiti) is not generated.', hint: 'Make the API reachable directly and remove `tunnel`.' },
  { code: 'NG3131', severity: E, summary: 'An Ikanos import in exposes, aggregates or binds that naftiko-gen does not resolve (an import of an import).', hint: 'Import the entry from the file that declares it, or copy it into the file.' },
  { code: 'NG3132', severity: W, summary: 'Ikanos MCP `ttlMs`/`cacheScope` are not generated.', hint: 'Nothing to fix; remove them to silence the warning.' },
  { code: 'NG3140', severity: E, summary: 'A literal value (a `with` entry, or a parameter\'s fixed `value`) is not of the type the consumed parameter declares (or its bound OpenAPI document); the generated code would send it as written.', hint: 'Write a value of the declared type, take it from the caller (`rest.x`, `tools.x`), or correct the declared type.' },
  { code: 'NG3141', severity: W, summary: 'A `with` literal is of another type than the consumed parameter declares but reads as a value of that type (`\'42\'` for an integer, `true` as text for a boolean, `2` for a string); it is sent as written.', hint: 'Write the value as the declared type (`42`, not `\'42\'`).' },
  { code: 'NG3142', severity: E, summary: 'A literal value (a `with` entry, or a parameter\'s fixed `value`) is not one of the enum values the parameter declares.', hint: 'Use one of the declared values, or take the value from the caller.' },
  { code: 'NG3143', severity: W, summary: 'A `names` override in the naftiko-gen config puts a method in a group that is a member of the generated client (`raw`, `options`, `constructor` …); the group is renamed (`rawResource`).', hint: 'Choose another group name in the config\'s "names".' },
  { code: 'NG3133', severity: E, summary: 'An Ikanos import in exposes, aggregates or binds names a file without that section.', hint: 'Point `from` at a file holding the section.' },
  { code: 'NG3134', severity: E, summary: 'An Ikanos import in exposes, aggregates or binds names a namespace the imported file does not declare.', hint: 'Import one of the namespaces the file declares.' },
  // ---- NG4xxx: packages
  { code: 'NG4001', severity: E, summary: 'Two inputs produce the same package name.', hint: 'Rename one file.' },
  { code: 'NG4002', severity: E, summary: '`generate --typecheck`: the code generated for this element does not type-check (the message gives the generated file, position and TypeScript error); nothing is written.', hint: 'Change the element, or report a naftiko-gen bug with the capability file. When the installed @naftiko-gen/runtime is not the version the code is generated for, the hint says so and gives the npm command that installs the right one.' },
  { code: 'NG4003', severity: E, summary: '`generate --typecheck`: the packages the generated code imports (the runtime, express, the MCP SDK, @types/node) are not installed where it would be written, so it cannot be checked.', hint: "Install the generated package's dependencies (generate once without --typecheck, then npm install), or drop --typecheck." },
  // ---- NG6xxx: naftiko-gen migrate (docs/migrate.md; hints kept beside the rules in generator/migrate/codes.ts)
  { code: 'NG6001', severity: E, summary: 'migrate: not a naftiko 1.0.0-alpha1/2/3 or ikanos file.', hint: MIGRATE_CODES.unsupportedSource.hint },
  { code: 'NG6002', severity: E, summary: 'migrate: a file without a capability holds two or more root sections.', hint: MIGRATE_CODES.severalRootSections.hint },
  { code: 'NG6003', severity: E, summary: 'migrate: two items of one list share a name (they would collide as map keys).', hint: MIGRATE_CODES.duplicateName.hint },
  { code: 'NG6004', severity: E, summary: 'migrate: an item has no usable `name` and no key can be derived.', hint: MIGRATE_CODES.missingName.hint },
  { code: 'NG6005', severity: W, summary: 'migrate: a key was made up for an unnamed REST resource/operation or a ref-only tool.', hint: MIGRATE_CODES.inventedKey.hint },
  { code: 'NG6006', severity: W, summary: 'migrate: an MCP resource or prompt key is not kebab-case.', hint: MIGRATE_CODES.nonKebabKey.hint },
  { code: 'NG6007', severity: W, summary: 'migrate: `name` on a mapped output was dropped.', hint: MIGRATE_CODES.mappedOutputName.hint },
  { code: 'NG6008', severity: E, summary: 'migrate: an entity has both the old and the new spelling of a key.', hint: MIGRATE_CODES.bothSpellings.hint },
  { code: 'NG6009', severity: W, summary: 'migrate: an object property `name` differs from its key; the key was kept.', hint: MIGRATE_CODES.propertyNameMismatch.hint },
  { code: 'NG6010', severity: E, summary: 'migrate: a rewrite failed on an unexpected shape (a bug); the file was left untouched.', hint: MIGRATE_CODES.internal.hint },
  // ---- NGD1xx: common-dialect relaxations (warnings; errors under --strict)
  { code: 'NGD101', severity: W, summary: 'Consumed input parameter with type/description/required.', hint: 'Declare them on the exposed inputs.' },
  { code: 'NGD102', severity: W, summary: '`description` on a REST expose.', hint: 'Move it to info.description.' },
  { code: 'NGD103', severity: W, summary: 'Object output with mapping/value but no properties (pass-through).', hint: 'Omit outputParameters to pass the body through.' },
  { code: 'NGD104', severity: W, summary: 'A name (or map key) with `_`.', hint: 'Use `-` and update references.' },
  { code: 'NGD105', severity: W, summary: 'An alpha2 feature in a file declaring alpha1.', hint: 'Declare 1.0.0-alpha2.' },
  { code: 'NGD106', severity: W, summary: 'API-key authentication in the OpenAPI spelling.', hint: 'Write key, value, placement.' },
  { code: 'NGD107', severity: W, summary: 'A consumed resource name that is not an identifier.', hint: 'Rename it; nothing refers to it.' },
  { code: 'NGD108', severity: W, summary: 'Request body `type: form`.', hint: 'Write `type: formUrlEncoded`.' },
  { code: 'NGD109', severity: W, summary: 'JSON request body without `data`.', hint: 'Declare an `in: body` input instead.' },
  { code: 'NGD110', severity: W, summary: 'A consumed parameter name outside the official pattern; sent upstream verbatim.', hint: 'Keep it (no official spelling exists) or rename upstream.' },
  { code: 'NGD111', severity: W, summary: 'A metadata key under `info` the official schema does not define; ignored.', hint: 'Move it into description or tags, or remove it.' },
  { code: 'NGD112', severity: W, summary: 'A rest or mcp expose without `port`; the default (8080 REST, 9090 MCP) is used.', hint: 'Write the port.' },
  { code: 'NGD113', severity: W, summary: 'A namespace (or a `call`/`ref` naming one) with characters outside the official pattern, such as `:`; read as written.', hint: 'Rename the namespace to letters, digits and `-` everywhere it is declared and named.' },
  { code: 'NGD114', severity: W, summary: 'A consumed operation with its own `path`; it is called there instead of at its resource\'s path.', hint: 'Move the operation into a resource of its own with that `path`.' },
  { code: 'NGD115', severity: W, summary: 'A baseUri that is only a template variable (`{{api_url}}`); the client takes its base URL from the environment at run time.', hint: 'Write the default URL (http:// or https://) as the baseUri and override it at run time.' },
  { code: 'NGD116', severity: W, summary: 'A skill expose that groups its skills (`groups[].skills[]` with `call`); the shape is checked, no skill server is generated.', hint: 'Write `skills` (one per group) with `tools` (one per grouped skill, `from: {sourceNamespace, action}`).' },
  { code: 'NGD117', severity: W, summary: 'An MCP tool argument in the REST spelling (`in`, or no `type`/`description`); read as a string, `in` ignored.', hint: 'Give the argument `type` and `description`, and drop `in`.' },
  { code: 'NGD118', severity: W, summary: 'A REST input with `required`, or without `type` (read as a string) or `description`.', hint: 'Give the input `type` and `description`, and drop `required`.' },
];

/** The docs anchor of a code (GitHub-style heading ids of docs/diagnostics.md rows). */
export function docsAnchor(code: string): string {
  return `docs/diagnostics.md#${code.toLowerCase()}`;
}

/** The Markdown of docs/diagnostics.md. */
export function renderDiagnosticsDoc(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = DIAGNOSTIC_CODES.map((c) => `| <a id="${c.code.toLowerCase()}"></a>${c.code} | ${c.code.startsWith('NGD') ? 'warning (error under --strict)' : c.severity} | ${cell(c.summary)} | ${cell(c.hint)} |`);
  return [
    '# Diagnostic codes',
    '',
    'Generated from `generator/diagnostic-codes.ts` by `node scripts/write-diagnostics-doc.mjs` (after `npm run build`);',
    'a test fails when this file, the registry and the codes used in `generator/` disagree.',
    '',
    '| Code | Severity | Meaning | Usual fix |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
