// Bundles the CLI (and later the action) into dist/ with esbuild, and ships the Python bridge beside it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('dist', { recursive: true });
const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // One shared chunk would make the entry points import each other; keep each self-contained.
  splitting: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
// The action, and the CLI's program (src/cli.ts) as dist/cli-main.js.
await build({ ...common, entryPoints: { index: 'src/action.ts', 'cli-main': 'src/cli.ts' } });
// dist/cli.js, the CLI's entry (src/bin.ts): small, so that it spawns dbt's Python (src/dbt/prestart.ts) before
// node compiles the program, which it then imports from dist/cli-main.js.
const programBeside = {
  name: 'program-beside',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\.js$/ }, (args) => (args.importer.endsWith('bin.ts') ? { path: './cli-main.js', external: true } : undefined));
  },
};
await build({ ...common, entryPoints: { cli: 'src/bin.ts' }, plugins: [programBeside] });
// The Python side: the dbt_bridge package (python/dbt_bridge/*.py), shipped beside the bundles as
// dist/dbt_bridge/ and run as `<python> dist/dbt_bridge`. Rebuilt from scratch so nothing stale ships
// (also the single-file bridge.py and its helper modules that dist/ held before the package).
for (const file of readdirSync('dist').filter((f) => f.endsWith('.py'))) rmSync(join('dist', file));
rmSync(join('dist', 'dbt_bridge'), { recursive: true, force: true });
mkdirSync(join('dist', 'dbt_bridge'));
for (const file of readdirSync(join('python', 'dbt_bridge')).filter((f) => f.endsWith('.py'))) {
  copyFileSync(join('python', 'dbt_bridge', file), join('dist', 'dbt_bridge', file));
}
