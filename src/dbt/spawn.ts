// Spawning the bridge's Python process: the one place that knows its command line and stdio, shared by
// DbtBridge.start and the CLI's early start (prestart.ts). Node built-ins only, so the CLI entry can load
// it before the rest of the program.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BridgeSpawnOptions {
  /** Python interpreter that has dbt installed (see locateDbt). */
  python: string;
  /** Path of the dbt_bridge package directory, run as a script (see bridgeScriptPath). */
  bridgeScript: string;
  /** The dbt project directory: the bridge's working directory. */
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  /** dbt's console output (stdout and stderr of the bridge) is appended here; discarded when unset. */
  logFile?: string;
}

/**
 * Where the dbt_bridge package is: next to this module in the bundled dist (dist/dbt_bridge/ beside
 * dist/*.js), else ../../python/dbt_bridge/ from src/dbt/ in a checkout. Python runs the directory
 * (its __main__.py), so no PYTHONPATH and no `-m` with the project directory on sys.path.
 */
export function bridgeScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'dbt_bridge'), resolve(here, '..', '..', 'python', 'dbt_bridge')];
  for (const candidate of candidates) if (existsSync(join(candidate, '__main__.py'))) return candidate;
  throw new Error(`the dbt_bridge package (dbt_bridge/__main__.py) was not found; looked at ${candidates.join(', ')}`);
}

/** The environment the bridge runs with. */
export function bridgeEnv(opts: Pick<BridgeSpawnOptions, 'env'>): NodeJS.ProcessEnv {
  return { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', ...(opts.env ?? process.env) };
}

/** Starts `<python> <bridgeScript>` in the project directory: protocol on fd 3, console output to the log. */
export function spawnBridge(opts: BridgeSpawnOptions): ChildProcess {
  const logFd = opts.logFile === undefined ? undefined : openSync(opts.logFile, 'a');
  try {
    return spawn(opts.python, [opts.bridgeScript], {
      cwd: opts.projectDir,
      env: bridgeEnv(opts),
      stdio: ['pipe', logFd ?? 'ignore', logFd ?? 'pipe', 'pipe'],
      windowsHide: true,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    if (logFd !== undefined) closeSync(logFd);
  }
}

/** Everything that makes two spawns the same process: command, directory, log and every environment variable. */
export function spawnKey(opts: BridgeSpawnOptions): string {
  const env = Object.entries(bridgeEnv(opts)).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([opts.python, opts.bridgeScript, opts.projectDir, opts.logFile ?? null, env]);
}
