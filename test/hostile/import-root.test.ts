// Imports stay inside their import root (the nearest directory above the importing file with a
// package.json, a naftiko-gen config or .git): a path or symlink out of it, or a URL, is an error at
// the importing line, and nothing of the target is read or echoed. --allow-imports-outside lifts the
// rule with a warning per import. An import of the importing file itself is a cycle, named as such.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { checkFiles } from '../../generator/pipeline.js';

const base = mkdtempSync(join(tmpdir(), 'naftiko-import-root-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const project = join(base, 'project');
mkdirSync(join(project, 'caps', 'shared'), { recursive: true });
writeFileSync(join(project, 'package.json'), '{}\n');

const SECRET = 'TOPSECRET-marker-1234';
const shared = `ikanos: "1.0.0-beta5"
consumes:
  - type: http
    namespace: outside
    description: ${SECRET}
    baseUri: https://api.example.com
    resources:
      items:
        path: /items
        operations:
          list-items:
            method: GET
`;
writeFileSync(join(base, 'secret.yaml'), shared);
writeFileSync(join(project, 'caps', 'shared', 'inside.yaml'), shared.replace(SECRET, 'inside').replace('namespace: outside', 'namespace: inside'));
symlinkSync(join(base, 'secret.yaml'), join(project, 'caps', 'shared', 'link.yaml'));

function capability(name: string, from: string, ns = 'outside'): string {
  const text = `ikanos: "1.0.0-beta5"
info:
  display: Demo
  description: Demo.
capability:
  consumes:
    - import: ${ns}
      from: "${from}"
  exposes:
    - type: mcp
      namespace: demo-mcp
      port: 9090
      tools:
        list-items:
          description: List items.
          call: ${ns}.list-items
`;
  writeFileSync(join(project, 'caps', name), text);
  return `caps/${name}`;
}

function check(path: string, allow = false) {
  const { files } = checkFiles([path], { cwd: project, allowImportsOutside: allow });
  return files[0]!.diagnostics;
}

describe('import root', () => {
  it('an import inside the project is read', () => {
    const d = check(capability('ok.yaml', './shared/inside.yaml', 'inside'));
    expect(d.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('a path out of the project is refused at the importing line; nothing of the target is echoed', () => {
    for (const [name, from] of [['up.yaml', '../../secret.yaml'], ['passwd.yaml', '../../../../../../../../etc/passwd'], ['abs.yaml', join(base, 'secret.yaml')]] as const) {
      const d = check(capability(name, from));
      expect(d.map((x) => `${x.line}:${x.col} ${x.severity} ${x.code}`), name).toEqual(['8:13 error NG1015']);
      expect(JSON.stringify(d)).not.toContain(SECRET);
      expect(JSON.stringify(d)).not.toContain('root:');
    }
  });

  it('a symlink out of the project is refused', () => {
    const d = check(capability('link.yaml', './shared/link.yaml'));
    expect(d.map((x) => x.code)).toEqual(['NG1015']);
    expect(JSON.stringify(d)).not.toContain(SECRET);
  });

  it('a URL is refused', () => {
    const d = check(capability('url.yaml', 'https://example.com/shared.yaml'));
    expect(d.map((x) => `${x.line} ${x.code}`)).toEqual(['8 NG1014']);
  });

  it('--allow-imports-outside reads it, with a warning at the import and a banner on stderr', async () => {
    const path = capability('allowed.yaml', '../../secret.yaml');
    const d = check(path, true);
    expect(d.filter((x) => x.severity === 'error')).toEqual([]);
    expect(d.filter((x) => x.code === 'NG1016').map((x) => `${x.line} ${x.severity}`)).toEqual(['8 warning']);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['validate', '--allow-imports-outside', path], { cwd: project, out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/WARNING: --allow-imports-outside/);
  });

  it('an import of the importing file itself is a cycle, named', () => {
    const d = check(capability('self.yaml', './self.yaml'));
    expect(d.map((x) => x.code)).toEqual(['NG1011']);
    expect(d[0]!.message).toContain('caps/self.yaml → caps/self.yaml');
  });
});
