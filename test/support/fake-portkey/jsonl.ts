/**
 * Batch output JSONL: deterministic line generation and a streaming writer that honours
 * backpressure, so arbitrarily large outputs are served at constant memory.
 */
import type { ServerResponse } from 'node:http';

/** Small deterministic hash (FNV-1a, 32 bit) rendered as 8 hex digits. */
function hex8(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const WORDS = [
  'batch', 'request', 'portkey', 'gateway', 'completion', 'token', 'stream', 'output', 'model', 'answer',
  'deterministic', 'fake', 'line', 'json', 'value', 'result', 'provider', 'openai', 'window', 'status',
];

/** Filler texts (ASCII words only, so no JSON escaping is ever needed), ~`length` characters each. */
function buildFillers(count: number, length: number): string[] {
  const out: string[] = [];
  for (let v = 0; v < count; v++) {
    let s = '';
    let w = v;
    while (s.length < length) {
      s += (s ? ' ' : '') + WORDS[w % WORDS.length];
      w = (w * 7 + 3) % 97;
    }
    out.push(s.slice(0, length));
  }
  return out;
}

const FILLERS = buildFillers(16, 600);
const EMBEDDING_FILLERS = Array.from({ length: 16 }, (_, v) =>
  Array.from({ length: 48 }, (_, k) => (((v * 31 + k * 17) % 2000) / 1000 - 1).toFixed(9)).join(','),
);

export interface OutputLineSpec {
  batchId: string;
  endpoint: string;
  createdAt: number;
  /** Number of lines (one per request). */
  total: number;
  /** How many of them are failed lines (spread evenly through the file). */
  failed: number;
  /** Error code used for failed lines. */
  failureCode?: string;
}

/** Whether line `i` of `total` is one of the `failed` failed lines (even spread, deterministic). */
export function isFailedLine(i: number, total: number, failed: number): boolean {
  if (failed <= 0 || total <= 0) return false;
  return Math.floor(((i + 1) * failed) / total) > Math.floor((i * failed) / total);
}

function successBody(spec: OutputLineSpec, i: number, tag: string): string {
  const created = spec.createdAt + 5 + Math.floor(i / 100);
  const filler = FILLERS[i % FILLERS.length] ?? '';
  const prompt = 20 + (i % 50);
  const completion = 100 + (i % 37);
  const usage = `{"prompt_tokens":${prompt},"completion_tokens":${completion},"total_tokens":${prompt + completion}}`;
  if (spec.endpoint === '/v1/embeddings') {
    const vec = EMBEDDING_FILLERS[i % EMBEDDING_FILLERS.length] ?? '';
    return `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[${vec}]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":${prompt},"total_tokens":${prompt}}}`;
  }
  if (spec.endpoint === '/v1/completions') {
    return `{"id":"cmpl-${tag}","object":"text_completion","created":${created},"model":"gpt-3.5-turbo-instruct","choices":[{"text":"Answer ${i + 1}: ${filler}","index":0,"logprobs":null,"finish_reason":"stop"}],"usage":${usage}}`;
  }
  return `{"id":"chatcmpl-${tag}","object":"chat.completion","created":${created},"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Answer ${i + 1}: ${filler}"},"finish_reason":"stop"}],"usage":${usage},"system_fingerprint":null}`;
}

/** Renders line `i` (without trailing newline). */
export function renderOutputLine(spec: OutputLineSpec, i: number): string {
  const tag = hex8(`${spec.batchId}:${i}`);
  const reqTag = hex8(`${tag}:${i}:req`);
  const head = `{"id":"batch_req_${tag}${reqTag}","custom_id":"request-${i + 1}"`;
  if (isFailedLine(i, spec.total, spec.failed)) {
    const code = spec.failureCode ?? 'request_failed';
    const message =
      code === 'batch_expired'
        ? 'This request could not be executed before the completion window expired.'
        : `Request ${i + 1} failed: the upstream provider returned an error.`;
    return `${head},"response":null,"error":{"code":"${code}","message":"${message}"}}`;
  }
  return `${head},"response":{"status_code":200,"request_id":"req_${reqTag}","body":${successBody(spec, i, tag + reqTag)}},"error":null}`;
}

/** Lazily yields every output line; nothing is materialised up front. */
export function* generateOutputLines(spec: OutputLineSpec): Generator<string> {
  for (let i = 0; i < spec.total; i++) yield renderOutputLine(spec, i);
}

/** Number of failed lines used by `store.setOutput(id, n)`: one in twenty. */
export function defaultFailedCount(total: number): number {
  return Math.floor(total / 20);
}

function waitDrainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Writes `source` lines to `res` (headers must already be set), in ~64 KiB chunks, awaiting
 * 'drain' whenever the socket buffer is full. Stops early if the client goes away. If the
 * source throws, the response is destroyed (the client sees a truncated chunked body).
 */
export async function streamLines(res: ServerResponse, source: AsyncIterable<string> | Iterable<string>): Promise<void> {
  let buf = '';
  let gone = false;
  const onClose = (): void => {
    gone = true;
  };
  res.on('close', onClose);

  // Returns a promise only when the caller must wait for 'drain' (keeps the hot path synchronous).
  const push = (line: string): Promise<void> | undefined => {
    buf += line.endsWith('\n') ? line : `${line}\n`;
    if (buf.length < CHUNK_CHARS) return undefined;
    const ok = res.write(buf);
    buf = '';
    return !ok && !gone ? waitDrainOrClose(res) : undefined;
  };

  try {
    if (Symbol.asyncIterator in source) {
      for await (const line of source as AsyncIterable<string>) {
        if (gone) break;
        const wait = push(line);
        if (wait) await wait;
      }
    } else {
      for (const line of source as Iterable<string>) {
        if (gone) break;
        const wait = push(line);
        if (wait) await wait;
      }
    }
    if (!gone) res.end(buf);
  } catch (err) {
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  } finally {
    res.off('close', onClose);
  }
}
