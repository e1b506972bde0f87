// src/rest-app.ts (the Express app) and src/rest.ts (the process entry: dist/rest.js).
import type { CapabilityModel, CallerInput, RestRoute } from '../model/types.js';
import { clientAccess, upstreamValue } from './call-args.js';
import { jsDoc, jsonLiteral, lineComment, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';
import { constantName } from './naming.js';
import { inboundAuthMiddleware } from './inbound-auth.js';
import { serverPrologue } from './server-entry.js';
import { callerCredentialSecrets } from './emit-config.js';
import { traced } from './source-trace.js';

export function emitRestApp(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/rest-app.ts', header);
  file.importDefault('express', 'express');
  file.importType('Clients', './config.js');
  importRuntimeType(file, 'Logger');
  file.import('readFileSync', 'node:fs');
  importRuntime(file, 'healthHandler');
  importRuntime(file, 'errorHandler');
  importRuntime(file, 'accessLog');
  importRuntime(file, 'corsMiddleware');
  importRuntime(file, 'requestIdMiddleware');
  importRuntime(file, 'serverSpans');
  importRuntime(file, 'apiDocs');
  const routes = model.rest.flatMap((r) => r.routes);
  const specs = routes.map((route) => traced(route.source, inputSpecs(file, route)));
  // Routes that call upstream run inside the caller's credential scope (NAFTIKO_UPSTREAM_CREDENTIALS=caller).
  const scope = callerCredentialSecrets(model).length > 0 ? 'callerScope, ' : '';
  if (scope) {
    importRuntime(file, 'callerCredentials');
    file.import('CALLER_CREDENTIAL_HEADERS', './config.js');
  }
  const scopeDeclaration = scope
    ? "  // With NAFTIKO_UPSTREAM_CREDENTIALS=caller, each request's upstream calls use the credentials it sends\n  // (x-naftiko-credential-*); entered after any body parser, right before the handler.\n  const callerScope = callerCredentials(CALLER_CREDENTIAL_HEADERS);\n"
    : '';
  const handlers = routes.map((route) => traced(route.source, routeHandler(file, model, route, scope)));
  const needsJson = routes.some(takesJsonBody);
  if (needsJson) importRuntime(file, 'jsonBodyOptions');
  file.add(`${jsDoc(['The OpenAPI 3.1 document of this adapter (openapi.json beside dist/), read once at start-up.'])}const OPENAPI_DOCUMENT = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');`);
  file.add(specs.filter(Boolean).join('\n\n'));
  importRuntime(file, 'hostCheck');
  importRuntime(file, 'corsOriginAllowed');
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
  app.use(requestIdMiddleware());
  app.use(serverSpans());
  app.use(accessLog(log));
  app.get('/healthz', healthHandler(${stringLiteral(model.name)}));
  app.use(hostCheck(options.hosts ?? LOOPBACK_ONLY, corsOriginAllowed()));
  app.use(corsMiddleware());
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(OPENAPI_DOCUMENT);
  });
  app.use(apiDocs(${stringLiteral(model.title)})); // GET /docs: the interactive reference (NAFTIKO_REST_DOCS=off: none)
${inboundAuthMiddleware(file, model.rest[0]?.auth, '  ')}${scopeDeclaration}${forwards(file, model, scope)}${needsJson ? '  // JSON bodies are parsed only on the routes that take one (limit: NAFTIKO_REST_MAX_BODY).\n  const json = express.json(jsonBodyOptions());\n' : ''}
${handlers.join('\n\n')}

