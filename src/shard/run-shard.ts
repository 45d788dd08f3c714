// `build --shard I/N --plan plan.json`: one shard of a sharded build in one long-lived dbt process
// (SHARD-INTERFACE.md). The plan decided what runs; this checks the plan still matches the code, runs the
// shard's nodes in order across shards (src/shard/shard-loop.ts) and writes its shard dir for the merge.

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BridgeError, type DbtBridge } from '../dbt/bridge.js';
import { DbtNotFoundError } from '../dbt/locate.js';
import { probeWarehouse } from '../dbt/environment.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_NODE_FAILED, EXIT_OK, InputError } from '../errors.js';
import { executeRunSet } from '../execute/execute.js';
import { producerParentsForDbt } from '../graph/produced-sources.js';
import type { EngineOptions } from '../options.js';
import { buildOrchestratorReport, writeOrchestratorReport, type OrchestratorReport } from '../report/orchestrator-json.js';
import { buildRunResults, writeRunResults } from '../report/run-results.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { countStatuses, isSuccess, runFailed } from '../status.js';
import { openStore } from '../store/store.js';
import type { NodeOutcome, RunInfo } from '../types.js';
import { recordingRunner, recordSpecFor } from '../warehouse/records.js';
import { bridgeErrorTitle, startDbt } from '../dbt/start.js';
import { slotFor } from '../engine/facts.js';
import { ownHashInputs } from '../engine/hashing.js';
import { outcomeFor, storedResultFor } from '../engine/outcomes.js';
import { parseProject } from '../engine/session.js';
import type { EngineDeps } from '../engine/types.js';
import { checkPlanMatches } from './code-check.js';
import { codeHashesOf } from './facts.js';
import { runSetParents } from './edges.js';
import { parsePlanFile, parseShardArg, refuseSingleWriter, shardName, type ShardPlanFile } from './plan-file.js';
import { proveFinishedEarlier, rebuiltAfterEarlier, REUSED_EARLIER, reusableSpecs } from './rerun.js';
import { SHARD_RESULT_KIND, type ShardResultFile } from './shard-file.js';
import { RunStatusClient, STATUS_KEEP_DAYS } from './status.js';
import { runShardLoop, syntheticResult } from './shard-loop.js';

/** How long a shard waits for parents in other shards, and how often it looks (the CLI's flag defaults). */
export const SHARD_WAIT_DEFAULTS = { waitTimeoutSeconds: 3600, heartbeatTimeoutSeconds: 120, pollSeconds: 2 } as const;

/** What a shard takes of the build options: how to reach dbt, and how to execute. The plan fixed the rest. */
export type ShardBuildOptions = Pick<EngineOptions, 'projectDir' | 'profilesDir' | 'target' | 'vars' | 'dbtPath' | 'threads' | 'retries' | 'retryDelaySeconds'>;

export interface ShardRunOptions {
  base: ShardBuildOptions;
  planPath: string;
  shard: string;
  shardDir?: string;
  waitTimeoutSeconds: number;
  heartbeatTimeoutSeconds: number;
  /** Status table polling interval and heartbeat period. */
  pollSeconds?: number;
}

/** The plan file, read and checked before dbt starts. */
export function readPlan(path: string): ShardPlanFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError('--plan', `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the plan.json written by \`dbt-orchestrator plan --shards N --json\``);
  }
  return parsePlanFile(text, path);
}

export interface ShardRunResult {
  exitCode: number;
  error?: string;
  shardDir?: string;
  /** What the shard dir's orchestrator.json holds (when the shard got as far as writing it). */
  report?: OrchestratorReport;
}

