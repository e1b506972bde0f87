/**
 * Portkey key check. `x-portkey-api-key` wins when present (then `Authorization` belongs to the
 * provider, as in Portkey); otherwise `Authorization: Bearer <key>` carries the Portkey key.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from './types.js';

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** null when authorised, else the 401 error to send. */
export function checkAuth(
  headers: IncomingHttpHeaders,
  apiKey: string,
  extraApiKeys: readonly string[] = [],
): ApiError | null {
  const portkeyHeader = single(headers['x-portkey-api-key']);
  let presented: string | undefined;
  if (portkeyHeader !== undefined) {
    presented = portkeyHeader.trim();
  } else {
    const m = /^Bearer\s+(.+)$/i.exec(single(headers.authorization)?.trim() ?? '');
    presented = m?.[1]?.trim();
  }
  if (!presented) {
    return {
      message: 'Portkey API key not found: send it as x-portkey-api-key or Authorization: Bearer <key>.',
      type: 'authentication_error',
      param: null,
      code: 'missing_api_key',
    };
  }
  if (presented !== apiKey && !extraApiKeys.includes(presented)) {
    return { message: 'Invalid API Key', type: 'authentication_error', param: null, code: 'invalid_api_key' };
  }
  return null;
}
