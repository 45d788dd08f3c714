// The CLI's early start of dbt's Python. Importing dbt takes seconds and loading the rest of the CLI a few
// hundred milliseconds, one after the other; so bin.ts spawns the bridge first, from a rough reading of the
// command line, and loads the CLI while Python imports dbt. startDbt adopts that process only when what it
// would spawn is exactly the same (spawnKey: interpreter, script, project, log file, every environment
// variable) and the process still runs; otherwise it stops it and spawns its own, as without an early start.
// Node built-ins and locate.ts only: this module loads before the rest of the program.

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { locateDbt } from './locate.js';
import { bridgeScriptPath, spawnBridge, spawnKey, type BridgeSpawnOptions } from './spawn.js';

/** Commands that start the bridge with the options and environment the command line gives. */
const BRIDGE_COMMANDS = new Set(['build', 'run', 'test', 'seed', 'snapshot', 'plan', 'freshness']);

export interface Prestarted {
  /** The early process, once, when `opts` would spawn exactly it and it still runs; otherwise it is stopped. */
  take(opts: BridgeSpawnOptions): ChildProcess | undefined;
  /** Stops the early process unless it was taken. */
  discard(): void;
}

/** The last value of `--name VALUE` / `--name=VALUE` before `--` (commander lets a repeated option win). */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === name) value = argv[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  }
  return value;
}

/** The log file startDbt appends dbt's console output to (it creates logs/ when it starts). */
export function bridgeLogFile(projectDir: string): string {
  return join(projectDir, 'logs', 'dbt-orchestrator.log');
}

/**
 * Spawns the bridge the command line will most likely ask for, or nothing. Never creates a file or folder
 * and never throws: only for a project that has run before (its log exists), and anything unexpected
 * (no dbt found, a shard run with its own environment) means no early start.
 */
export function prestartBridge(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Prestarted | undefined {
  if (!BRIDGE_COMMANDS.has(argv[0] ?? '') || argv.some((a) => a === '--shard' || a.startsWith('--shard='))) return undefined;
  let opts: BridgeSpawnOptions;
  let child: ChildProcess;
  try {
    const projectDir = resolve(cwd, flagValue(argv, '--project-dir') ?? '.');
    const logFile = bridgeLogFile(projectDir);
    if (!existsSync(join(projectDir, 'dbt_project.yml')) || !existsSync(logFile)) return undefined;
    const { python } = locateDbt({ dbtPath: flagValue(argv, '--dbt'), projectDir, env, cwd });
    opts = { python, bridgeScript: bridgeScriptPath(), projectDir, env, logFile };
    child = spawnBridge(opts);
  } catch {
    return undefined;
  }
  const key = spawnKey(opts);
  let failed = false;
  const onFailure = (): void => {
    failed = true;
  };
  child.once('error', onFailure);
  child.once('exit', onFailure);
  let settled = false;
  const release = (): void => {
    settled = true;
    child.off('error', onFailure);
    child.off('exit', onFailure);
  };
  return {
    take(want) {
      if (settled) return undefined;
      release();
      // Events come only between ticks: the caller attaches its own listeners before the next one.
      if (!failed && child.exitCode === null && child.signalCode === null && spawnKey(want) === key) return child;
      stop(child);
      return undefined;
    },
    discard() {
      if (settled) return;
      release();
      stop(child);
    },
  };
}

function stop(child: ChildProcess): void {
  child.on('error', () => undefined);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const stream of child.stdio) stream?.destroy();
  child.unref();
}
