// For `npm run test:unit` (scripts/test-unit.sh): compiles test files with esbuild into plain ES modules that
// node runs without a TypeScript loader. Under tsx every module a test imports, @actions/* and @azure/* too,
// goes through tsx's loader hooks (about twice the time to load them), and each file pays its own process
// and tsx start-up; a bundle of many files loads them once in one process.
//
//   node scripts/bundle-unit-tests.mjs <out-dir> <name>=<file>[,<file>...] ...
//
// writes <out-dir>/<name>.mjs for each group: the files of a group are imported in the given order, so
// node:test runs them in one process, each file's top-level suites at the root as under `node --test`.
// Files whose root-level hooks set up process-wide state (environment, stdout capture) need a group of their
// own. The test files themselves are unchanged and still run one per process under tsx in `npm test`.
//
// Packages stay external (imported from node_modules as usual). `import.meta.url`/`dirname`/`filename` are
// replaced by the original .ts file's, so paths computed from them (the repo root, .venv, the Python bridge)
// are those of the source tree. Source maps are inline: run the bundles with --enable-source-maps.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, ...specs] = process.argv.slice(2);
if (!outDir || specs.length === 0) {
  console.error('usage: node scripts/bundle-unit-tests.mjs <out-dir> <name>=<file>[,<file>...] ...');
  process.exit(2);
}
const groups = new Map(
  specs.map((spec) => {
    const [name, list] = spec.split('=');
    if (!name || !list) throw new Error(`bundle-unit-tests: expected <name>=<file>[,<file>...], got ${spec}`);
    return [name, list.split(',').filter(Boolean)];
  }),
);

const ENTRY = 'unit-group';
await build({
  entryPoints: [...groups.keys()].map((name) => ({ in: `${ENTRY}:${name}`, out: name })),
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: false,
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [
    {
      name: 'unit-groups',
      setup(b) {
        b.onResolve({ filter: new RegExp(`^${ENTRY}:`) }, (args) => ({ path: args.path.slice(ENTRY.length + 1), namespace: ENTRY }));
        b.onLoad({ filter: /.*/, namespace: ENTRY }, (args) => ({
          contents: groups.get(args.path).map((file) => `import ${JSON.stringify(resolve(file))};`).join('\n'),
          resolveDir: process.cwd(),
          loader: 'js',
        }));
        b.onLoad({ filter: /\.ts$/ }, async (args) => {
          const text = await readFile(args.path, 'utf8');
          const contents = text
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
            .replaceAll('import.meta.filename', JSON.stringify(args.path));
          if (/\bimport\.meta\b/.test(contents)) throw new Error(`${args.path}: import.meta other than url/dirname/filename; teach scripts/bundle-unit-tests.mjs about it`);
          return { contents, loader: 'ts' };
        });
      },
    },
  ],
});
