// Shared helpers for the validate-stage tests: load inline YAML and run the validator on it.
import { loadText } from '../../generator/load/load-file.js';
import type { LoadedDocument } from '../../generator/load/load-file.js';
import { validateDocument, type ValidationResult } from '../../generator/validate/index.js';

export function loadInline(yamlText: string, name = 'inline.yaml'): LoadedDocument {
  const r = loadText(name, `/virtual/${name}`, new TextEncoder().encode(yamlText));
  if (!r.ok) throw new Error(`fixture does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.doc;
}

export function check(yamlText: string, strict = false): ValidationResult {
  return validateDocument(loadInline(yamlText), { strict });
}

export function codes(r: ValidationResult, severity?: 'error' | 'warning'): string[] {
  return [...new Set(r.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code))].sort();
}

export function isValid(r: ValidationResult): boolean {
  return !r.diagnostics.some((d) => d.severity === 'error');
}

/** A small capability that the official alpha2 schema accepts. */
export const MINIMAL_ALPHA2 = `naftiko: 1.0.0-alpha2
info:
  label: Demo
  description: Demo capability.
binds:
- namespace: env
  keys:
    DEMO_TOKEN: DEMO_TOKEN
capability:
  consumes:
  - type: http
    namespace: demo
    baseUri: https://api.example.com/v1
    authentication:
      type: bearer
      token: '{{DEMO_TOKEN}}'
    resources:
    - name: items
      path: /items/{{id}}
      operations:
      - name: get-item
        method: GET
        inputParameters:
        - name: id
          in: path
  exposes:
  - type: rest
    namespace: demo-rest
    port: 8080
    resources:
    - path: /items/{id}
      name: items
      operations:
      - method: GET
        name: get-item
        call: demo.get-item
        with:
          id: rest.id
        inputParameters:
        - name: id
          in: path
          type: string
          description: The item id.
  - type: mcp
    namespace: demo-mcp
    port: 9090
    tools:
    - name: get-item
      description: Get an item.
      call: demo.get-item
      with:
        id: tools.id
      inputParameters:
      - name: id
        type: string
        description: The item id.
`;
