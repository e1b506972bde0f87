// Client-facing names of consumed operations: grouped by the resource they act on
// (`client.batches.create`), the resource noun dropped where it repeats, types named after both
// (`BatchCreateParams`). Derived from paths, resource and operation names only, so every machine
// gets the same names; `names` overrides in the project config win.
import type { LoadedDocument } from '../load/load-file.js';
import { pascalCase } from '../names/case.js';
import { safeIdentifier } from '../names/identifiers.js';
import { dictionaryOf, singular, splitWords } from '../names/segment.js';
import type { ModelContext } from './context.js';
import type { Operation } from './types.js';

/** Members of the generated client class that a group must not shadow. */
export const CLIENT_MEMBERS = ['constructor', 'transport', 'options', 'raw', 'baseUrl', 'secret', 'forwardTarget'];
/** Property names an object literal cannot safely use for a method. */
const UNSAFE_MEMBERS = new Set(['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);
/** Path segments that say nothing about the resource (`/v1/batches` groups under `batches`). */
const VERSION_SEGMENT = /^(v[0-9]+(\.[0-9]+)*|api)$/i;

/** `namespace.operation` → `group.member` (or just `member`, keeping the derived group). */
export type NameOverrides = Readonly<Record<string, string>>;

interface Draft {
  op: Operation;
  at: { doc: LoadedDocument; path: (string | number)[] };
}

/** Words of a path's first resource segment (placeholders and version prefixes skipped). */
function groupSource(path: string, resourceName: string): string {
  const segment = path.split('/').find((s) => s.length > 0 && !s.includes('{') && !VERSION_SEGMENT.test(s));
  return segment ?? resourceName;
}

/** The member name when nothing of the operation name is left: from the HTTP method and the path. */
function memberFromMethod(op: Operation): string[] {
  const onItem = /\}\/?$/.test(op.path);
  switch (op.method) {
    case 'GET':
      return [onItem ? 'retrieve' : 'list'];
    case 'POST':
      return ['create'];
    case 'PUT':
    case 'PATCH':
      return ['update'];
    case 'DELETE':
      return ['delete'];
    default:
      return [op.method.toLowerCase()];
  }
}

function camel(parts: readonly string[]): string {
  return parts.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/**
 * Assigns `group`, `member`, `words` and the Params/Response type names of every operation of one
 * namespace. `claimType` hands out package-unique type names.
 */
export function nameOperations(
  ctx: ModelContext,
  namespace: string,
  drafts: readonly Draft[],
  overrides: NameOverrides,
  claimType: (preferred: string) => string,
): void {
  const dict = dictionaryOf(drafts.flatMap(({ op }) => [op.resourceName, ...op.path.split('/'), ...op.params.map((p) => p.wireName)]));
  const taken = new Map<string, Draft>(); // `group.member` → first holder
  for (const draft of drafts) {
    const { op } = draft;
    const opWords = splitWords(op.name, dict);
    const groupWords = splitWords(groupSource(op.path, op.resourceName), dict);
    let group = safeIdentifier(camel(groupWords), 'operations');
    if (CLIENT_MEMBERS.includes(group)) group = `${group}Resource`;
    const nouns = new Set(groupWords.flatMap((w) => [w, singular(w)]));
    let memberWords = opWords.filter((w) => !nouns.has(w) && !nouns.has(singular(w)));
    // `get·output` reads as `output`; a lone `get` stays.
    if (memberWords.length > 1 && memberWords[0] === 'get') memberWords = memberWords.slice(1);
    if (memberWords.length === 0) memberWords = memberFromMethod(op);
    let member = camel(memberWords);
    const override = overrides[`${namespace}.${op.name}`];
    if (override !== undefined) {
      const dot = override.lastIndexOf('.');
      if (dot > 0) group = override.slice(0, dot);
      member = override.slice(dot + 1);
      // A group is a property of the client class: one of the class's own members (`raw`) would not
      // compile (found by generate --typecheck, notes/issue-4002.md).
      if (dot > 0 && (CLIENT_MEMBERS.includes(group) || UNSAFE_MEMBERS.has(group))) {
        ctx.report(draft.at.doc, draft.at.path, 'warning', 'NG3143', `The "names" override '${namespace}.${op.name}' → '${override}' puts the method in the group '${group}', which the generated client already has as a member; the group is '${group}Resource' instead.`, `Choose another group in the naftiko-gen config's "names" (not ${[...new Set([...CLIENT_MEMBERS, ...UNSAFE_MEMBERS])].join(', ')}).`);
        group = `${group}Resource`;
      }
    }
    if (UNSAFE_MEMBERS.has(member) || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(member)) member = safeIdentifier(`${member.replace(/[^A-Za-z0-9_$]/g, '_')}_`, 'call');
    let key = `${group}.${member}`;
    const holder = taken.get(key);
    if (holder) {
      // Two operations, one name: the later one keeps its full operation name (and a number if need be).
      const fallback = camel(opWords.length > 0 ? opWords : [op.name]);
      let candidate = fallback;
      for (let n = 2; taken.has(`${group}.${candidate}`); n++) candidate = `${fallback}${n}`;
      ctx.report(draft.at.doc, draft.at.path, 'warning', 'NG3100', `The operations '${holder.op.name}' and '${op.name}' of '${namespace}' would both be the client method ${key}; '${op.name}' is ${group}.${candidate} instead.`, `Give one of them another name, or set "names": {"${namespace}.${op.name}": "${group}.<method>"} in the naftiko-gen config.`);
      member = candidate;
      key = `${group}.${member}`;
    }
    taken.set(key, draft);
    op.group = group;
    op.member = member;
    op.words = opWords;
    const typeBase = pascalCase(singular(groupWords.join('-'))) + pascalCase(member);
    op.inputTypeName = claimType(`${typeBase}Params`);
    op.resultTypeName = claimType(`${typeBase}Response`);
  }
}

/** Overrides naming an operation no namespace has: a warning, so a typo does not go unnoticed. */
export function unusedOverrides(overrides: NameOverrides, used: ReadonlySet<string>): string[] {
  return Object.keys(overrides).filter((k) => !used.has(k)).sort();
}
