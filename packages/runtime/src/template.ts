// Fills `{{name}}` holes in structured JSON request bodies (`body: {type: json, data: {...}}`).
// A string that is exactly one hole takes the value as is (numbers stay numbers, objects stay
// objects); holes inside longer strings are replaced by their text.

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const HOLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * @param values caller inputs by name
 * @param secret bound variables (`{{env.X}}` or `{{X}}`), read from the environment by the client
 */
export function renderJsonTemplate(
  data: unknown,
  values: Record<string, unknown>,
  secret: (name: string) => string,
): unknown {
  const lookup = (name: string): unknown => resolveHole(name, values, secret);
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = WHOLE.exec(node);
      if (whole) return lookup(whole[1]!);
      return node.replace(HOLE, (_m, name: string) => textOf(lookup(name.trim())));
    }
    if (Array.isArray(node)) return node.map(visit).filter((v) => v !== undefined);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const rendered = visit(value);
        // An optional input left out removes its key rather than sending "undefined".
        if (rendered !== undefined)
          Object.defineProperty(out, String(visit(key)), {
            value: rendered,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    }
    return node;
  };
  return visit(data);
}

/** `x`, `tools.x`, `rest.x`, `<namespace>.x` name input x; `env.X` (or a bound X) a secret. */
export function resolveHole(
  name: string,
  values: Record<string, unknown>,
  secret: (name: string) => string,
): unknown {
  if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
  if (name.startsWith('env.')) return secret(name.slice(4));
  const dot = name.lastIndexOf('.');
  const short = dot >= 0 ? name.slice(dot + 1) : name;
  if (Object.prototype.hasOwnProperty.call(values, short)) return values[short];
  const fromEnv = secret(name);
  return fromEnv === '' ? undefined : fromEnv;
}

/** The text a value takes inside a string template. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}
