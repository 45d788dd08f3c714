// The action's sharded-build roles (issue 14, .github/workflows/dbt-build-sharded.yml), read from its inputs:
// `command: plan` with `shards`, `command: build` with `shard` (one shard of a plan), `command: merge`. Each role
// becomes the argument list of the CLI command that does the work (`plan --shards N --json`,
// `build --shard I/N --plan P`, `merge --plan P DIR...`), so the action and the CLI cannot drift apart.

import { isAbsolute, join, resolve } from 'node:path';
import type { EngineOptions } from '../options.js';
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

/** GitHub's limit on the jobs of one matrix. */
export const MAX_SHARDS = 256;

export type ShardRole =
  | { kind: 'plan'; shards: number; planPath: string }
  | { kind: 'shard'; shard: string; index: number; shards: number; planPath: string; resultsDir: string; shardDir: string }
  | { kind: 'merge'; planPath: string; resultsDir: string };

/** The folder name a shard's results live in: what `matrix.include[].name` says and what merge reads. */
export function shardFolderName(index: number, shards: number): string {
  return `shard-${index}-of-${shards}`;
}

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
    return { kind: 'shard', shard, index, shards: total, planPath, resultsDir, shardDir: join(resultsDir, shardFolderName(index, total)) };
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

function projectArgs(e: EngineOptions): string[] {
  return [
    '--project-dir',
    e.projectDir,
    ...(e.profilesDir ? ['--profiles-dir', e.profilesDir] : []),
    ...(e.target ? ['--target', e.target] : []),
    ...(e.vars ? ['--vars', e.vars] : []),
    ...(e.dbtPath ? ['--dbt', e.dbtPath] : []),
  ];
}

/** The CLI command line (without the program name) of a role, from the options the inputs settled; merge reads `shardDirs`. */
export function cliArgs(role: ShardRole, e: EngineOptions, shardDirs: string[] = []): string[] {
  switch (role.kind) {
    case 'plan':
      return [
        'plan',
        '--shards',
        String(role.shards),
        '--json',
        ...projectArgs(e),
        ...e.select.flatMap((s) => ['--select', s]),
        ...e.exclude.flatMap((s) => ['--exclude', s]),
        ...(e.selector ? ['--selector', e.selector] : []),
        ...(e.fullRefresh ? ['--full-refresh'] : []),
        ...(e.threads !== undefined ? ['--threads', String(e.threads)] : []),
        '--store',
        e.storeDir,
        ...(e.reuse ? [] : ['--no-reuse']),
      ];
    case 'shard':
      return [
        'build',
        '--shard',
        role.shard,
        '--plan',
        role.planPath,
        '--shard-dir',
        role.shardDir,
        ...projectArgs(e),
        ...(e.threads !== undefined ? ['--threads', String(e.threads)] : []),
        '--retries',
        String(e.retries),
        '--retry-delay',
        String(e.retryDelaySeconds),
      ];
    case 'merge':
      // With dbt (the `dbt` input), a successful merge deletes the run's status rows; without, the shards'
      // 35-day cleanup does (README: Status table cleanup).
      return ['merge', '--plan', role.planPath, ...(e.dbtPath ? projectArgs(e) : ['--project-dir', e.projectDir, '--no-status-cleanup']), '--store', e.storeDir, '--out', join(e.projectDir, 'target'), ...shardDirs];
  }
}
