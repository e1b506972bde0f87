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

  describe('NG3001 (an unresolved call) names the nearest operations, not the first ones alphabetically', () => {
    // Two namespaces; svc has operations that sort before the one the typo means.
    const more = `      - name: create-page
        method: POST
      - name: archive-page
        method: POST
      - name: list-pages
        method: GET
  - type: http
    namespace: svc-billing
    baseUri: https://billing.test
    resources:
    - name: invoices
      path: /invoices
      operations:
      - name: list-invoices
        method: GET
`;
    const withCall = (call: string) => base({ consumes: more }).replace('call: svc.get-page', `call: ${call}`);
    const ng3001 = (call: string) => {
      const found = modelOf(withCall(call), 'decisions').diagnostics.filter((d) => d.code === 'NG3001');
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    it('an unknown operation of a known namespace: the nearest operations of that namespace', () => {
      const d = ng3001('svc.list-page');
      expect(d.message).toBe("The call 'svc.list-page' names no operation `list-page` of the consumed namespace `svc`.");
      expect(d.hint).toMatch(/^Did you mean `svc\.list-pages`, /);
      expect(d.hint).not.toContain('svc-billing');
      expect(ng3001('svc.gte-page').hint).toMatch(/^Did you mean `svc\.get-page`/);
    });

    it('an unknown namespace says so and lists the consumed namespaces, nearest first', () => {
      const d = ng3001('svc-billings.list-payouts');
      expect(d.message).toBe("The call 'svc-billings.list-payouts' names no consumed namespace `svc-billings`.");
      expect(d.hint).toMatch(/^Consumed namespaces, nearest first: `svc-billing`, `svc`;/);
      expect(d.hint).not.toMatch(/list-invoices|get-page/);
    });

    it('an unknown namespace whose operation exists elsewhere points at it', () => {
      const d = ng3001('payments.list-invoices');
      expect(d.message).toContain('names no consumed namespace `payments`');
      expect(d.hint).toContain('did you mean `svc-billing.list-invoices`?');
    });

    it('a call without a namespace asks for <namespace>.<operation> and suggests full refs', () => {
      const d = ng3001('list-pages');
      expect(d.hint).toMatch(/^Write `<namespace>\.<operation>`; did you mean `svc\.list-pages`/);
    });
  });

  describe('other "use one of" hints rank their choices the same way', () => {
    it("NG3041 ('with' names no parameter) lists the operation's parameters nearest first", () => {
      // A POST whose body is one whole input: an unknown `with` key cannot be adopted as a field.
      const consumes = `        inputParameters:
        - name: body
          in: body
        - name: archived
          in: query
        - name: page_id
          in: query
        - name: cursor
          in: query
`;
      const yaml = base({ consumes }).replace('        method: GET\n', '        method: POST\n').replace('      call: svc.get-page\n', '      call: svc.get-page\n      with:\n        page-ids: x\n');
      const found = modelOf(yaml, 'decisions').diagnostics.filter((d) => d.code === 'NG3041');
      expect(found).toHaveLength(1);
      expect(found[0]!.hint).toMatch(/^Use one of \(nearest first\): page_id, /);
    });

    it('NG3007 (a forward to an unknown namespace) lists the consumed namespaces nearest first', () => {
      const exposes = `  - type: rest
    namespace: svc-rest
    port: 9001
    resources:
    - path: /proxy/{rest}
      name: proxy
      forward:
        targetNamespace: svcs
`;
      const found = modelOf(base({ exposes }), 'decisions').diagnostics.filter((d) => d.code === 'NG3007');
      expect(found.map((d) => d.hint)).toEqual(['Name a consumed namespace; nearest first: svc.']);
    });
  });
});
