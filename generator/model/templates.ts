// Mustache-style `{{name}}` templates in values, tokens, paths and bodies.
import type { Template, TemplatePart } from './types.js';

const HOLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface TemplateScope {
  /** Bound variable names (binds keys). */
  env: ReadonlySet<string>;
  /** Caller input names in scope (may be empty). */
  inputs: ReadonlySet<string>;
}

export interface ParsedTemplate {
  template: Template;
  /** Holes that name neither a bound variable nor an input. */
  unresolved: string[];
}

export function parseTemplate(raw: string, scope: TemplateScope): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const unresolved: string[] = [];
  let last = 0;
  for (const match of raw.matchAll(HOLE)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: raw.slice(last, start) });
    last = start + match[0].length;
    const name = match[1]!.trim();
    const envName = name.startsWith('env.') ? name.slice(4) : undefined;
    if (envName !== undefined) {
      parts.push({ kind: 'env', variable: envName });
      if (!scope.env.has(envName)) unresolved.push(name);
    } else if (scope.env.has(name)) {
      parts.push({ kind: 'env', variable: name });
    } else {
      const inputName = stripPrefix(name, scope.inputs);
      parts.push({ kind: 'input', name: inputName });
      if (!scope.inputs.has(inputName)) unresolved.push(name);
    }
  }
  if (last < raw.length) parts.push({ kind: 'text', text: raw.slice(last) });
  return { template: { raw, parts: mergeText(parts) }, unresolved };
}

export function hasHoles(raw: string): boolean {
  return /\{\{\s*[^{}]+?\s*\}\}/.test(raw);
}

export function templateVariables(template: Template): string[] {
  return template.parts.flatMap((p) => (p.kind === 'env' ? [p.variable] : []));
}

export function isLiteral(template: Template): boolean {
  return template.parts.every((p) => p.kind === 'text');
}

/** `{{tools.x}}`, `{{rest.x}}`, `{{ns.x}}` name input x. */
function stripPrefix(name: string, inputs: ReadonlySet<string>): string {
  if (inputs.has(name)) return name;
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

function mergeText(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    if (part.kind === 'text' && prev?.kind === 'text') prev.text += part.text;
    else out.push(part.kind === 'text' ? { ...part } : part);
  }
  return out;
}
