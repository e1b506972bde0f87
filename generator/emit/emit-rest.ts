// src/rest-app.ts (the Express app) and src/rest.ts (the process entry: dist/rest.js).
import type { CapabilityModel, CallerInput, RestForward, RestRoute } from '../model/types.js';
import { boundCallProperties, clientAccess } from './call-args.js';
import { asSentence, jsDoc, jsonLiteral, lineComment, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';
import { constantName } from './naming.js';
import { checksInboundAuth, inboundAuthMiddleware } from './inbound-auth.js';
import { serverPrologue } from './server-entry.js';
import { callerCredentialSecrets } from './emit-config.js';
import { traced } from './source-trace.js';
import { fixedAnswerProperties } from './projection.js';
import { isFixedOutput } from '../model/outputs.js';
import { documentedArgumentSchema } from './documented-schema.js';

export function emitRestApp(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/rest-app.ts', header);
  file.importDefault('express', 'express');
  file.importType('Clients', './config.js');
  importRuntimeType(file, 'Logger');
  file.import('readFileSync', 'node:fs');
  importRuntime(file, 'errorHandler');
  importRuntime(file, 'restFront');
  importRuntime(file, 'apiDocs');
  const routes = model.rest.flatMap((r) => r.routes);
  const specs = routes.map((route) => traced(route.source, inputSpecs(file, model, route)));
  // Routes that call upstream run inside the caller's credential scope (NAFTIKO_UPSTREAM_CREDENTIALS=caller).
  const scoped = callerCredentialSecrets(model).length > 0;
  if (scoped) {
    importRuntime(file, 'callerCredentials');
    file.import('CALLER_CREDENTIAL_HEADERS', './config.js');
  }
  const scopeDeclaration = scoped
    ? "  // With NAFTIKO_UPSTREAM_CREDENTIALS=caller, each request's upstream calls use the credentials it sends\n  // (x-naftiko-credential-*); entered after any body parser, right before the handler.\n  const callerScope = callerCredentials(CALLER_CREDENTIAL_HEADERS);\n"
    : '';
  // Forward entries come first: they were registered before the routes, and a route below a
  // forward's prefix stays the forward's (Express matches in registration order).
  const entries = [
    ...model.rest.flatMap((r) => r.forwards).map((f) => traced(f.source, forwardEntry(file, model, f))),
    ...routes.map((route) => traced(route.source, routeEntry(file, model, route))),
  ];
  file.add(`${jsDoc(['The OpenAPI 3.1 document of this adapter (openapi.json beside dist/), read once at start-up.'])}const OPENAPI_DOCUMENT = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');`);
  file.add(specs.filter(Boolean).join('\n\n'));
  if (entries.length > 0) {
    importRuntimeType(file, 'RouteSpec');
    file.add(`${jsDoc([`The routes of ${model.title}, in registration order: what each reads and which client method (or orchestration) it calls${entries.length > routes.length ? ', or which consumed API it forwards to' : ''}.`])}function routeTable(clients: Clients): RouteSpec[] {
  return [
${entries.join('\n')}
  ];
}`);
  }
  importRuntime(file, 'LOOPBACK_ONLY');
  importRuntimeType(file, 'HostPolicy');
  file.add(`${jsDoc(['Settings of createRestApp.'])}export interface RestAppOptions {
  /**
   * Host (and Origin) headers answered; default: the loopback names only. The entry (dist/rest.js)
   * derives it from --host and NAFTIKO_REST_ALLOWED_HOSTS.
   */
  hosts?: HostPolicy;
}`);
  file.add(`${jsDoc([`The REST surface of ${model.title}: ${routes.length} route(s), plus /healthz, /openapi.json and /docs.`])}export function createRestApp(clients: Clients, log: Logger, options: RestAppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // responses are the upstream's (or computed per request): no body hashing
  // Request id, server span, access log, GET /healthz (before the Host check), Host/Origin check, CORS:
  // one middleware, so one router step per request for all of them.
  app.use(restFront(log, { health: ${stringLiteral(model.name)}, hosts: options.hosts ?? LOOPBACK_ONLY }));
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(OPENAPI_DOCUMENT);
  });
  app.use(apiDocs(${stringLiteral(model.title)})); // GET /docs: the interactive reference (NAFTIKO_REST_DOCS=off: none)
${inboundAuthMiddleware(file, model.rest[0]?.auth, '  ')}${scopeDeclaration}${registration(file, entries.length > 0, scoped)}
${methodsOfFixedPaths(file)}
  app.use(errorHandler(log));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No route for ' + req.method + ' ' + req.path } });
  });
  return app;
}`);
  return file;
}

/**
 * A forward (reverse proxy) entry of the route table: no body parser runs before it, so bodies
 * stream to the upstream untouched; the target (base URL + credentials) is read per request.
 */
function forwardEntry(file: TsFile, model: CapabilityModel, f: RestForward): string {
  importRuntime(file, 'forwardRoute');
  importRuntime(file, 'forwardTargetOf');
  const ns = model.consumes.find((c) => c.namespace === f.consumes)!;
  const doc = jsDoc([`${f.declaredPath} → ${f.consumes} (reverse proxy; only trusted headers are forwarded).`], '    ');
  return `${doc}    forwardRoute(${stringLiteral(f.expressPath)}, { prefix: ${stringLiteral(f.prefix)}, trustedHeaders: ${jsonLiteral(f.trustedHeaders)}, target: () => forwardTargetOf(${clientAccess(ns)}) }),`;
}

/** The routes' registration (the runtime wires body parsers, credential scope, validation and answers). */
function registration(file: TsFile, hasRoutes: boolean, scoped: boolean): string {
  if (!hasRoutes) return '';
  importRuntime(file, 'registerRoutes');
  return `  registerRoutes(app, routeTable(clients), { log${scoped ? ', scope: callerScope' : ''} });\n`;
}

/**
 * After the routes (registerRoutes notes the methods of their paths): /healthz and /openapi.json note
 * theirs, so that another method answers 405 with an Allow header instead of 404 (unknown paths
 * still reach the 404 handler).
 */
function methodsOfFixedPaths(file: TsFile): string {
  importRuntime(file, 'allowedMethods');
  importRuntime(file, 'methodNotAllowed');
  return `  // A served path asked with another method: 405 with an Allow header (an unknown path: 404).
  app.all('/healthz', allowedMethods(['GET']));
  app.all('/openapi.json', allowedMethods(['GET']));
  app.use(methodNotAllowed());
`;
}

function specName(route: RestRoute): string {
  return `${constantName(route.handlerName)}_INPUTS`;
}

function inputSpecs(file: TsFile, model: CapabilityModel, route: RestRoute): string {
  importRuntimeType(file, 'InputSpec');
  const checks = bodyChecks(file, model, route);
  const specs = route.inputs.map((input) => specLiteral(input, checks.get(input.name)?.constant));
  const declarations = [...checks.values()].map(({ declaration }) => `${declaration}\n\n`).join('');
  return `${declarations}${jsDoc([`Inputs of ${route.method} ${route.declaredPath}.`])}const ${specName(route)}: readonly InputSpec[] = [\n${specs.map((s) => `  ${s},`).join('\n')}\n];`;
}

/**
 * The body inputs of a route whose operation is typed by a bound OpenAPI document: each is checked
 * against the document's schema of the request body (the schema its MCP tool validates with),
 * compiled on its first body (Ajv loads only then). Input name → the constant holding the check.
 */
function bodyChecks(file: TsFile, model: CapabilityModel, route: RestRoute): Map<string, { constant: string; declaration: string }> {
  const checks = new Map<string, { constant: string; declaration: string }>();
  if (!route.call || route.orchestration) return checks;
  for (const { param, source } of route.call.args) {
    if (source.kind !== 'caller') continue;
    const input = route.inputs.find((i) => i.name === source.input);
    if (input?.rest?.in !== 'body' || checks.has(input.name)) continue;
    const documented = documentedArgumentSchema(model, route.call, param);
    if (!documented) continue;
    importRuntime(file, 'documentedBody');
    const names = Object.keys(documented.defs).sort();
    const schema = names.length > 0 ? { ...documented.schema, $defs: Object.fromEntries(names.map((n) => [n, documented.defs[n]])) } : documented.schema;
    const constant = file.claimLocal(`${constantName(route.handlerName)}_BODY`);
    const doc = jsDoc([`The JSON body of ${route.method} ${route.declaredPath}, as the bound OpenAPI document describes it (compiled on its first body).`]);
    checks.set(input.name, { constant, declaration: `${doc}const ${constant} = documentedBody(${jsonLiteral(schema)});` });
  }
  return checks;
}

function specLiteral(input: CallerInput, check: string | undefined): string {
  const rest = input.rest ?? { in: 'query', wireName: input.name };
  const source = rest.in === 'body-field' ? 'bodyField' : rest.in;
  return `{ name: ${stringLiteral(input.name)}, source: ${stringLiteral(source)}, wireName: ${stringLiteral(rest.wireName)}, required: ${input.required}, schema: ${jsonLiteral(input.schema)}${check ? `, check: ${check}` : ''} }`;
}

/** Where a route's inputs come from a JSON body: 'required' when a body input is required. */
function bodyOf(route: RestRoute): 'required' | 'optional' | undefined {
  const fromBody = route.inputs.filter((i) => i.rest?.in === 'body' || i.rest?.in === 'body-field');
  if (fromBody.length === 0) return undefined;
  return fromBody.some((i) => i.required) ? 'required' : 'optional';
}

/** One entry of the route table: the route, its inputs and what it runs. */
function routeEntry(file: TsFile, model: CapabilityModel, route: RestRoute): string {
  const label = `${route.method} ${route.declaredPath}`;
  const doc = jsDoc([`${label}${route.call ? ` → ${route.call.consumes}.${route.call.operation}` : ''}.`, asSentence(route.description)], '    ');
  if (!route.orchestration && !route.call && isFixedOutput(route.output)) {
    importRuntime(file, 'route');
    const properties = [`method: ${stringLiteral(route.method)}`, `path: ${stringLiteral(route.expressPath)}`, `inputs: ${specName(route)}`, ...fixedAnswerProperties(file, route.output, label)];
    return `${doc}    ${lineComment('Mock mode: the declared fixed values are the answer; nothing is called.')}
    route({ ${properties.join(', ')} }),`;
  }
  if (!route.orchestration && !route.call) {
    importRuntime(file, 'unimplementedRoute');
    return `${doc}    ${lineComment('This operation declares neither a call nor steps: there is nothing to run (501).')}
    unimplementedRoute(${stringLiteral(route.method)}, ${stringLiteral(route.expressPath)}, ${stringLiteral(`${label} declares no call or steps.`)}),`;
  }
  importRuntime(file, 'route');
  const body = bodyOf(route);
  const properties = [
    `method: ${stringLiteral(route.method)}`,
    `path: ${stringLiteral(route.expressPath)}`,
    `inputs: ${specName(route)}`,
    ...(body ? [`body: ${stringLiteral(body)}`] : []),
  ];
  if (route.orchestration) {
    file.import(route.orchestration.runnerName, './orchestrations.js');
    properties.push(`call: (input, options) => ${route.orchestration.runnerName}(clients, input, options)`, "respond: 'json'");
  } else {
    const call = boundCallProperties(file, model, route.call!, route.output, route.inputs, label);
    // Bytes (outputRawFormat: binary) pass through under their cap (maxBinarySize) and media type.
    const binary = route.binaryAnswer;
    if (binary && call.includes("respond: 'upstream'")) call.push(`binary: ${jsonLiteral(binary)}`);
    properties.push(...call);
  }
  return `${doc}    route({ ${properties.join(', ')} }),`;
}

export function emitRestMain(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/rest.ts', header);
  file.import('createRestApp', './rest-app.js');
  importRuntime(file, 'hostPolicyOrExit');
  importRuntime(file, 'REST_ALLOWED_HOSTS_ENV');
  // Inbound authentication is middleware of the app: then no request may go around it (restDirect).
  const direct = !checksInboundAuth(model.rest[0]?.auth);
  if (direct) importRuntime(file, 'restDirect');
  file.add(`${jsDoc([`Entry point of the REST adapter (node dist/rest.js [--port N] [--host H]).`])}${serverPrologue(file, `${model.name}-rest`, 'node dist/rest.js', 'rest', false)}
// Host and Origin headers are checked (DNS rebinding, cross-site requests): the loopback names on a
// loopback bind, plus NAFTIKO_REST_ALLOWED_HOSTS, which a wider bind requires.
const hosts = hostPolicyOrExit(NAME, REST_ALLOWED_HOSTS_ENV, args.host, log);
const app = createRestApp(createClients(), log, { hosts });
${direct ? `// The routes' common requests (no body, or plain JSON) are served on node:http without Express, with
// the same request id, access log, checks and answers; every other request goes to the app.
await serve(restDirect(app, { hosts, log }), { name: NAME, port: args.port, host: args.host, log });` : `// Requests are authenticated by the app's middleware: every request goes through the app.
await serve(app, { name: NAME, port: args.port, host: args.host, log });`}`);
  return file;
}
