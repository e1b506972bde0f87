// Whether a description stops mid-sentence (cut by whatever produced the file): used by the model's
// NG3102 warning, the OpenAPI binding (a document's text replaces it) and doc comments (marked as cut).

/** A description that stops mid-sentence (`… receive 100 objects, e`): the source was cut. */
export function looksCutOff(text: string): boolean {
  const t = text.trim();
  return t.length > 40 && !/[.!?:)`'"\]]$/.test(t) && /[,;]\s*\S{1,3}$|\s\S$/.test(t);
}
