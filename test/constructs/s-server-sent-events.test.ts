/**
 * (o) Server-sent events: operations whose bound OpenAPI response is `text/event-stream` get client
 * methods returning an AsyncIterable of parsed events (JSON data typed from the document's
 * contentSchema, or text), the REST adapter passes the stream through as it arrives, and the MCP
 * tool answers with the events read within its result budget, cut with a notice.
 */
import { describe, expect, it } from 'vitest';
import { importBuiltPackage } from '../support/built-package.js';
import { endlessEvents, openEventStream } from '../support/server-sent-events.js';
import { gate } from '../support/wait.js';
import { compileTest, textOf, useConstruct } from './harness.js';

const NAME = 's-server-sent-events';

/** Opened by the REST test once the first event has come through; the upstream then finishes. */
let restGate = gate();
/** Resolved when the upstream sees the endless stream's connection close. */
let endlessClosed = gate();

function progress(done: number, state = 'running'): string {
  return `event: progress\nid: ${done}\ndata: ${JSON.stringify({ done, total: 3, state })}\n\n`;
}

const ctx = useConstruct(NAME, {
  notes: 'text/event-stream: client iterable, REST pass-through, MCP bounded',
  openapi: { jobs: 's-server-sent-events.openapi.yaml' },
  routes: (fake) => {
    fake.route('GET', '/jobs/j1/events', {
      write: (res) => {
        openEventStream(res);
        res.write(progress(1));
        setImmediate(() => res.end(progress(2) + progress(3, 'finished')));
      },
    });
    fake.route('GET', '/jobs/gated/events', {
      write: (res) => {
        openEventStream(res);
        res.write(progress(1));
        void restGate.promise.then(() => res.end(progress(3, 'finished')));
      },
    });
    fake.route('GET', '/jobs/endless/events', {
      write: (res) => endlessEvents(res, (n) => progress(n), () => endlessClosed.open()),
    });
    fake.route('GET', '/log', {
      write: (res) => {
        openEventStream(res);
        res.end(': comment\ndata: started\n\ndata: two\ndata: lines\n\n');
      },
    });
  },
  env: (fake) => ({ JOBS_BASE_URL: fake.url, NAFTIKO_MCP_MAX_RESULT_BYTES: '400' }),
});

interface Event<T> {
  event: string;
  data: T;
  id?: string;
}
interface JobsClient {
  jobs: { watch(params: { job_id: string }, options?: { signal?: AbortSignal }): Promise<AsyncIterable<Event<{ done: number; state: string }>>> };
  log: { tail(): Promise<AsyncIterable<Event<string>>> };
}

async function client(): Promise<JobsClient> {
  const mod = await importBuiltPackage<{ JobsClient: new (o: object) => JobsClient }>(ctx.fx.dir);
  return new mod.JobsClient({ baseUrl: ctx.fake.url, env: {} });
}

describe(NAME, () => {
  compileTest(() => ctx.fx);

  it('client: the method is typed from the document (ServerSentEvent<Progress>, Progress with its enum)', () => {
    const source = ctx.fx.source('src/clients/jobs-client.ts');
    expect(source).toContain('Promise<AsyncIterable<ServerSentEvent<Progress>>>');
    expect(source).toMatch(/state: 'running' \| 'finished';/);
    expect(source).toContain('Promise<AsyncIterable<ServerSentEvent<string>>>');
  });

  it('client: JSON event data is parsed, one event at a time, with event name and id', async () => {
    const events: Array<Event<{ done: number; state: string }>> = [];
    for await (const e of await (await client()).jobs.watch({ job_id: 'j1' })) events.push(e);
    expect(events).toEqual([1, 2, 3].map((done) => ({ event: 'progress', id: String(done), data: { done, total: 3, state: done === 3 ? 'finished' : 'running' } })));
  });

  it('client: text event data stays text (multi-line data joined, comments skipped)', async () => {
    const events: Array<Event<string>> = [];
    for await (const e of await (await client()).log.tail()) events.push(e);
    expect(events).toEqual([
      { event: 'message', data: 'started' },
      { event: 'message', data: 'two\nlines' },
    ]);
  });

  it('client: breaking out of the loop closes the upstream connection', async () => {
    endlessClosed = gate();
    let seen = 0;
    for await (const e of await (await client()).jobs.watch({ job_id: 'endless' })) {
      expect(e.data.state).toBe('running');
      if (++seen === 2) break;
    }
    await endlessClosed.promise;
  });

  it('client: aborting the call closes the upstream connection and ends the loop with the reason', async () => {
    endlessClosed = gate();
    const controller = new AbortController();
    const reason = new Error('no longer needed');
    const run = async () => {
      for await (const e of await (await client()).jobs.watch({ job_id: 'endless' }, { signal: controller.signal })) {
        if (e.data.done === 2) controller.abort(reason);
      }
    };
    await expect(run()).rejects.toBe(reason);
    await endlessClosed.promise;
  });

  it('rest GET /jobs/{job_id}/events passes the stream through as it arrives', async () => {
    restGate = gate();
    const res = await fetch(`${ctx.rest.url}/jobs/gated/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The first event arrives while the upstream still holds the stream open (the gate is shut).
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      expect(done, 'the stream ended before its first event').toBe(false);
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe(progress(1));
    restGate.open();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe(progress(1) + progress(3, 'finished'));
  });

  it('rest: openapi.json describes the response as server-sent events with JSON data', async () => {
    const doc = await (await fetch(`${ctx.rest.url}/openapi.json`)).json();
    const content = doc.paths['/jobs/{job_id}/events'].get.responses['200'].content;
    expect(Object.keys(content)).toEqual(['text/event-stream']);
    expect(content['text/event-stream'].schema.properties.data.contentMediaType).toBe('application/json');
  });

  it('mcp watch-job: a finished stream comes back whole', async () => {
    const result: any = await ctx.client.callTool({ name: 'watch-job', arguments: { job_id: 'j1' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(textOf(result)).toBe(progress(1) + progress(2) + progress(3, 'finished'));
  });

  it('mcp watch-job: an endless stream is cut at the result budget with a notice, and closed', async () => {
    endlessClosed = gate();
    const result: any = await ctx.client.callTool({ name: 'watch-job', arguments: { job_id: 'endless' } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const text = textOf(result);
    expect(text).toMatch(/\[truncated: showing the first \d+ bytes/);
    expect(text.startsWith(progress(1))).toBe(true);
    expect(Buffer.byteLength(text.slice(0, text.indexOf('[truncated')))).toBeLessThanOrEqual(400);
    await endlessClosed.promise;
  });
});
