// Build step: the CLI's compiled modules (dist/generator/**, ~90 files) bundled into one ES module,
// dist/generator/cli/bundle/main.js, which bin/naftiko-gen.js loads: a cold run then resolves,
// reads and links one file instead of ~90 (notes/issue-12cold.md). Packages stay external (they load
// as before, each only when used) except commander, which every run needs; what a dynamic import
// loads (migrate) is a chunk of its own (esbuild's code splitting), ts-morph stays a package.
// yaml and the Handlebars runtime are bundled apart, one CommonJS file each (generator/vendor.ts).
//
// Modules that locate files beside themselves (precompiled validators and templates, the format
// worker, templates/) do so through `import.meta.url`; in the bundle each one sees its own original
// URL (dist/generator/<dir>/<file>.js), so those paths resolve as they do unbundled.
import { build, transform } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist/generator/cli/bundle');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Third-party code copied into a bundle keeps its notice: which package, version and license, and
// where the license text is (the package stays a dependency, so npm installs it beside us).
function notice(name) {
  const { version, license } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return `// Includes ${name} ${version} (${license} license; full text in node_modules/${name}/LICENSE).`;
}

const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]generator[\\/].*\.js$/ }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      // `define` replaces the expression in code only (emitters also print the words in strings).
      const { code } = await transform(text, { loader: 'js', format: 'esm', define: { 'import.meta.url': 'moduleUrl__' } });
      const fromBundle = relative(outdir, path).split(sep).join('/');
      return { contents: `const moduleUrl__ = new URL(${JSON.stringify(fromBundle)}, import.meta.url).href;\n${code}`, loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true }); // chunk names carry content hashes
await build({
  entryPoints: { main: join(root, 'dist/generator/cli/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages stay external but commander, which every run loads (7 CommonJS modules); its require()s
  // of Node's modules go through a require made for the bundle.
  external: Object.keys(pkg.dependencies).filter((name) => name !== 'commander').flatMap((name) => [name, `${name}/*`]),
  banner: { js: `${notice('commander')}\nimport { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);` },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [ownUrl],
});

// yaml and the Handlebars runtime, which most runs load, as one CommonJS file each (generator/vendor.ts).
for (const specifier of ['yaml', 'handlebars/runtime']) {
  await build({
    entryPoints: [createRequire(import.meta.url).resolve(specifier)],
    outfile: join(root, 'dist/generator', `vendor/${specifier.replace(/\//g, '__')}.cjs`),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: notice(specifier.split('/')[0]) },
    logLevel: 'warning',
  });
}
