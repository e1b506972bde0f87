// Keys for items that had no `name` (A2 made it optional on REST resources and operations, and a
// ref-only MCP tool takes its flow's name). Each rule gives candidates, best first; the first one not
// taken wins, else the first gets `-2`, `-3`… (named-map.ts). The rules follow what the Naftiko project
// chose when it migrated its own files by hand; docs/migrate.md lists them.
import type { YAMLMap } from 'yaml';
import { textAt } from './context.js';
import type { Invent } from './tree.js';

function words(text: string): string[] {
  return text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * `/ships/{imo}` → `ships-imo`; a `{{path}}` template (a forward's catch-all) is left out when other
 * words remain: `/notion/{{path}}` → `notion`; `/` → `root`.
 */
export function keysFromPath(path: string): string[] {
  const literal = words(path.replace(/\{\{[^}]*\}\}/g, ' ')).join('-');
  const all = words(path).join('-');
  return [...new Set([literal, all].filter(Boolean))].concat(literal || all ? [] : ['root']);
}

/** The operation or flow name after the dot of `ref`/`call` (`weather.get-forecast` → `get-forecast`). */
function target(item: YAMLMap): string | undefined {
  const ref = textAt(item, 'ref') ?? textAt(item, 'call');
  const after = ref?.split('.').pop();
  return after && /^[a-zA-Z0-9-]+$/.test(after) ? after : undefined;
}

export const INVENT: Record<Invent, { from: string; derive: (item: YAMLMap) => string[] }> = {
  'from-path': { from: 'its `path`', derive: (item) => keysFromPath(textAt(item, 'path') ?? '') },
  'from-method': {
    from: 'the operation it calls and its `method`',
    derive: (item) => {
      const method = words(textAt(item, 'method') ?? '').join('-') || 'operation';
      const called = target(item);
      return called ? [called, `${method}-${called}`] : [method];
    },
  },
  'from-ref': {
    from: 'the flow or operation it refers to',
    derive: (item) => {
      const called = target(item);
      return called ? [called] : [];
    },
  },
};
