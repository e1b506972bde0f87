// Builds the generation benchmark's input: the capability corpora copied `copies` times into `dest`,
// each copy's files renamed `<stem>-r<N>.<ext>` so that every copy produces packages of its own (the
// package name is the file name), with `from:`/`location:` references to renamed files rewritten so
// imports still resolve inside the copy.
import { chmodSync, cpSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const YAML = /\.ya?ml$/;

// YAML files under dir; with `writable`, every entry is made writable first (sources may be read-only).
function walk(dir, out = [], writable = false) {
  if (writable) chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out, writable);
    else {
      if (writable) chmodSync(p, 0o644);
      if (YAML.test(name)) out.push(p);
    }
  }
  return out;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Copies each source directory into dest/r<N>/<i>/ until at least minFiles YAML files; returns the count. */
export function replicateCorpora(sources, dest, minFiles) {
  const perCopy = sources.reduce((n, s) => n + walk(s).length, 0);
  if (perCopy === 0) throw new Error(`no YAML files under ${sources.join(', ')}`);
  const copies = Math.ceil(minFiles / perCopy);
  let total = 0;
  for (let n = 1; n <= copies; n++) {
    sources.forEach((src, i) => {
      const root = join(dest, `r${n}`, String(i));
      cpSync(src, root, { recursive: true });
      const files = walk(root, [], true);
      const names = [...new Set(files.map((f) => basename(f)))];
      const renamed = (name) => name.replace(YAML, (ext) => `-r${n}${ext}`);
      const ref = new RegExp(`(^|[/'"\\s])(${names.map(escape).join('|')})(?=['"\\s#]|$)`, 'gm');
      for (const f of files) {
        const text = readFileSync(f, 'utf8').replace(ref, (_m, pre, name) => pre + renamed(name));
        writeFileSync(f, text);
        renameSync(f, join(f, '..', renamed(basename(f))));
        total++;
      }
    });
  }
  return total;
}
