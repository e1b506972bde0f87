// --check's runtime check: generated code is written for exactly one @naftiko-gen/runtime version (the
// generator's own). A checked-in package that pins another version, or an installed runtime of another
// version where the package would resolve it, fails the check with the command that fixes it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { RUNTIME_PACKAGE } from '../emit/runtime-imports.js';

export interface RuntimeFinding {
  /** 'error' fails --check; 'note' is printed only. */
  severity: 'error' | 'note';
  message: string;
}

/** The runtime version a package.json text pins, undefined when it names none or is unreadable. */
export function pinnedRuntime(packageJson: string | undefined): string | undefined {
  if (packageJson === undefined) return undefined;
  try {
    const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, string> };
    return pkg.dependencies?.[RUNTIME_PACKAGE];
  } catch {
    return undefined;
  }
}

/** The version of the runtime Node would load from `pkgDir`, undefined when none is installed there. */
export function installedRuntime(pkgDir: string): { version: string; path: string } | undefined {
  try {
    const path = createRequire(join(pkgDir, 'package.json')).resolve(`${RUNTIME_PACKAGE}/package.json`);
    return { version: (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version, path };
  } catch {
    return undefined;
  }
}

/**
 * Findings for one generated package at `pkgDir` (shown as `shown`), whose freshly generated
 * package.json is `expectedJson` and checked-in one `actualJson`.
 */
export function checkRuntimeVersion(pkgDir: string, shown: string, expectedJson: string, actualJson: string | undefined, root: string): RuntimeFinding[] {
  const wanted = pinnedRuntime(expectedJson);
  if (wanted === undefined) return [];
  const findings: RuntimeFinding[] = [];
  const pinned = pinnedRuntime(actualJson);
  if (pinned !== undefined && pinned !== wanted) {
    findings.push({
      severity: 'error',
      message: `runtime: ${shown} was generated for ${RUNTIME_PACKAGE} ${pinned}, this naftiko-gen generates for ${wanted}; regenerate it (naftiko-gen generate) and commit the result`,
    });
  }
  const installed = installedRuntime(pkgDir);
  if (!installed) {
    findings.push({
      severity: 'note',
      message: `runtime: ${RUNTIME_PACKAGE} is not installed where ${shown} would load it; install it beside naftiko-gen: npm i -E ${RUNTIME_PACKAGE}@${wanted}`,
    });
  } else if (installed.version !== wanted) {
    findings.push({
      severity: 'error',
      message: `runtime: ${RUNTIME_PACKAGE} ${installed.version} is installed (${relative(root, installed.path).split('\\').join('/')}), ${shown} needs exactly ${wanted}; install the matching version: npm i -E ${RUNTIME_PACKAGE}@${wanted}`,
    });
  }
  return findings;
}
