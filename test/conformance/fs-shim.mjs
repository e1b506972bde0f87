// Node 20 lacks fs.globSync (Node 22+), which @modelcontextprotocol/conformance imports by name.
// This module re-exports node:fs and adds a small globSync (`*`, `**`, `?`, `{a,b}`), enough for it.
import * as fs from 'node:fs';
import { join, relative, resolve } from 'node:path';
export * from 'node:fs';
export default fs;

function toRegExp(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function globSync(patterns, options = {}) {
  const cwd = options.cwd ? String(options.cwd) : process.cwd();
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const out = new Set();
  for (const p of list) {
    const abs = p.startsWith('/');
    const base = abs ? '/' : cwd;
    const staticPart = p.split('/').filter((s, i, a) => !/[*?{]/.test(a.slice(0, i + 1).join('/'))).join('/');
    const root = resolve(base, staticPart || '.');
    const re = toRegExp(abs ? p : p.replace(/^\.\//, ''));
    let entries = [];
    try {
      entries = fs.readdirSync(root, { recursive: true }).map((e) => join(root, String(e)));
    } catch {
      continue;
    }
    for (const full of entries) {
      const rel = abs ? full : relative(cwd, full);
      if (re.test(rel)) out.add(rel);
    }
  }
  return [...out];
}
