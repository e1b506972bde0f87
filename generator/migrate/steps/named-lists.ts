// Step 6: every named list (tree.ts: resources, operations, parameters, tools, prompts, arguments,
// skills, steps, flows, consumed outputs) becomes a map keyed by the old `name`, in order. References
// (`call: ns.op`, `ref: ns.flow`, `$.step.x`, `{{x}}`) need no rewrite: each key equals the old name.
import { isScalar, type YAMLMap } from 'yaml';
import { pairOf, report, type MigrationContext } from '../context.js';
import { INVENT } from '../invent-keys.js';
import { namedListToMap } from '../named-map.js';
import { childrenOf, entities, type Kind } from '../tree.js';

const WHAT: Partial<Record<Kind, string>> = {
  'consumed-resource': 'consumed resource',
  'consumed-operation': 'consumed operation',
  'consumed-output': 'consumed output parameter',
  parameter: 'input parameter',
  'rest-resource': 'REST resource',
  'rest-operation': 'REST operation',
  'mcp-tool': 'MCP tool',
  'mcp-resource': 'MCP resource',
  'mcp-prompt': 'MCP prompt',
  'prompt-argument': 'prompt argument',
  skill: 'skill',
  'skill-tool': 'skill tool',
  flow: 'aggregate flow',
  step: 'step',
};

/** MCP resource and prompt keys are kebab-case in Ikanos; naftiko allowed `_` and `*` in their names. */
const KEBAB_KEYS: ReadonlySet<Kind> = new Set<Kind>(['mcp-resource', 'mcp-prompt']);

export function rewriteNamedLists(ctx: MigrationContext, root: YAMLMap): void {
  for (const { kind, node } of entities(root)) {
    for (const child of childrenOf(kind, node)) {
      if (child.shape !== 'named') continue;
      const invent = child.invent ? INVENT[child.invent] : undefined;
      namedListToMap(ctx, node, child.key, {
        what: WHAT[child.kind] ?? child.kind,
        ...(invent ? { invent: invent.derive, inventedFrom: invent.from } : {}),
      });
      if (KEBAB_KEYS.has(child.kind)) checkKebabKeys(ctx, node, child.key, WHAT[child.kind]!);
    }
  }
}

function checkKebabKeys(ctx: MigrationContext, holder: YAMLMap, key: string, what: string): void {
  const map = pairOf(holder, key)?.value as YAMLMap | undefined;
  if (!map || !('items' in map)) return;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (!/^[a-zA-Z0-9-]+$/.test(name)) report(ctx, pair.key, 'nonKebabKey', `The ${what} name \`${name}\` has characters outside letters, digits and \`-\`, which Ikanos keys do not allow.`);
  }
}
