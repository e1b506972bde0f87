// Renders the hand-formatted Handlebars templates of templates/skeleton/ (package.json, README.md,
// Dockerfile, deploy/kubernetes.yaml…), each compiled once. `npm run build` precompiles them
// (precompile-templates.ts), so a cold run loads only the Handlebars runtime instead of compiling the
// templates (a quarter second of a one-capability run); a template edited since the build, or a run
// from the TypeScript sources, is compiled here as before. Both paths render the same bytes
// (test/unit/skeleton-template.test.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';
import { templatePath } from './template-files.js';
import { requireVendored } from '../vendor.js';

type Handlebars = typeof HandlebarsModule;
type Template = HandlebarsModule.TemplateDelegate;

const requireHere = createRequire(import.meta.url);

/** Every template of templates/skeleton/, by name (without `.hbs`). */
export const SKELETON_TEMPLATES = ['Dockerfile', 'README.md', 'deploy/kubernetes.yaml', 'dockerignore', 'package.json', 'tsconfig.json'] as const;
export type SkeletonName = (typeof SKELETON_TEMPLATES)[number];

/** Options shared by compile and precompile, so both render alike. */
export const COMPILE_OPTIONS = { noEscape: false, strict: false } as const;

/** Where the build leaves the precompiled form of a template (beside this module). */
export function precompiledTemplateFile(name: string): string {
  return `precompiled-templates/${name.replace(/\//g, '__')}.cjs`;
}

export function templateText(name: string): string {
  return readFileSync(templatePath(`skeleton/${name}.hbs`), 'utf8');
}

export function templateHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function withHelpers(hbs: Handlebars): Handlebars {
  // A JSON string (or value): also a valid double-quoted YAML scalar, so the YAML templates use it too.
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value ?? ''));
  // A JSON object nested one level in the document: its lines indented to sit under its key.
  hbs.registerHelper('block', (value: unknown) => JSON.stringify(value ?? {}, null, 2).replace(/\n/g, '\n  '));
  return hbs;
}

let runtimeEnv: Handlebars | undefined;
let compilerEnv: Handlebars | undefined;

/** The build's precompiled template, when it exists and was built from this very text. */
function loadPrecompiled(name: string, text: string): Template | undefined {
  let mod: { hash?: string; spec?: unknown };
  try {
    mod = requireHere(`./${precompiledTemplateFile(name)}`) as { hash?: string; spec?: unknown };
  } catch {
    return undefined; // not built (running from the TypeScript sources)
  }
  if (mod.hash !== templateHash(text) || mod.spec === undefined) return undefined;
  runtimeEnv ??= withHelpers(requireVendored<Handlebars>('handlebars/runtime').create());
  return runtimeEnv.template(mod.spec as Parameters<Handlebars["template"]>[0]);
}

/** A template compiled in this process (the full Handlebars compiler). */
export function compileTemplate(text: string): Template {
  compilerEnv ??= withHelpers((requireHere('handlebars') as Handlebars).create());
  return compilerEnv.compile(text, COMPILE_OPTIONS);
}

const compiled = new Map<string, Template>();

/** templates/skeleton/<name>.hbs rendered with `data`. */
export function renderSkeleton(name: SkeletonName, data: unknown, options: { precompiled?: boolean } = {}): string {
  const key = options.precompiled === false ? `compile:${name}` : name;
  let template = compiled.get(key);
  if (!template) {
    const text = templateText(name);
    template = (options.precompiled === false ? undefined : loadPrecompiled(name, text)) ?? compileTemplate(text);
    compiled.set(key, template);
  }
  return template(data);
}

/** Whether the build's precompiled form of `name` is in use (for the test that compares both paths). */
export function hasPrecompiled(name: SkeletonName): boolean {
  return loadPrecompiled(name, templateText(name)) !== undefined;
}
