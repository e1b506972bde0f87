// src/orchestrations.ts: one async function per orchestrated route or tool (steps → mappings),
// shared by the REST adapter and the MCP server.
import type { CapabilityModel, Orchestration, SourceRef, Step } from '../model/types.js';
import { callInputExpression, clientAccess } from './call-args.js';
import { operationAccess } from './emit-client.js';
import { jsDoc, jsonLiteral, stringLiteral } from './escape.js';
import { TsFile, type FileHeader } from './printer.js';
import { importRuntime, importRuntimeType } from './runtime-imports.js';
import { traced } from './source-trace.js';
import { operationOf } from '../model/call-target.js';

export const ORCHESTRATIONS_PATH = 'src/orchestrations.ts';

export function orchestrationsOf(model: CapabilityModel): { label: string; orchestration: Orchestration; source: SourceRef }[] {
  return [
    ...model.rest.flatMap((r) => r.routes).flatMap((route) => (route.orchestration ? [{ label: `${route.method} ${route.declaredPath}`, orchestration: route.orchestration, source: route.source }] : [])),
    ...model.mcp.flatMap((m) => m.tools).flatMap((tool) => (tool.orchestration ? [{ label: `tool ${tool.name}`, orchestration: tool.orchestration, source: tool.source }] : [])),
    ...model.mcp.flatMap((m) => m.resources).flatMap((r) => (r.orchestration ? [{ label: `resource ${r.uri}`, orchestration: r.orchestration, source: r.source }] : [])),
    ...model.mcp
      .flatMap((m) => m.prompts)
      .flatMap((p) => p.messages.flatMap((msg, i) => (msg.orchestration ? [{ label: `prompt ${p.name}, message ${i + 1}`, orchestration: msg.orchestration, source: p.source }] : []))),
  ];
}

export function emitOrchestrations(model: CapabilityModel, header: FileHeader): TsFile | undefined {
  const all = orchestrationsOf(model);
  if (all.length === 0) return undefined;
  const file = new TsFile(ORCHESTRATIONS_PATH, header);
  file.importType('Clients', './config.js');
  importRuntimeType(file, 'CallOptions');
  for (const { label, orchestration, source } of all) file.add(traced(source, runner(file, model, label, orchestration)));
  return file;
}

function runner(file: TsFile, model: CapabilityModel, label: string, o: Orchestration): string {
  const lines = o.steps.map((step) => stepLine(file, model, step));
  const last = o.steps[o.steps.length - 1];
  let result: string;
  if (o.mappings.length > 0) {
    importRuntime(file, 'mapResult');
    result = `return mapResult(results, ${jsonLiteral(o.mappings.map((m) => [m.targetName, m.path]))});`;
  } else {
    result = last ? `return results[${stringLiteral(last.name)}];` : 'return {};';
  }
  const usesArgs = lines.some((l) => l.includes('args'));
  const describe = o.steps.map((s) => s.name).join(' → ');
  return `${jsDoc([`${label}: ${describe || 'no steps'}${o.ref ? ` (aggregate function ${o.ref})` : ''}.`, 'Each call throws UpstreamHttpError on a non-2xx status, which the caller maps to its response.'])}export async function ${o.runnerName}(clients: Clients, ${usesArgs ? 'args' : '_args'}: Record<string, unknown>, options: CallOptions): Promise<unknown> {
  const results: Record<string, unknown> = {};
${lines.map((l) => `  ${l}`).join('\n')}
  ${result}
}`;
}

function stepLine(file: TsFile, model: CapabilityModel, step: Step): string {
  if (step.kind === 'lookup') {
    importRuntime(file, 'lookupStep');
    importRuntime(file, 'select');
    return `results[${stringLiteral(step.name)}] = lookupStep(results[${stringLiteral(step.index)}], ${stringLiteral(step.match)}, select(results, ${stringLiteral(step.lookupValue)}), ${jsonLiteral(step.keep)});`;
  }
  const { ns, op } = operationOf(model, step.call)!;
  const input = callInputExpression(step.call, 'args');
  if (input.includes('select(')) importRuntime(file, 'select');
  importRuntime(file, 'callClient');
  return `results[${stringLiteral(step.name)}] = await callClient(${clientAccess(ns)}${operationAccess(op)}, ${input}, options);`;
}
