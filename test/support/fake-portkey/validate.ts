/** Validation of the POST /batches body (OpenAIBatchJob: input_file_id, endpoint, completion_window, metadata). */
import type { CreateBatchInput } from './store.js';
import { BATCH_ENDPOINTS, COMPLETION_WINDOWS, type ApiError } from './types.js';

export type ValidationResult = { ok: true; value: CreateBatchInput } | { ok: false; error: ApiError };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'boolean') return 'a boolean';
  return `a ${typeof v}`;
}

function invalid(param: string | null, code: string, message: string): ValidationResult {
  return { ok: false, error: { message, type: 'invalid_request_error', param, code } };
}

function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}` : q.join('');
}

/** `parsed` is the already-JSON-parsed body. Extra fields (portkey_options, model, ...) are accepted. */
export function validateCreateBatch(parsed: unknown): ValidationResult {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid(null, 'invalid_type', `Invalid type for request body: expected an object, but got ${typeName(parsed)} instead.`);
  }
  const body = parsed as Record<string, unknown>;
  const strings: Record<string, string> = {};
  for (const name of ['input_file_id', 'endpoint', 'completion_window'] as const) {
    const v = body[name];
    if (v === undefined || v === null) {
      return invalid(name, 'missing_required_parameter', `Missing required parameter: '${name}'.`);
    }
    if (typeof v !== 'string') {
      return invalid(name, 'invalid_type', `Invalid type for '${name}': expected a string, but got ${typeName(v)} instead.`);
    }
    if (v.length === 0) {
      return invalid(
        name,
        'empty_string',
        `Invalid '${name}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
      );
    }
    strings[name] = v;
  }
  const endpoint = strings.endpoint ?? '';
  if (!(BATCH_ENDPOINTS as readonly string[]).includes(endpoint)) {
    return invalid('endpoint', 'invalid_value', `Invalid value: '${endpoint}'. Supported values are: ${quoteList(BATCH_ENDPOINTS)}.`);
  }
  const window = strings.completion_window ?? '';
  if (!(COMPLETION_WINDOWS as readonly string[]).includes(window)) {
    return invalid(
      'completion_window',
      'invalid_value',
      `Invalid value: '${window}'. Supported values are: ${quoteList(COMPLETION_WINDOWS)}.`,
    );
  }
  const metadata = body.metadata;
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    return invalid('metadata', 'invalid_type', `Invalid type for 'metadata': expected an object, but got ${typeName(metadata)} instead.`);
  }
  return {
    ok: true,
    value: {
      input_file_id: strings.input_file_id ?? '',
      endpoint,
      completion_window: window,
      metadata: (metadata ?? null) as Record<string, unknown> | null,
    },
  };
}

export type LimitResult = { ok: true; value: number } | { ok: false; error: ApiError };

/** `limit` query parameter: integer 1..100, default 20. */
export function parseLimit(raw: string | undefined): LimitResult {
  if (raw === undefined) return { ok: true, value: 20 };
  const err = (code: string, message: string): LimitResult => ({
    ok: false,
    error: { message, type: 'invalid_request_error', param: 'limit', code },
  });
  if (!/^-?\d+$/.test(raw)) {
    return err('invalid_type', `Invalid type for 'limit': expected an integer, but got a string ('${raw}') instead.`);
  }
  const n = Number(raw);
  if (n < 1) return err('integer_below_min_value', `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${raw} instead.`);
  if (n > 100) return err('integer_above_max_value', `Invalid 'limit': integer above maximum value. Expected a value <= 100, but got ${raw} instead.`);
  return { ok: true, value: n };
}
