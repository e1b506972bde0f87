/**
 * Hostile capability files: each case is the bytes of one input file plus the strings that must
 * round-trip exactly into the generated package when the generator accepts the file.
 */
import { stringify } from 'yaml';

export interface HostileCase {
  name: string;
  /** File extension, default `.yaml`. */
  ext?: string;
  content: string | Buffer;
  /** Strings that must appear verbatim (as string literal values) in mcp-server.ts / openapi.json. */
  mcpStrings?: string[];
  openapiStrings?: string[];
  /** Outcome required (default: either a diagnostic or output that compiles). */
  expect?: 'diagnostic' | 'either';
}

interface Op {
  name: string;
  description?: string;
  params?: Array<{ name: string; in: string; type?: string; description?: string; required?: boolean; value?: string }>;
  method?: string;
  path?: string;
}

interface Tool {
  name: string;
  description?: string;
  label?: string;
  call: string;
  with?: Record<string, string>;
  inputParameters?: Array<{ name: string; type: string; description?: string; required?: boolean }>;
}

interface CapOpts {
  infoDescription?: string;
  label?: string;
  baseUri?: string;
  ops?: Op[];
  restPath?: string;
  restOps?: Array<{ name: string; method?: string; description?: string; call: string; with?: Record<string, string> }>;
  tools?: Tool[];
  mcpDescription?: string;
  namespace?: string;
}

const DEFAULT_OPS: Op[] = [
  {
    name: 'getitem',
    method: 'GET',
    path: '/items/{item_id}',
    description: 'Gets an item.',
    params: [{ name: 'item_id', in: 'path', type: 'string', description: 'The item id.', required: true }],
  },
];

/** A small valid alpha2 capability, built as data so YAML does the quoting. */
export function capability(o: CapOpts = {}): Record<string, unknown> {
  const ops = o.ops ?? DEFAULT_OPS;
  const ns = o.namespace ?? 'things';
  const byPath = new Map<string, Op[]>();
  for (const op of ops) {
    const p = op.path ?? '/items/{item_id}';
    byPath.set(p, [...(byPath.get(p) ?? []), op]);
  }
  let i = 0;
  const resources = [...byPath].map(([path, list]) => ({
    name: `res${i++}`,
    path,
    operations: list.map((op) => ({
      name: op.name,
      method: op.method ?? 'GET',
      description: op.description ?? 'An operation.',
      inputParameters: op.params ?? [],
    })),
  }));
  const first = ops[0]!;
  const firstWith = Object.fromEntries((first.params ?? []).map((p) => [p.name, `tools.${p.name}`]));
  const restWith = Object.fromEntries((first.params ?? []).map((p) => [p.name, `rest.${p.name}`]));
  const tools =
    o.tools ??
    ops.map((op, k) => ({
      name: `tool-${k}`,
      description: op.description ?? 'A tool.',
      call: `${ns}.${op.name}`,
      with: Object.fromEntries((op.params ?? []).map((p) => [p.name, `tools.${p.name}`])),
    }));
  void firstWith;
  return {
    naftiko: '1.0.0-alpha2',
    info: { label: o.label ?? 'Hostile things', description: o.infoDescription ?? 'A hostile test capability.' },
    binds: [{ namespace: 'env', keys: { THINGS_TOKEN: 'THINGS_TOKEN' } }],
    capability: {
      consumes: [
        {
          type: 'http',
          namespace: ns,
          baseUri: o.baseUri ?? 'https://things.example.com/v1',
          resources,
          authentication: { type: 'bearer', token: '{{env.THINGS_TOKEN}}' },
        },
      ],
      exposes: [
        {
          type: 'rest',
          namespace: 'things-rest',
          port: 8080,
          resources: [
            {
              path: o.restPath ?? '/v1/items/{item_id}',
              name: 'items',
              description: 'Items.',
              operations: o.restOps ?? [
                { method: first.method ?? 'GET', name: first.name, description: first.description ?? 'x', call: `${ns}.${first.name}`, with: restWith },
              ],
            },
          ],
        },
        {
          type: 'mcp',
          namespace: 'things-mcp',
          port: 9090,
          transport: 'http',
          description: o.mcpDescription ?? 'MCP for things.',
          tools,
        },
      ],
    },
  };
}

const y = (doc: unknown): string => stringify(doc, { lineWidth: 0 });

