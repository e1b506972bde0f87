// The names a generated package goes by outside its code: its npm name and version (package.json),
// its image tag and its Kubernetes object names (Dockerfile, deploy/kubernetes.yaml, README).
import type { CapabilityModel } from '../model/types.js';

/**
 * The capability's version as an npm version (package.json): `info.version` when it is semver; a date
 * (`info.modified: 2026-05-19`) as 2026.5.19; anything else as a 0.0.0 pre-release naming it.
 */
export function packageVersion(apiVersion: string): string {
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(apiVersion)) return apiVersion;
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(apiVersion);
  if (date) return date.slice(1).map(Number).join('.');
  const tag = apiVersion.replace(/[^0-9A-Za-z.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return tag ? `0.0.0-${tag}` : '0.0.0';
}

/**
 * The package version as an image tag and a Kubernetes label value: `+` (build metadata) is allowed
 * in neither, and a label value holds at most 63 characters.
 */
export function versionLabel(model: CapabilityModel): string {
  return packageVersion(model.apiVersion).replace(/\+/g, '-').slice(0, 63).replace(/[-.]+$/, '');
}

/** The image reference of the package: its npm name, tagged with its version. */
export function imageOf(model: CapabilityModel): string {
  return `${packageNameOf(model)}:${versionLabel(model)}`;
}

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
