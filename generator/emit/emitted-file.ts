// One file of a generated package, as the emitters produce it and the writer, the manifest and
// `--check` consume it.
import type { SourceRange } from './source-trace.js';

export interface EmittedFile {
  path: string;
  contents: string;
  /** Already in final form (JSON and the hand-formatted skeletons skip prettier). */
  preformatted?: boolean;
  /** Traced emissions only (source-trace.ts): offsets of `contents` → the capability element that produced them. */
  ranges?: SourceRange[];
}
