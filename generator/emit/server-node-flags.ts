// The node flags the generated servers start with: in package.json's start scripts and, as
// NODE_OPTIONS, in the Dockerfile. Measured reasons and how to change them: docs/memory.md.

/**
 * A small young generation (2 MiB semi-spaces instead of V8's 16 MiB) and a heap limit that makes V8
 * collect the old generation at ~1.4× its live size instead of up to 4× (V8 derives that factor from
 * the limit; the default limit on a large machine is several GiB). A generated server keeps ~20 MiB
 * live, so 512 MiB leaves headroom while the resident size stays flat under load.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--max-old-space-size=512'];

/** `node <flags> <entry>`: the start command of a server entry (e.g. `dist/mcp.js`). */
export function serverStartCommand(entry: string): string {
  return ['node', ...SERVER_NODE_FLAGS, entry].join(' ');
}