export async function runShard(options: ShardRunOptions, deps: EngineDeps): Promise<ShardRunResult> {
  const { base } = options;
  const { output } = deps;
  let plan: ShardPlanFile;
  let index: number;
  try {
    plan = readPlan(options.planPath);
    index = parseShardArg(options.shard, plan).index;
    refuseSingleWriter(plan.project.adapterType, '--shard');
  } catch (error) {
    if (error instanceof InputError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    throw error;
  }
  const shardDir = options.shardDir ?? join(base.projectDir, 'target', shardName(index, plan.shards));
  const startedAt = deps.now();
  let bridge: DbtBridge | undefined;
  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    output.warn('interrupted: stopping dbt; results of finished nodes are kept');
    bridge?.kill();
  };
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Shards side by side on one machine (or one checkout) must not share dbt's target dir (manifest,
    // partial parse): each gets its own unless the user chose one.
    const env = { ...deps.env, DBT_TARGET_PATH: deps.env.DBT_TARGET_PATH ?? join('target', `dbt-${shardName(index, plan.shards)}`) };
    bridge = await startDbt(base, { ...deps, env });
    const project = await parseProject(bridge, { ...base, defer: false }, deps);
    const { parse, nodes, graph, produced, args } = project;
    refuseSingleWriter(parse.target.adapterType, '--shard');
    const own = codeHashesOf(graph, ownHashInputs(project, base, env));
    checkPlanMatches(plan, parse, nodes, own, options.planPath);

    const mine = plan.shardPlans[index - 1]!.nodes;
    const runNodes = plan.nodes.filter((n) => n.decision === 'run');
    const planHash = new Map(plan.nodes.map((n) => [n.uniqueId, n.hash]));
    const shardOf = new Map(runNodes.map((n) => [n.uniqueId, n.shard!]));
    const parents = runSetParents(graph, runNodes.map((n) => n.uniqueId));
    if (mine.length > 0) await probeWarehouse(bridge, args, parse.target);
    const slots = new Map(mine.map((id) => [id, slotFor(nodes.get(id)!, parse)]));
    const specs = mine.flatMap((id) => recordSpecFor(nodes.get(id)!, slots.get(id)!, planHash.get(id)!) ?? []);
    // A re-run of this shard: what an earlier attempt of this run finished, as the warehouse proves it (rerun.ts).
    const reusable = reusableSpecs(specs);
    const earlier = await proveFinishedEarlier(bridge, args, reusable, plan.runId);
    const proven = new Set([...earlier].filter(([, v]) => v.ok).map(([id]) => id));
    if (earlier.size > 0) output.line(`Shard ${index}/${plan.shards}: an earlier attempt of this run finished ${earlier.size} node(s); ${proven.size} still proven by their warehouse records`);

    rmSync(shardDir, { recursive: true, force: true });
    mkdirSync(shardDir, { recursive: true });
    const store = await openStore(join(shardDir, 'store'), { warn: output.warn });
    const status = new RunStatusClient(bridge);
    const pollMs = (options.pollSeconds ?? 2) * 1000;
    const cleanup = await status.begin({ runId: plan.runId, shard: index, uniqueIds: mine, table: plan.statusTable, heartbeatSeconds: Math.max(1, pollMs / 1000) });
    if (cleanup) output.warn(`status table: could not delete the rows of runs older than ${STATUS_KEEP_DAYS} days (${cleanup}); the build goes on`);
    output.line(`Shard ${index}/${plan.shards} of run ${plan.runId}: ${mine.length} node(s); ${plan.shardPlans[index - 1]!.waitsFor.length} wait(s) on other shards`);

    const factsOf = (id: string) => ({ node: nodes.get(id)!, hash: { ...own.get(id)!, hash: planHash.get(id)! }, slot: slots.get(id)!, unknownUpstream: [] });
    const warnStore = (what: string) => (error: unknown) => output.warn(`could not ${what} in the store: ${error instanceof Error ? error.message : String(error)}`);
    const nameOf = (id: string): string => nodes.get(id)?.name ?? id;
    const runner = recordingRunner(
      { build: (buildArgs, onEvent) => bridge!.build({ ...buildArgs, extraParents: producerParentsForDbt(graph, produced) }, onEvent) },
      { runId: plan.runId, nodes: specs },
      output.warn,
    );
    const specOf = new Map(reusable.map((s) => [s.uniqueId, s]));
    const { executed, reused, rebuiltAfterEarlier: builtAgain } = await runShardLoop({
      nodes: mine,
      parents,
      shardOf,
      shard: index,
      nameOf,
      runBatch: (ids) =>
        executeRunSet({
          graph,
          runSet: ids,
          threads: base.threads ?? plan.options.threads ?? parse.target.threads,
          fullRefresh: plan.options.fullRefresh,
          retries: base.retries,
          retryDelaySeconds: base.retryDelaySeconds,
          runner,
          sleep: deps.sleep,
          cancelled: () => interrupted,
          hooks: {
            onNodeFinish: (id, result) => output.line(`${isSuccess(result.status) ? 'OK' : result.status.toUpperCase()} ${nodes.get(id)!.resource_type} ${nameOf(id)}`),
            invalidate: (id) => store.clearSlot(slots.get(id)!.key).catch(warnStore('clear a slot')),
            recordSuccess: (id, result) => store.record(storedResultFor(factsOf(id), result, deps.now(), plan.runId)).catch(warnStore('record a result')),
          },
        }),
      readStatus: () => status.read(),
      writeStatus: (rows) =>
        status.write(rows).catch((error: unknown) => {
          if (!interrupted) throw error;
        }),
      now: () => deps.now().getTime(),
      sleep: deps.sleep,
      pollMs,
      heartbeatTimeoutMs: options.heartbeatTimeoutSeconds * 1000,
      waitTimeoutMs: options.waitTimeoutSeconds * 1000,
      cancelled: () => interrupted,
      onWait: (id, parent, shard) => output.line(`WAIT ${nameOf(id)}: for \`${nameOf(parent)}\` (shard ${shard})`),
      earlier: {
        proven,
        ordersOnly: (id) => ['test', 'unit_test'].includes(nodes.get(id)?.resource_type ?? ''),
        reprove: async (ids) => {
          const again = await proveFinishedEarlier(bridge!, args, ids.map((id) => specOf.get(id)!), plan.runId);
          return new Map(ids.flatMap((id): Array<[string, string]> => {
            const v = again.get(id);
            return v?.ok ? [] : [[id, v ? v.reason : 'its relation or record is gone']];
          }));
        },
        onReused: async (id) => {
          output.line(`REUSE ${nodes.get(id)!.resource_type} ${nameOf(id)}: ${REUSED_EARLIER}`);
          await store.record(storedResultFor(factsOf(id), syntheticResult(id, 'success', REUSED_EARLIER), deps.now(), plan.runId)).catch(warnStore('record a result'));
        },
      },
    });
    // Interrupted, the dbt process is gone: the shard's outcomes are still written (the merge needs them).
    const problems = await status.finish(!interrupted).catch((error: unknown) => (interrupted ? [] : [error instanceof Error ? error.message : String(error)]));
    for (const problem of problems) output.warn(`status table: ${problem}`);

    const byId = new Map(plan.nodes.map((n) => [n.uniqueId, n]));
    const notProven = new Map([...earlier].flatMap(([id, v]): Array<[string, string]> => (v.ok ? [] : [[id, v.reason]])));
    const outcomes = mine.map((id) => {
      if (reused.has(id)) return outcomeFor({ uniqueId: id, decision: 'reuse', reason: REUSED_EARLIER }, factsOf(id), undefined);
      const why = builtAgain.get(id) ?? notProven.get(id);
      return outcomeFor({ uniqueId: id, decision: 'run', reason: why ? rebuiltAfterEarlier(why) : byId.get(id)!.reason }, factsOf(id), executed.get(id));
    });
    for (const o of outcomes) if (o.status === 'skipped' || o.status === 'error' || o.status === 'not-run') output.line(`${o.status.toUpperCase()} ${o.resourceType} ${o.name}: ${o.result?.message ?? o.reason}`);
    const finishedAt = deps.now();
    const counts = countStatuses(outcomes);
    const exitCode = interrupted ? EXIT_INTERRUPTED : runFailed(counts) || counts.notRun > 0 ? EXIT_NODE_FAILED : EXIT_OK;
    const info: RunInfo = {
      runId: plan.runId,
      command: plan.command,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      elapsedSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      dbtVersion: parse.dbtVersion,
      adapterType: parse.target.adapterType,
      args: { which: plan.command, shard: `${index}/${plan.shards}`, plan_run_id: plan.runId },
    };
    const result: ShardResultFile = { kind: SHARD_RESULT_KIND, format: 1, runId: plan.runId, shard: index, shards: plan.shards, attemptId: randomUUID(), startedAt: info.startedAt, finishedAt: info.finishedAt, exitCode, outcomes };
    const report = buildOrchestratorReport({ run: info, nodes: outcomes.map((outcome) => ({ outcome, inputs: own.get(outcome.uniqueId)!.inputs, relationName: nodes.get(outcome.uniqueId)!.relation_name ?? null })) });
    await writeRunResults(join(shardDir, 'run_results.json'), buildRunResults(outcomes, info));
    await writeOrchestratorReport(join(shardDir, 'orchestrator.json'), report);
    await writeJsonAtomic(join(shardDir, 'shard.json'), result);
    output.line(`Shard ${index}/${plan.shards}: ${counts.built} built, ${counts.reused} reused, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.notRun} not run; wrote ${shardDir}`);
    return { exitCode, shardDir, report };
  } catch (error) {
    if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, error: error.message };
    if (error instanceof BridgeError && error.kind !== 'internal' && error.kind !== 'database') return { exitCode: EXIT_BAD_INPUT, error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
    if (interrupted) return { exitCode: EXIT_INTERRUPTED, error: 'interrupted' };
    throw error;
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    await bridge?.close().catch(() => undefined);
  }
}
