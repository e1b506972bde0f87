// A generated package built by a test (tsc into its dist/), imported as its user would import it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module of `<dir>/dist/index.js`, typed as the test describes it. */
export async function importBuiltPackage<T>(dir: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, 'dist/index.js')).href)) as T;
}
