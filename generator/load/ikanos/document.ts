// An Ikanos document seen in the Naftiko alpha2 shape (normalize.ts), positions still in the file.
import type { LoadedDocument } from '../load-file.js';
import { normalizeIkanos } from './normalize.js';

export function isIkanos(data: Record<string, unknown>): boolean {
  return 'ikanos' in data && !('naftiko' in data);
}

/** The document the model reads: an Ikanos file normalized, any other file as it is. */
export function normalizedDocument(doc: LoadedDocument): LoadedDocument {
  if (!isIkanos(doc.data)) return doc;
  const { data, translate } = normalizeIkanos(doc.data);
  const file = doc.map;
  return {
    ...doc,
    data,
    map: {
      locate(path) {
        const t = translate(path);
        return t.atKey ? file.locateKey(t.path) : file.locate(t.path);
      },
      locateKey: (path) => file.locateKey(translate(path).path),
    },
  };
}
