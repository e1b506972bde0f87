// A tiny stable hash for name suffixes (not security): same input → same suffix on every machine.
export function fnv1a(input: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(input)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
