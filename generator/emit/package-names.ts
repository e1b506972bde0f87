// The names a generated package goes by outside its code: its npm name and version (package.json),
// its image tag and its Kubernetes object names (Dockerfile, deploy/kubernetes.yaml, README).
import type { CapabilityModel } from '../model/types.js';

/** Version of every generated package (package.json.hbs), and so the tag of its image. */
export const PACKAGE_VERSION = '1.0.0';

/** Longest Kubernetes object name that leaves room for the `-rest` / `-mcp` suffix (63 in all). */
const MAX_BASE_NAME = 63 - '-rest'.length;

/** The npm name of the generated package. */
export function packageNameOf(model: CapabilityModel): string {
  return model.name.toLowerCase().replace(/[^a-z0-9-._~]/g, '-').replace(/^[._]+/, '') || 'capability';
}

/** A DNS-1123 label from the package name: lower-case letters, digits and inner dashes. */
export function kubernetesName(packageName: string): string {
  const label = packageName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, MAX_BASE_NAME)
    .replace(/^-+|-+$/g, '');
  return label === '' ? 'capability' : label;
}
