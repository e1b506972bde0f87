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
function pinnedRuntime(packageJson: string | undefined): string | undefined {
  if (packageJson === undefined) return undefined;
  try {
    const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, string> };
    return pkg.dependencies?.[RUNTIME_PACKAGE];
  } catch {
    return undefined;
  }
}

/** The version of the runtime Node would load from `pkgDir`, undefined when none is installed there. */
function installedRuntime(pkgDir: string): { version: string; path: string } | undefined {
  try {
    const path = createRequire(join(pkgDir, 'package.json')).resolve(`${RUNTIME_PACKAGE}/package.json`);
    return { version: (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version, path };
  } catch {
    return undefined;
  }
}

/** The runtime Node would load from a generated package's directory, against the version its package.json pins. */
export type RuntimeAgainstPin =
  | { wanted: string; installed: 'none' }
  | { wanted: string; installed: 'same' }
  | { wanted: string; installed: 'other'; version: string; path: string };

/**
 * What the generated package.json text `generatedJson` pins, against the runtime Node would load from
 * `pkgDir` (--check's runtime check, and generate --typecheck's hint); undefined when it pins none.
 */
export function runtimeAgainstPin(pkgDir: string, generatedJson: string | undefined): RuntimeAgainstPin | undefined {
  const wanted = pinnedRuntime(generatedJson);
  if (wanted === undefined) return undefined;
  const installed = installedRuntime(pkgDir);
  if (!installed) return { wanted, installed: 'none' };
  return installed.version === wanted ? { wanted, installed: 'same' } : { wanted, installed: 'other', version: installed.version, path: installed.path };
}

/**
 * Findings for one generated package at `pkgDir` (shown as `shown`), whose freshly generated
 * package.json is `expectedJson` and checked-in one `actualJson`.
 */
export function checkRuntimeVersion(pkgDir: string, shown: string, expectedJson: string, actualJson: string | undefined, root: string): RuntimeFinding[] {
  const runtime = runtimeAgainstPin(pkgDir, expectedJson);
  if (runtime === undefined) return [];
  const { wanted } = runtime;
  const findings: RuntimeFinding[] = [];
  const pinned = pinnedRuntime(actualJson);
  if (pinned !== undefined && pinned !== wanted) {
    findings.push({
      severity: 'error',
      message: `runtime: ${shown} was generated for ${RUNTIME_PACKAGE} ${pinned}, this naftiko-gen generates for ${wanted}; regenerate it (naftiko-gen generate) and commit the result`,
    });
  }
  if (runtime.installed === 'none') {
    findings.push({
      severity: 'note',
      message: `runtime: ${RUNTIME_PACKAGE} is not installed where ${shown} would load it; install it beside naftiko-gen: npm i -E ${RUNTIME_PACKAGE}@${wanted}`,
    });
  } else if (runtime.installed === 'other') {
    findings.push({
      severity: 'error',
      message: `runtime: ${RUNTIME_PACKAGE} ${runtime.version} is installed (${relative(root, runtime.path).split('\\').join('/')}), ${shown} needs exactly ${wanted}; install the matching version: npm i -E ${RUNTIME_PACKAGE}@${wanted}`,
    });
  }
  return findings;
}
