/**
 * In-memory batch store and lifecycle. Nothing advances by itself (no timers): tests move a
 * batch along with setStatus()/advance(), which fill in the matching *_at timestamps, request
 * counts and file ids the way the real service reports them.
 */
import { defaultFailedCount, generateOutputLines } from './jsonl.js';
import type { Batch, BatchStatus, OutputSource } from './types.js';

const DAY = 24 * 60 * 60;
/** Request count given to a batch that reaches in_progress without one. */
const DEFAULT_TOTAL = 10;

/** Statuses a batch can be cancelled from (spec: validating|in_progress → cancelling). */
const CANCELLABLE: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['validating', 'in_progress']);
/** Statuses in which the real service exposes an output file. */
const WITH_OUTPUT: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['completed', 'cancelled', 'expired']);
/** Happy-path successor of each status, used by advance(). */
const NEXT: Partial<Record<BatchStatus, BatchStatus>> = {
  validating: 'in_progress',
  in_progress: 'finalizing',
  finalizing: 'completed',
  cancelling: 'cancelled',
};

export interface CreateBatchInput {
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  metadata: Record<string, unknown> | null;
}

export type CancelResult =
  | { kind: 'ok'; batch: Batch }
  | { kind: 'not_found' }
  | { kind: 'not_cancellable'; batch: Batch };

export type OutputLookup =
  | { kind: 'ok'; source: AsyncIterable<string> | Iterable<string> }
  | { kind: 'not_found' }
  | { kind: 'no_output'; batch: Batch };

export interface ListPage {
  data: Batch[];
  has_more: boolean;
}

