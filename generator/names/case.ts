// Word splitting and casing, decided in one place so every emitter names things the same way.

/** Splits on anything that is not a letter or digit, and on lower→Upper and letter↔digit-free camel boundaries. */
export function words(input: string): string[] {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop combining marks: "café" → "cafe"
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function pascalCase(input: string): string {
  return words(input)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

export function camelCase(input: string): string {
  const p = pascalCase(input);
  return p.length === 0 ? p : p[0]!.toLowerCase() + p.slice(1);
}

export function upperSnakeCase(input: string): string {
  return words(input)
    .map((w) => w.toUpperCase())
    .join('_');
}

export function kebabCase(input: string): string {
  return words(input)
    .map((w) => w.toLowerCase())
    .join('-');
}

/** Placeholder/input matching rule (docs/ARCHITECTURE.md, "Inputs and names"): lower-case, drop `-` and `_`. */
export function looseKey(input: string): string {
  return input.toLowerCase().replace(/[-_]/g, '');
}