${methodsByPath(file, routes)}
  app.use(errorHandler(log));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No route for ' + req.method + ' ' + req.path } });
  });
  return app;
}`);
  return file;
}

/** Forward routes go before the JSON body parser: their bodies stream to the upstream untouched. */
function forwards(file: TsFile, model: CapabilityModel, scope: string): string {
  const list = model.rest.flatMap((r) => r.forwards);
  if (list.length === 0) return '';
  importRuntime(file, 'forwardHandler');
  importRuntime(file, 'forwardTargetOf');
  return list
    .map((f) => {
      const ns = model.consumes.find((c) => c.namespace === f.consumes)!;
      return traced(f.source, `  ${lineComment(`${f.declaredPath} → ${f.consumes} (reverse proxy; only trusted headers are forwarded).`)}
  app.all(${stringLiteral(f.expressPath)}, ${scope}forwardHandler({ prefix: ${stringLiteral(f.prefix)}, trustedHeaders: ${jsonLiteral(f.trustedHeaders)}, target: () => forwardTargetOf(${clientAccess(ns)}) }, log));
`);
    })
    .join('');
}

function takesJsonBody(route: RestRoute): boolean {
  return route.inputs.some((i) => i.rest?.in === 'body' || i.rest?.in === 'body-field');
}

/**
 * Before the handler of a route whose inputs come from a JSON body: the content-type check (415 for
 * another type; `true` when the body is required) and the parser.
 */
function bodyParser(file: TsFile, route: RestRoute): string {
  if (!takesJsonBody(route)) return '';
  importRuntime(file, 'requireJsonContent');
  const required = route.inputs.some((i) => (i.rest?.in === 'body' || i.rest?.in === 'body-field') && i.required);
  return `requireJsonContent(${required}), json, `;
}

/**
 * After the routes: each served path notes its methods, so that another method answers 405 with an
 * Allow header instead of 404 (unknown paths still reach the 404 handler).
 */
function methodsByPath(file: TsFile, routes: readonly RestRoute[]): string {
  importRuntime(file, 'allowedMethods');
  importRuntime(file, 'methodNotAllowed');
  const byPath = new Map<string, string[]>([['/healthz', ['GET']], ['/openapi.json', ['GET']]]);
  for (const route of routes) {
    const methods = byPath.get(route.expressPath) ?? [];
    if (!methods.includes(route.method)) methods.push(route.method);
    byPath.set(route.expressPath, methods);
  }
  const lines = [...byPath].map(([path, methods]) => `  app.all(${stringLiteral(path)}, allowedMethods(${jsonLiteral(methods)}));`);
  return `  // A served path asked with another method: 405 with an Allow header (an unknown path: 404).
${lines.join('\n')}
  app.use(methodNotAllowed());
