// Ikanos imports in `exposes`, `aggregates` and `binds` (`{from, import, as?}`, read as `location` in
// the Naftiko shape): the entry of the shared file whose namespace is `import` takes the place of the
// import entry, renamed `as` when given, as the engine resolves them (the section from the shared
// file's root list, else from its `capability`). The same rules as consumes imports (imports.ts): a
// local file inside the import root, no cycle. The shared file is validated like any input; findings
// about the copied entry point at the importing line, the place to look in this file.
import type { Diagnostic } from '../../diagnostics.js';
import { validateDocument } from '../../validate/index.js';
import { importTarget, type ImportOptions } from '../imports.js';
import { loadFile, type LoadedDocument } from '../load-file.js';
import type { DocPath } from '../source-map.js';
import { normalizedDocument } from './document.js';

const SECTIONS = ['exposes', 'aggregates', 'binds'] as const;

type Obj = Record<string, unknown>;

export interface SectionImports {
  /** The document with every resolved import entry replaced by the entry it names. */
  doc: LoadedDocument;
  diagnostics: Diagnostic[];
  /** Every file an import points at, loaded or not (for --watch). */
  attempted: string[];
  /** The shared files read (for hashing and --watch). */
  docs: LoadedDocument[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The import entries of the three sections, at the root (binds) and under `capability`. */
function importEntries(data: Obj): Array<{ path: DocPath; entry: Obj; section: string; key: string }> {
  const out: Array<{ path: DocPath; entry: Obj; section: string; key: string }> = [];
  const scan = (holder: unknown, base: DocPath, sections: readonly string[]): void => {
    if (!isObj(holder)) return;
    for (const section of sections) {
      const list = holder[section];
      if (!Array.isArray(list)) continue;
      list.forEach((entry, i) => {
        if (!isObj(entry) || typeof entry.import !== 'string') return;
        const key = typeof entry.location === 'string' ? 'location' : typeof entry.from === 'string' ? 'from' : undefined;
        if (key) out.push({ path: [...base, section, i], entry, section, key });
      });
    }
  };
  scan(data.capability, ['capability'], SECTIONS);
  scan(data, [], ['binds']);
  return out;
}

/** `data` with the value at `path` replaced (copies along the path only). */
function replaced(data: unknown, path: DocPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(data)) return data.map((v, i) => (i === head ? replaced(v, rest, value) : v));
  const o = data as Obj;
  return { ...o, [String(head)]: replaced(o[String(head)], rest, value) };
}

const startsWith = (path: DocPath, prefix: DocPath): boolean => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

export function resolveSectionImports(doc: LoadedDocument, cwd: string, strict: boolean, options: ImportOptions = {}): SectionImports {
  const diagnostics: Diagnostic[] = [];
  const attempted: string[] = [];
  const docs: LoadedDocument[] = [];
  let data: unknown = doc.data;
  const spliced: Array<{ path: DocPath; key: string }> = [];
  for (const { path, entry, section, key } of importEntries(doc.data)) {
    const location = entry[key] as string;
    const wanted = entry.import as string;
    const at = doc.map.locate([...path, key]);
    const report = (code: string, message: string, hint: string, severity: 'error' | 'warning' = 'error'): void => {
      diagnostics.push({ file: doc.file, line: at.line, col: at.col, severity, code, message, hint });
    };
    const checked = importTarget(doc, location, cwd, [doc.absPath], options, report);
    if (checked.target) attempted.push(checked.target);
    if (!checked.ok) continue;
    const loaded = (options.load ?? loadFile)(checked.shown, checked.target);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      continue;
    }
    const found = validateDocument(loaded.doc, { strict }).diagnostics;
    diagnostics.push(...found);
    if (found.some((d) => d.severity === 'error')) continue;
    const shared = normalizedDocument(loaded.doc);
    docs.push(shared);
    const list = Array.isArray(shared.data[section]) ? shared.data[section] : isObj(shared.data.capability) ? shared.data.capability[section] : undefined;
    if (!Array.isArray(list) || list.length === 0) {
      report('NG3133', `The imported file '${location}' has no \`${section}\` to import from.`, `Point \`from\` at a file whose root (or \`capability\`) holds \`${section}\`.`);
      continue;
    }
    const source = list.find((e) => isObj(e) && e.namespace === wanted);
    if (!isObj(source)) {
      const declared = list.flatMap((e) => (isObj(e) && typeof e.namespace === 'string' ? [`\`${e.namespace}\``] : []));
      report('NG3134', `The imported file '${location}' declares no ${section} entry with the namespace \`${wanted}\`.`, declared.length > 0 ? `Import one of ${declared.join(', ')}.` : `Its ${section} entries have no namespace to import by.`);
      continue;
    }
    if (typeof source.location === 'string' || typeof source.from === 'string') {
      report('NG3131', `The ${section} entry \`${wanted}\` of '${location}' is itself an import; naftiko-gen resolves one level of ${section} imports.`, 'Import the entry from the file that declares it.');
      continue;
    }
    const copy = structuredClone(source);
    const alias = typeof entry.as === 'string' ? entry.as : undefined;
    if (alias !== undefined) copy.namespace = alias;
    data = replaced(data, path, copy);
    spliced.push({ path, key });
  }
  if (spliced.length === 0) return { doc, diagnostics, attempted, docs };
  const base = doc.map;
  const importLine = (path: DocPath): DocPath | undefined => {
    const hit = spliced.find((s) => startsWith(path, s.path));
    return hit ? [...hit.path, hit.key] : undefined;
  };
  return {
    doc: {
      ...doc,
      data: data as Obj,
      map: {
        locate: (path) => base.locate(importLine(path) ?? path),
        locateKey: (path) => {
          const line = importLine(path);
          return line ? base.locateKey(line) : base.locateKey(path);
        },
      },
    },
    diagnostics,
    attempted,
    docs,
  };
}
