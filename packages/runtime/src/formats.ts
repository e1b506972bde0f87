// Upstream formats other than JSON (outputRawFormat): XML, CSV/TSV/PSV and YAML parsed into plain
// values so outputs can be projected from them.
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';

/** Prefix of XML attribute names in the parsed object: `<a id="1"/>` → `{a: {'@_id': '1'}}`. */
export const XML_ATTRIBUTE_PREFIX = '@_';
/** Key of an element's text when it also has attributes or children. */
export const XML_TEXT_KEY = '#text';

export class RawFormatError extends SyntaxError {
  readonly format: string;
  constructor(format: string, cause?: unknown) {
    super(`the upstream body is not valid ${format}`, { cause });
    this.name = 'RawFormatError';
    this.format = format;
  }
}

const DELIMITERS: Record<string, string> = { csv: ',', tsv: '\t', psv: '|' };

function parseXml(text: string): unknown {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: XML_ATTRIBUTE_PREFIX,
    textNodeName: XML_TEXT_KEY,
    // Values stay strings: the projection coerces them to the declared types (no lost leading zeros).
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    // Entity expansion stays bounded by the library's limits; no external entities are ever fetched.
    processEntities: true,
  });
  return parser.parse(text, true);
}

function parseDelimited(text: string, delimiter: string): Array<Record<string, string>> {
  return parseCsv(text, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Array<Record<string, string>>;
}

/**
 * Parses an upstream body of the given outputRawFormat: json; xml (attributes kept with the `@_`
 * prefix, values as strings); csv, tsv, psv (header row → array of objects of strings); yaml (or
 * yml). Any other format (html, markdown, …) → the text itself. Throws RawFormatError when the text
 * is not valid for its format. Callers pass already-bounded text.
 */
export function parseRawFormat(text: string, format: string): unknown {
  const f = format.trim().toLowerCase();
  try {
    switch (f) {
      case 'json':
        return JSON.parse(text);
      case 'xml':
        return parseXml(text);
      case 'csv':
      case 'tsv':
      case 'psv':
        return parseDelimited(text, DELIMITERS[f]!);
      case 'yaml':
      case 'yml':
        return parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
      default:
        return text;
    }
  } catch (err) {
    throw new RawFormatError(f, err);
  }
}

/** Whether parseRawFormat converts this format (rather than returning the text). */
export function isStructuredFormat(format: string): boolean {
  return ['json', 'xml', 'csv', 'tsv', 'psv', 'yaml', 'yml'].includes(format.trim().toLowerCase());
}
