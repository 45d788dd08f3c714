// Process entry of the `dbt-orchestrator` CLI (bundled to dist/cli.js). dbt's Python is spawned first
// (dbt/prestart.ts: importing dbt takes seconds), and the rest of the CLI loads while it imports dbt.
import { prestartBridge } from './dbt/prestart.js';

const argv = process.argv.slice(2);
const prestarted = prestartBridge(argv, process.env, process.cwd());
try {
  const { main } = await import('./cli.js');
  process.exitCode = await main({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), prestarted });
} finally {
  prestarted?.discard();
}
