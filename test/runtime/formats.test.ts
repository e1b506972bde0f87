import { describe, expect, it } from 'vitest';
import { RawFormatError, isStructuredFormat, parseRawFormat } from '../../packages/runtime/src/formats.js';
import { project } from '../../packages/runtime/src/project.js';

describe('parseRawFormat', () => {
  it('json', () => {
    expect(parseRawFormat('{"a":[1,2]}', 'json')).toEqual({ a: [1, 2] });
    expect(() => parseRawFormat('{nope', 'JSON')).toThrow(RawFormatError);
  });

  it('xml: attributes with @_, text as #text when needed, values kept as strings, repeated elements as arrays', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<catalog count="2">
  <book id="b1" lang="en"><title>Dune</title><year>1965</year><isbn>007</isbn></book>
  <book id="b2"><title>Solaris &amp; more</title><year>1961</year></book>
  <note kind="x">hello</note>
</catalog>`;
    expect(parseRawFormat(xml, 'xml')).toEqual({
      catalog: {
        '@_count': '2',
        book: [
          { '@_id': 'b1', '@_lang': 'en', title: 'Dune', year: '1965', isbn: '007' },
          { '@_id': 'b2', title: 'Solaris & more', year: '1961' },
        ],
        note: { '@_kind': 'x', '#text': 'hello' },
      },
    });
    expect(() => parseRawFormat('<a><b></a>', 'xml')).toThrow(RawFormatError);
  });

  it('xml: entity expansion bombs are refused, no external entities', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]><r>&lol6;</r>`;
    let size = 0;
    try {
      size = JSON.stringify(parseRawFormat(lol, 'xml')).length;
    } catch (err) {
      expect(err).toBeInstanceOf(RawFormatError);
    }
    expect(size).toBeLessThan(200_000);
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    let text = '';
    try {
      text = JSON.stringify(parseRawFormat(xxe, 'xml'));
    } catch (err) {
      expect(err).toBeInstanceOf(RawFormatError);
    }
    expect(text).not.toContain('root:');
  });

  it('csv, tsv, psv: header row → objects of strings; quotes, BOM, CRLF, blank lines, ragged rows', () => {
    const csv = '\uFEFFid,name,note\r\n1,"Smith, J.","said ""hi"""\r\n\r\n2,Doe\r\n';
    expect(parseRawFormat(csv, 'csv')).toEqual([
      { id: '1', name: 'Smith, J.', note: 'said "hi"' },
      { id: '2', name: 'Doe' },
    ]);
    expect(parseRawFormat('a\tb\n1\t2\n', 'tsv')).toEqual([{ a: '1', b: '2' }]);
    expect(parseRawFormat('a|b\n1|x,y\n', 'PSV')).toEqual([{ a: '1', b: 'x,y' }]);
    expect(parseRawFormat('a,b\n', 'csv')).toEqual([]);
    expect(() => parseRawFormat('a,b\n"unterminated,2\n', 'csv')).toThrow(RawFormatError);
  });

  it('csv: a __proto__ header does not pollute prototypes', () => {
    const rows = parseRawFormat('__proto__,x,constructor\npolluted,2,c\n', 'csv') as Array<Record<string, unknown>>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(rows[0]?.x).toBe('2');
  });

  it('yaml (and yml), with alias bombs refused', () => {
    expect(parseRawFormat('a: 1\nlist:\n  - x\n  - y\n', 'yaml')).toEqual({ a: 1, list: ['x', 'y'] });
    expect(parseRawFormat('- 1\n', 'yml')).toEqual([1]);
    expect(() => parseRawFormat('a: [1\n', 'yaml')).toThrow(RawFormatError);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    expect(() => parseRawFormat(bomb.join('\n'), 'yaml')).toThrow(RawFormatError);
  });

  it('unknown formats → the text itself', () => {
    expect(parseRawFormat('<h1>x</h1>', 'html')).toBe('<h1>x</h1>');
    expect(parseRawFormat('# t', 'markdown')).toBe('# t');
    expect(isStructuredFormat('CSV')).toBe(true);
    expect(isStructuredFormat('avro')).toBe(false);
  });

  it('feeds the projection (XML → typed fields)', () => {
    const doc = parseRawFormat('<r><item id="1"><v>2.5</v></item><item id="2"><v>x</v></item></r>', 'xml');
    expect(
      project(doc, [
        { name: 'items', type: 'array', path: '$.r.item', items: { name: 'i', type: 'object', fields: [{ name: 'id', type: 'integer', path: "$['@_id']" }, { name: 'id2', type: 'string', path: '$.@_id' }, { name: 'v', type: 'number', path: '$.v' }] } },
      ]),
    ).toEqual({ items: [{ id: 1, id2: '1', v: 2.5 }, { id: 2, id2: '2', v: null }] });
  });
});
