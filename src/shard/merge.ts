// `merge --plan plan.json SHARD_DIR…`: one run_results.json, one orchestrator.json and one store from the
// shards of one sharded build (SHARD-INTERFACE.md). Reads files only; once the run merged successfully it
// deletes the run's status rows through dbt (merge-cleanup.ts), best effort.

import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXIT_BAD_INPUT, EXIT_NODE_FAILED, EXIT_OK, InputError } from '../errors.js';
import { buildOrchestratorReport, writeOrchestratorReport, type OrchestratorReport } from '../report/orchestrator-json.js';
import { buildRunResults, writeRunResults, type RunResultsV6 } from '../report/run-results.js';
import type { Output } from '../report/console.js';
import { recordRun } from '../report/savings.js';
import { countStatuses, runFailed } from '../status.js';
import { openStore } from '../store/store.js';
import type { RunInfo, StoredResult } from '../types.js';
import { deleteRunStatus, type StatusCleanupOptions } from './merge-cleanup.js';
import { readJsonFile } from '../util/json-file.js';
import { mergeOutcomes, missingShards, type ShardInput } from './merge-outcomes.js';
import type { ShardPlanFile } from './plan-file.js';
import { readPlan } from './run-shard.js';
import { parseShardResultFile, type ShardResultFile } from './shard-file.js';

export interface MergeOptions {
  planPath: string;
  shardDirs: string[];
  storeDir: string;
  outDir: string;
  /** Where dbt finds the warehouse, to delete the run's status rows after a successful merge; absent or false: keep them. */
  statusCleanup?: StatusCleanupOptions | false;
}

export interface MergeResult {
  exitCode: number;
  error?: string;
  runResultsPath?: string;
  orchestratorPath?: string;
  /** What those two files hold, as the merge wrote them, and the plan it read. */
  report?: OrchestratorReport;
  plan?: ShardPlanFile;
  runResults?: RunResultsV6;
}

function readShardFile(dir: string, plan: ShardPlanFile): { shard: number; result?: ShardResultFile } {
  const path = join(dir, 'shard.json');
  if (existsSync(path)) {
    const read = readJsonFile(path, path, parseShardResultFile);
    if (!read.ok) throw new InputError('merge', read.reason);
    const value = read.value;
    if (value.runId !== plan.runId) throw new InputError('merge', `${dir} holds shard ${value.shard} of run ${value.runId}, but the plan is run ${plan.runId}: pass the shard dirs built from this plan`);
    if (value.shards !== plan.shards || value.shard < 1 || value.shard > plan.shards) throw new InputError('merge', `${dir} is shard ${value.shard}/${value.shards}, the plan has ${plan.shards} shards`);
    return { shard: value.shard, result: value };
  }
  const match = /shard-(\d+)-of-(\d+)/.exec(basename(dir.replace(/[/\\]+$/, '')));
  if (!match || Number(match[2]) !== plan.shards || Number(match[1]) < 1 || Number(match[1]) > plan.shards) {
    throw new InputError('merge', `${dir} has no shard.json and its name does not say which of the plan's ${plan.shards} shards it is (shard-I-of-${plan.shards})`);
  }
  return { shard: Number(match[1]) };
}

/** What a shard's store recorded for its planned nodes in this run (results of other runs are not this build's). */
async function resultsOfRun(plan: ShardPlanFile, shard: number, dir: string, warn: (message: string) => void): Promise<StoredResult[]> {
  const store = await openStore(dir, { warn });
  const out: StoredResult[] = [];
  for (const n of plan.nodes) {
    if (n.decision !== 'run' || n.shard !== shard) continue;
    const result = await store.getResult(n.hash);
    if (result && result.runId === plan.runId && result.uniqueId === n.uniqueId) out.push(result);
  }
  return out;
}

