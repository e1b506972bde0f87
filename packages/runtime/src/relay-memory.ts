// The memory behind relayed bodies. Node reads a socket into a new buffer per read (up to 64 KiB);
// once a chunk has been written on it is garbage, but its bytes live outside the JS heap and V8
// returns them only at a young-generation collection. Relaying allocates little on the JS heap, so
// that collection comes late: V8 forces it once ~32 MiB of young array buffers have piled up (a
// constant no start flag changes). When node exposes `gc` (--expose-gc, in the generated servers'
// start flags), a minor collection after every few MiB relayed keeps the pile to about that much.
// Measurements: docs/ARCHITECTURE.md, "Server memory".
import type { Readable } from 'node:stream';

/** Bytes relayed between two minor collections (4 MiB: ~20 MiB less peak than 8, same throughput). */
export const RELAY_COLLECT_BYTES = 4 * 1024 * 1024;

/** A minor (young-generation) collection: node's `gc`, exposed by --expose-gc. */
export type MinorCollector = (options: { type: 'minor' }) => unknown;

/**
 * A counter of relayed bytes for the whole process (the garbage is the process's, whichever stream
 * made it) that calls `collect` each time `everyBytes` more have gone through. Without a collector it
 * does nothing.
 */
export function relayCounter(
  collect: MinorCollector | undefined,
  everyBytes: number = RELAY_COLLECT_BYTES,
): (bytes: number) => void {
  if (collect === undefined) return () => undefined;
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < everyBytes) return;
    since = 0;
    collect({ type: 'minor' });
  };
}

/** Node's `gc` when the process was started with --expose-gc, else undefined. */
export function exposedCollector(): MinorCollector | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as MinorCollector) : undefined;
}

const noteRelayed = relayCounter(exposedCollector());

/**
 * Counts the chunks `source` yields toward the process's next minor collection. Call it in the same
 * tick as piping `source` on: a 'data' listener starts the flow on the next tick, and pipe's pausing
 * for backpressure applies to it as to the pipe.
 */
export function countRelayed(source: Readable): void {
  source.on('data', (chunk: { length: number }) => noteRelayed(chunk.length));
}
