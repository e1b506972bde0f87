// Distributed tracing of a generated server. Always (and cheaply): the W3C `traceparent` and
// `tracestate` of the request being served travel on to its upstream calls. With
// OTEL_EXPORTER_OTLP_ENDPOINT set: spans exported over OTLP/HTTP (JSON) by the OpenTelemetry SDK,
// an optional dependency imported only then: one server span per REST route or MCP request (its
// tool named), one client span per upstream attempt with its status and retry count. Spans carry
// methods, routes, path templates, statuses: never secrets, query strings or bodies.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Where the start-up line goes (the server's logger). */
interface InfoLog {
  info(message: string, fields?: Record<string, unknown>): void;
}

/** The W3C trace context of a request, as its headers carry it. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A well-formed traceparent (version not ff, ids not all zero), else undefined. */
function validTraceparent(value: string | undefined): string | undefined {
  const m = value === undefined ? null : TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return undefined;
  return m[0];
}

/** The trace context of incoming headers (node's record or a fetch Headers), when valid. */
export function traceOf(
  headers: IncomingHttpHeaders | { get(name: string): string | null },
): TraceContext | undefined {
  const read = (name: string): string | undefined => {
    if (typeof (headers as { get?: unknown }).get === 'function')
      return (headers as { get(name: string): string | null }).get(name) ?? undefined;
    const v = (headers as IncomingHttpHeaders)[name];
    return typeof v === 'string' ? v : undefined;
  };
  const traceparent = validTraceparent(read('traceparent'));
  if (traceparent === undefined) return undefined;
  const tracestate = read('tracestate');
  return tracestate && tracestate.length <= 512 ? { traceparent, tracestate } : { traceparent };
}

// The small part of the OpenTelemetry API used here (typed locally: the packages are optional).
interface SpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
}
interface Span {
  spanContext(): SpanContext;
  setAttribute(key: string, value: string | number | boolean): void;
  setStatus(status: { code: number; message?: string }): void;
  updateName(name: string): void;
  end(): void;
}
interface Tracer {
  startSpan(
    name: string,
    options: { kind: number; attributes?: Record<string, string | number> },
    context?: unknown,
  ): Span;
}
interface Otel {
  tracer: Tracer;
  /** A context whose parent is `trace` (or the root). */
  parent(trace: TraceContext | undefined): unknown;
  shutdown(): Promise<void>;
}

const SPAN_KIND_SERVER = 1;
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

let otel: Otel | undefined;

/** Loads an optional package by a name TypeScript does not resolve (it may not be installed). */
async function optionalImport(name: string): Promise<any> {
  return import(name);
}

/**
 * Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads it and
 * the other OTEL_* variables itself); does nothing otherwise. Exits 1 with one line when the
 * optional packages are not installed.
 */
export async function startTracing(
  server: string,
  log: InfoLog,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  if ((env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim() === '' || otel) return;
  let api: any, base: any, exporter: any, resources: any;
  try {
    [api, base, exporter, resources] = await Promise.all([
      optionalImport('@opentelemetry/api'),
      optionalImport('@opentelemetry/sdk-trace-base'),
      optionalImport('@opentelemetry/exporter-trace-otlp-http'),
      optionalImport('@opentelemetry/resources'),
    ]);
  } catch {
    process.stderr.write(
      `${server}: OTEL_EXPORTER_OTLP_ENDPOINT is set but the OpenTelemetry packages are not installed: ` +
        `npm install @opentelemetry/api @opentelemetry/sdk-trace-base @opentelemetry/exporter-trace-otlp-http @opentelemetry/resources (or unset it)\n`,
    );
    process.exit(1);
  }
  const provider = new base.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || server }),
    spanProcessors: [new base.BatchSpanProcessor(new exporter.OTLPTraceExporter())],
  });
  const tracer = provider.getTracer('naftiko-gen');
  otel = {
    tracer,
    parent(trace) {
      const m = trace ? TRACEPARENT.exec(trace.traceparent) : null;
      if (!m) return api.ROOT_CONTEXT;
      const context = {
        traceId: m[2],
        spanId: m[3],
        traceFlags: parseInt(m[4]!, 16) & 1,
        isRemote: true,
        ...(trace!.tracestate ? { traceState: api.createTraceState(trace!.tracestate) } : {}),
      };
      return api.trace.setSpanContext(api.ROOT_CONTEXT, context);
    },
    shutdown: () => provider.shutdown(),
  };
  log.info('tracing', { exporter: 'otlp/http json' });
}

