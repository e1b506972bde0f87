// The shape of a capability as migrate sees it: which entity holds which collection, and whether the
// collection's items are named (a list of `{name, …}` in naftiko, a map keyed by name in Ikanos).
// One table drives both the walk (walk.ts) and the list → map rewrite (steps/named-lists.ts), so
// every collection is rewritten and visited the same way. Sources: docs/migrate.md, "What is rewritten".
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { mapAt, pairOf, textAt } from './context.js';

export type Kind =
  | 'root'
  | 'info'
  | 'capability'
  | 'consumes'
  | 'consumed-resource'
  | 'consumed-operation'
  | 'consumed-output'
  | 'parameter'
  | 'rest'
  | 'rest-resource'
  | 'rest-operation'
  | 'mcp'
  | 'mcp-tool'
  | 'mcp-resource'
  | 'mcp-prompt'
  | 'prompt-argument'
  | 'skill-adapter'
  | 'skill'
  | 'skill-tool'
  | 'other-expose'
  | 'aggregate'
  | 'flow'
  | 'step';

/** How a key is made up for an item that has no `name` (A2 made `name` optional there). */
export type Invent = 'from-path' | 'from-method' | 'from-ref';

export interface Child {
  key: string;
  kind: Kind;
  /** single: one entity; list: an unnamed list that stays a list; named: list → map keyed by `name`. */
  shape: 'single' | 'list' | 'named';
  invent?: Invent;
}

const PARAMS: Child = { key: 'inputParameters', kind: 'parameter', shape: 'named' };
const STEPS: Child = { key: 'steps', kind: 'step', shape: 'named' };
const SECTIONS: Child[] = [
  { key: 'consumes', kind: 'consumes', shape: 'list' },
  { key: 'exposes', kind: 'other-expose', shape: 'list' },
  { key: 'aggregates', kind: 'aggregate', shape: 'list' },
];

const TREE: Record<Kind, readonly Child[]> = {
  root: [{ key: 'info', kind: 'info', shape: 'single' }, { key: 'capability', kind: 'capability', shape: 'single' }, ...SECTIONS],
  capability: SECTIONS,
  info: [],
  consumes: [PARAMS, { key: 'resources', kind: 'consumed-resource', shape: 'named' }],
  'consumed-resource': [PARAMS, { key: 'operations', kind: 'consumed-operation', shape: 'named' }],
  'consumed-operation': [PARAMS, { key: 'outputParameters', kind: 'consumed-output', shape: 'named' }],
  'consumed-output': [],
  parameter: [],
  rest: [{ key: 'resources', kind: 'rest-resource', shape: 'named', invent: 'from-path' }],
  'rest-resource': [PARAMS, { key: 'operations', kind: 'rest-operation', shape: 'named', invent: 'from-method' }],
  'rest-operation': [PARAMS, STEPS],
  mcp: [
    { key: 'tools', kind: 'mcp-tool', shape: 'named', invent: 'from-ref' },
    { key: 'resources', kind: 'mcp-resource', shape: 'named' },
    { key: 'prompts', kind: 'mcp-prompt', shape: 'named' },
  ],
  'mcp-tool': [PARAMS, STEPS],
  'mcp-resource': [STEPS],
  'mcp-prompt': [{ key: 'arguments', kind: 'prompt-argument', shape: 'named' }],
  'prompt-argument': [],
  'skill-adapter': [{ key: 'skills', kind: 'skill', shape: 'named' }],
  skill: [{ key: 'tools', kind: 'skill-tool', shape: 'named' }],
  'skill-tool': [],
  'other-expose': [],
  aggregate: [
    { key: 'flows', kind: 'flow', shape: 'named' },
    { key: 'functions', kind: 'flow', shape: 'named' },
  ],
  flow: [PARAMS, STEPS],
  step: [],
};

/** Units whose `outputParameters` depend on their mode (orchestrated, mock or mapped). */
export const OUTPUT_UNITS: ReadonlySet<Kind> = new Set<Kind>(['rest-operation', 'mcp-tool', 'mcp-resource', 'flow']);

/** Entities that had a `label` in naftiko and have a `display` in Ikanos. */
export const LABELLED: ReadonlySet<Kind> = new Set<Kind>([
  'info',
  'consumed-resource',
  'consumed-operation',
  'rest-resource',
  'rest-operation',
  'mcp-tool',
  'mcp-resource',
  'mcp-prompt',
  'prompt-argument',
  'aggregate',
]);

/** The children of an entity; an expose's depend on its `type`. */
export function childrenOf(kind: Kind, node: YAMLMap): readonly Child[] {
  if (kind === 'other-expose') {
    const type = textAt(node, 'type');
    if (type === 'rest') return TREE.rest;
    if (type === 'mcp') return TREE.mcp;
    if (type === 'skill') return TREE['skill-adapter'];
    return [];
  }
  return TREE[kind];
}

/** The kind an expose entry really is, by its `type`. */
export function exposeKind(node: YAMLMap): Kind {
  const type = textAt(node, 'type');
  return type === 'rest' ? 'rest' : type === 'mcp' ? 'mcp' : type === 'skill' ? 'skill-adapter' : 'other-expose';
}

export interface Visit {
  kind: Kind;
  node: YAMLMap;
}

/**
 * Every entity of the document, parents before children, in document order. Collections are followed
 * in both spellings (list or map), so a step sees the same entities before and after named-lists.
 */
export function entities(root: YAMLMap): Visit[] {
  const out: Visit[] = [];
  const visit = (kind: Kind, node: YAMLMap): void => {
    const real = kind === 'other-expose' ? exposeKind(node) : kind;
    out.push({ kind: real, node });
    for (const child of childrenOf(kind, node)) {
      if (child.shape === 'single') {
        const m = mapAt(node, child.key);
        if (m) visit(child.kind, m);
        continue;
      }
      const value = pairOf(node, child.key)?.value;
      if (isSeq(value)) for (const item of value.items) if (isMap(item)) visit(child.kind, item);
      if (isMap(value)) for (const pair of value.items) if (isMap(pair.value)) visit(child.kind, pair.value);
    }
  };
  visit('root', root);
  return out;
}
