// Safe TypeScript identifiers and property keys, and a collision-free allocator.
import { camelCase, pascalCase } from './case.js';
import { fnv1a } from './hash.js';

/** ECMAScript reserved words, strict-mode and TypeScript contextual words that break declarations. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await async ' +
    'any boolean number string symbol object never unknown undefined type namespace declare abstract as is keyof readonly ' +
    'arguments eval NaN Infinity constructor prototype __proto__ toString valueOf hasOwnProperty'
  ).split(' '),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** A valid identifier derived from `preferred`; `fallback` when nothing usable remains. */
export function safeIdentifier(preferred: string, fallback = 'value'): string {
  let name = preferred.length > 0 ? preferred : fallback;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (isReservedWord(name)) name = `${name}_`;
  return name;
}

export function typeName(raw: string, fallback = 'Type'): string {
  return safeIdentifier(pascalCase(raw), fallback);
}

export function memberName(raw: string, fallback = 'value'): string {
  return safeIdentifier(camelCase(raw), fallback);
}

/**
 * Hands out names that never collide, case-insensitively (file systems and readers confuse `Foo`/`foo`).
 * Deterministic: the same sequence of claims yields the same names.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
  }

  claim(preferred: string): string {
    let candidate = preferred;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${preferred}${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Limits a name to `max` characters, keeping it unique by a short hash of the full name. */
export function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const suffix = `_${fnv1a(name).slice(0, 6)}`;
  return name.slice(0, max - suffix.length) + suffix;
}
