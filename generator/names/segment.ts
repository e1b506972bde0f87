// Splitting run-together lower-case names (`getbatchoutput` → get·batch·output) with a small
// dictionary: HTTP/CRUD verbs and common API words, plus the words the capability itself uses
// (resource names, path segments, parameter names). Deterministic: same dictionary, same split.
import { words } from './case.js';

/** Verbs and nouns that run-together operation names are usually made of. */
const COMMON_WORDS = (
  'get list create retrieve update delete cancel fetch search find add remove set put post patch upload download ' +
  'send start stop run submit check query read write replace modify count describe enable disable validate ' +
  'export import generate close open archive restore resume pause approve reject copy move rename merge ' +
  'by id ids all new for of to from in on with as at and or no my me is has ' +
  'status output input file files result results info details detail item items user users name names ' +
  'page pages event events stream content contents data config settings metadata key keys token tokens ' +
  'batch batches job jobs model models message messages log logs error errors summary stats'
).split(' ');

/** The dictionary for one capability: the common words and every word of `sources` (and their singulars). */
export function dictionaryOf(sources: Iterable<string>): Set<string> {
  const dict = new Set(COMMON_WORDS);
  for (const source of sources) {
    for (const w of words(source)) {
      const lower = w.toLowerCase();
      if (lower.length < 2 || /^[0-9]/.test(lower)) continue;
      dict.add(lower);
      dict.add(singular(lower));
    }
  }
  return dict;
}

/**
 * The words of `name`: separators and camelCase first, then each all-lower-case run split into
 * dictionary words when the dictionary covers it entirely (fewest pieces; ties: longer first piece).
 * A run the dictionary does not cover stays one word.
 */
export function splitWords(name: string, dict: ReadonlySet<string>): string[] {
  return words(name).flatMap((w) => (/^[a-z]+$/.test(w) ? segment(w, dict) ?? [w] : [w.toLowerCase()]));
}

function segment(run: string, dict: ReadonlySet<string>): string[] | undefined {
  // best[i]: the best split of run.slice(i), computed right to left.
  const best: (string[] | undefined)[] = new Array(run.length + 1);
  best[run.length] = [];
  for (let i = run.length - 1; i >= 0; i--) {
    let choice: string[] | undefined;
    for (let j = run.length; j > i + 1; j--) {
      const piece = run.slice(i, j);
      const rest = best[j];
      if (!rest || !dict.has(piece)) continue;
      const candidate = [piece, ...rest];
      if (!choice || candidate.length < choice.length) choice = candidate;
    }
    best[i] = choice;
  }
  return best[0];
}

/** English plural → singular for API nouns: batches → batch, policies → policy, users → user. */
export function singular(word: string): string {
  const lower = word.toLowerCase();
  if (/ies$/.test(lower) && lower.length > 4) return word.slice(0, -3) + 'y';
  if (/(ches|shes|sses|xes|zes)$/.test(lower)) return word.slice(0, -2);
  if (/[^su]s$/.test(lower) && lower.length > 3) return word.slice(0, -1);
  return word;
}
