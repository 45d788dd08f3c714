// Runs the `run` set through dbt in as few invocations as possible. The first invocation runs everything
// (dbt's own thread pool keeps independent branches going and skips what depends on a failure); each
// later round only retries nodes that errored, together with what they had blocked, after the delay.

import type { BuildArgs, BuildResult, BridgeEvent, DbtNodeResult } from '../dbt/protocol.js';
import { blockedClosure, type ProjectGraph } from '../graph/graph.js';
import { isRetryable, isSuccess } from '../status.js';
import type { AttemptError } from '../types.js';

export interface BuildRunner {
  build(args: BuildArgs, onEvent: (event: BridgeEvent) => void): Promise<BuildResult>;
}

export interface ExecutionHooks {
  onNodeStart?(uniqueId: string, attempt: number): void;
  /** Called once per attempt; `willRetry` is known only at round end, so it is reported via onRetry. */
  onNodeFinish?(uniqueId: string, result: DbtNodeResult, attempt: number): void;
  /** `uniqueIds` are retried, `pending` nodes in all (with what they had blocked) go to the next round. */
  onRetry?(uniqueIds: string[], delaySeconds: number, round: number, pending: number): void;
  /** The dbt invocation itself died (not a node failure): why, as the bridge reported it. */
  onCrash?(message: string, fatal: boolean): void;
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
  /** Every attempt that did not succeed, in order (the last one too when the node finally failed). */
  attemptErrors: AttemptError[];
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
  /** Nodes dbt started in this round. */
  started: Set<string>;
  crash?: string;
  /** The dbt process is gone (the request failed, not just the invocation): no later round can run. */
  fatal: boolean;
}

async function runRound(ids: string[], options: ExecuteOptions, attempts: Map<string, number>): Promise<RoundOutcome> {
  const results = new Map<string, DbtNodeResult>();
  const writes: Promise<void>[] = [];
  const wanted = new Set(ids);
  const started = new Set<string>();
  const onEvent = (event: BridgeEvent): void => {
    if (event.event === 'node_start' && wanted.has(event.uniqueId)) {
      started.add(event.uniqueId);
      writes.push(options.hooks.invalidate(event.uniqueId));
      options.hooks.onNodeStart?.(event.uniqueId, (attempts.get(event.uniqueId) ?? 0) + 1);
    } else if (event.event === 'node_finish' && wanted.has(event.uniqueId)) {
      results.set(event.uniqueId, event.result);
      if (event.result.status === 'skipped') return;
      options.hooks.onNodeFinish?.(event.uniqueId, event.result, (attempts.get(event.uniqueId) ?? 0) + 1);
      if (isSuccess(event.result.status)) writes.push(options.hooks.recordSuccess(event.uniqueId, event.result));
    }
  };
  let crash: string | undefined;
  let fatal = false;
  try {
    const reply = await options.runner.build({ uniqueIds: ids, threads: options.threads, fullRefresh: options.fullRefresh }, onEvent);
    for (const r of reply.results) {
      if (!wanted.has(r.unique_id)) continue;
      const seen = results.get(r.unique_id);
      if (!seen) {
        results.set(r.unique_id, r);
        if (isSuccess(r.status)) writes.push(options.hooks.recordSuccess(r.unique_id, r));
      }
    }
    crash = reply.error;
  } catch (error) {
    crash = error instanceof Error ? error.message : String(error);
    fatal = true;
  }
  await Promise.all(writes);
  if (crash) options.hooks.onCrash?.(crash, fatal);
  return { results, started, crash, fatal };
}

