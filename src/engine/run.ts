// The engine: parse and select with dbt, hash, plan, execute, report. Entry points (CLI, action) only
// translate their inputs into EngineOptions and print what this returns. runEngine is the table of
// contents: each phase takes values and returns values (ARCHITECTURE.md lists them).

import { randomUUID } from 'node:crypto';
import { BridgeError, type DbtBridge } from '../dbt/bridge.js';
import { cycleMessage } from '../dbt/environment.js';
import { DbtNotFoundError } from '../dbt/locate.js';
import { bridgeErrorTitle, startDbt } from '../dbt/start.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, InputError } from '../errors.js';
import { DependencyCycleError } from '../graph/graph.js';
import type { EngineOptions } from '../options.js';
import { collectImpact } from '../impact/collect.js';
import { decideRun, explainRun } from './decide.js';
import { executePlan, showNotRun } from './execution.js';
import { askWarehouse, nodeFacts, readWorld } from './facts.js';
import { hashRunWithEquivalence } from './equivalence.js';
import { ownHashInputs } from './hashing.js';
import { outcomesOf } from './outcomes.js';
import { reportRun } from './report.js';
import { requestSelection, selectNodes } from './select.js';
import { loadProject, parseWithDbt } from './session.js';
import type { EngineDeps, EngineResult } from './types.js';
import { refuseSingleWriter } from '../shard/plan-file.js';
import { codeHashesOf, shardFactsOf } from '../shard/facts.js';

export type { EngineDeps, EnginePhase, EngineResult, PlannedNode } from './types.js';

export async function runEngine(options: EngineOptions, deps: EngineDeps): Promise<EngineResult> {
  const interrupt = watchInterrupt(deps);
  try {
    const bridge = interrupt.guard(await startDbt(options, deps));
    try {
      return await build(bridge, options, deps, interrupt.interrupted);
    } finally {
      interrupt.dispose();
      await bridge.close().catch(() => undefined);
    }
  } catch (error) {
    return failedRun(error, interrupt.interrupted());
  } finally {
    interrupt.dispose();
  }
}

async function build(bridge: DbtBridge, options: EngineOptions, deps: EngineDeps, interrupted: () => boolean): Promise<EngineResult> {
  const runId = randomUUID();
  const startedAt = deps.now();
  deps.onPhase?.('parse');
  const parsed = await parseWithDbt(bridge, options, deps);
  // dbt selects in its process while this one reads the manifest.
  const listing = requestSelection(parsed, options);
  const project = await loadProject(parsed);
  if (options.shards !== undefined) refuseSingleWriter(project.parse.target.adapterType, '--shards');
  deps.onPhase?.('plan');
  const ownInputs = once(() => ownHashInputs(project, options, deps.env));
  const selection = await selectNodes(project, options, ownInputs, deps.output, listing);
  // dbt lists the relations and reads their records while this process computes every node's own inputs.
  const asked = askWarehouse(project, selection);
  const own = ownInputs();
  const world = await readWorld(project, selection, options, runId, deps, asked);
  const hashes = await hashRunWithEquivalence(project, own, selection, world, options, deps);
  const facts = await nodeFacts(project, selection, world, hashes.hashes, hashes.lagKept);
  const runPlan = decideRun(project, selection, world, hashes, facts, options);
  const explanation = options.explain ? await explainRun(project, selection, hashes, runPlan, options.explain) : undefined;
  if (options.planOnly) {
    const shardFacts = options.shards === undefined ? undefined : shardFactsOf(project.parse, project.graph, codeHashesOf(project.graph, own), runPlan.facts);
    return { exitCode: EXIT_OK, plan: runPlan.plan, outcomes: [], manifestPath: project.parse.manifestPath, manifest: project.manifest, explanation, shardFacts };
  }
  deps.onPhase?.('execute');
  const execution = await executePlan(project, selection, world, hashes, runPlan, options, deps, { runId, interrupted });
  const outcomes = outcomesOf(runPlan.decisions, runPlan.facts, execution.executed);
  showNotRun(execution.live, outcomes);
  deps.onPhase?.('report');
  // PR impact against production (the action's `impact` input): a report, it never changes the result.
  const impact = options.impact && options.state && !interrupted() && !execution.dbtDied
    ? await collectImpact(bridge, options.impact, options.state, { nodes: project.nodes, children: project.graph.children, hashed: runPlan.plan, outcomes })
    : undefined;
  const result = await reportRun(project, selection, hashes, runPlan, execution, { runId, startedAt, outcomes, interrupted: interrupted() }, options, deps);
  return { ...result, impact };
}

/** A value computed on first use (every node's own inputs: only `hash:modified` needs them to select). */
function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/** Expected failures become an exit code and a message; anything else is a bug and is thrown. */
function failedRun(error: unknown, interrupted: boolean): EngineResult {
  if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: error.message };
  if (error instanceof DependencyCycleError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: cycleMessage(error) };
  if (error instanceof BridgeError && error.kind !== 'internal' && error.kind !== 'database') {
    return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
  }
  if (interrupted) return { exitCode: EXIT_INTERRUPTED, plan: [], outcomes: [], error: 'interrupted' };
  throw error;
}

interface Interrupt {
  interrupted(): boolean;
  /** The dbt process to stop when the user interrupts. */
  guard(bridge: DbtBridge): DbtBridge;
  dispose(): void;
}

/** SIGINT/SIGTERM (deps.signal): stop dbt; results of finished nodes are kept. */
function watchInterrupt(deps: Pick<EngineDeps, 'signal' | 'output'>): Interrupt {
  const state: { interrupted: boolean; bridge?: DbtBridge } = { interrupted: false };
  const onAbort = (): void => {
    state.interrupted = true;
    deps.output.warn('interrupted: stopping dbt; results of finished nodes are kept');
    state.bridge?.kill();
  };
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    interrupted: () => state.interrupted,
    guard: (bridge) => (state.bridge = bridge),
    dispose: () => deps.signal?.removeEventListener('abort', onAbort),
  };
}
