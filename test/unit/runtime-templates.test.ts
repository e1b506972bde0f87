// Runtime templates are copied into packages without formatting (it would cost more than the rest of
// generation), so they must already be in the pinned prettier form; and every dependency they import
// must be declared in the generated package.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DEPENDENCIES } from '../../generator/emit/emit-package.js';
import { formatFile } from '../../generator/format/format.js';

const dir = join(import.meta.dirname, '../../templates/runtime');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

describe('templates/runtime', () => {
  it.each(files)('%s is prettier-formatted with the pinned options (run `npm run format:templates`)', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(await formatFile(`src/runtime/${file}`, text)).toBe(text);
  });

  it('imports only node builtins, sibling files and packages the generated package.json declares', async () => {
    const { emitPackageJson } = await import('../../generator/emit/emit-package.js');
    void GENERATED_DEPENDENCIES;
    const declared = Object.keys((JSON.parse(emitPackageJson({ name: 'x', title: 'x', consumes: [], rest: [], mcp: [] } as never, { source: 's', generator: 'g' })) as { dependencies: Record<string, string> }).dependencies);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || spec.startsWith('./')) continue;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        expect(declared, `${file} imports ${spec}`).toContain(pkg);
      }
    }
  });
});
