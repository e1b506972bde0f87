// A consumed operation bound to an exposed route or tool: the typed client method, and how the
// caller's validated inputs become its parameters. Shared by the REST route table (rest-routes.ts),
// the MCP tool table (mcp-tools.ts) and the generated orchestrations, so that generated code names
// the client method once and never casts an object literal to the method's input type.
import type { CallOptions } from './request-plan.js';
import type { UpstreamResponse } from './upstream-response.js';

/** The caller's inputs after validation (REST: readInputs; MCP: the tool's input schema), by name. */
export type InputValues = Record<string, unknown>;

/**
 * The parameters a client method taking `I` may be given: its own names only (a misspelt one does not
 * compile), each of any type, since the caller's input schema, built from the same parameters,
 * already validated the values.
 */
export type ArgsOf<I> = { [K in keyof NonNullable<I>]?: unknown };

/** A generated client method: `(params, options?) => Promise<result>` (an arrow property: unbound). */
export type ClientMethod<I, R> = (input: I, options: CallOptions) => Promise<R>;

/**
 * Calls a client method with parameters built from validated inputs. The cast to `I` is the one
 * place where validated-but-untyped values meet the client's input type.
 */
export function callClient<I, R>(
  method: ClientMethod<I, R>,
  args: ArgsOf<I>,
  options: CallOptions,
): Promise<R> {
  return method(args as I, options);
}

/** How an exposed element calls upstream (the shared part of a route or tool table entry). */
export interface BoundCall<I, R> {
  /** The client method, e.g. `clients.portkeyBatchClient.raw.batches.create`, or an orchestration. */
  call: (input: I, options: CallOptions) => Promise<R>;
  /**
   * The method's parameters from the inputs; absent when every parameter is the input of the same
   * name (the inputs are handed over as they are).
   */
  args?: (values: InputValues) => ArgsOf<I>;
}

/** Streams the upstream response as it is (status, content type, bytes; bounded for MCP). */
export interface UpstreamAnswer<I> extends BoundCall<I, UpstreamResponse> {
  respond: 'upstream';
}

/** Answers with computed JSON: the client's converted body, or `result` of it (a projection). */
export interface JsonAnswer<I, R> extends BoundCall<I, R> {
  respond: 'json';
  result?: (value: R) => unknown;
}

/** What a bound call produced: an upstream response to pass on, or a value to send as JSON. */
export type Answer = { upstream: UpstreamResponse } | { json: unknown };

/** The bound call as one function of the validated inputs (type parameters erased). */
export function answerOf<I, R>(
  bound: UpstreamAnswer<I> | JsonAnswer<I, R>,
): (values: InputValues, options: CallOptions) => Promise<Answer> {
  return async (values, options) => {
    const input = bound.args ? bound.args(values) : values;
    if (bound.respond === 'upstream') return { upstream: await callClient(bound.call, input, options) };
    const value = await callClient(bound.call, input, options);
    return { json: bound.result ? bound.result(value) : value };
  };
}
