// generator/emit/source-trace.ts: the traced emission behind `generate --typecheck` prints the same
// text as the plain one, and its ranges lead from generated code back to the capability element.
import { describe, expect, it } from 'vitest';
import { emitPackage, emitTracedSources } from '../../generator/emit/emit-package-files.js';
import { sourceAt, stripTraces, traced, withTracing } from '../../generator/emit/source-trace.js';
import { modelOf, seedText } from './model-helpers.js';

const HEADER = { generator: 'naftiko-gen test', source: 'inline.yaml' };

describe('source tracing', () => {
  it('is off by default: traced() returns the code unchanged and TsFile prints no ranges', () => {
    expect(traced({ file: 'a.yaml', line: 3, col: 5 }, 'const x = 1;')).toBe('const x = 1;');
    const files = emitPackage(modelOf(seedText()).model, HEADER);
    expect(files.filter((f) => f.ranges)).toEqual([]);
  });

  it('the seed traced: every TypeScript file as printed untraced, with ranges', () => {
    const { model } = modelOf(seedText());
    const plain = emitPackage(model, HEADER);
    const tracedFiles = emitTracedSources(model, HEADER, ['client', 'rest', 'mcp'], plain);
    const tsFiles = plain.filter((f) => f.path.endsWith('.ts'));
    const withRanges = ['src/clients/portkey-batch-client.ts', 'src/mcp-server.ts', 'src/rest-app.ts'];
    expect(tracedFiles.map((f) => f.path).sort()).toEqual(withRanges);
    for (const f of tracedFiles) {
      expect(f.contents).toBe(tsFiles.find((p) => p.path === f.path)!.contents);
      expect(f.contents).not.toMatch(/[\uE000-\uE003]/);
      for (const r of f.ranges!) expect(0 <= r.start && r.start < r.end && r.end <= f.contents.length).toBe(true);
    }
  });

  it('a range leads from a tool registration to the tool in the capability file', () => {
    const text = seedText();
    const { model } = modelOf(text);
    const tool = model.mcp[0]!.tools[0]!;
    const plain = emitPackage(model, HEADER);
    const server = emitTracedSources(model, HEADER, ['client', 'rest', 'mcp'], plain).find((f) => f.path === 'src/mcp-server.ts')!;
    const offset = server.contents.indexOf(`'${tool.name}',`);
    expect(offset).toBeGreaterThan(0);
    expect(sourceAt(server.ranges!, offset)).toEqual(tool.source);
    // The tool's source is its entry in the file (the `- name:` line of the tool).
    expect(text.split('\n')[tool.source.line - 1]).toContain(`name: ${tool.declaredName}`);
    // Outside every element (the file header) nothing is traced.
    expect(sourceAt(server.ranges!, 0)).toBeUndefined();
  });

  it('the innermost range wins, and markers that do not pair up throw (the file then keeps no ranges)', () => {
    const outer = { file: 'a.yaml', line: 1, col: 1 };
    const inner = { file: 'a.yaml', line: 9, col: 3 };
    const { text, ranges } = withTracing(true, () => stripTraces(traced(outer, `f(${traced(inner, 'g()')});`)));
    expect(text).toBe('f(g());');
    expect(sourceAt(ranges, 2)).toEqual(inner);
    expect(sourceAt(ranges, 0)).toEqual(outer);
    expect(() => withTracing(true, () => stripTraces(`${traced(outer, 'x')}\uE0020\uE003`))).toThrow();
  });

  it('capability text holding the marker characters changes nothing that is written', () => {
    // A tool description (a string literal inside the tool's traced registration) with a closing
    // marker of id 0 and an opening one of its own.
    const odd = '\uE0020\uE003 and \uE0009\uE001';
    const text = seedText().replace('- name: creates-and-executes-batch-uploaded\n      description: ', `- name: creates-and-executes-batch-uploaded\n      description: ${odd} `);
    expect(text).not.toBe(seedText());
    const { model } = modelOf(text);
    const plain = emitPackage(model, HEADER);
    expect(plain.find((f) => f.path === 'src/mcp-server.ts')!.contents).toContain(odd);
    const tracedFiles = emitTracedSources(model, HEADER, ['client', 'rest', 'mcp'], plain);
    // The MCP server file cannot be traced (its markers do not pair up) and is left out; the others are.
    expect(tracedFiles.map((f) => f.path).sort()).toEqual(['src/clients/portkey-batch-client.ts', 'src/rest-app.ts']);
    for (const f of tracedFiles) expect(f.contents).toBe(plain.find((p) => p.path === f.path)!.contents);
  });
});
