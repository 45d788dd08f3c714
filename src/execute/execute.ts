// Runs the `run` set through dbt in as few invocations as possible. The first invocation runs everything
// (dbt's own thread pool keeps independent branches going and skips what depends on a failure); each
// later round only retries nodes that errored, together with what they had blocked, after the delay.

import type { BuildArgs, BuildResult, BridgeEvent, DbtNodeResult } from '../dbt/protocol.js';
import { blockedClosure, type ProjectGraph } from '../graph/graph.js';

export interface BuildRunner {
  build(args: BuildArgs, onEvent: (event: BridgeEvent) => void): Promise<BuildResult>;
}

export interface ExecutionHooks {
  onNodeStart?(uniqueId: string, attempt: number): void;
  /** Called once per attempt; `willRetry` is known only at round end, so it is reported via onRetry. */
  onNodeFinish?(uniqueId: string, result: DbtNodeResult, attempt: number): void;
  onRetry?(uniqueIds: string[], delaySeconds: number, round: number): void;
  /** Persist a success immediately, so an interrupted run loses nothing that finished. */
  recordSuccess(uniqueId: string, result: DbtNodeResult): Promise<void>;
  /** A node is about to rewrite its relation: its previous content can no longer be vouched for. */
  invalidate(uniqueId: string): Promise<void>;
}

export interface ExecuteOptions {
  graph: ProjectGraph;
  /** Node ids to execute, parents before children. */
  runSet: string[];
  threads: number;
  fullRefresh: boolean;
  retries: number;
  retryDelaySeconds: number;
  runner: BuildRunner;
  hooks: ExecutionHooks;
  sleep(ms: number): Promise<void>;
  /** Set when the user interrupted: no further rounds start. */
  cancelled?(): boolean;
}

export interface ExecutedNode {
  uniqueId: string;
  attempts: number;
  /** Result of the last attempt (dbt's, or ours for nodes dbt never reported). */
  result: DbtNodeResult;
  skippedBecauseOf?: string;
}

const SUCCESS = new Set(['success', 'pass', 'warn']);

export function isSuccessStatus(status: string): boolean {
  return SUCCESS.has(status);
}

function syntheticResult(uniqueId: string, status: string, message: string): DbtNodeResult {
  return {
    unique_id: uniqueId,
    status,
    timing: [],
    thread_id: 'dbt-orchestrator',
    execution_time: 0,
    adapter_response: {},
    message,
    failures: null,
    compiled: null,
    compiled_code: null,
    relation_name: null,
  };
}

interface RoundOutcome {
  results: Map<string, DbtNodeResult>;
  crash?: string;
}

async function runRound(ids: string[], options: ExecuteOptions, attempts: Map<string, number>): Promise<RoundOutcome> {
  const results = new Map<string, DbtNodeResult>();
  const writes: Promise<void>[] = [];
  const wanted = new Set(ids);
  const onEvent = (event: BridgeEvent): void => {
    if (event.event === 'node_start' && wanted.has(event.uniqueId)) {
      writes.push(options.hooks.invalidate(event.uniqueId));
      options.hooks.onNodeStart?.(event.uniqueId, (attempts.get(event.uniqueId) ?? 0) + 1);
    } else if (event.event === 'node_finish' && wanted.has(event.uniqueId)) {
      results.set(event.uniqueId, event.result);
      if (event.result.status === 'skipped') return;
      options.hooks.onNodeFinish?.(event.uniqueId, event.result, (attempts.get(event.uniqueId) ?? 0) + 1);
      if (isSuccessStatus(event.result.status)) writes.push(options.hooks.recordSuccess(event.uniqueId, event.result));
    }
  };
  let crash: string | undefined;
  try {
    const reply = await options.runner.build({ uniqueIds: ids, threads: options.threads, fullRefresh: options.fullRefresh }, onEvent);
    for (const r of reply.results) {
      if (!wanted.has(r.unique_id)) continue;
      const seen = results.get(r.unique_id);
      if (!seen) {
        results.set(r.unique_id, r);
        if (isSuccessStatus(r.status)) writes.push(options.hooks.recordSuccess(r.unique_id, r));
      }
    }
    crash = reply.error;
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
  }
  await Promise.all(writes);
  return { results, crash };
}

export async function executeRunSet(options: ExecuteOptions): Promise<Map<string, ExecutedNode>> {
  const { graph } = options;
  const order = new Map(options.runSet.map((id, i) => [id, i]));
  const attempts = new Map<string, number>();
  const final = new Map<string, ExecutedNode>();
  const finalFailures: string[] = [];
  let pending = [...options.runSet];
  let round = 1;

  while (pending.length > 0) {
    const { results, crash } = await runRound(pending, options, attempts);
    const retryable: string[] = [];
    const undecided: string[] = [];
    for (const id of pending) {
      const result = results.get(id) ?? (crash ? syntheticResult(id, 'error', `dbt stopped before finishing this node: ${crash}`) : undefined);
      if (!result || result.status === 'skipped') {
        undecided.push(id);
        continue;
      }
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      final.set(id, { uniqueId: id, attempts: attempt, result });
      if (isSuccessStatus(result.status)) continue;
      // Test failures are data, not flakes: only errors are retried.
      if (result.status === 'error' && attempt <= options.retries && !options.cancelled?.()) retryable.push(id);
      else finalFailures.push(id);
    }

    const blockedByFinal = blockedClosure(graph, finalFailures);
    const blockedByRetry = blockedClosure(graph, retryable);
    const next = new Set(retryable);
    for (const id of undecided) {
      if (blockedByRetry.has(id) && !blockedByFinal.has(id)) next.add(id);
      else final.set(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, 'skipped', 'skipped') });
    }
    pending = [...next].sort((a, b) => order.get(a)! - order.get(b)!);
    if (pending.length === 0) break;
    options.hooks.onRetry?.(retryable, options.retryDelaySeconds, round + 1);
    await options.sleep(options.retryDelaySeconds * 1000);
    if (options.cancelled?.()) {
      for (const id of pending) if (!final.has(id)) final.set(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, 'skipped', 'run cancelled') });
      break;
    }
    round += 1;
  }

  attributeSkips(final, finalFailures, graph);
  return final;
}

/** Names, for each skipped node, a failed node that blocked it. */
function attributeSkips(final: Map<string, ExecutedNode>, failures: string[], graph: ProjectGraph): void {
  const skipped = [...final.values()].filter((n) => n.result.status === 'skipped');
  if (skipped.length === 0) return;
  for (const failure of failures) {
    const blocked = blockedClosure(graph, [failure]);
    for (const node of skipped) {
      if (node.skippedBecauseOf === undefined && blocked.has(node.uniqueId)) {
        node.skippedBecauseOf = failure;
        node.result = { ...node.result, message: `skipped: upstream \`${graph.nodes.get(failure)?.name ?? failure}\` failed` };
      }
    }
  }
}
