// Finds the common-dialect constructs (docs/ARCHITECTURE.md, "Validation levels") in a document.
// Each finding is a place where the official schema says no but the dialect schema says yes; the caller
// makes it a warning (default) or an error (--strict). Codes are stable: one per kind of relaxation.
import type { Finding } from './explain.js';
import type { SchemaVersion } from './schemas.js';
import { KEBAB, QUALIFIED_CALL, TEMPLATE_BASE_URI } from './schema-common.js';

export const DIALECT_CODES = {
  consumedInputTyping: 'NGD101',
  restDescription: 'NGD102',
  passThroughOutput: 'NGD103',
  underscoreName: 'NGD104',
  versionSkew: 'NGD105',
  apiKeyShape: 'NGD106',
  freeFormResourceName: 'NGD107',
  formBody: 'NGD108',
  jsonBodyWithoutData: 'NGD109',
  wireParameterName: 'NGD110',
  infoMetadata: 'NGD111',
  defaultPort: 'NGD112',
  namespaceSpelling: 'NGD113',
  operationPath: 'NGD114',
  templateBaseUri: 'NGD115',
  skillGroups: 'NGD116',
  restSpelledToolInput: 'NGD117',
  looseRestInput: 'NGD118',
} as const;

/** Official `info` keys (Naftiko spelling; Ikanos beta4+ adds `version`). */
const INFO_KEYS = ['label', 'description', 'tags', 'created', 'modified', 'stakeholders'];
/** The port each generated server listens on when the expose declares none (generator/model). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { rest: 8080, mcp: 9090 };

type Path = Array<string | number>;
type Obj = Record<string, unknown>;

export function findDialect(data: Obj, version: SchemaVersion, opts: { infoVersion?: boolean } = {}): Finding[] {
  const out: Finding[] = [];
  const alpha1 = version === '1.0.0-alpha1' || version === '0.5';
  const capability = asObj(data.capability);
  checkInfo(data.info, opts.infoVersion ?? false, out);
  checkNamespaces(data, out);

  const consumesLists: Array<[unknown, Path]> = [[data.consumes, ['consumes']]];
  if (capability) consumesLists.push([capability.consumes, ['capability', 'consumes']]);
  for (const [list, path] of consumesLists) {
    eachObj(list, path, (c, cPath) => checkConsumes(c, cPath, alpha1, out));
  }

  if (capability) {
    eachObj(capability.exposes, ['capability', 'exposes'], (e, ePath) => {
      checkPort(e, ePath, out);
      if (e.type === 'rest') checkRest(e, ePath, alpha1, out);
      if (e.type === 'mcp') checkMcp(e, ePath, alpha1, out);
      if (e.type === 'skill' && 'groups' in e) {
        out.push({
          path: [...ePath, 'groups'],
          atKey: true,
          code: DIALECT_CODES.skillGroups,
          message: 'This skill expose groups its skills (`groups[].skills[]` with `call`), a spelling no schema defines; naftiko-gen generates no skill server, so it only checks the shape.',
          hint: 'Officially: `skills: [{name, description, tools: [{name, description, from: {sourceNamespace, action}}]}]` — each group a skill, each of its skills a tool.',
        });
      }
    });
    eachObj(capability.aggregates, ['capability', 'aggregates'], (a, aPath) =>
      eachObj(a.functions, [...aPath, 'functions'], (f, fPath) => checkOutputs(f, fPath, alpha1, out)),
    );
  }
  return out;
}

function checkInfo(info: unknown, withVersion: boolean, out: Finding[]): void {
  const i = asObj(info);
  if (!i) return;
  const known = withVersion ? [...INFO_KEYS, 'version'] : INFO_KEYS;
  for (const key of Object.keys(i)) {
    if (known.includes(key)) continue;
    out.push({
      path: ['info', key],
      atKey: true,
      code: DIALECT_CODES.infoMetadata,
      message: `\`info.${key}\` is metadata the official schema does not define; naftiko-gen ignores it.`,
      hint: `Official \`info\` keys are ${known.map((k) => `\`${k}\``).join(', ')}; move \`${key}\` into \`description\` or \`tags\`, or remove it.`,
    });
  }
}

/** The sections that declare or import namespaces, at the root (shared files) and under `capability`. */
const NAMESPACED_SECTIONS = ['consumes', 'exposes', 'aggregates', 'binds'] as const;
const KEBAB_RE = new RegExp(KEBAB);
const QUALIFIED_RE = new RegExp(QUALIFIED_CALL);

