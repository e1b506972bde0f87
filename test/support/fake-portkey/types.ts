/** Shapes of the Portkey Batch API objects (see reference/portkey/portkey-openapi-batches.yaml). */

export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

export const BATCH_STATUSES: readonly BatchStatus[] = [
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
];

export type BatchEndpoint = '/v1/chat/completions' | '/v1/completions' | '/v1/embeddings';
export const BATCH_ENDPOINTS: readonly BatchEndpoint[] = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'];

export type CompletionWindow = '24h' | 'immediate';
export const COMPLETION_WINDOWS: readonly CompletionWindow[] = ['24h', 'immediate'];

export interface BatchErrorEntry {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

export interface BatchErrors {
  object: 'list';
  data: BatchErrorEntry[];
}

export interface BatchRequestCounts {
  total: number;
  completed: number;
  failed: number;
}

export interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: BatchErrors | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: BatchRequestCounts;
  metadata: Record<string, unknown> | null;
}

/** Produces the JSONL lines of a batch output (each string one line; a trailing '\n' is optional). */
export type OutputSource = () => AsyncIterable<string> | Iterable<string>;

/** The error object of the documented ErrorResponse schema. */
export interface ApiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}
