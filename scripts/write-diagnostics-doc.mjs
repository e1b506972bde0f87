// Writes docs/diagnostics.md from the registry (generator/diagnostic-codes.ts). Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from '../dist/generator/diagnostic-codes.js';

writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), renderDiagnosticsDoc());
