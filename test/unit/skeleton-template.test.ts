// The build's precompiled skeleton templates (generator/emit/precompile-templates.ts) render what the
// templates compiled in-process render: the built generator (dist/, precompiled) and the TypeScript
// sources (no precompiled forms beside them, so they compile) generate the same package.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKELETON_TEMPLATES, hasPrecompiled } from '../../generator/emit/skeleton-template.js';
import { generate } from '../../generator/pipeline.js';

const ROOT = join(import.meta.dirname, '../..');
type Built = { generate: typeof generate };
type BuiltTemplates = { hasPrecompiled: typeof hasPrecompiled; SKELETON_TEMPLATES: typeof SKELETON_TEMPLATES };

describe('skeleton templates', () => {
  it('the build precompiles every template; the sources run without them', async () => {
    const built = (await import(join(ROOT, 'dist/generator/emit/skeleton-template.js'))) as BuiltTemplates;
    expect(built.SKELETON_TEMPLATES.map((name) => [name, built.hasPrecompiled(name)])).toEqual(SKELETON_TEMPLATES.map((name) => [name, true]));
    expect(SKELETON_TEMPLATES.some((name) => hasPrecompiled(name))).toBe(false);
  });

  it('precompiled and compiled templates give the same package for the seed', async () => {
    const seed = join(ROOT, 'capabilities/portkey-batch.yaml');
    const built = (await import(join(ROOT, 'dist/generator/pipeline.js'))) as Built;
    const viaBuild = (await built.generate([seed], { cwd: ROOT, root: ROOT })).packages[0]!.files;
    const viaSources = (await generate([seed], { cwd: ROOT, root: ROOT })).packages[0]!.files;
    const skeletonFiles = viaBuild.filter((f) => /^(package\.json|README\.md|tsconfig\.json|Dockerfile|\.dockerignore|deploy\/)/.test(f.path));
    expect(skeletonFiles.length).toBe(SKELETON_TEMPLATES.length);
    expect(viaBuild).toEqual(viaSources);
  });
});
