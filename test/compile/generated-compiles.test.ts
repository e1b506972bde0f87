// Compile: the in-memory generation of the seed type-checks under `strict` (the generated package's own
// tsconfig), resolved against the repository's node_modules; so does a copy of the seed whose
// descriptions are hostile, and its string constants evaluate back to the exact text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmittedFile } from '../../generator/emit/emitted-file.js';
import { generate } from '../../generator/pipeline.js';

const REPO = join(import.meta.dirname, '../..');
const SEED = 'capabilities/portkey-batch.yaml';
const TMP_ROOT = join(REPO, '.vitest-tmp');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory inside the repository, so `node_modules` resolution finds the root packages. */
function repoTempDir(prefix: string): string {
  mkdirSync(TMP_ROOT, { recursive: true });
  const dir = mkdtempSync(join(TMP_ROOT, prefix));
  made.push(dir);
  return dir;
}

async function generateFrom(cwd: string, file: string): Promise<EmittedFile[]> {
  const result = await generate([file], { cwd });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join('\n')).toEqual([]);
  expect(result.packages).toHaveLength(1);
  return result.packages[0]!.files;
}

/** Writes the package and type-checks it with its own tsconfig.json (strict) plus noEmit. */
function typeCheck(files: EmittedFile[], prefix: string): { diagnostics: string[]; program: ts.Program; root: string } {
  const root = repoTempDir(prefix);
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.contents);
  }
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => readFileSync(p, 'utf8'));
  expect(read.error, read.error && ts.flattenDiagnosticMessageText(read.error.messageText, '\n')).toBeUndefined();
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  expect(parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n'))).toEqual([]);
  expect(parsed.options.strict).toBe(true);
  expect(parsed.fileNames.length).toBeGreaterThan(3);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(root.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  return { diagnostics, program, root };
}

/** Every string constant assigned to a `description:` property in a source file, evaluated. */
function descriptionConstants(source: string, fileName: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(sf).replace(/['"]/g, '') === 'description') {
      const init = node.initializer;
      if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) {
        const evaluated = new Function(`return (${init.getText(sf)});`)() as string;
        expect(evaluated).toBe(init.text); // the parser and the engine agree
        out.push(evaluated);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('compile: the seed', () => {
  it('type-checks under strict with zero diagnostics', async () => {
    const files = await generateFrom(REPO, SEED);
    const { diagnostics, program } = typeCheck(files, 'compile-seed-');
    expect(diagnostics, diagnostics.join('\n')).toEqual([]);
    // The check really resolved the SDKs from the root node_modules (not an `any` fallback).
    const names = program.getSourceFiles().map((s) => s.fileName);
    expect(names.some((n) => n.includes('node_modules/@modelcontextprotocol/server'))).toBe(true);
    expect(names.some((n) => n.includes('node_modules/@types/express'))).toBe(true);
  });

  it('a deliberately broken file is caught (the check is not vacuous)', async () => {
    const files = await generateFrom(REPO, SEED);
    const broken = files.map((f) => (f.path === 'src/mcp-server.ts' ? { ...f, contents: f.contents + '\nexport const broken: number = "not a number";\n' } : f));
    const { diagnostics } = typeCheck(broken, 'compile-broken-');
    expect(diagnostics.some((d) => d.includes('TS2322'))).toBe(true);
  });
});

describe('compile: hostile descriptions', () => {
  // `*/` ends a comment, a backtick and `${` break template literals, quotes break string literals,
  // U+2028 and CR/LF break lines; backslash and NUL-free escapes for good measure.
  const HOSTILE = 'Evil */ tool /* with `backtick` and ${process.exit(1)} \'single\' "double" \\ back\u2028sep\u2029para\r\nCRLF\rCR\nLF end';
  const yamlQuoted = JSON.stringify(HOSTILE); // a JSON string is a valid YAML double-quoted scalar

  it('still generates code that type-checks, with constants that round-trip', async () => {
    const seed = readFileSync(join(REPO, SEED), 'utf8');
    const injected = seed
      .replace('      description: Retrieves a batch.\n      hints:', `      description: ${yamlQuoted}\n      hints:`)
      .replace('        description: Retrieves a batch.\n        call:', `        description: ${yamlQuoted}\n        call:`)
      .replace(/\n {4}description: MCP adapter[^\n]*\n[^\n]*\n/, `\n    description: ${yamlQuoted}\n`)
      .replace(/(\n {10}description: The ID of the batch to retrieve\.)\n/, `\n          description: ${yamlQuoted}\n`);
    expect(injected.split(yamlQuoted).length - 1).toBe(4);

    const dir = repoTempDir('hostile-src-');
    mkdirSync(join(dir, 'capabilities'));
    writeFileSync(join(dir, 'capabilities/hostile.yaml'), injected);
    const files = await generateFrom(dir, 'capabilities/hostile.yaml');

    const { diagnostics } = typeCheck(files, 'compile-hostile-');
    expect(diagnostics, diagnostics.join('\n')).toEqual([]);

    const mcpServer = files.find((f) => f.path === 'src/mcp-server.ts')!;
    const constants = descriptionConstants(mcpServer.contents, mcpServer.path);
    expect(constants).toContain(HOSTILE); // the tool description, exactly
    // The parameter description (input schema) too.
    expect(constants.filter((c) => c === HOSTILE).length).toBeGreaterThanOrEqual(2);

    // The server instructions round-trip: find the string after `instructions:`.
    const sf = ts.createSourceFile('m.ts', mcpServer.contents, ts.ScriptTarget.ES2022, true);
    const instructions: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n) && n.name.getText(sf) === 'instructions' && ts.isStringLiteralLike(n.initializer)) instructions.push(n.initializer.text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(instructions).toEqual([HOSTILE]);

    // No file contains a raw U+2028/U+2029 inside code, and JSON files still parse with the text intact.
    for (const f of files.filter((x) => x.path.endsWith('.ts'))) expect(f.contents, f.path).not.toMatch(/[\u2028\u2029]/);
    const openapi = JSON.parse(files.find((f) => f.path === 'openapi.json')!.contents) as unknown;
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(openapi);
    expect(strings).toContain(HOSTILE);
  });
});