function descCase(name: string, text: string): HostileCase {
  return {
    name,
    content: y(
      capability({
        infoDescription: text,
        mcpDescription: text,
        ops: [{ ...DEFAULT_OPS[0]!, description: text, params: [{ name: 'item_id', in: 'path', type: 'string', description: text, required: true }] }],
      }),
    ),
    mcpStrings: [text],
    openapiStrings: [text],
  };
}

function opsCase(name: string, opNames: string[], extra: Partial<Op> = {}): HostileCase {
  return {
    name,
    content: y(
      capability({
        ops: opNames.map((n, k) => ({
          ...DEFAULT_OPS[0]!,
          name: n,
          method: k % 2 === 0 ? 'GET' : 'DELETE',
          path: `/items${k}/{item_id}`,
          description: `Op ${k}.`,
          ...extra,
        })),
      }),
    ),
  };
}

function toolsCase(name: string, toolNames: string[]): HostileCase {
  return {
    name,
    content: y(
      capability({
        tools: toolNames.map((n) => ({ name: n, description: `Tool ${n}.`, call: 'things.getitem', with: { item_id: 'tools.item_id' } })),
      }),
    ),
  };
}

function paramCase(name: string, paramNames: string[]): HostileCase {
  const params = paramNames.map((n) => ({ name: n, in: 'query', type: 'string', description: `Param ${n}.` }));
  return {
    name,
    content: y(
      capability({
        ops: [{ ...DEFAULT_OPS[0]!, params: [...DEFAULT_OPS[0]!.params!, ...params] }],
        tools: [
          {
            name: 'params-tool',
            description: 'Params.',
            call: 'things.getitem',
            with: { item_id: 'tools.item_id', ...Object.fromEntries(paramNames.map((n) => [n, `tools.${n}`])) },
          },
        ],
      }),
    ),
  };
}

const INJECT = '*/ process.exit(42) /*';
const LONG = 'a'.repeat(500);

