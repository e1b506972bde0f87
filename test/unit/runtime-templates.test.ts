// Runtime templates are copied into packages without formatting (it would cost more than the rest of
// generation), so they must already be in the pinned prettier form; and every dependency they import
// must be declared in the generated package.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DEPENDENCIES, importedModules, packageOf } from '../../generator/emit/dependencies.js';
import { formatFile } from '../../generator/format/format.js';

const dir = join(import.meta.dirname, '../../templates/runtime');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

describe('templates/runtime', () => {
  it.each(files)('%s is prettier-formatted with the pinned options (run `npm run format:templates`)', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(await formatFile(`src/runtime/${file}`, text)).toBe(text);
  });

  it('imports only node builtins, sibling files and packages with a pinned version for generated packages', () => {
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const spec of importedModules(text)) {
        if (spec.startsWith('./')) {
          expect(files, `${file} imports ${spec}`).toContain(spec.slice(2).replace(/\.js$/, '.ts'));
          continue;
        }
        const pkg = packageOf(spec);
        if (pkg) expect(Object.keys(GENERATED_DEPENDENCIES), `${file} imports ${spec}`).toContain(pkg);
      }
    }
  });
});
