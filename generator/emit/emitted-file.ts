// One file of a generated package, as the emitters produce it and the writer, the manifest and
// `--check` consume it.
export interface EmittedFile {
  path: string;
  contents: string;
  /** Already in final form (JSON and the hand-formatted skeletons skip prettier). */
  preformatted?: boolean;
}
