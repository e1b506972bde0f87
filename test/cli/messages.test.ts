// The wording users read: each finding points at the offending key and says what to write instead.
// Runs `validate` in-process on small files and reads its text output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { SUPPORTED_VERSIONS } from '../../generator/validate/index.js';

const work = mkdtempSync(join(tmpdir(), 'naftiko-messages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const NEWEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;

/** Validates `text` as `name` and returns the first finding line and its hint. */
async function finding(name: string, text: string, code: string): Promise<{ line: string; hint: string }> {
  writeFileSync(join(work, name), text);
  const out: string[] = [];
  await main(['validate', name], { out: (l) => out.push(...l.split('\n')), err: () => {}, cwd: work });
  const i = out.findIndex((l) => l.includes(` ${code} `));
  expect(i, out.join('\n')).toBeGreaterThanOrEqual(0);
  return { line: out[i]!, hint: out[i + 1] ?? '' };
}

const mcp = (exposeExtra: string) => `naftiko: 1.0.0-alpha2
info:
  label: Demo
  description: Demo capability.
capability:
  consumes:
  - type: http
    namespace: demo
    baseUri: https://api.example.com/v1
    resources:
    - name: items
      path: /items
      operations:
      - name: list-items
        method: GET
  exposes:
  - type: mcp
    namespace: demo-mcp
${exposeExtra}    tools:
    - name: list-items
      description: List items.
      call: demo.list-items
`;

describe('NG2100 (unsupported version) suggests the newest supported version, not alpha2', () => {
  const files = {
    'old.yaml': 'naftiko: "0.4"\ncapability: {}\n',
    'future.yaml': 'naftiko: 1.0.0-alpha4\ncapability: {}\n',
    'major.yaml': 'naftiko: 2.0.0\ncapability: {}\n',
    'caps.yaml': 'naftiko: 1.0.0-Alpha2\ncapability: {}\n',
    'none.yaml': 'info: {label: x}\ncapability: {}\n',
    'ikanos.yaml': 'ikanos: 1.0.0\ncapability: {}\n',
  } as const;
  const ng2100 = (name: keyof typeof files) => finding(name, files[name], 'NG2100');

  it('an older version: migrate to the newest', async () => {
    const { line, hint } = await ng2100('old.yaml');
    expect(line).toContain(`supported versions are ${SUPPORTED_VERSIONS.join(', ')}`);
    expect(hint).toBe(`  hint: Migrate the file to \`naftiko: ${NEWEST}\`, the newest supported version (see the Naftiko specification).`);
  });

  it('a newer version: says it is newer than naftiko-gen reads', async () => {
    const { hint } = await ng2100('future.yaml');
    expect(hint).toContain('`1.0.0-alpha4` is newer than naftiko-gen reads');
    expect(hint).toContain(`declare \`naftiko: ${NEWEST}\``);
    expect((await ng2100('major.yaml')).hint).toContain('`2.0.0` is newer than naftiko-gen reads');
  });

  it('a misspelt supported version: the exact spelling', async () => {
    expect((await ng2100('caps.yaml')).hint).toBe('  hint: Write the version exactly as `naftiko: 1.0.0-alpha2`.');
  });

  it('no version key: the newest version; an unknown Ikanos version: the newest Ikanos version; alpha2 is never pushed', async () => {
    expect((await ng2100('none.yaml')).hint).toContain(`naftiko: ${NEWEST}`);
    expect((await ng2100('ikanos.yaml')).hint).toContain('ikanos: 1.0.0-beta5');
    for (const name of ['old.yaml', 'future.yaml', 'major.yaml', 'none.yaml', 'ikanos.yaml'] as const) expect((await ng2100(name)).hint).not.toContain('alpha2');
  });
});

describe('NG2006 for a key a form forbids', () => {
  it('`port` on a stdio MCP expose: at the `port` key, with both ways out', async () => {
    const text = mcp('    transport: stdio\n    port: 9000\n');
    const { line, hint } = await finding('stdio-port.yaml', text, 'NG2006');
    const portLine = text.split('\n').indexOf('    port: 9000') + 1;
    expect(line).toBe(`stdio-port.yaml:${portLine}:5: error NG2006 \`port\` cannot be used together with \`transport: stdio\` in \`capability.exposes[0]\`.`);
    expect(hint).toBe('  hint: Remove `port`, or use `transport: http` instead.');
  });

  it('an MCP resource with both `call` and `location`: at the forbidden key, naming the conflict', async () => {
    const text = mcp('    port: 9000\n').replace(
      '    tools:\n',
      '    resources:\n    - name: doc\n      label: Doc\n      uri: data://doc\n      description: A doc.\n      call: demo.list-items\n      location: file:///tmp/doc.txt\n    tools:\n',
    );
    const { line, hint } = await finding('resource.yaml', text, 'NG2006');
    expect(line).toMatch(/error NG2006 `(location|call)` cannot be used together with `(call|location)` in `capability\.exposes\[0\]\.resources\[0\]`\.$/);
    const key = /`(location|call)` cannot/.exec(line)![1]!;
    const keyLine = text.split('\n').findIndex((l) => l.startsWith(`      ${key}:`)) + 1;
    expect(line.startsWith(`resource.yaml:${keyLine}:7: `)).toBe(true);
    expect(hint).toMatch(/^ {2}hint: Remove `(location|call)`, or remove `(call|location)`\.$/);
  });
});

describe('NG2001 (unknown key) names a near-miss key', () => {
  it('a typo: did you mean', async () => {
    const { hint } = await finding('typo.yaml', mcp('    port: 9000\n    descripton: Demo.\n'), 'NG2001');
    expect(hint).toBe('  hint: Did you mean `description`? Otherwise remove `descripton`.');
  });

  it('an unrelated key: no guess', async () => {
    const { hint } = await finding('unrelated.yaml', mcp('    port: 9000\n    groups: []\n'), 'NG2001');
    expect(hint).toBe('  hint: Remove `groups` or check its spelling against the Naftiko specification.');
  });
});
