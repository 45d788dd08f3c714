// Phase `execute`: the live view, the records a metadata-only change refreshes, and the run set sent through
// the one dbt process (execute/execute.ts), each success recorded in the store as it finishes.

import { dirname, join } from 'node:path';
import { executeRunSet, type ExecutedNode } from '../execute/execute.js';
import { explainTexts } from '../explain/texts.js';
import { blockedClosure } from '../graph/graph.js';
import { producerParentsForDbt } from '../graph/produced-sources.js';
import type { EngineOptions } from '../options.js';
import { compiledSqlPath, LiveView, shownPath } from '../report/live.js';
import { displayName } from '../report/names.js';
import { isNotRun } from '../status.js';
import type { NodeOutcome } from '../types.js';
import { recordingRunner, recordSpecFor } from '../warehouse/records.js';
import type { RunPlan } from './decide.js';
import type { WorldFacts } from './facts.js';
import type { RunHashes } from './hashing.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';
import { storedResultFor } from './outcomes.js';
import { equivalenceFields } from '../plan/code-equivalence.js';
import type { EngineDeps } from './types.js';

export interface Execution {
  executed: Map<string, ExecutedNode>;
  /** The dbt process died (not by an interruption): exit 1 even when no node failed. */
  dbtDied: boolean;
  live: LiveView;
}

export interface RunContext {
  runId: string;
  /** Whether the user has interrupted the run (SIGINT/SIGTERM). */
  interrupted(): boolean;
}

export async function executePlan(
  project: Project,
  selection: Selection,
  world: WorldFacts,
  run: RunHashes,
  runPlan: RunPlan,
  options: EngineOptions,
  deps: EngineDeps,
  context: RunContext,
): Promise<Execution> {
  const { bridge, nodes, graph, parse, manifest, produced } = project;
  const { decisions } = runPlan;
  const { store } = world;
  const output = deps.output;
  const runSet = decisions.filter((d) => d.decision === 'run').map((d) => d.uniqueId);
  const logPath = shownPath(join(options.projectDir, 'logs', 'dbt-orchestrator.log'), deps.cwd);
  const live = new LiveView(output, {
    logPath,
    displayOf: (id) => displayName(nodes.get(id)!),
    compiledPathOf: (id) => {
      const path = compiledSqlPath(nodes.get(id)!, dirname(parse.manifestPath));
      return path && shownPath(path, deps.cwd);
    },
    blockedBy: (failed) => blockedClosure(graph, failed),
  });
  live.plan(selection.executable.length, decisions.filter((d) => d.decision === 'run'), decisions.filter((d) => d.decision === 'reuse'));

  const factsById = new Map(runPlan.facts.map((f) => [f.node.unique_id, f]));
  const warnStore = storeWarning(output.warn);
  // A metadata-only change reuses the node; its record is rewritten so the store describes the new metadata.
  for (const d of decisions) {
    const stored = d.refreshRecord && d.decision === 'reuse' ? factsById.get(d.uniqueId)!.stored : undefined;
    if (stored) await store.record({ ...stored, inputs: factsById.get(d.uniqueId)!.hash.inputs }, { replace: true }).catch(warnStore('refresh a record'));
  }
  // A comment/whitespace-only edit checked on its compiled SQL: recorded so the next run need not compile it.
  const reusedNow = new Set(decisions.filter((d) => d.decision === 'reuse').map((d) => d.uniqueId));
  for (const record of (run.equivalentRecords ?? []).filter((r) => reusedNow.has(r.uniqueId))) {
    const texts = explainTexts(nodes.get(record.uniqueId)!, record.inputs, { macros: manifest.macros, vars: parse.vars });
    await store.record({ ...record, texts }, { replace: true, keepSlot: true }).catch(warnStore('record an equivalent result'));
  }
  if (runSet.length === 0) return { executed: new Map(), dbtDied: false, live };
  let dbtDied = false;
  const executed = await executeRunSet({
    graph,
    runSet,
    threads: options.threads ?? parse.target.threads,
    fullRefresh: options.fullRefresh,
    retries: options.retries,
    retryDelaySeconds: options.retryDelaySeconds,
    runner: recordingRunner(
      { build: (buildArgs, onEvent) => bridge.build({ ...buildArgs, extraParents: producerParentsForDbt(graph, produced) }, onEvent) },
      { runId: context.runId, nodes: runSet.flatMap((id) => recordSpecFor(nodes.get(id)!, world.slots.get(id)!, run.hashes.get(id)!.hash) ?? []) },
      output.warn,
    ),
    sleep: deps.sleep,
    cancelled: context.interrupted,
    hooks: {
      onNodeStart: (id, attempt) => live.start(id, attempt),
      onNodeFinish: (id, result, attempt) => live.finish(id, result, attempt),
      onRetry: (ids, delay, round, pending) => live.retry(ids.map((id) => nodes.get(id)!.name), delay, round, pending),
      onCrash: (message, fatal) => {
        if (context.interrupted()) return;
        dbtDied ||= fatal;
        live.crash(message);
      },
      invalidate: (id) => store.clearSlot(factsById.get(id)!.slot.key).catch(warnStore('clear a slot')),
      recordSuccess: (id, result) => {
        const f = factsById.get(id)!;
        const texts = explainTexts(f.node, f.hash.inputs, { macros: manifest.macros, vars: parse.vars });
        const equivalent = run.compiledDigest ? equivalenceFields(f.node, f.hash, result, run.compiledDigest) : {};
        return store.record({ ...storedResultFor(f, result, deps.now(), context.runId), texts, ...equivalent }).catch(warnStore('record a result'));
      },
    },
  });
  return { executed, dbtDied, live };
}

/** The live lines of nodes that never ran: skipped because of a failure, or stopped by an interruption. */
export function showNotRun(live: LiveView, outcomes: NodeOutcome[]): void {
  for (const o of outcomes) if (o.status === 'skipped' || isNotRun(o.status)) live.skipped(o.uniqueId, o.result?.message ?? o.reason, o.status);
}

export function storeWarning(warn: (message: string) => void) {
  return (what: string) => (error: unknown) => warn(`could not ${what} in the store: ${error instanceof Error ? error.message : String(error)}`);
}

