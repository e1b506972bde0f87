// docs/migrate.md's table of codes must list exactly the codes migrate reports, with their severity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATE_CODES } from '../../generator/migrate/index.js';

describe('docs/migrate.md', () => {
  it('lists every NG6xxx code with its severity, and no other', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/migrate.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (NG6\d{3}) \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]);
    const codes = Object.values(MIGRATE_CODES).map((c) => [c.code, c.severity]);
    expect(rows.sort()).toEqual(codes.sort());
    expect(new Set(codes.map(([c]) => c)).size).toBe(codes.length);
  });
});