/**
 * NGD113: namespaces outside the official pattern (`github:issues`), where they are declared, imported,
 * aliased, forwarded to, and named by `call`/`ref` (split on the last `.`). The dialect schema reads
 * them as written; a reference to a namespace that is not declared with the same spelling still fails
 * in the model (NG3001/NG3004), so only consistent use is accepted.
 */
function checkNamespaces(data: Obj, out: Finding[]): void {
  const roots: Array<[Obj, Path]> = [[data, []]];
  const capability = asObj(data.capability);
  if (capability) roots.push([capability, ['capability']]);
  for (const [root, rootPath] of roots) {
    for (const section of NAMESPACED_SECTIONS) {
      eachObj(root[section], [...rootPath, section], (entry, ePath) => {
        for (const key of ['namespace', 'import', 'as'] as const) namespaceAt(entry[key], [...ePath, key], out);
        eachObj(entry.resources, [...ePath, 'resources'], (r, rPath) => {
          namespaceAt(asObj(r.forward)?.targetNamespace, [...rPath, 'forward', 'targetNamespace'], out);
          runnableRefs(r, rPath, out);
          eachObj(r.operations, [...rPath, 'operations'], (o, oPath) => runnableRefs(o, oPath, out));
        });
        for (const units of ['tools', 'prompts', 'functions'] as const) eachObj(entry[units], [...ePath, units], (u, uPath) => runnableRefs(u, uPath, out));
      });
    }
  }
}

function namespaceAt(value: unknown, path: Path, out: Finding[]): void {
  if (typeof value !== 'string' || value === '' || KEBAB_RE.test(value)) return;
  out.push({
    path,
    atKey: false,
    code: DIALECT_CODES.namespaceSpelling,
    message: `The namespace \`${value}\` has characters official namespaces do not allow (letters, digits and \`-\`); naftiko-gen reads it as written.`,
    hint: `Officially \`${officialNamespace(value)}\`; rename it here and wherever it is named (\`call\`, \`ref\`, \`import\`, \`as\`, \`targetNamespace\`).`,
  });
}

/** `call`/`ref` of a unit, and the `call` of each of its steps. */
function runnableRefs(unit: Obj, path: Path, out: Finding[]): void {
  for (const key of ['call', 'ref'] as const) qualifiedAt(unit[key], [...path, key], key, out);
  eachObj(unit.steps, [...path, 'steps'], (step, sPath) => qualifiedAt(step.call, [...sPath, 'call'], 'call', out));
}

function qualifiedAt(value: unknown, path: Path, key: 'call' | 'ref', out: Finding[]): void {
  if (typeof value !== 'string' || QUALIFIED_RE.test(value)) return;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return; // not `<namespace>.<name>` at all: the schema says so
  const namespace = value.slice(0, dot);
  if (KEBAB_RE.test(namespace)) return;
  out.push({
    path,
    atKey: false,
    code: DIALECT_CODES.namespaceSpelling,
    message: `\`${key}: ${value}\` names the namespace \`${namespace}\`, whose characters official namespaces do not allow; naftiko-gen reads it as written.`,
    hint: `Officially \`${key}: ${officialNamespace(namespace)}${value.slice(dot)}\`, once the namespace is renamed \`${officialNamespace(namespace)}\`.`,
  });
}

/** The official spelling of a namespace: each run of other characters becomes one `-`. */
function officialNamespace(name: string): string {
  return name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'namespace';
}

