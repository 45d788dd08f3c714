// Bundles the CLI (and later the action) into dist/ with esbuild, and ships the Python bridge beside it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await build({
  entryPoints: { cli: 'src/bin.ts', index: 'src/action.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // One shared chunk would make the two entry points import each other; keep each self-contained.
  splitting: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
for (const file of ['bridge.py', 'dbt_compat.py']) copyFileSync(`python/${file}`, `dist/${file}`);
