// MCP resources and prompts: upstream bodies as resource contents, files of a directory as static
// resources, and prompt messages filled from their arguments.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { McpServer, ReadResourceResult } from '@modelcontextprotocol/server';
import { readBodyText } from './read-body.js';
import type { UpstreamResponse } from './upstream-response.js';

/** An upstream response as the contents of a resource; a non-2xx status is a read error. */
export async function resourceContents(
  uri: URL,
  upstream: UpstreamResponse,
  mimeType: string | undefined,
  maxBytes: number,
): Promise<ReadResourceResult> {
  const { text, truncated } = await readBodyText(upstream, maxBytes);
  if (!upstream.ok) throw new Error(`The upstream answered HTTP ${upstream.status} for ${uri.href}`);
  const type = mimeType ?? upstream.headers.get('content-type') ?? 'text/plain';
  return {
    contents: [
      { uri: uri.href, mimeType: type, text: truncated ? `${text}\n[truncated at ${maxBytes} bytes]` : text },
    ],
  };
}

/** A computed value (projection or steps) as the contents of a resource. */
export function valueContents(uri: URL, value: unknown, mimeType: string | undefined): ReadResourceResult {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return { contents: [{ uri: uri.href, mimeType: mimeType ?? 'application/json', text }] };
}

export interface StaticResourceSpec {
  name: string;
  /** URI prefix: each file is served as `<uri>/<relative path>`. */
  uri: string;
  /** `file:///abs/dir`, or `file:///./rel/dir` (relative to the working directory). */
  location: string;
  mimeType?: string;
  title?: string;
  description?: string;
}

const MIME_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
};

/** The directory a `file:///` location names. */
export function locationDirectory(location: string, cwd: string = process.cwd()): string {
  const path = decodeURIComponent(location.replace(/^file:\/\//, ''));
  return /^\/\.\.?\//.test(path) ? resolve(cwd, path.slice(1)) : resolve(cwd, path);
}

const listings = new Map<string, string[]>();

/** Files under a directory (listed once per process; a missing directory lists nothing). */
function listFiles(dir: string): string[] {
  let files = listings.get(dir);
  if (!files) {
    files = [];
    const walk = (current: string): void => {
      for (const entry of readdirSync(current, { withFileTypes: true })) {
        const full = join(current, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) files!.push(full);
      }
    };
    try {
      if (statSync(dir).isDirectory()) walk(dir);
    } catch {
      // The server starts without them; the README says the directory must exist.
    }
    files.sort();
    listings.set(dir, files);
  }
  return files;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A file's contents: text when it is UTF-8, else a blob (base64), as binary files are served. */
function fileContents(
  uri: string,
  mimeType: string,
  bytes: Buffer,
): { uri: string; mimeType: string; text: string } | { uri: string; mimeType: string; blob: string } {
  try {
    return { uri, mimeType, text: UTF8.decode(bytes) };
  } catch {
    return { uri, mimeType: MIME_TYPES_BINARY[mimeType] ?? mimeType, blob: bytes.toString('base64') };
  }
}

/** A binary file's media type when its extension said text (an unknown extension defaults to text/plain). */
const MIME_TYPES_BINARY: Record<string, string> = { 'text/plain': 'application/octet-stream' };

/**
 * Registers every file under the location as its own resource. Only files listed at start-up are
 * served, so a request can never name a path outside the directory.
 */
export function registerStaticResources(server: McpServer, spec: StaticResourceSpec): number {
  const dir = locationDirectory(spec.location);
  const files = listFiles(dir);
  for (const file of files) {
    const rel = relative(dir, file).split(sep).join('/');
    const mimeType = spec.mimeType ?? MIME_TYPES[extname(file).toLowerCase()] ?? 'text/plain';
    server.registerResource(
      `${spec.name}/${rel}`,
      `${spec.uri.replace(/\/+$/, '')}/${rel.split('/').map(encodeURIComponent).join('/')}`,
      {
        mimeType,
        ...(spec.title ? { title: `${spec.title}: ${rel}` } : {}),
        ...(spec.description ? { description: spec.description } : {}),
      },
      async (uri) => ({ contents: [fileContents(uri.href, mimeType, readFileSync(file))] }),
    );
  }
  return files.length;
}

/**
 * A prompt message: `{{argument}}` (the schema) and `{argument}` (the specification text)
 * placeholders replaced by the arguments given; missing ones become empty.
 */
export function fillPrompt(text: string, args: Record<string, unknown>): string {
  return text.replace(
    /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}|\{([A-Za-z0-9_-]+)\}/g,
    (_m, double: string | undefined, single: string | undefined) => {
      const name = (double ?? single)!;
      const value = Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
      return value === undefined || value === null ? '' : String(value);
    },
  );
}

const promptFiles = new Map<string, string>();

/** The text of a file-based prompt (`file:///…`), read once per process. */
export function readPromptFile(location: string): string {
  let text = promptFiles.get(location);
  if (text === undefined) {
    text = readFileSync(locationDirectory(location), 'utf8');
    promptFiles.set(location, text);
  }
  return text;
}
