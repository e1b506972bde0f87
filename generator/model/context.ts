// State shared while one capability is modelled: where findings go and how paths map to positions.
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { LoadedDocument } from '../load/load-file.js';
import type { DocPath } from '../load/source-map.js';
import type { SourceRef } from './types.js';

export class ModelContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly envNames: ReadonlySet<string>,
    /** `namespace.operation` → `group.member`, from the project config. */
    readonly nameOverrides: Readonly<Record<string, string>> = {},
  ) {}

  report(doc: LoadedDocument, path: DocPath, severity: Severity, code: string, message: string, hint: string): void {
    const { line, col } = doc.map.locate(path);
    this.diagnostics.push({ file: doc.file, line, col, severity, code, message, hint });
  }

  /** A finding at a position the model already holds (a SourceRef), not at a document path. */
  reportAt(at: SourceRef, severity: Severity, code: string, message: string, hint: string): void {
    this.diagnostics.push({ file: at.file, line: at.line, col: at.col, severity, code, message, hint });
  }

  where(doc: LoadedDocument, path: DocPath): SourceRef {
    const { line, col } = doc.map.locate(path);
    return { file: doc.file, line, col };
  }
}
