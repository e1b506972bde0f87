// The node flags the generated servers start with: in package.json's start scripts and, as
// NODE_OPTIONS, in the Dockerfile. Measurements and reasons: docs/ARCHITECTURE.md, "Server memory".

/**
 * Young generation semi-spaces of at most 8 MiB (V8's default: 16 MiB) and a 512 MiB old-generation
 * limit, from which V8 derives a growing factor of ~1.4 (the old generation is collected once it has
 * grown to ~1.4× what the last collection left live) instead of the 4× it uses with the multi-GiB
 * default limit of a large machine. The servers keep ~20 MiB live. `--expose-gc` lets the runtime ask
 * for a minor collection every 4 MiB of body it relays (packages/runtime/src/relay-memory.ts): spent
 * socket buffers are freed then instead of piling up to ~32 MiB.
 */
export const SERVER_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=8',
  '--max-old-space-size=512',
  '--expose-gc',
];

/** `node <flags> <entry>`: the start command of a server entry (e.g. `dist/mcp.js`). */
export function serverStartCommand(entry: string): string {
  return ['node', ...SERVER_NODE_FLAGS, entry].join(' ');
}
