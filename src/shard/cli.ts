// The sharding commands of the CLI (SHARD-INTERFACE.md): `plan --shards N`, `build --shard I/N --plan F`,
// `merge --plan F DIR…`. Translates flags only; the work is in run-plan.ts, run-shard.ts and merge.ts (which the
// action's shard roles call too, with the same typed values).

import { isAbsolute, resolve } from 'node:path';
import { Option, type Command as Program } from 'commander';
import type { EngineDeps } from '../engine/types.js';
import { EXIT_BAD_INPUT, InputError } from '../errors.js';
import type { EngineOptions } from '../options.js';
import type { Output } from '../report/console.js';
import { defaultStoreDir } from '../store/store.js';
import { runMerge } from './merge.js';
import { parseShardCount, planFileText } from './plan-file.js';
import { shardPlanLines } from './plan.js';
import { runShardPlan } from './run-plan.js';
import { runShard, SHARD_WAIT_DEFAULTS } from './run-shard.js';

export interface ShardIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/** Flags of `build` for one shard. */
export function addShardBuildOptions(cmd: Program): Program {
  return cmd
    .option('--shard <i/N>', 'run shard I of N of a sharded build (needs --plan)')
    .option('--plan <file>', 'plan.json written by `plan --shards N --json` (with --shard)')
    .option('--shard-dir <dir>', "where the shard writes shard.json, store/ and its reports (default: <project-dir>/target/shard-I-of-N)")
    .option('--wait-timeout <seconds>', 'longest wait for a parent in another shard', String(SHARD_WAIT_DEFAULTS.waitTimeoutSeconds))
    .option('--heartbeat-timeout <seconds>', "a parent's shard silent this long counts as gone", String(SHARD_WAIT_DEFAULTS.heartbeatTimeoutSeconds))
    .addOption(new Option('--poll-interval <seconds>').default(String(SHARD_WAIT_DEFAULTS.pollSeconds)).hideHelp());
}

const FROM_PLAN: Array<[string, string]> = [
  ['select', '--select'],
  ['exclude', '--exclude'],
  ['selector', '--selector'],
  ['state', '--state'],
];

function seconds(name: string, value: unknown, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > 86400) throw new InputError(name, `expected seconds from ${min} to 86400, got ${JSON.stringify(value)}`);
  return n;
}

/** `build --shard I/N --plan F`: the plan carries selection and reuse, so those flags are refused. */
export async function shardBuild(opts: Record<string, unknown>, base: EngineOptions, deps: EngineDeps, io: ShardIo): Promise<number> {
  try {
    if (opts.shard === undefined || opts.plan === undefined) throw new InputError(opts.shard === undefined ? '--plan' : '--shard', '--shard I/N and --plan FILE go together: the plan says what each shard runs');
    for (const [key, flag] of FROM_PLAN) {
      const v = opts[key];
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) throw new InputError(flag, `the plan fixed the selection of a sharded build: ${flag} goes to \`plan --shards N\`, not to a shard`);
    }
    if (opts.fullRefresh) throw new InputError('--full-refresh', 'pass --full-refresh to `plan --shards N`: the plan decides what a shard rebuilds');
    if (opts.reuse === false) throw new InputError('--no-reuse', 'pass --no-reuse to `plan --shards N`: the plan decides what a shard rebuilds');
    const result = await runShard(
      {
        base,
        planPath: abs(String(opts.plan), io.cwd),
        shard: String(opts.shard),
        shardDir: opts.shardDir === undefined ? undefined : abs(String(opts.shardDir), io.cwd),
        waitTimeoutSeconds: seconds('--wait-timeout', opts.waitTimeout, 1),
        heartbeatTimeoutSeconds: seconds('--heartbeat-timeout', opts.heartbeatTimeout, 3),
        pollSeconds: seconds('--poll-interval', opts.pollInterval, 0.2),
      },
      deps,
    );
    if (result.error) io.stderr.write(`error: ${result.error}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

/** `plan --shards N [--json]`: the engine's plan, cut into shards (./run-plan.ts); the plan file or its table. */
export async function shardPlan(options: EngineOptions, shardsFlag: unknown, json: boolean, deps: EngineDeps, io: ShardIo, output: Output): Promise<number> {
  let shards: number;
  try {
    shards = parseShardCount(String(shardsFlag));
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  const result = await runShardPlan(options, shards, { ...deps, output: json ? { line: () => undefined, warn: output.warn } : output });
  if (!result.plan) {
    if (result.error) io.stderr.write(`error: ${result.error}\n`);
    return result.exitCode;
  }
  if (json) io.stdout.write(planFileText(result.plan));
  else for (const line of shardPlanLines(result.plan)) output.line(line);
  return result.exitCode;
}

export function addMergeCommand(program: Program, io: ShardIo & { env: NodeJS.ProcessEnv }, output: Output, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('one run_results.json, orchestrator.json and store from the shard dirs of a sharded build')
    .argument('<shard-dirs...>', 'the shard dirs (shard-I-of-N) written by `build --shard`')
    .requiredOption('--plan <file>', 'the plan.json the shards ran')
    .option('--project-dir <dir>', 'dbt project directory', '.')
    .option('--store <dir>', 'store to merge the shards into (default: <project-dir>/.dbt-orchestrator)')
    .option('--out <dir>', 'where run_results.json and orchestrator.json go (default: <project-dir>/target)')
    .option('--profiles-dir <dir>', "dbt profiles directory, to delete the run's status rows after a successful merge")
    .option('-t, --target <name>', 'dbt target (the one the shards used)')
    .option('--vars <yaml>', 'dbt vars (those the shards used)')
    .option('--dbt <path>', 'path to the dbt executable (its Python runs the bridge)')
    .option('--no-status-cleanup', "keep the run's rows in the status table (no dbt is started)")
    .action(async (dirs: string[], opts: Record<string, unknown>) => {
      const projectDir = abs(String(opts.projectDir), io.cwd);
      const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
      const result = await runMerge(
        {
          planPath: abs(String(opts.plan), io.cwd),
          shardDirs: dirs.map((d) => abs(d, io.cwd)),
          storeDir: opts.store === undefined ? defaultStoreDir(projectDir) : abs(String(opts.store), io.cwd),
          outDir: opts.out === undefined ? resolve(projectDir, 'target') : abs(String(opts.out), io.cwd),
          statusCleanup:
            opts.statusCleanup === false
              ? false
              : { projectDir, profilesDir: opts.profilesDir === undefined ? undefined : abs(String(opts.profilesDir), io.cwd), target: str(opts.target), vars: str(opts.vars), dbtPath: opts.dbt === undefined ? undefined : abs(String(opts.dbt), io.cwd) },
        },
        { output, now: () => new Date(), env: io.env, cwd: io.cwd },
      );
      if (result.error) io.stderr.write(`error: ${result.error}\n`);
      setExit(result.exitCode);
    });
}

function abs(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
