// Process entry of the `dbt-orchestrator` CLI (bundled to dist/cli.js).
import { main } from './cli.js';

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
