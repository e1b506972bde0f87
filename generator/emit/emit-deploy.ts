// Deploy files of a package with a server: Dockerfile (+ .dockerignore), one image for the REST adapter
// and the MCP server, and deploy/kubernetes.yaml. Rendered from templates/skeleton/ with values the
// emitter makes safe here: names as Kubernetes accepts them (RFC 1123 labels), every YAML string a
// JSON-quoted scalar, comment text on one line. Deterministic: nothing but the model goes in.
import type { CapabilityModel } from '../model/types.js';
import type { EmittedFile } from './emitted-file.js';
import { imageOf, kubernetesName, packageNameOf, versionLabel } from './package-names.js';
import type { FileHeader } from './printer.js';
import { SERVER_NODE_FLAGS } from './server-node-flags.js';
import { renderSkeleton } from './skeleton-template.js';

type ServerKind = 'rest' | 'mcp';

const SERVER_TITLES: Record<ServerKind, string> = { rest: 'REST adapter', mcp: 'MCP server' };
const ALLOWED_HOSTS_ENV: Record<ServerKind, string> = { rest: 'NAFTIKO_REST_ALLOWED_HOSTS', mcp: 'NAFTIKO_MCP_ALLOWED_HOSTS' };

/** Text for a `#` comment line: control characters and line breaks become spaces. */
function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

export function emitDeployFiles(model: CapabilityModel, header: FileHeader, targets: { rest: boolean; mcp: boolean }): EmittedFile[] {
  const kinds = (['rest', 'mcp'] as const).filter((k) => targets[k]);
  if (kinds.length === 0) return []; // a client-only package has nothing to run
  const packageName = packageNameOf(model);
  const appName = kubernetesName(packageName);
  const ports: Record<ServerKind, number> = { rest: model.rest[0]?.port ?? 8080, mcp: model.mcp[0]?.port ?? 9090 };
  const servers = kinds.map((kind) => {
    const name = `${appName}-${kind}`;
    // The Service's in-cluster names; Kubernetes expands $(POD_NAMESPACE), set just before it.
    const allowedHosts = [name, `${name}.$(POD_NAMESPACE).svc`, `${name}.$(POD_NAMESPACE).svc.cluster.local`].join(',');
    return { kind, name, title: SERVER_TITLES[kind], port: ports[kind], allowedHostsEnv: ALLOWED_HOSTS_ENV[kind], allowedHosts };
  });
  const data = {
    generator: commentText(header.generator),
    source: commentText(header.source),
    title: commentText(model.title),
    appName,
    version: versionLabel(model),
    image: imageOf(model),
    servers,
    both: servers.length > 1,
    hasRest: targets.rest,
    defaultServer: kinds[0],
    serverChoices: kinds.join(' or '),
    serverCase: kinds.join('|'),
    nodeOptions: SERVER_NODE_FLAGS.join(' '),
    allowedHostsEnvs: servers.map((s) => s.allowedHostsEnv).join(' / '),
    secretName: appName,
    secrets: model.env.filter((e) => e.kind === 'secret').map((e) => ({ name: e.name, required: e.required })),
  };
  return [
    { path: 'Dockerfile', contents: renderSkeleton('Dockerfile', data), preformatted: true },
    { path: '.dockerignore', contents: renderSkeleton('dockerignore', data), preformatted: true },
    { path: 'deploy/kubernetes.yaml', contents: renderSkeleton('deploy/kubernetes.yaml', data), preformatted: true },
  ];
}