function hex8(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function fileId(batchId: string, kind: string): string {
  return `file-${hex8(`${batchId}:${kind}`)}${hex8(`${kind}:${batchId}`).slice(0, 4)}`;
}

export class BatchStore {
  private readonly batches = new Map<string, Batch>();
  private readonly seqOf = new Map<string, number>();
  private readonly outputs = new Map<string, OutputSource>();
  private seq = 0;

  constructor(private readonly now: () => number = () => Math.floor(Date.now() / 1000)) {}

  private nextId(): string {
    for (;;) {
      const n = ++this.seq;
      const id = `batch_${hex8(`fake-portkey:${n}`)}${String(n).padStart(6, '0')}`;
      if (!this.batches.has(id)) return id;
    }
  }

  private insert(batch: Batch): Batch {
    if (this.batches.has(batch.id)) throw new Error(`fake-portkey: batch ${batch.id} already exists`);
    this.seqOf.set(batch.id, ++this.seq);
    this.batches.set(batch.id, batch);
    return structuredClone(batch);
  }

  private blank(id: string): Batch {
    return {
      id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: `file-${hex8(`${id}:input`)}`,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: this.now(),
      in_progress_at: null,
      expires_at: null,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: null,
    };
  }

  /** POST /batches: a new batch in `validating`. */
  create(input: CreateBatchInput): Batch {
    const batch = this.blank(this.nextId());
    batch.input_file_id = input.input_file_id;
    batch.endpoint = input.endpoint;
    batch.completion_window = input.completion_window;
    batch.metadata = input.metadata === null ? null : structuredClone(input.metadata);
    return this.insert(batch);
  }

  /** Test helper: seed a batch with any fields (defaults: a fresh validating batch). */
  seed(partial: Partial<Batch> = {}): Batch {
    const base = this.blank(partial.id ?? this.nextId());
    const batch: Batch = {
      ...base,
      ...structuredClone(partial),
      object: 'batch',
      request_counts: { ...base.request_counts, ...(partial.request_counts ?? {}) },
    };
    return this.insert(batch);
  }

  get(id: string): Batch | undefined {
    const b = this.batches.get(id);
    return b ? structuredClone(b) : undefined;
  }

  /** Newest first (created_at, then insertion order), starting after the `after` cursor. */
  list(limit: number, after?: string): ListPage {
    const all = [...this.batches.values()].sort(
      (a, b) => b.created_at - a.created_at || (this.seqOf.get(b.id) ?? 0) - (this.seqOf.get(a.id) ?? 0),
    );
    let start = 0;
    if (after !== undefined) {
      const idx = all.findIndex((b) => b.id === after);
      if (idx < 0) return { data: [], has_more: false };
      start = idx + 1;
    }
    const data = all.slice(start, start + limit).map((b) => structuredClone(b));
    return { data, has_more: start + limit < all.length };
  }

  cancel(id: string): CancelResult {
    const b = this.batches.get(id);
    if (!b) return { kind: 'not_found' };
    if (b.status === 'cancelling') return { kind: 'ok', batch: structuredClone(b) };
    if (!CANCELLABLE.has(b.status)) return { kind: 'not_cancellable', batch: structuredClone(b) };
    this.applyStatus(b, 'cancelling');
    return { kind: 'ok', batch: structuredClone(b) };
  }

  /** Test helper: move a batch to `status`, filling the timestamps/counts a real batch would have. */
  setStatus(id: string, status: BatchStatus): Batch {
    const b = this.mustGet(id);
    this.applyStatus(b, status);
    return structuredClone(b);
  }

  /** Test helper: one happy-path step (validating → in_progress → finalizing → completed; cancelling → cancelled). */
  advance(id: string): Batch {
    const b = this.mustGet(id);
    const next = NEXT[b.status];
    if (!next) throw new Error(`fake-portkey: batch ${id} is ${b.status}, which has no next status`);
    this.applyStatus(b, next);
    return structuredClone(b);
  }

  /**
   * Test helper: give a batch an explicit output (served whatever its status).
   * A number generates that many deterministic lines (one in twenty failed) and sets the
   * request counts to match; a function is called once per GET and its lines streamed as-is.
   */
  setOutput(id: string, lines: number | OutputSource): void {
    const b = this.mustGet(id);
    b.output_file_id ??= fileId(b.id, 'output');
    if (typeof lines === 'number') {
      if (!Number.isInteger(lines) || lines < 0) throw new Error(`fake-portkey: bad line count ${lines}`);
      const failed = defaultFailedCount(lines);
      b.request_counts = { total: lines, completed: lines - failed, failed };
      const spec = { batchId: b.id, endpoint: b.endpoint, createdAt: b.created_at, total: lines, failed };
      this.outputs.set(id, () => generateOutputLines(spec));
    } else {
      this.outputs.set(id, lines);
    }
  }

  /**
   * GET /batches/{id}/output: the explicit output if set; otherwise, for a completed, cancelled
   * or expired batch that processed requests, lines generated from its request counts.
   */
  output(id: string): OutputLookup {
    const b = this.batches.get(id);
    if (!b) return { kind: 'not_found' };
    const explicit = this.outputs.get(id);
    if (explicit) return { kind: 'ok', source: explicit() };
    const { completed, failed } = b.request_counts;
    if (!WITH_OUTPUT.has(b.status) || completed + failed === 0) return { kind: 'no_output', batch: structuredClone(b) };
    const spec = {
      batchId: b.id,
      endpoint: b.endpoint,
      createdAt: b.created_at,
      total: completed + failed,
      failed,
      failureCode: b.status === 'expired' ? 'batch_expired' : 'request_failed',
    };
    return { kind: 'ok', source: generateOutputLines(spec) };
  }

  private mustGet(id: string): Batch {
    const b = this.batches.get(id);
    if (!b) throw new Error(`fake-portkey: no batch ${id}`);
    return b;
  }

  private started(b: Batch, t: number): void {
    b.in_progress_at ??= t;
    b.expires_at ??= b.created_at + DAY;
    if (b.request_counts.total === 0) b.request_counts.total = DEFAULT_TOTAL;
  }

  private withFiles(b: Batch): void {
    const { completed, failed } = b.request_counts;
    if (completed + failed > 0) b.output_file_id ??= fileId(b.id, 'output');
    if (failed > 0) b.error_file_id ??= fileId(b.id, 'error');
  }

  private applyStatus(b: Batch, status: BatchStatus): void {
    const t = this.now();
    const rc = b.request_counts;
    switch (status) {
      case 'validating':
        break;
      case 'in_progress':
        this.started(b, t);
        break;
      case 'finalizing':
        this.started(b, t);
        b.finalizing_at ??= t;
        break;
      case 'completed':
        this.started(b, t);
        b.finalizing_at ??= t;
        b.completed_at ??= t;
        if (rc.completed + rc.failed < rc.total) {
          rc.failed = rc.failed || Math.floor(rc.total / 10);
          rc.completed = rc.total - rc.failed;
        }
        this.withFiles(b);
        break;
      case 'failed':
        b.failed_at ??= t;
        b.errors ??= {
          object: 'list',
          data: [{ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', param: null, line: 1 }],
        };
        break;
      case 'expired':
        this.started(b, t);
        b.expired_at ??= t;
        if (rc.completed + rc.failed === 0) rc.completed = Math.floor(rc.total / 2);
        rc.failed = rc.total - rc.completed;
        this.withFiles(b);
        break;
      case 'cancelling':
        b.cancelling_at ??= t;
        break;
      case 'cancelled':
        b.cancelling_at ??= t;
        b.cancelled_at ??= t;
        if (b.in_progress_at !== null && rc.completed + rc.failed === 0) rc.completed = Math.floor(rc.total / 2);
        this.withFiles(b);
        break;
    }
    b.status = status;
  }
}
