// `plan --shards N`: the engine's plan of a build (reuse decided once, as a single-runner build decides it),
// cut into N shards (plan.ts). Called with typed values by the CLI (./cli.ts) and the action's plan role
// (src/github/shard-role.ts); each prints or stores the plan file its own way.

import { randomUUID } from 'node:crypto';
import { runEngine } from '../engine/run.js';
import type { EngineDeps } from '../engine/types.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError } from '../errors.js';
import type { EngineOptions } from '../options.js';
import type { ShardPlanFile } from './plan-file.js';
import { buildShardPlan } from './plan.js';

export type ShardPlanResult = { exitCode: typeof EXIT_OK; plan: ShardPlanFile } | { exitCode: number; error?: string; plan?: undefined };

/** The plan of `options` (a build; `shards` already checked 1..256) cut into `shards`. */
export async function runShardPlan(options: EngineOptions, shards: number, deps: EngineDeps): Promise<ShardPlanResult> {
  if (options.command !== 'build') return { exitCode: EXIT_BAD_INPUT, error: new InputError('--command', 'a sharded plan is a plan of `build`').message };
  if (options.explain) return { exitCode: EXIT_BAD_INPUT, error: new InputError('--explain', '--explain explains one node; leave out --shards').message };
  const result = await runEngine({ ...options, planOnly: true, shards }, deps);
  if (result.exitCode !== EXIT_OK) return { exitCode: result.exitCode, error: result.error };
  if (!result.shardFacts) throw new Error('the engine planned a sharded build without its shard facts');
  const plan = buildShardPlan({
    plan: result.plan,
    facts: result.shardFacts,
    shards,
    threads: options.threads ?? result.shardFacts.target.threads,
    runId: randomUUID(),
    now: deps.now(),
    command: options.command,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector,
    fullRefresh: options.fullRefresh,
  });
  return { exitCode: EXIT_OK, plan };
}
