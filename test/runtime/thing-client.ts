// A hand-written client of the shape the generator emits (arrow-property methods over a real
// Transport, typed parameters, a `raw` twin), for the route and tool table tests.
import type { CallOptions } from '../../packages/runtime/src/request-plan.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import type { UpstreamResponse } from '../../packages/runtime/src/upstream-response.js';

export interface ThingParams {
  id: string;
  note?: string;
}

export interface Thing {
  id: string;
  note: string | null;
  requestId: string | null;
}

export function thingClient(baseUrl: string) {
  const transport = new Transport({ baseUrl, retry: { retries: 0 } });
  const plan = (p: ThingParams) => ({
    operation: 'things.get',
    method: 'GET',
    path: '/things/{id}',
    pathParams: { id: p.id },
    query: { note: p.note },
  });
  return {
    get: (params: ThingParams, options?: CallOptions): Promise<Thing> => transport.json<Thing>(plan(params), options, true),
    create: (params: { body: unknown }, options?: CallOptions): Promise<UpstreamResponse> =>
      transport.send({ operation: 'things.create', method: 'POST', path: '/things', body: { kind: 'json', value: params.body } }, options),
    raw: {
      get: (params: ThingParams, options?: CallOptions): Promise<UpstreamResponse> => transport.send(plan(params), options),
    },
  };
}