`;
}

function specName(route: RestRoute): string {
  return `${constantName(route.handlerName)}_INPUTS`;
}

function inputSpecs(file: TsFile, route: RestRoute): string {
  importRuntimeType(file, 'InputSpec');
  const specs = route.inputs.map((input) => specLiteral(input));
  return `${jsDoc([`Inputs of ${route.method} ${route.declaredPath}.`])}const ${specName(route)}: readonly InputSpec[] = [\n${specs.map((s) => `  ${s},`).join('\n')}\n];`;
}

function specLiteral(input: CallerInput): string {
  const rest = input.rest ?? { in: 'query', wireName: input.name };
  const source = rest.in === 'body-field' ? 'bodyField' : rest.in;
  return `{ name: ${stringLiteral(input.name)}, source: ${stringLiteral(source)}, wireName: ${stringLiteral(rest.wireName)}, required: ${input.required}, schema: ${jsonLiteral(input.schema)} }`;
}

function routeHandler(file: TsFile, model: CapabilityModel, route: RestRoute, scope: string): string {
  const method = route.method.toLowerCase();
  const registrar = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(method) ? `app.${method}` : `app.all`;
  const doc = jsDoc([route.description, `${route.method} ${route.declaredPath}${route.call ? ` → ${route.call.consumes}.${route.call.operation}` : ''}`], '  ');
  const path = stringLiteral(route.expressPath);
  if (route.orchestration) {
    importRuntime(file, 'readInputs');
    importRuntime(file, 'sendProblems');
    importRuntime(file, 'sendFailure');
    importRuntime(file, 'callerSignal');
    importRuntime(file, 'requestIdOf');
    importRuntime(file, 'traceOf');
    file.import(route.orchestration.runnerName, './orchestrations.js');
    return `${doc}  ${registrar}(${path}, ${bodyParser(file, route)}${scope}async (req, res) => {
    const { values, problems } = readInputs(req, ${specName(route)});
    if (problems.length > 0) return sendProblems(res, problems);
    try {
      res.json(await ${route.orchestration.runnerName}(clients, values, { signal: callerSignal(req, res), requestId: requestIdOf(res), trace: traceOf(req.headers) }));
    } catch (err) {
      sendFailure(res, err, log);
    }
  });`;
  }
  if (!route.call) {
    return `${doc}  ${registrar}(${path}, (_req, res) => {
    ${lineComment('This operation declares neither a call nor steps: there is nothing to run.')}
    res.status(501).json({ error: { code: 'not_implemented', message: ${stringLiteral(`${route.method} ${route.declaredPath} declares no call or steps.`)} } });
  });`;
  }
  const ns = model.consumes.find((c) => c.namespace === route.call!.consumes)!;
  const op = ns.operations.find((o) => o.methodName === route.call!.methodName)!;
  importRuntime(file, 'readInputs');
  importRuntime(file, 'sendProblems');
  importRuntime(file, 'sendFailure');
  importRuntime(file, 'callerSignal');
  importRuntime(file, 'requestIdOf');
  importRuntime(file, 'traceOf');
  file.importType(op.inputTypeName, `./clients/${ns.fileStem}.js`);
  const guard = registrar === 'app.all' ? `    if (req.method !== ${stringLiteral(route.method)}) return next();\n` : '';
  return `${doc}  ${registrar}(${path}, ${bodyParser(file, route)}${scope}async (req, res${guard ? ', next' : ''}) => {
${guard}    const { values, problems } = readInputs(req, ${specName(route)});
    if (problems.length > 0) return sendProblems(res, problems);
    try {
${callAndRespond(file, model, route)}
    } catch (err) {
      sendFailure(res, err, log);
    }
  });`;
}

/**
 * Passthrough outputs stream the upstream response as it is (status, content type, bytes); a
 * projection, or an upstream format the client converts, answers with the computed JSON instead.
 */
function callAndRespond(file: TsFile, model: CapabilityModel, route: RestRoute): string {
  const options = '{ signal: callerSignal(req, res), requestId: requestIdOf(res), trace: traceOf(req.headers) }';
  const value = upstreamValue(file, model, route.call!, route.output, 'values', options, `${route.method} ${route.declaredPath}`);
  if (value.raw) {
    importRuntime(file, 'sendUpstream');
    return `      const upstream = ${value.expression};
      await sendUpstream(res, upstream);`;
  }
  return `      res.json(${value.expression});`;
}

export function emitRestMain(model: CapabilityModel, header: FileHeader): TsFile {
  const file = new TsFile('src/rest.ts', header);
  file.import('createRestApp', './rest-app.js');
  importRuntime(file, 'hostPolicyOrExit');
  importRuntime(file, 'REST_ALLOWED_HOSTS_ENV');
  file.add(`${jsDoc([`Entry point of the REST adapter (node dist/rest.js [--port N] [--host H]).`])}${serverPrologue(file, `${model.name}-rest`, 'node dist/rest.js', 'rest', false)}
// Host and Origin headers are checked (DNS rebinding, cross-site requests): the loopback names on a
// loopback bind, plus NAFTIKO_REST_ALLOWED_HOSTS, which a wider bind requires.
const hosts = hostPolicyOrExit(NAME, REST_ALLOWED_HOSTS_ENV, args.host, log);
const app = createRestApp(createClients(), log, { hosts });
await serve(app, { name: NAME, port: args.port, host: args.host, log });`);
  return file;
}