/** Flushes and stops the exporter (on shutdown); nothing without tracing. */
export async function shutdownTracing(): Promise<void> {
  const current = otel;
  otel = undefined;
  await current?.shutdown().catch(() => undefined);
}

function traceparentOf(span: Span, tracestate: string | undefined): TraceContext {
  const c = span.spanContext();
  const traceparent = `00-${c.traceId}-${c.spanId}-0${c.traceFlags & 1}`;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/**
 * Express middleware (after the request id): with tracing on, a server span per request, child of
 * the caller's traceparent, which the request's headers then carry in its place (so the handlers'
 * upstream calls become its children); named `METHOD route` at the end, or `tools/call <tool>` for
 * an MCP tool call. Without tracing it does nothing.
 */
export function serverSpans(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    startServerSpan(req, res);
    next();
  };
}

/** The work of serverSpans, without the `next` (restFront runs it inline); nothing without tracing. */
export function startServerSpan(req: IncomingMessage, res: ServerResponse): void {
  const current = otel;
  if (!current) return;
  const incoming = traceOf(req.headers);
  const span = current.tracer.startSpan(
    `${req.method}`,
    { kind: SPAN_KIND_SERVER, attributes: { 'http.request.method': req.method ?? 'GET' } },
    current.parent(incoming),
  );
  const own = traceparentOf(span, incoming?.tracestate);
  req.headers.traceparent = own.traceparent;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    const r = req as IncomingMessage & { route?: { path?: unknown }; body?: unknown };
    const rpc = r.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    if (rpc && typeof rpc.method === 'string') {
      const name =
        rpc.method === 'tools/call' && typeof rpc.params?.name === 'string'
          ? `tools/call ${rpc.params.name}`
          : rpc.method;
      span.updateName(name);
      span.setAttribute('rpc.method', rpc.method);
      if (typeof rpc.params?.name === 'string') span.setAttribute('mcp.tool.name', rpc.params.name);
    } else if (typeof r.route?.path === 'string') {
      span.updateName(`${req.method} ${r.route.path}`);
      span.setAttribute('http.route', r.route.path);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: STATUS_ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
}

/** One upstream attempt: the headers to send and how to close its span. */
export interface AttemptTrace {
  /** traceparent/tracestate for the upstream request (empty without a trace context). */
  headers: Record<string, string>;
  end(status?: number, error?: unknown): void;
}

const NO_HEADERS: AttemptTrace = { headers: {}, end: () => undefined };

/**
 * Starts the trace of an upstream attempt: with tracing on, a client span (child of `trace`) whose
 * id the upstream sees as its parent; without, the caller's trace context passed on unchanged.
 */
export function startAttempt(
  trace: TraceContext | undefined,
  operation: string,
  method: string,
  base: URL,
  pathTemplate: string,
  attempt: number,
): AttemptTrace {
  const current = otel;
  if (!current) {
    if (!trace) return NO_HEADERS;
    return { headers: { ...trace }, end: () => undefined };
  }
  const span = current.tracer.startSpan(
    `${method} ${pathTemplate}`,
    {
      kind: SPAN_KIND_CLIENT,
      attributes: {
        'http.request.method': method,
        'server.address': base.hostname,
        'url.template': pathTemplate,
        'naftiko.operation': operation,
        'naftiko.retry_count': attempt,
        ...(attempt > 0 ? { 'http.request.resend_count': attempt } : {}),
      },
    },
    current.parent(trace),
  );
  return {
    headers: { ...traceparentOf(span, trace?.tracestate) },
    end(status, error) {
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (error !== undefined) {
        const name = (error as { name?: unknown } | null)?.name;
        span.setAttribute('error.type', typeof name === 'string' ? name : 'Error');
      }
      if (error !== undefined || (status !== undefined && status >= 500))
        span.setStatus({ code: STATUS_ERROR });
      span.end();
    },
  };
}
