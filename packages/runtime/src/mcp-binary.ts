// MCP tool results of binary operations (outputRawFormat: binary): the upstream bytes, read bounded,
// base64-encoded as the Ikanos engine returns them: an image or audio content for image/* and
// audio/*, otherwise an embedded resource holding a blob. A body over the bound is an isError result
// (never a cut file); a non-2xx answer is reported like any other tool's.
import { randomUUID } from 'node:crypto';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/server';
import { toToolResult } from './mcp.js';
import { readBytesBounded } from './read-body.js';
import { bodyStream, headerValue, type UpstreamResponse } from './upstream-response.js';

/**
 * The result of a tool whose operation answers bytes. `mediaType` is the declared outputMediaType,
 * else the upstream content type, else application/octet-stream; `uri` names the embedded resource.
 */
export async function binaryToolResult(
  upstream: UpstreamResponse,
  options: { maxBytes: number; mediaType?: string; uri: string },
): Promise<CallToolResult> {
  if (!upstream.ok) return toToolResult(upstream, { maxBytes: options.maxBytes });
  const maxBytes = Math.max(1, Math.floor(options.maxBytes));
  const { bytes, truncated } = await readBytesBounded(bodyStream(upstream), maxBytes, upstream.operation);
  if (truncated) {
    return {
      isError: true,
      content: [
        {
          type: 'text',
          text: `The upstream answered more than ${maxBytes} bytes (maxBinarySize, else the server's result budget); raise maxBinarySize, or use the REST adapter or the client library for this file.`,
        },
      ],
    };
  }
  const mimeType = mediaTypeOf(upstream, options.mediaType);
  const data = bytes.toString('base64');
  if (mimeType.startsWith('image/')) return { content: [{ type: 'image', data, mimeType }] };
  if (mimeType.startsWith('audio/')) return { content: [{ type: 'audio', data, mimeType }] };
  return {
    content: [
      {
        type: 'resource',
        resource: {
          uri: `${options.uri}/${randomUUID()}`,
          mimeType,
          blob: data,
        },
      },
    ],
  };
}

/** The declared media type, else the upstream content type (parameters dropped), else application/octet-stream. */
function mediaTypeOf(upstream: UpstreamResponse, declared: string | undefined): string {
  const type = declared ?? headerValue(upstream, 'content-type') ?? 'application/octet-stream';
  return type.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
}

/**
 * The contents of a resource read through a binary operation: one blob (base64 of the exact bytes).
 * A non-2xx status, or a body over maxBytes, is a read error (the SDK answers it as a JSON-RPC error).
 */
export async function binaryResourceContents(
  uri: URL,
  upstream: UpstreamResponse,
  options: { maxBytes: number; mediaType?: string },
): Promise<ReadResourceResult> {
  if (!upstream.ok) {
    bodyStream(upstream)?.destroy();
    throw new Error(`The upstream answered HTTP ${upstream.status} for ${uri.href}`);
  }
  const maxBytes = Math.max(1, Math.floor(options.maxBytes));
  const { bytes, truncated } = await readBytesBounded(bodyStream(upstream), maxBytes, upstream.operation);
  if (truncated)
    throw new Error(
      `The upstream answered more than ${maxBytes} bytes for ${uri.href} (maxBinarySize); raise maxBinarySize to read it.`,
    );
  return {
    contents: [
      { uri: uri.href, mimeType: mediaTypeOf(upstream, options.mediaType), blob: bytes.toString('base64') },
    ],
  };
}
