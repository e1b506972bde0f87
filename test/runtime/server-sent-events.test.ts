// serverSentEventsOf against a real loopback SSE server, through the real Transport: parsed events
// (multi-line data, ids, retry, comments, CRLF, events split across chunks), JSON data, the size
// bound, status errors before any event, and the upstream connection closed when the consumer stops
// iterating or the caller aborts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  serverSentEventsOf,
  type ServerSentEvent,
} from '../../packages/runtime/src/server-sent-events.js';
import { Transport } from '../../packages/runtime/src/transport.js';
import { NotFoundError, UpstreamFormatError } from '../../packages/runtime/src/upstream-errors.js';
import { endlessEvents, openEventStream } from '../support/server-sent-events.js';
import { gate, type Gate } from '../support/wait.js';
import { startUpstream, type Upstream } from './helpers.js';

let upstream: Upstream;
/** Resolved when the server sees the client's connection of the endless stream close. */
let endlessClosed: Gate;

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    switch (req.url) {
      case '/chunks': {
        openEventStream(res);
        // One event split mid-field across writes, CRLF line ends, a comment, a retry, multi-line data.
        const wire = ': keep-alive\r\nretry: 1500\r\nevent: greeting\r\nid: 1\r\ndata: hello\r\n\r\ndata: line one\ndata: line two\n\nid: 3\nda';
        const rest = 'ta: last\n\n';
        res.write(wire);
        setImmediate(() => res.end(rest));
        return;
      }
      case '/json':
        openEventStream(res);
        res.end('event: progress\ndata: {"done": 1, "of": 2}\n\ndata: [1, 2]\n\n');
        return;
      case '/not-json':
        openEventStream(res);
        res.end('data: {"ok": true}\n\ndata: [DONE\n\n');
        return;
      case '/huge':
        openEventStream(res);
        res.end(`data: ${'x'.repeat(5000)}\n\n`);
        return;
      case '/unterminated':
        openEventStream(res);
        res.end('data: complete\n\ndata: cut off');
        return;
      case '/missing':
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error": {"message": "no such stream"}}');
        return;
      case '/endless':
        endlessEvents(res, (n) => `data: tick ${n}\n\n`, () => endlessClosed.open());
        return;
      default:
        res.writeHead(500).end();
    }
  });
});

afterAll(async () => {
  await upstream.close();
});

function transport(): Transport {
  return new Transport({ baseUrl: upstream.url });
}

function get(path: string, signal?: AbortSignal) {
  return transport().send({ operation: 'events.stream', method: 'GET', path }, signal ? { signal } : undefined);
}

async function collect<T>(events: AsyncIterable<ServerSentEvent<T>>): Promise<Array<ServerSentEvent<T>>> {
  const out: Array<ServerSentEvent<T>> = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('serverSentEventsOf', () => {
  it('parses events as they arrive: event/id/retry fields, multi-line data, CRLF, split chunks', async () => {
    const events = await collect(await serverSentEventsOf(get('/chunks')));
    expect(events).toEqual([
      { event: 'greeting', id: '1', data: 'hello', retry: 1500 },
      // The last id stays in force for later events, as EventSource reports lastEventId.
      { event: 'message', id: '1', data: 'line one\nline two', retry: 1500 },
      { event: 'message', id: '3', data: 'last', retry: 1500 },
    ]);
  });

  it('parses JSON data when the operation says its event data is JSON', async () => {
    const events = await collect(await serverSentEventsOf<unknown>(get('/json'), undefined, 'json'));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['progress', { done: 1, of: 2 }],
      ['message', [1, 2]],
    ]);
  });

  it('ends with UpstreamFormatError (not-json) at the first event whose data is not JSON', async () => {
    const seen: unknown[] = [];
    const run = async () => {
      for await (const e of await serverSentEventsOf<unknown>(get('/not-json'), undefined, 'json')) seen.push(e.data);
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFormatError);
    expect((err as UpstreamFormatError).reason).toBe('not-json');
    expect(seen).toEqual([{ ok: true }]);
  });

  it('bounds one event: a longer one ends the iteration with UpstreamFormatError (too-large)', async () => {
    const err = await collect(await serverSentEventsOf(get('/huge'), { maxEventLength: 1000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFormatError);
    expect((err as UpstreamFormatError).reason).toBe('too-large');
    // Within the bound the same event is read whole.
    const events = await collect(await serverSentEventsOf(get('/huge'), { maxEventLength: 10_000 }));
    expect(events[0]!.data).toHaveLength(5000);
  });

  it('refuses a maxEventLength that is not a positive whole number', async () => {
    await expect(serverSentEventsOf(get('/json'), { maxEventLength: 0 })).rejects.toThrow(/maxEventLength/);
  });

  it('drops an event the stream ends in the middle of', async () => {
    const events = await collect(await serverSentEventsOf(get('/unterminated')));
    expect(events.map((e) => e.data)).toEqual(['complete']);
  });

  it('throws the status error before any event on a non-2xx answer', async () => {
    const err = await serverSentEventsOf(get('/missing')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toContain('no such stream');
  });

  it('closes the upstream connection when the consumer breaks out of the loop', async () => {
    endlessClosed = gate();
    const seen: string[] = [];
    for await (const e of await serverSentEventsOf(get('/endless'))) {
      seen.push(e.data);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    for (const data of seen) expect(data).toMatch(/^tick \d+$/);
    // The server's side of the connection closes: the endless stream stops being written.
    await endlessClosed.promise;
  });

  it("closes the upstream connection and ends the iteration with the reason when the caller aborts", async () => {
    endlessClosed = gate();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const seen: string[] = [];
    const run = async () => {
      // As a generated method does: the same call options to the request and to the reader.
      const options = { signal: controller.signal };
      for await (const e of await serverSentEventsOf(get('/endless', controller.signal), options)) {
        seen.push(e.data);
        if (seen.length === 2) controller.abort(reason);
      }
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    await endlessClosed.promise;
  });
});