function deepNesting(levels: number): string {
  return `naftiko: 1.0.0-alpha2\ninfo:\n  label: deep\n  description: x\n  deep: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

function aliasBomb(): string {
  const lines = ['naftiko: 1.0.0-alpha2', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let k = 1; k < 10; k++) {
    const prev = `*a${k - 1}`;
    lines.push(`a${k}: &a${k} [${Array(9).fill(prev).join(',')}]`);
  }
  lines.push('info: {label: bomb, description: *a9}');
  return lines.join('\n') + '\n';
}

function tenMegabytes(): string {
  const base = y(capability());
  const pad = ('# ' + 'x'.repeat(98) + '\n').repeat(105_000);
  return base + pad;
}

function binaryJunk(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  let s = 12345;
  for (let k = 0; k < b.length; k++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    b[k] = s & 0xff;
  }
  return b;
}

export function hostileCases(): HostileCase[] {
  return [
    descCase('desc-comment-close', INJECT),
    descCase('desc-backticks', '`${process.exit(42)}` and `code`'),
    descCase('desc-template-literal', '${process.exit(42)}'),
    descCase('desc-quotes', `it's "quoted" 'single' \\' \\" '); process.exit(42); ('`),
    descCase('desc-backslashes', 'C:\\path\\n\\u0041\\x41\\\\ end\\'),
    descCase('desc-crlf', 'line1\r\nline2\rline3\n*/ process.exit(42);\n// x'),
    descCase('desc-line-separators', 'a\u2028b\u2029c'),
    descCase('desc-nul', 'before\u0000after'),
    descCase('desc-html', '</script><script>process.exit(42)</script><!-- -->'),
    descCase('desc-handlebars', '{{#each x}}{{{raw}}}{{/each}} {{env.THINGS_TOKEN}}'),
    descCase('desc-non-ascii', 'emoji 🚀👩‍👩‍👧 CJK 漢字テスト RTL עברית العربية \u202e override'),
    {
      name: 'label-injection',
      content: y(capability({ label: `'); process.exit(42); (' ${INJECT} \`\${x}\`` })),
      mcpStrings: [`'); process.exit(42); (' ${INJECT} \`\${x}\``],
    },
    opsCase('op-reserved-words', ['delete', 'class', 'function', 'new']),
    opsCase('op-proto', ['__proto__']),
    opsCase('op-constructor', ['constructor', 'toString']),
    opsCase('op-collide-kebab-snake', ['get-item', 'get_item']),
    opsCase('op-collide-camel-pascal', ['getItem', 'GetItem']),
    opsCase('op-long-500', [LONG]),
    opsCase('op-non-ascii', ['获取项目', 'عنصر', 'get🚀item']),
    toolsCase('tool-reserved-proto', ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'delete']),
    toolsCase('tool-collide-kebab-snake', ['get-item', 'get_item']),
    toolsCase('tool-collide-camel-pascal', ['getItem', 'GetItem']),
    toolsCase('tool-long-500', [LONG, LONG.slice(0, 499) + 'b']),
    toolsCase('tool-non-ascii', ['🚀-launch', '获取', 'עברית']),
    toolsCase('tool-duplicate', ['same-tool', 'same-tool']),
    toolsCase('tool-injection-name', [`x${INJECT}`, 'a`${process.exit(42)}`', "a'b\"c\\d"]),
    paramCase('param-reserved', ['class', 'default', '__proto__', 'constructor']),
    paramCase('param-collide', ['page-size', 'page_size', 'pageSize']),
    paramCase('param-odd-chars', ['a.b', 'x$y', 'q"r', "s'`t", 'u v']),
    {
      name: 'path-param-odd-chars',
      content: y(
        capability({
          ops: [
            {
              name: 'getodd',
              method: 'GET',
              path: '/items/{a.b-c$d}',
              description: 'Odd.',
              params: [{ name: 'a.b-c$d', in: 'path', type: 'string', description: 'odd', required: true }],
            },
          ],
          restPath: '/v1/items/{a.b-c$d}',
          restOps: [{ method: 'GET', name: 'getodd', description: 'Odd.', call: 'things.getodd', with: { 'a.b-c$d': 'rest.a.b-c$d' } }],
          tools: [{ name: 'odd', description: 'Odd.', call: 'things.getodd', with: { 'a.b-c$d': 'tools.a.b-c$d' } }],
        }),
      ),
    },
    {
      name: 'path-injection',
      content: y(
        capability({
          ops: [
            {
              name: 'getpath',
              method: 'GET',
              path: "/items/*/`${process.exit(42)}`/'\"/{item_id}",
              description: 'Path.',
              params: [{ name: 'item_id', in: 'path', type: 'string', required: true }],
            },
          ],
          restPath: "/v1/*/`${x}`/{item_id}",
          restOps: [{ method: 'GET', name: 'getpath', call: 'things.getpath', with: { item_id: 'rest.item_id' } }],
          tools: [{ name: 'path', description: 'p', call: 'things.getpath', with: { item_id: 'tools.item_id' } }],
        }),
      ),
    },
    {
      name: 'baseuri-injection',
      content: y(capability({ baseUri: "https://x.example.com/v1/'\"`${process.exit(42)}`*/" })),
    },
    {
      name: 'literal-with-value',
      content: y(
        capability({
          ops: [
            {
              ...DEFAULT_OPS[0]!,
              params: [...DEFAULT_OPS[0]!.params!, { name: 'mode', in: 'query', type: 'string' }],
            },
          ],
          tools: [
            {
              name: 'lit',
              description: 'Literal.',
              call: 'things.getitem',
              with: { item_id: 'tools.item_id', mode: `${INJECT} \`\${process.exit(42)}\` '"\\\n\u2028` },
            },
          ],
        }),
      ),
    },
    { name: 'deep-nesting-1000', content: deepNesting(1000) },
    { name: 'alias-bomb', content: aliasBomb(), expect: 'diagnostic' },
    { name: 'ten-megabytes', content: tenMegabytes() },
    { name: 'binary-junk', content: binaryJunk(), expect: 'diagnostic' },
    { name: 'empty-file', content: '', expect: 'diagnostic' },
    { name: 'whitespace-only', content: '  \n\t\n', expect: 'diagnostic' },
    { name: 'json-capability', ext: '.json', content: JSON.stringify(capability(), null, 2) },
    { name: 'bom-crlf', content: '\ufeff' + y(capability()).replace(/\n/g, '\r\n') },
    { name: 'top-level-array', content: '- a\n- b\n', expect: 'diagnostic' },
    { name: 'top-level-scalar', content: 'just a string\n', expect: 'diagnostic' },
    { name: 'yaml-syntax-error', content: 'naftiko: "1.0.0-alpha2\ninfo: {label: [\n', expect: 'diagnostic' },
    { name: 'multi-document', content: y(capability()) + '---\n' + y(capability()) },
    { name: 'namespace-odd', content: y(capability({ namespace: 'th"i`n${g}s' })) },
  ];
}
