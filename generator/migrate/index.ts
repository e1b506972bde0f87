// `naftiko-gen migrate`: naftiko 1.0.0-alpha1/2/3 (and early ikanos) files → the ikanos 1.0.0-beta5
// spelling, keeping comments, key order and quoting. docs/migrate.md describes every rule.
export { MIGRATE_CODES } from './codes.js';
export { migrateText, type MigratedText, type MigrateStatus } from './migrate-text.js';
export { migrateFile, migrateFiles, migrationDiff, writeAtomically, type MigratedFile } from './migrate-files.js';
export { TARGET_VERSION } from './target.js';