function checkPort(e: Obj, path: Path, out: Finding[]): void {
  const fallback = DEFAULT_PORTS[String(e.type)];
  if (fallback === undefined || 'port' in e || e.transport === 'stdio') return;
  out.push({
    path,
    atKey: false,
    code: DIALECT_CODES.defaultPort,
    message: `This ${String(e.type)} expose has no \`port\`; the generated server listens on ${fallback} (or the port its environment sets).`,
    hint: `Write \`port: ${fallback}\` (the official schema requires a port).`,
  });
}

function checkConsumes(c: Obj, path: Path, alpha1: boolean, out: Finding[]): void {
  if ('import' in c || 'location' in c) {
    if (alpha1 && 'description' in c) out.push(skew(path, 'description', 'an imported consumes entry'));
    return;
  }
  checkAuth(c.authentication, [...path, 'authentication'], out);
  if (typeof c.baseUri === 'string' && new RegExp(TEMPLATE_BASE_URI).test(c.baseUri)) {
    out.push({
      path: [...path, 'baseUri'],
      atKey: false,
      code: DIALECT_CODES.templateBaseUri,
      message: `The baseUri \`${c.baseUri}\` is only a variable; the generated client takes the base URL from its environment at run time.`,
      hint: 'Officially a baseUri starts with http:// or https://: write the default URL (e.g. `https://api.example.com`) and override it at run time.',
    });
  }
  checkConsumedInputs(c.inputParameters, [...path, 'inputParameters'], out);
  eachObj(c.resources, [...path, 'resources'], (r, rPath) => {
    if (typeof r.name === 'string' && r.name !== '' && !/^[a-zA-Z0-9_-]+$/.test(r.name)) {
      out.push({
        path: [...rPath, 'name'],
        atKey: false,
        code: DIALECT_CODES.freeFormResourceName,
        message: `The consumed resource name \`${r.name}\` is not an identifier (letters, digits and \`-\` only).`,
        hint: `Rename it, e.g. \`${kebab(r.name)}\`; nothing refers to consumed resource names, so nothing else changes.`,
      });
    }
    checkName(r, rPath, 'consumed resource', out);
    checkConsumedInputs(r.inputParameters, [...rPath, 'inputParameters'], out);
    eachObj(r.operations, [...rPath, 'operations'], (o, oPath) => {
      checkName(o, oPath, 'consumed operation', out);
      if (typeof o.path === 'string') {
        out.push({
          path: [...oPath, 'path'],
          atKey: true,
          code: DIALECT_CODES.operationPath,
          message: `This operation has its own \`path\` (${o.path}); naftiko-gen calls it there instead of at its resource's path.`,
          hint: `Officially a path belongs to a resource: move the operation into a resource with \`path: ${o.path}\`.`,
        });
      }
      checkConsumedInputs(o.inputParameters, [...oPath, 'inputParameters'], out);
      if (alpha1 && 'outputSchema' in o) out.push(skew(oPath, 'outputSchema', 'a consumed operation'));
      checkBody(o.body, [...oPath, 'body'], out);
    });
  });
}

function checkBody(body: unknown, path: Path, out: Finding[]): void {
  const b = asObj(body);
  if (!b) return;
  if (b.type === 'form') {
    out.push({
      path: [...path, 'type'],
      atKey: false,
      code: DIALECT_CODES.formBody,
      message: 'The request body uses `type: form`, the dialect spelling of a URL-encoded form.',
      hint: 'Write `type: formUrlEncoded`.',
    });
  }
  if (b.type === 'json' && !('data' in b)) {
    out.push({
      path,
      atKey: false,
      code: DIALECT_CODES.jsonBodyWithoutData,
      message: 'The JSON request body has no `data`; the dialect means "forward the caller\'s JSON body".',
      hint: 'Officially a JSON body has `data`; to forward the caller\'s body, declare an input parameter with `in: body` instead.',
    });
  }
}

function kebab(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'resource';
}

