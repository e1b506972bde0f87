// Findings the model adds for decisions the format leaves open (README "What naftiko-gen decides").
import { describe, expect, it } from 'vitest';
import { modelOf } from './model-helpers.js';

const base = (extra: { consumes?: string; exposes?: string } = {}) => `naftiko: 1.0.0-alpha2
info:
  label: Decisions
  description: Fixture
binds:
- namespace: env
  keys:
    API_KEY: API_KEY
capability:
  consumes:
  - type: http
    namespace: svc
    baseUri: https://svc.test
    authentication:
      type: bearer
      token: '{{API_KEY}}'
    resources:
    - name: pages
      path: /pages
      operations:
      - name: get-page
        method: GET
${extra.consumes ?? ''}
  exposes:
  - type: mcp
    namespace: svc-mcp
    port: 9000
    tools:
    - name: get-page
      description: Get a page
      call: svc.get-page
${extra.exposes ?? ''}`;

const codes = (yaml: string) => modelOf(yaml, 'decisions').diagnostics.map((d) => `${d.severity} ${d.code}`);

describe('model decisions', () => {
  it('a second mcp expose is NG3080, not silently merged', () => {
    const yaml = base({ exposes: `  - type: mcp\n    namespace: other\n    port: 9001\n    tools:\n    - name: again\n      description: Again\n      call: svc.get-page\n` });
    expect(codes(yaml)).toContain('error NG3080');
    expect(codes(base())).not.toContain('error NG3080');
  });

  it('an upstream format without a converter is NG3090', () => {
    const yaml = base().replace('        method: GET\n', '        method: GET\n        outputRawFormat: html\n');
    expect(codes(yaml)).toContain('warning NG3090');
    expect(codes(base())).not.toContain('warning NG3090');
  });

  it('{{env.X}} without a binds entry is read from the environment (NG3013) and required', () => {
    const yaml = base().replace("token: '{{API_KEY}}'", "token: '{{env.OTHER_KEY}}'");
    const { model, diagnostics } = modelOf(yaml, 'decisions');
    expect(diagnostics.map((d) => d.code)).toContain('NG3013');
    expect(model.env.find((e) => e.name === 'OTHER_KEY')?.required).toBe(true);
  });

  it('a tool named like an Object.prototype member is renamed (NG3061), so the SDK registry cannot collide', () => {
    const yaml = base().replace('    - name: get-page\n      description: Get a page', '    - name: constructor\n      description: Get a page');
    const { model, diagnostics } = modelOf(yaml, 'decisions');
    expect(diagnostics.map((d) => d.code)).toContain('NG3061');
    expect(model.mcp[0]!.tools[0]!.name).not.toBe('constructor');
  });
});