export async function executeRunSet(options: ExecuteOptions): Promise<Map<string, ExecutedNode>> {
  const { graph } = options;
  const order = new Map(options.runSet.map((id, i) => [id, i]));
  const attempts = new Map<string, number>();
  const final = new Map<string, ExecutedNode>();
  const errors = new Map<string, AttemptError[]>();
  const finish = (id: string, node: Omit<ExecutedNode, 'attemptErrors'>): void => {
    final.set(id, { ...node, attemptErrors: errors.get(id) ?? [] });
  };
  const finalFailures: string[] = [];
  let pending = [...options.runSet];
  let round = 1;

  while (pending.length > 0) {
    const { results, started, crash, fatal } = await runRound(pending, options, attempts);
    const retryable: string[] = [];
    const undecided: string[] = [];
    const stopped = crash !== undefined && options.cancelled?.() === true;
    for (const id of pending) {
      let result = results.get(id);
      if (!result && stopped) {
        // Interrupted: what never finished did not run; it is no failure of the node.
        const ran = started.has(id);
        const status = ran ? 'interrupted' : 'not-run';
        const message = ran ? 'interrupted: the run was stopped while dbt was running this node' : 'not run: the run was stopped before this node started';
        finish(id, { uniqueId: id, attempts: (attempts.get(id) ?? 0) + (ran ? 1 : 0), result: syntheticResult(id, status, message) });
        continue;
      }
      if (!result && crash) {
        // The full output is in the log; the node's message says why in one line.
        const why = firstLine(crash);
        if (!started.has(id) && fatal) {
          finish(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, 'not-run', `not run: dbt stopped before this node started (${why})`) });
          continue;
        }
        result = syntheticResult(id, 'error', `dbt stopped before ${started.has(id) ? 'finishing' : 'starting'} this node: ${why}`);
      }
      if (!result || result.status === 'skipped') {
        undecided.push(id);
        continue;
      }
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (!isSuccess(result.status)) errors.set(id, [...(errors.get(id) ?? []), { attempt, status: result.status, message: result.message ?? '' }]);
      finish(id, { uniqueId: id, attempts: attempt, result });
      if (isSuccess(result.status)) continue;
      // Test failures are data, not flakes: only errors are retried.
      if (isRetryable(result.status) && attempt <= options.retries && !options.cancelled?.() && !fatal) retryable.push(id);
      else finalFailures.push(id);
    }

    const blockedByFinal = blockedClosure(graph, finalFailures);
    const blockedByRetry = blockedClosure(graph, retryable);
    const next = new Set(retryable);
    for (const id of undecided) {
      if (blockedByRetry.has(id) && !blockedByFinal.has(id)) next.add(id);
      else finish(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, 'skipped', 'skipped') });
    }
    pending = [...next].sort((a, b) => order.get(a)! - order.get(b)!);
    if (pending.length === 0) break;
    options.hooks.onRetry?.(retryable, options.retryDelaySeconds, round + 1, pending.length);
    await options.sleep(options.retryDelaySeconds * 1000);
    if (options.cancelled?.()) {
      for (const id of pending) {
        // Errored nodes keep their last error; what waited for them never started.
        if (final.has(id)) finalFailures.push(id);
        else finish(id, { uniqueId: id, attempts: attempts.get(id) ?? 0, result: syntheticResult(id, 'not-run', 'not run: the run was stopped before this node started') });
      }
      break;
    }
    round += 1;
  }

  attributeSkips(final, finalFailures, graph);
  for (const id of finalFailures) {
    const node = final.get(id)!;
    node.result = { ...node.result, message: attemptsMessage(node.attemptErrors, node.result.message ?? '') };
  }
  return final;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no reason given';
}

/**
 * The message of a node that failed on every attempt: dbt's own when every attempt failed the same way;
 * otherwise the first and the last attempt's errors (a retry must not hide why the node first failed).
 */
export function attemptsMessage(attemptErrors: AttemptError[], last: string): string {
  if (attemptErrors.length < 2) return last;
  const first = attemptErrors[0];
  const final = attemptErrors[attemptErrors.length - 1];
  if (first.message.trim() === final.message.trim()) return last;
  const total = final.attempt;
  const part = (e: AttemptError): string => `attempt ${e.attempt} of ${total}:\n${clip(e.message.trim())}`;
  return `${part(first)}\n\n${part(final)}`;
}

/** Each attempt's error is kept whole in orchestrator.json; in the combined message both must fit. */
const MAX_ATTEMPT_CHARS = 4000;

function clip(text: string): string {
  return text.length <= MAX_ATTEMPT_CHARS ? text : `${text.slice(0, MAX_ATTEMPT_CHARS)}… (truncated; every attempt's error is in orchestrator.json)`;
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