function checkConsumedInputs(list: unknown, path: Path, out: Finding[]): void {
  eachObj(list, path, (p, pPath) => {
    if (typeof p.name === 'string' && p.name !== '' && !/^[a-zA-Z0-9-_*]+$/.test(p.name)) {
      out.push({
        path: [...pPath, 'name'],
        atKey: false,
        code: DIALECT_CODES.wireParameterName,
        message: `The consumed parameter name \`${p.name}\` has characters official names do not allow; it is sent upstream exactly as written.`,
        hint: 'Official names use letters, digits, `-`, `_` and `*`; there is no official way to send this wire name, so keep the dialect form or rename the parameter upstream.',
      });
    }
    const extra = ['type', 'description', 'required'].filter((k) => k in p);
    const first = extra[0];
    if (first === undefined) return;
    out.push({
      path: [...pPath, first],
      atKey: true,
      code: DIALECT_CODES.consumedInputTyping,
      message: `Consumed input parameter \`${String(p.name)}\` carries ${extra.map((k) => `\`${k}\``).join(', ')}, which the official schema allows only on exposed inputs.`,
      hint: 'Officially a consumed parameter has only `name`, `in` and `value`; declare type, description and required on the tool or REST operation inputParameters instead.',
    });
  });
}

function checkAuth(auth: unknown, path: Path, out: Finding[]): void {
  const a = asObj(auth);
  if (!a || a.type !== 'apikey') return;
  const extra = ['in', 'name', 'headers'].filter((k) => k in a);
  const first = extra[0];
  if (first === undefined) return;
  out.push({
    path: [...path, first],
    atKey: true,
    code: DIALECT_CODES.apiKeyShape,
    message: `API-key authentication uses ${extra.map((k) => `\`${k}\``).join(', ')}, the dialect spelling, instead of \`key\`, \`value\` and \`placement\`.`,
    hint: 'Write `{type: apikey, key: <header or query name>, value: <secret>, placement: header|query}`; one credential per authentication block.',
  });
}

function checkName(o: Obj, path: Path, what: string, out: Finding[]): void {
  const name = o.name;
  if (typeof name !== 'string' || !name.includes('_') || !/^[a-zA-Z0-9_-]+$/.test(name)) return;
  out.push({
    path: [...path, 'name'],
    atKey: false,
    code: DIALECT_CODES.underscoreName,
    message: `The ${what} name \`${name}\` contains \`_\`, which official names (letters, digits, \`-\`) do not allow.`,
    hint: `Rename it to \`${name.replace(/_/g, '-')}\` and update every reference to it.`,
  });
}

function checkRest(e: Obj, path: Path, alpha1: boolean, out: Finding[]): void {
  if ('description' in e) {
    out.push({
      path: [...path, 'description'],
      atKey: true,
      code: DIALECT_CODES.restDescription,
      message: 'A `type: rest` expose has a `description`, which the official schema does not define there.',
      hint: 'Remove `description` from the REST expose, or move the text to `info.description` or to its resources.',
    });
  }
  eachObj(e.resources, [...path, 'resources'], (r, rPath) => {
    checkName(r, rPath, 'exposed resource', out);
    checkRestInputs(r.inputParameters, [...rPath, 'inputParameters'], out);
    eachObj(r.operations, [...rPath, 'operations'], (o, oPath) => {
      checkName(o, oPath, 'exposed operation', out);
      checkRestInputs(o.inputParameters, [...oPath, 'inputParameters'], out);
      if (alpha1 && 'ref' in o) out.push(skew(oPath, 'ref', 'a REST operation'));
      checkOutputs(o, oPath, alpha1, out);
    });
  });
}

/** NGD118: REST inputs with `required`, or without type (a string on the wire) or description. */
function checkRestInputs(list: unknown, path: Path, out: Finding[]): void {
  eachObj(list, path, (p, pPath) => {
    const missing = ['type', 'description'].filter((k) => !(k in p));
    if (!('required' in p) && missing.length === 0) return;
    const parts = [...missing.map((k) => `no \`${k}\``), ...('required' in p ? [`\`required: ${String(p.required)}\``] : [])];
    out.push({
      path: 'required' in p ? [...pPath, 'required'] : pPath,
      atKey: 'required' in p,
      code: DIALECT_CODES.looseRestInput,
      message: `This REST input has ${parts.join(', ')}, which the official schema does not allow; naftiko-gen reads it as ${'type' in p ? `a ${String(p.type)}` : 'a string'}${'required' in p ? (p.required === true ? ' the caller must send' : ' the caller may leave out') : ''}.`,
      hint: `Officially a REST input has \`type\` and \`description\` and no \`required\`: write \`type: ${'type' in p ? String(p.type) : 'string'}\` and a description${'required' in p ? ', and drop `required`' : ''}.`,
    });
  });
}

