// The registry of diagnostic codes, the codes the generator uses and docs/diagnostics.md agree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, renderDiagnosticsDoc } from '../../generator/diagnostic-codes.js';

const ROOT = join(import.meta.dirname, '../..');

function usedCodes(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && e.name !== 'diagnostic-codes.ts') for (const m of readFileSync(full, 'utf8').matchAll(/'(NGD\d{3}|NG\d{4})'/g)) found.add(m[1]!);
    }
  };
  walk(join(ROOT, 'generator'));
  return found;
}

describe('diagnostic codes', () => {
  it('every code used in generator/ is registered, and every registered code is used', () => {
    const registered = DIAGNOSTIC_CODES.map((c) => c.code);
    expect(new Set(registered).size).toBe(registered.length);
    const used = usedCodes();
    expect([...used].filter((c) => !registered.includes(c)).sort()).toEqual([]);
    expect(registered.filter((c) => !used.has(c))).toEqual([]);
  });

  it('docs/diagnostics.md is the registry rendered (regenerate: node scripts/write-diagnostics-doc.mjs)', () => {
    expect(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8')).toBe(renderDiagnosticsDoc());
  });
});
