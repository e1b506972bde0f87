import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transport } from '../../packages/runtime/src/transport.js';
import {
  InvalidRequestError,
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../packages/runtime/src/upstream-errors.js';
import { DEFAULT_RESULT_BYTES, failureResult, resultBudget, toToolResult } from '../../packages/runtime/src/mcp.js';
import { SettingError } from '../../packages/runtime/src/settings.js';
import { sleep, startUpstream, type Upstream } from './helpers.js';

const batch = { id: 'batch_1', object: 'batch', status: 'validating', request_counts: { total: 0, completed: 0, failed: 0 } };

describe('toToolResult against a real upstream', () => {
  let up: Upstream;
  let outputClosedEarly = false;
  beforeAll(async () => {
    up = await startUpstream((req, res) => {
      switch (req.url) {
        case '/object':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify(batch));
        case '/array':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('[1,2]');
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return void res.end('hello');
        case '/empty':
          res.writeHead(204);
          return void res.end();
        case '/output': {
          // An endless JSONL batch output: the tool result must stop at the budget and cancel the stream.
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.on('close', () => {
            if (!res.writableFinished) outputClosedEarly = true;
          });
          let i = 0;
          const pump = (): void => {
            while (!res.destroyed) {
              const line = `${JSON.stringify({ id: `batch_req_${i++}`, custom_id: 'c', response: { status_code: 200 }, error: null })}\n`;
              if (!res.write(line)) return void res.once('drain', pump);
            }
          };
          pump();
          return;
        }
        case '/notfound':
          res.writeHead(404, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: { message: 'No batch found', type: 'invalid_request_error' } }));
        case '/huge-error':
          res.writeHead(500, { 'content-type': 'text/plain' });
          return void res.end('E'.repeat(10_000));
        default:
          res.writeHead(500);
          return void res.end();
      }
    });
  });
  afterAll(() => up.close());

  const call = (path: string) => new Transport({ baseUrl: up.url }).send({ operation: 'op', method: 'GET', path });

  it('2xx JSON object → text JSON + structuredContent', async () => {
    const r = await toToolResult(await call('/object'), { maxBytes: 1024 });
    expect(r.isError).toBeUndefined();
    expect(r.structuredContent).toEqual(batch);
    expect(r.content).toEqual([{ type: 'text', text: JSON.stringify(batch) }]);
  });

  it('2xx JSON non-object → text only; text stays text; empty body says so', async () => {
    let r = await toToolResult(await call('/array'), { maxBytes: 1024 });
    expect(r).toEqual({ content: [{ type: 'text', text: '[1,2]' }] });
    r = await toToolResult(await call('/text'), { maxBytes: 1024 });
    expect(r).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    r = await toToolResult(await call('/empty'), { maxBytes: 1024 });
    expect(r.structuredContent).toBeUndefined();
    expect((r.content[0] as { text: string }).text).toMatch(/204.*empty/);
  });

  it('a large octet-stream JSONL body is cut at the budget (whole lines), with a notice, and the stream cancelled', async () => {
    const r = await toToolResult(await call('/output'), { maxBytes: 4096 });
    expect(r.isError).toBeUndefined();
    expect(r.structuredContent).toBeUndefined();
    const text = (r.content[0] as { text: string }).text;
    const [body, notice] = [text.slice(0, text.lastIndexOf('\n[truncated') + 1), text.slice(text.lastIndexOf('[truncated'))];
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4096);
    expect(notice).toMatch(/^\[truncated: showing the first \d+ bytes of a larger response; .*NAFTIKO_MCP_MAX_RESULT_BYTES\]$/);
    expect(notice).toContain(`first ${Buffer.byteLength(body)} bytes`);
    const lines = body.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    for (let i = 0; i < 50 && !outputClosedEarly; i++) await sleep(20);
    expect(outputClosedEarly).toBe(true);
  });

  it('4xx/5xx → isError with {"status","body"}, body bounded', async () => {
    let r = await toToolResult(await call('/notfound'), { maxBytes: 1024 });
    expect(r.isError).toBe(true);
    expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual({
      status: 404,
      body: { error: { message: 'No batch found', type: 'invalid_request_error' } },
    });
    r = await toToolResult(await call('/huge-error'), { maxBytes: 100 });
    expect(r.isError).toBe(true);
    const payload = JSON.parse((r.content[0] as { text: string }).text) as { status: number; body: string; truncated: boolean };
    expect(payload).toEqual({ status: 500, body: 'E'.repeat(100), truncated: true });
    r = await toToolResult(await call('/nothing'), { maxBytes: 100 });
    expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual({ status: 500, body: null });
  });
});

describe('failureResult', () => {
  const text = (r: ReturnType<typeof failureResult>) => (r.content[0] as { text: string }).text;
  it('maps each error to an isError result without stacks or secrets', () => {
    let r = failureResult(new InvalidRequestError(['path parameter "batch_id" must not be "." or ".."']));
    expect(r.isError).toBe(true);
    expect(text(r)).toBe('Invalid input: path parameter "batch_id" must not be "." or ".."');
    r = failureResult(new UpstreamTimeoutError('portkey-batch.retrievebatch', 30000));
    expect(text(r)).toMatch(/did not respond within 30000 ms/);
    r = failureResult(new UpstreamNetworkError('op', 'op: could not reach the upstream service (ECONNREFUSED)'));
    expect(text(r)).toBe('Could not reach the upstream service for op (ECONNREFUSED). Try again later.');
    r = failureResult(new UpstreamHttpError('op', 401, {}, { error: { message: 'bad key' } }));
    expect(JSON.parse(text(r))).toEqual({ status: 401, body: { error: { message: 'bad key' } } });
    r = failureResult(new DOMException('aborted', 'AbortError'));
    expect(text(r)).toBe('The request was cancelled.');
    r = failureResult(new Error('secret sk-live-123 at line 5'));
    expect(r.isError).toBe(true);
    expect(text(r)).toBe('Internal error while calling the upstream service.');
  });
});

describe('resultBudget', () => {
  it('reads NAFTIKO_MCP_MAX_RESULT_BYTES (bytes or kb/mb/gb), 1 MiB when unset, a SettingError when invalid', () => {
    expect(DEFAULT_RESULT_BYTES).toBe(1_048_576);
    expect(resultBudget({})).toBe(1_048_576);
    expect(resultBudget({ NAFTIKO_MCP_MAX_RESULT_BYTES: '2048' })).toBe(2048);
    expect(resultBudget({ NAFTIKO_MCP_MAX_RESULT_BYTES: ' 10 ' })).toBe(10);
    expect(resultBudget({ NAFTIKO_MCP_MAX_RESULT_BYTES: '512kb' })).toBe(512 * 1024);
    expect(resultBudget({ NAFTIKO_MCP_MAX_RESULT_BYTES: '' })).toBe(1_048_576); // empty counts as unset
    for (const bad of ['0', '-5', 'abc', '1e3']) expect(() => resultBudget({ NAFTIKO_MCP_MAX_RESULT_BYTES: bad })).toThrow(SettingError);
  });
});
