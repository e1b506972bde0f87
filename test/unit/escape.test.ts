// generator/emit/escape.ts: one escape per output context. Every string literal must evaluate back to
// its input; no comment text may end the comment; property keys are quoted unless plain identifiers.
import { describe, expect, it } from 'vitest';
import { asSentence, commentText, jsDoc, jsonLiteral, lineComment, propertyAccess, propertyKey, stringLiteral } from '../../generator/emit/escape.js';

// Parenthesised on their own lines so a leading comment cannot trigger ASI after `return`.
const evaluate = (code: string): unknown => new Function(`return (\n${code}\n);`)();

const HOSTILE = [
  '',
  "it's",
  'say "hi"',
  'back\\slash',
  'trailing backslash \\',
  'CR\rLF\nCRLF\r\n',
  'line\u2028para\u2029end',
  'nul\u0000byte',
  'template ${process.exit(1)}',
  'back`tick`',
  '*/ end of comment',
  '</script><!--',
  "'; process.exit(1); '",
  '\t\v\f\b',
  '\ud800 lone surrogate',
  'emoji 💥 and ünïcödé',
  '\\u0041 not an escape',
];

describe('stringLiteral', () => {
  it.each(HOSTILE.map((s) => [s]))('round-trips %j', (s) => {
    const lit = stringLiteral(s);
    expect(evaluate(lit)).toBe(s);
    // One physical line: no raw line terminators of any kind.
    expect(lit).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
  });

  it('round-trips inside a template-free object literal too', () => {
    const all = HOSTILE.join('|');
    expect(evaluate(`({ k: ${stringLiteral(all)} })`)).toEqual({ k: all });
  });
});

describe('commentText and jsDoc', () => {
  const nasty = ['*/', '**/', '*/*/', 'a */ b', '/* nested */', '*\u0001/', '*\r\n/', 'end *', '*', '/', 'x\u2028*/'];

  it.each(nasty.map((s) => [s]))('commentText(%j) cannot end a comment', (s) => {
    expect(commentText(s)).not.toContain('*/');
  });

  it('a JSDoc block with hostile lines parses as exactly one comment', () => {
    for (const s of nasty) {
      const doc = jsDoc([s, `second ${s}`]);
      // The block contains its own terminator exactly once, at the end.
      expect(doc.indexOf('*/')).toBe(doc.length - '*/\n'.length);
      expect(evaluate(`${doc} 42`)).toBe(42);
      const one = jsDoc([s]);
      if (one) expect(evaluate(`${one} 42`)).toBe(42);
    }
  });

  it('a line comment cannot spill into code', () => {
    for (const s of ['a\nprocess.exit(1)', 'a\r\nb', 'a\u2028b', 'a\u2029b', 'a\rb']) {
      const c = lineComment(s);
      expect(c).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(evaluate(`${c}\n42`)).toBe(42);
    }
  });

  it('jsDoc of nothing is empty', () => {
    expect(jsDoc([undefined, '', '   '])).toBe('');
  });
});

describe('asSentence', () => {
  it('ends a description in a letter or digit with a period, leaves other endings, marks a cut one with …', () => {
    expect(asSentence('Creates a batch from an uploaded file of requests')).toBe('Creates a batch from an uploaded file of requests.');
    expect(asSentence('Retrieves a batch.')).toBe('Retrieves a batch.');
    expect(asSentence('Is it done?')).toBe('Is it done?');
    expect(asSentence('Returns the `id`')).toBe('Returns the `id`');
    expect(asSentence('Up to 100  ')).toBe('Up to 100.');
    expect(asSentence('Lists the batches of the organization, with pagination; at most 100, e')).toBe('Lists the batches of the organization, with pagination; at most 100, e…');
    expect(asSentence(undefined)).toBeUndefined();
  });
});

describe('propertyKey and propertyAccess', () => {
  it('plain identifiers stay bare', () => {
    expect(propertyKey('batch_id')).toBe('batch_id');
    expect(propertyKey('$ok')).toBe('$ok');
    expect(propertyAccess('batch_id')).toBe('.batch_id');
  });

  it('non-identifiers are quoted and still name the same property', () => {
    for (const name of ['x-api-key', 'a b', '1a', '', "it's", 'a"b', 'line\nbreak']) {
      const key = propertyKey(name);
      expect(key.startsWith("'"), `${name} → ${key}`).toBe(true);
      const obj = evaluate(`({ ${key}: 1 })`) as Record<string, unknown>;
      expect(Object.prototype.hasOwnProperty.call(obj, name), name).toBe(true);
    }
  });

  // BUG: propertyKey('__proto__') returns `'__proto__'`, but in an object literal a quoted
  // `'__proto__': v` still sets the prototype (only the computed form `['__proto__']: v` defines an own
  // property). Emitters use propertyKey(wireName) in runtime object literals (emit-client.ts query /
  // header / JSON-field objects), so a parameter named `__proto__` is silently dropped upstream and its
  // value becomes the object's prototype.
  it("'__proto__' as a key defines an own property in an object literal", () => {
    const obj = evaluate(`({ ${propertyKey('__proto__')}: { polluted: true } })`) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(obj, '__proto__')).toBe(true);
    expect((obj as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('reserved words are accessed with brackets', () => {
    for (const name of ['class', 'constructor', '__proto__', 'default']) {
      const access = propertyAccess(name);
      expect(access.startsWith('['), name).toBe(true);
      const obj = { [name]: 7 };
      expect(new Function('o', `return o${access};`)(obj)).toBe(7);
    }
  });
});

describe('jsonLiteral', () => {
  it('is valid JS evaluating to the same value, with U+2028/2029 escaped', () => {
    const value = { a: 'x\u2028y\u2029z', b: [1, 'q"\'`${}'], c: null };
    const lit = jsonLiteral(value, 2);
    expect(lit).not.toMatch(/[\u2028\u2029]/);
    expect(evaluate(`(${lit})`)).toEqual(value);
  });
});