export async function runMerge(options: MergeOptions, deps: { output: Output; now(): Date; env: NodeJS.ProcessEnv; cwd: string }): Promise<MergeResult> {
  const { output } = deps;
  const inputs = new Map<number, ShardInput & { finishedAt?: string }>();
  let plan: ShardPlanFile;
  try {
    plan = readPlan(options.planPath);
    if (options.shardDirs.length === 0) throw new InputError('merge', 'no shard dirs given: pass the shard dirs of this plan (e.g. shards/*/)');
    for (const dir of options.shardDirs) {
      if (!existsSync(dir)) throw new InputError('merge', `${dir} does not exist`);
      const { shard, result } = readShardFile(dir, plan);
      const storeDir = join(dir, 'store');
      const stored = existsSync(storeDir) ? await resultsOfRun(plan, shard, storeDir, output.warn) : [];
      const known = inputs.get(shard);
      if (known && (known.finishedAt ?? '') >= (result?.finishedAt ?? '')) {
        output.warn(`${dir}: shard ${shard} was given twice; the later attempt counts`);
        continue;
      }
      inputs.set(shard, { outcomes: result?.outcomes, stored, finishedAt: result?.finishedAt });
    }
  } catch (error) {
    if (error instanceof InputError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    throw error;
  }
  for (const shard of missingShards(plan, inputs)) output.warn(`shard ${shard}/${plan.shards} left no shard dir: its nodes are reported as not run`);

  const store = await openStore(options.storeDir, { warn: output.warn });
  const reusedFrom = new Map<string, StoredResult>();
  for (const n of plan.nodes) {
    if (n.decision !== 'reuse') continue;
    const stored = await store.getResult(n.hash);
    if (stored) reusedFrom.set(n.uniqueId, stored);
  }
  const outcomes = mergeOutcomes(plan, inputs, reusedFrom);

  // One store: each run node's slot takes the result its shard recorded for the planned hash, else it is
  // cleared (the node was to be rebuilt; whatever its relation holds now, the store cannot vouch for it).
  const recorded = new Map<string, StoredResult>();
  for (const input of inputs.values()) for (const r of input.stored) recorded.set(`${r.uniqueId}@${r.hash}`, r);
  const warnStore = (error: unknown): void => output.warn(`could not update the store: ${error instanceof Error ? error.message : String(error)}`);
  for (const n of plan.nodes) {
    if (n.decision !== 'run') continue;
    const result = recorded.get(`${n.uniqueId}@${n.hash}`);
    if (result) await store.record(result, { replace: true }).catch(warnStore);
    else if (n.slot) await store.clearSlot(n.slot).catch(warnStore);
  }

  const finishedAt = deps.now();
  const startedAt = new Date(plan.createdAt);
  const info: RunInfo = {
    runId: plan.runId,
    command: plan.command,
    startedAt: plan.createdAt,
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1000),
    dbtVersion: plan.project.dbtVersion,
    adapterType: plan.project.adapterType,
    args: { which: plan.command, select: plan.options.select, exclude: plan.options.exclude, selector: plan.options.selector, full_refresh: plan.options.fullRefresh, shards: plan.shards },
  };
  const runResultsPath = join(options.outDir, 'run_results.json');
  const orchestratorPath = join(options.outDir, 'orchestrator.json');
  const runResults = buildRunResults(outcomes, info);
  await writeRunResults(runResultsPath, runResults);
  const inputsOf = (id: string, hash: string) => recorded.get(`${id}@${hash}`)?.inputs ?? reusedFrom.get(id)?.inputs ?? [];
  const report = buildOrchestratorReport({
    run: info,
    nodes: outcomes.map((outcome) => ({ outcome, inputs: inputsOf(outcome.uniqueId, outcome.hash), relationName: outcome.result?.relation_name ?? outcome.reusedFrom?.relationName ?? null })),
    ephemeral: plan.nodes.filter((n) => n.decision === 'ephemeral').map((n) => ({ uniqueId: n.uniqueId, name: n.name, hash: n.hash, inputs: [] })),
  });
  await writeOrchestratorReport(orchestratorPath, report);
  await recordRun(options.storeDir, info, outcomes).catch(warnStore);
  const counts = countStatuses(outcomes);
  output.line(`Merged ${inputs.size} of ${plan.shards} shard(s) of run ${plan.runId}: ${counts.built} built, ${counts.reused} reused, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.notRun} not run`);
  output.line(`Wrote ${runResultsPath} and ${orchestratorPath}; store ${options.storeDir}`);
  const exitCode = runFailed(counts) || counts.notRun > 0 ? EXIT_NODE_FAILED : EXIT_OK;
  // A run with something left to re-run keeps its rows: a re-run of its failed shards needs them.
  if (exitCode === EXIT_OK && options.statusCleanup) {
    const problem = await deleteRunStatus(plan, options.statusCleanup, deps);
    if (problem) output.warn(problem);
    else output.line(`Deleted the status rows of run ${plan.runId}`);
  }
  return { exitCode, runResultsPath, orchestratorPath, report, runResults, plan };
}
