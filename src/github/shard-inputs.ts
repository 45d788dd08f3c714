// The action's sharded-build roles (issue 14, .github/workflows/dbt-build-sharded.yml), read from its inputs:
// `command: plan` with `shards`, `command: build` with `shard` (one shard of a plan), `command: merge`. Each role
// becomes the typed options of the function that does the work, the same the CLI's commands call
// (`plan --shards N`: src/shard/run-plan.ts, `build --shard I/N`: run-shard.ts, `merge`: merge.ts).

import { isAbsolute, join, resolve } from 'node:path';
import type { EngineOptions } from '../options.js';
import type { MergeOptions } from '../shard/merge.js';
import { MAX_SHARDS, shardName } from '../shard/plan-file.js';
import { SHARD_WAIT_DEFAULTS, type ShardRunOptions } from '../shard/run-shard.js';
import { ActionInputError } from './input-error.js';

export const ShardInputs = {
  shards: 'shards',
  shard: 'shard',
  plan: 'plan',
  shardResults: 'shard-results',
} as const;

export const ShardOutputs = {
  matrix: 'matrix',
  planPath: 'plan-path',
} as const;

export type ShardRole =
  | { kind: 'plan'; shards: number; planPath: string }
  | { kind: 'shard'; shard: string; index: number; shards: number; planPath: string; resultsDir: string; shardDir: string }
  | { kind: 'merge'; planPath: string; resultsDir: string };

/**
 * The sharded role the inputs ask for, or undefined for an ordinary run. Throws ActionInputError naming the
 * input when the combination is wrong, before anything runs.
 */
export function readShardRole(getInput: (name: string) => string, workspace: string, runnerTemp: string): ShardRole | undefined {
  const get = (name: string): string => getInput(name).trim();
  const command = get('command');
  const shards = get(ShardInputs.shards);
  const shard = get(ShardInputs.shard);
  const at = (value: string): string => (isAbsolute(value) ? value : resolve(workspace, value));
  const planPath = at(get(ShardInputs.plan) || join(runnerTemp, 'dbt-orchestrator-plan', 'plan.json'));
  const resultsDir = at(get(ShardInputs.shardResults) || join(runnerTemp, 'dbt-orchestrator-shards'));

  if (shards !== '' && command !== 'plan') throw new ActionInputError(ShardInputs.shards, "is for 'command: plan' (the job that cuts the build into shards)");
  if (command === 'plan') {
    if (shard !== '') throw new ActionInputError(ShardInputs.shard, "is for 'command: build' (one shard job); the plan job sets 'shards'");
    if (shards === '') throw new ActionInputError(ShardInputs.shards, `'command: plan' needs it: how many shards to cut the build into (1-${MAX_SHARDS})`);
    const n = /^\d+$/.test(shards) ? Number(shards) : NaN;
    if (!(n >= 1 && n <= MAX_SHARDS)) throw new ActionInputError(ShardInputs.shards, `'${shards}' is not a whole number from 1 to ${MAX_SHARDS} (GitHub runs at most ${MAX_SHARDS} jobs per matrix)`);
    return { kind: 'plan', shards: n, planPath };
  }
  if (command === 'merge') {
    if (shard !== '') throw new ActionInputError(ShardInputs.shard, "is for 'command: build' (one shard job), not for the merge");
    return { kind: 'merge', planPath, resultsDir };
  }
  if (shard !== '') {
    if (command !== '' && command !== 'build') throw new ActionInputError(ShardInputs.shard, `a shard runs 'command: build' (the planned command), not '${command}'`);
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    const index = m ? Number(m[1]) : NaN;
    const total = m ? Number(m[2]) : NaN;
    if (!(total >= 1 && total <= MAX_SHARDS && index >= 1 && index <= total)) {
      throw new ActionInputError(ShardInputs.shard, `'${shard}' is not I/N with 1 <= I <= N <= ${MAX_SHARDS} (use the matrix's shard value, e.g. 2/4)`);
    }
    return { kind: 'shard', shard, index, shards: total, planPath, resultsDir, shardDir: join(resultsDir, shardName(index, total)) };
  }
  for (const name of [ShardInputs.plan, ShardInputs.shardResults]) {
    if (get(name) !== '') throw new ActionInputError(name, "is for a sharded build: 'command: merge', or 'command: build' with 'shard'");
  }
  return undefined;
}

/** The inputs as readSettings reads them: plan and merge settle their options as a `build` would. */
export function settingsInput(getInput: (name: string) => string, role: ShardRole | undefined): (name: string) => string {
  if (!role || role.kind === 'shard') return getInput;
  return (name) => (name === 'command' ? 'build' : getInput(name));
}

/** The plan role: the build the inputs settled, planned (src/shard/run-plan.ts cuts it into `shards`). */
export function planRun(role: Extract<ShardRole, { kind: 'plan' }>, e: EngineOptions): { options: EngineOptions; shards: number } {
  return { options: { ...e, command: 'build', planOnly: true }, shards: role.shards };
}

/** A shard job: its shard of the plan, into <shard-results>/shard-I-of-N; the plan fixed selection and reuse. */
export function shardRun(role: Extract<ShardRole, { kind: 'shard' }>, e: EngineOptions): ShardRunOptions {
  return {
    base: { projectDir: e.projectDir, profilesDir: e.profilesDir, target: e.target, vars: e.vars, dbtPath: e.dbtPath, threads: e.threads, retries: e.retries, retryDelaySeconds: e.retryDelaySeconds },
    planPath: role.planPath,
    shard: role.shard,
    shardDir: role.shardDir,
    ...SHARD_WAIT_DEFAULTS,
  };
}

/** The merge: the shard folders found under <shard-results>, into the store the next run restores and <project>/target. */
export function mergeRun(role: Extract<ShardRole, { kind: 'merge' }>, e: EngineOptions, shardDirs: string[]): MergeOptions {
  // With dbt (the \`dbt\` input), a successful merge deletes the run's status rows; without, the shards' 35-day
  // cleanup does (README: Status table cleanup).
  const statusCleanup = e.dbtPath ? { projectDir: e.projectDir, profilesDir: e.profilesDir, target: e.target, vars: e.vars, dbtPath: e.dbtPath } : false;
  return { planPath: role.planPath, shardDirs, storeDir: e.storeDir, outDir: join(e.projectDir, 'target'), statusCleanup };
}
