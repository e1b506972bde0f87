// The findings of `naftiko-gen migrate` (docs/migrate.md lists each with its rule). Errors mean the file
// is left untouched: a half-migrated file would be valid under neither version.
import type { Diagnostic, Severity } from '../diagnostics.js';

export interface MigrateCode {
  code: string;
  severity: Severity;
  hint: string;
}

export const MIGRATE_CODES = {
  /** Not a naftiko 1.0.0-alpha1/2/3 or ikanos file: nothing to rewrite from. */
  unsupportedSource: {
    code: 'NG6001',
    severity: 'error',
    hint: 'migrate reads `naftiko: 1.0.0-alpha1`, `alpha2`, `alpha3` and `ikanos:` files; rewrite a `naftiko: 0.5` file to 1.0.0-alpha2 first (docs/migrate.md).',
  },
  /** A capability-less file with two or more root sections: beta5 allows exactly one. */
  severalRootSections: {
    code: 'NG6002',
    severity: 'error',
    hint: 'Split the file into one file per section (for example `consumes` and `binds`) and add an import entry for each to every importing capability; then migrate again.',
  },
  /** Two items of one list share a name: as map keys they would collide. */
  duplicateName: {
    code: 'NG6003',
    severity: 'error',
    hint: 'Rename one of them (and every `{{…}}`, `with` and `$.…` reference to it), then migrate again.',
  },
  /** An item has no usable `name` and no key can be derived for its kind. */
  missingName: {
    code: 'NG6004',
    severity: 'error',
    hint: 'Give the item a `name` (a kebab-case identifier); it becomes the item key in the Ikanos spelling.',
  },
  /** A key invented for an unnamed REST resource/operation or a ref-only MCP tool. */
  inventedKey: {
    code: 'NG6005',
    severity: 'warning',
    hint: 'Review the key: it becomes the OpenAPI tag (resource) or operationId (operation) and the MCP tool name; rename it in the migrated file if another name fits better.',
  },
  /** MCP resource or prompt names with `_` or `*`: beta5 keys are kebab-case. */
  nonKebabKey: {
    code: 'NG6006',
    severity: 'warning',
    hint: 'Rename the key to letters, digits and `-` (MCP clients see it); naftiko-gen accepts it meanwhile as a common-dialect spelling.',
  },
  /** `name` on a call/ref-mode (mapped) output: beta5 rejects it and it never named anything. */
  mappedOutputName: {
    code: 'NG6007',
    severity: 'warning',
    hint: 'Nothing to do: a mapped output is identified by its position and `mapping`, so its `name` was dropped.',
  },
  /** Both the old and the new spelling of a key on one entity (`label` and `display`). */
  bothSpellings: {
    code: 'NG6008',
    severity: 'error',
    hint: 'Keep one of the two keys (the new spelling) and migrate again.',
  },
  /** An object property whose `name` differs from its key: the key names it in Ikanos. */
  propertyNameMismatch: {
    code: 'NG6009',
    severity: 'warning',
    hint: 'The key was kept and the differing `name` dropped; rename the key if the `name` was the one meant.',
  },
  /** A rewrite failed on an unexpected shape: a bug, reported per file instead of stopping the run. */
  internal: {
    code: 'NG6010',
    severity: 'error',
    hint: 'This is a bug in naftiko-gen migrate; please report it with the file. The file was left untouched.',
  },
} as const satisfies Record<string, MigrateCode>;

export type MigrateCodeName = keyof typeof MIGRATE_CODES;

export function migrateDiagnostic(file: string, at: { line: number; col: number }, which: MigrateCodeName, message: string): Diagnostic {
  const c = MIGRATE_CODES[which];
  return { file, line: at.line, col: at.col, severity: c.severity, code: c.code, message, hint: c.hint };
}
