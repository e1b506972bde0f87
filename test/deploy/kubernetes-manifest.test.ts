// deploy/kubernetes.yaml of generated packages, validated against the Kubernetes API schemas that the
// kubernetes-models package ships (compiled to ajv validators: a wrong type, a missing required field
// or a bad enum value throws), plus what the schemas cannot say: probes on /healthz, a Secret
// reference per bound secret, Services and autoscalers that point at their Deployment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitPackage } from '../../generator/emit/emit-package-files.js';
import type { CapabilityModel } from '../../generator/model/types.js';
import { REPO, modelOf, seedText } from '../unit/model-helpers.js';

const HEADER = { generator: 'naftiko-gen test', source: 'inline.yaml' };
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const VALIDATORS: Record<string, (doc: Doc) => { validate(): void }> = {
  'apps/v1/Deployment': (d) => new Deployment(d),
  'v1/Service': (d) => new Service(d),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) => new HorizontalPodAutoscaler(d),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d),
};

function documents(text: string): Doc[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) expect(d.errors, String(d.errors)).toEqual([]);
  return docs.map((d) => d.toJS()).filter((d) => d !== null);
}

/** Throws the schema's ValidationError (with the path of the bad field) for an invalid object. */
function validate(doc: Doc): void {
  const make = VALIDATORS[`${doc.apiVersion}/${doc.kind}`];
  if (!make) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
  make(doc).validate();
}

function manifestOf(model: CapabilityModel, targets?: Parameters<typeof emitPackage>[2]): string | undefined {
  return emitPackage(model, HEADER, targets).find((f) => f.path === 'deploy/kubernetes.yaml')?.contents;
}

function fixture(name: string): CapabilityModel {
  return modelOf(readFileSync(join(REPO, 'test/fixtures/constructs', name), 'utf8'), name.replace(/\.yaml$/, '')).model;
}

const checkedIn = readFileSync(join(REPO, 'generated/portkey-batch/deploy/kubernetes.yaml'), 'utf8');

describe('deploy/kubernetes.yaml', () => {
  const cases: Array<[string, () => { text: string; model: CapabilityModel }]> = [
    ['generated/portkey-batch (checked in)', () => ({ text: checkedIn, model: modelOf(seedText()).model })],
    ['outbound-auth fixture (other ports, several secrets)', () => ({ text: manifestOf(fixture('e-outbound-auth.yaml'))!, model: fixture('e-outbound-auth.yaml') })],
    ['stdio MCP fixture (MCP only)', () => ({ text: manifestOf(fixture('k-stdio.yaml'))!, model: fixture('k-stdio.yaml') })],
  ];

  it.each(cases)('%s: every object is valid against the Kubernetes schemas', (_name, make) => {
    const docs = documents(make().text);
    expect(docs.length).toBeGreaterThanOrEqual(4);
    for (const doc of docs) expect(() => validate(doc), `${doc.kind} ${doc.metadata?.name}`).not.toThrow();
  });

  it.each(cases)('%s: per server a Deployment, Service, HPA and PDB that fit together', (_name, make) => {
    const { text, model } = make();
    const docs = documents(text);
    const servers = [...(model.rest.length > 0 ? ['rest'] : []), ...(model.mcp.length > 0 ? ['mcp'] : [])];
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.labels['app.kubernetes.io/component'])).toEqual(servers);
    const secretNames = model.env.filter((e) => e.kind === 'secret').map((e) => e.name);
    for (const dep of deployments) {
      const name: string = dep.metadata.name;
      expect(name).toMatch(DNS_LABEL);
      expect(name.length).toBeLessThanOrEqual(63);
      const pod = dep.spec.template;
      // The selector picks the pod template's labels.
      expect(pod.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
      expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
      const [container] = pod.spec.containers;
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
      const env = container.env as Doc[];
      const kind = dep.metadata.labels['app.kubernetes.io/component'];
      expect(env.find((e) => e.name === 'SERVER')?.value).toBe(kind);
      // The wider bind needs its Host names: the Service's, in the pod's own namespace.
      const hostsVar = kind === 'rest' ? 'NAFTIKO_REST_ALLOWED_HOSTS' : 'NAFTIKO_MCP_ALLOWED_HOSTS';
      expect(env.find((e) => e.name === hostsVar)?.value).toBe(`${name},${name}.$(POD_NAMESPACE).svc,${name}.$(POD_NAMESPACE).svc.cluster.local`);
      expect(env.findIndex((e) => e.name === 'POD_NAMESPACE')).toBeLessThan(env.findIndex((e) => e.name === hostsVar));
      // One secretKeyRef per bound secret, and no secret value in the manifest.
      const refs = env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom.secretKeyRef.key]);
      expect(refs).toEqual(secretNames.map((n) => [n, n]));
      for (const e of env.filter((x) => secretNames.includes(x.name))) expect(e.value).toBeUndefined();

      const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === name);
      expect(service.spec.selector).toEqual(dep.spec.selector.matchLabels);
      expect(service.spec.ports[0].targetPort).toBe('http');
      const port = kind === 'rest' ? (model.rest[0]?.port ?? 8080) : (model.mcp[0]?.port ?? 9090);
      expect(service.spec.ports[0].port).toBe(port);
      const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler' && d.metadata.name === name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = docs.find((d) => d.kind === 'PodDisruptionBudget' && d.metadata.name === name);
      expect(pdb.spec.selector.matchLabels).toEqual(dep.spec.selector.matchLabels);
    }
  });

  it('the validation catches a broken object (the schema check is live)', () => {
    const deployment = documents(checkedIn).find((d) => d.kind === 'Deployment');
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => validate(deployment)).toThrow(/containerPort must be integer/);
    const hpa = documents(checkedIn).find((d) => d.kind === 'HorizontalPodAutoscaler');
    delete hpa.spec.scaleTargetRef;
    expect(() => validate(hpa)).toThrow(/scaleTargetRef/);
  });

  it('is what generated/ holds, byte for byte on every run, and absent from a client-only package', () => {
    const model = modelOf(seedText(), 'portkey-batch').model;
    const header = { generator: 'naftiko-gen 0.1.0', source: 'capabilities/portkey-batch.yaml' };
    const once = emitPackage(model, header).filter((f) => f.path === 'Dockerfile' || f.path.startsWith('deploy/') || f.path === '.dockerignore');
    const twice = emitPackage(model, header).filter((f) => once.some((o) => o.path === f.path));
    expect(once.map((f) => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'deploy/kubernetes.yaml']);
    expect(twice).toEqual(once);
    expect(once.find((f) => f.path === 'deploy/kubernetes.yaml')!.contents).toBe(checkedIn);
    expect(emitPackage(model, header, ['client']).some((f) => f.path === 'Dockerfile' || f.path.startsWith('deploy/'))).toBe(false);
  });

  it('a title with line breaks, quotes and a YAML-looking tail stays inside its comment', () => {
    const hostile = seedText().replace(/^(\s*label:).*$/m, '$1 "Evil\\nkind: Secret\\n# \\"quoted\\" --- x"');
    const model = modelOf(hostile).model;
    expect(model.title).toContain('\n');
    const docs = documents(manifestOf(model)!);
    expect(docs.map((d) => d.kind)).not.toContain('Secret');
    for (const doc of docs) expect(() => validate(doc)).not.toThrow();
  });
});
