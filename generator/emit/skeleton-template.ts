// Renders the hand-formatted Handlebars templates of templates/skeleton/ (package.json, README.md,
// Dockerfile, deploy/kubernetes.yaml…), each compiled once.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { templatePath } from './template-files.js';

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** templates/skeleton/<name>.hbs rendered with `data`. */
export function renderSkeleton(name: string, data: unknown): string {
  let template = compiled.get(name);
  if (!template) {
    const hbs = Handlebars.create();
    // A JSON string (or value): also a valid double-quoted YAML scalar, so the YAML templates use it too.
    hbs.registerHelper('json', (value: unknown) => JSON.stringify(value ?? ''));
    // A JSON object nested one level in the document: its lines indented to sit under its key.
    hbs.registerHelper('block', (value: unknown) => JSON.stringify(value ?? {}, null, 2).replace(/\n/g, '\n  '));
    template = hbs.compile(readFileSync(templatePath(`skeleton/${name}.hbs`), 'utf8'), { noEscape: false, strict: false });
    compiled.set(name, template);
  }
  return template(data);
}
