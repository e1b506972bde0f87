// All files of one generated package, unformatted, in a stable order.
import type { CapabilityModel } from '../model/types.js';
import { emitClient } from './emit-client.js';
import { emitConfig } from './emit-config.js';
import { emitDeployFiles } from './emit-deploy.js';
import { emitIndex } from './emit-index.js';
import { emitMcpMain, emitMcpServer } from './emit-mcp.js';
import { emitOrchestrations } from './emit-orchestrations.js';
import { buildOpenApi } from './emit-openapi.js';
import { emitPackageJson, emitReadme, emitTsconfig } from './emit-package.js';
import { emitRestApp, emitRestMain } from './emit-rest.js';
import type { EmittedFile } from './emitted-file.js';
import { packageDependencies } from './dependencies.js';
import type { FileHeader, TsFile } from './printer.js';
import { withTracing } from './source-trace.js';

export type Target = 'client' | 'rest' | 'mcp';
export const ALL_TARGETS: readonly Target[] = ['client', 'rest', 'mcp'];

export function emitPackage(model: CapabilityModel, header: FileHeader, targets: readonly Target[] = ALL_TARGETS): EmittedFile[] {
  const files: EmittedFile[] = [];
  const ts = (f: TsFile): void => {
    const { contents, ranges } = f.render();
    files.push({ path: f.path, contents, ...(ranges.length > 0 ? { ranges } : {}) });
  };
  const rest = targets.includes('rest') && model.rest.length > 0;
  const mcp = targets.includes('mcp') && model.mcp.length > 0;
  for (const ns of model.consumes) ts(emitClient(model, ns, header));
  ts(emitConfig(model, header));
  const orchestrations = (rest || mcp) ? emitOrchestrations(model, header) : undefined;
  if (orchestrations) ts(orchestrations);
  ts(emitIndex(model, header));
  if (rest) {
    const openapi = buildOpenApi(model, header);
    files.push({ path: 'openapi.json', contents: JSON.stringify(openapi, null, 2) + '\n', preformatted: true });
    ts(emitRestApp(model, header));
    ts(emitRestMain(model, header));
  }
  if (mcp) {
    ts(emitMcpServer(model, header));
    ts(emitMcpMain(model, header, model.mcp[0]));
  }
  // Only the npm packages this package's code imports (the runtime helpers come from @naftiko-gen/runtime).
  const deps = packageDependencies(files.map((f) => f.contents));
  // Skeletons come from hand-formatted templates; running prettier over them (markdown tables above
  // all) would cost more than the rest of the package.
  files.push({ path: 'package.json', contents: emitPackageJson(model, header, { rest, mcp }, deps), preformatted: true });
  files.push({ path: 'tsconfig.json', contents: emitTsconfig(header), preformatted: true });
  files.push({ path: 'README.md', contents: emitReadme(model, header, { rest, mcp }), preformatted: true });
  files.push(...emitDeployFiles(model, header, { rest, mcp }));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The package emitted again with source tracing on (source-trace.ts), for `generate --typecheck`: each
 * TypeScript file as emitted (before formatting) with the ranges each capability element produced.
 * `untraced` is the package as emitted for writing; a traced file whose text differs from it (capability
 * text holding the marker characters) is left out, and its type errors fall back to the capability's
 * first line.
 */
export function emitTracedSources(model: CapabilityModel, header: FileHeader, targets: readonly Target[], untraced: readonly EmittedFile[]): EmittedFile[] {
  const traced = withTracing(true, () => emitPackage(model, header, targets));
  const expected = new Map(untraced.map((f) => [f.path, f.contents]));
  return traced.filter((f) => f.ranges && expected.get(f.path) === f.contents);
}