function checkMcp(e: Obj, path: Path, alpha1: boolean, out: Finding[]): void {
  if (alpha1 && 'authentication' in e) out.push(skew(path, 'authentication', 'an MCP expose'));
  eachObj(e.tools, [...path, 'tools'], (t, tPath) => {
    checkName(t, tPath, 'MCP tool', out);
    eachObj(t.inputParameters, [...tPath, 'inputParameters'], (p, pPath) => {
      const missing = ['type', 'description'].filter((k) => !(k in p));
      if (!('in' in p) && missing.length === 0) return;
      out.push({
        path: 'in' in p ? [...pPath, 'in'] : pPath,
        atKey: 'in' in p,
        code: DIALECT_CODES.restSpelledToolInput,
        message: `This tool argument is written like a REST input (${[...('in' in p ? [`\`in: ${String(p.in)}\``] : []), ...missing.map((k) => `no \`${k}\``)].join(', ')}); naftiko-gen reads it as ${'type' in p ? `a ${String(p.type)}` : 'a string'}${'in' in p ? ' and ignores `in`' : ''}.`,
        hint: `Officially an MCP tool argument has \`type\` and \`description\` and no \`in\`: write \`type: ${'type' in p ? String(p.type) : 'string'}\` and a description.`,
      });
    });
    if (alpha1) for (const k of ['hints', 'ref']) if (k in t) out.push(skew(tPath, k, 'an MCP tool'));
    checkOutputs(t, tPath, alpha1, out);
  });
  eachObj(e.resources, [...path, 'resources'], (r, rPath) => checkOutputs(r, rPath, alpha1, out));
}

/** Mapped outputs (of a `call`): pass-through objects and alpha1 `value`. */
function checkOutputs(owner: Obj, path: Path, alpha1: boolean, out: Finding[]): void {
  if ('steps' in owner && !('call' in owner)) return; // orchestrated outputs follow other rules
  eachObj(owner.outputParameters, [...path, 'outputParameters'], (o, oPath) => checkMapped(o, oPath, alpha1, out));
}

function checkMapped(o: Obj, path: Path, alpha1: boolean, out: Finding[]): void {
  if (o.type === 'object' && !('properties' in o) && ('mapping' in o || 'value' in o)) {
    const src = 'mapping' in o ? 'mapping' : 'value';
    out.push({
      path,
      atKey: false,
      code: DIALECT_CODES.passThroughOutput,
      message: `This object output has \`${src}: ${String(o[src])}\` but no \`properties\`; the dialect means "the whole upstream value, unchanged".`,
      hint: 'Officially an object output lists its `properties`; to pass the upstream body through, omit `outputParameters` entirely.',
    });
  }
  if (alpha1 && 'value' in o) out.push(skew(path, 'value', 'an output parameter'));
  const props = asObj(o.properties);
  if (props) for (const [k, v] of Object.entries(props)) if (asObj(v)) checkMapped(v as Obj, [...path, 'properties', k], alpha1, out);
  if (asObj(o.items)) checkMapped(o.items as Obj, [...path, 'items'], alpha1, out);
}

function skew(path: Path, key: string, where: string): Finding {
  return {
    path: [...path, key],
    atKey: true,
    code: DIALECT_CODES.versionSkew,
    message: `\`${key}\` on ${where} is a 1.0.0-alpha2 feature, but this file declares an older version.`,
    hint: `Declare \`naftiko: 1.0.0-alpha2\` (the file already uses its features), or remove \`${key}\`.`,
  };
}

function eachObj(list: unknown, path: Path, fn: (o: Obj, p: Path) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => {
    const o = asObj(item);
    if (o) fn(o, [...path, i]);
  });
}

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}
