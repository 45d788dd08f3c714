// One shard's execution: its nodes go to dbt in batches of what is ready (every parent succeeded, here or
// in another shard, or runs in the same invocation), so a node waiting for another shard never holds up
// independent work of this one. Between batches the status table is polled; a failed or skipped parent
// anywhere skips exactly what depends on it, a parent whose shard went silent makes its dependents give up.
// On a re-run, a node an earlier attempt of this run finished is reused at its turn instead (rerun.ts).

import type { ExecutedNode } from '../execute/execute.js';
import { isSuccess } from '../status.js';
import type { DbtNodeResult } from '../dbt/protocol.js';
import { HeartbeatWatch, readiness, type StatusRow } from './status.js';

export interface ShardLoopDeps {
  /** This shard's nodes, parents before children. */
  nodes: string[];
  /** Run-set parents of each of this shard's nodes (src/shard/edges.ts). */
  parents: Map<string, string[]>;
  /** Shard (1-based) of every run node. */
  shardOf: Map<string, number>;
  shard: number;
  nameOf(id: string): string;
  /** Runs one batch through dbt (retries included); returns every node's final result. */
  runBatch(ids: string[]): Promise<Map<string, ExecutedNode>>;
  readStatus(): Promise<StatusRow[]>;
  writeStatus(rows: Array<{ uniqueId: string; status: string; message: string }>): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  pollMs: number;
  heartbeatTimeoutMs: number;
  waitTimeoutMs: number;
  cancelled(): boolean;
  onWait?(node: string, parent: string, shard: number): void;
  /** Nodes an earlier attempt of this run finished (rerun.ts); none on a first attempt. */
  earlier?: EarlierAttempt;
}

export interface EarlierAttempt {
  /** Proven by the warehouse when the shard started. */
  proven: Set<string>;
  /** Proves these again now (each has a parent in another shard that is final now): id → why not, for those that fail. */
  reprove(ids: string[]): Promise<Map<string, string>>;
  /** A test or unit test: it only orders its children (running it again rebuilds no relation). */
  ordersOnly(id: string): boolean;
  /** A node is reused: record it (store, console) before its status row says success. */
  onReused(id: string): void | Promise<void>;
}

export interface ShardLoopResult {
  /** Every node's final result; a reused node's is a synthetic success. */
  executed: Map<string, ExecutedNode>;
  /** Nodes reused from an earlier attempt of this run. */
  reused: Set<string>;
  /** Nodes an earlier attempt finished that this one builds again, with why. */
  rebuiltAfterEarlier: Map<string, string>;
}

export function syntheticResult(uniqueId: string, status: string, message: string): DbtNodeResult {
  return { unique_id: uniqueId, status, timing: [], thread_id: 'dbt-orchestrator', execution_time: 0, adapter_response: {}, message, failures: null, compiled: null, compiled_code: null, relation_name: null };
}

export async function runShardLoop(deps: ShardLoopDeps): Promise<ShardLoopResult> {
  const done = new Map<string, ExecutedNode>();
  const proven = new Set(deps.earlier?.proven ?? []);
  const reused = new Set<string>();
  const rebuiltAfterEarlier = new Map<string, string>();
  const pending = [...deps.nodes];
  const watch = new HeartbeatWatch(deps.now());
  const waitingSince = new Map<string, number>();
  const announced = new Set<string>();
  const remote = new Map<string, StatusRow>();
  const rootOf = (id: string): string | undefined => done.get(id)?.skippedBecauseOf;
  const finishNode = (id: string, node: ExecutedNode): void => {
    done.set(id, node);
  };
  let first = true;

  while (pending.length > 0) {
    if (deps.cancelled()) break;
    const needsRemote = pending.some((id) => (deps.parents.get(id) ?? []).some((p) => deps.shardOf.get(p) !== deps.shard && !remote.has(p)));
    if (needsRemote || first) {
      const rows = await deps.readStatus();
      const now = deps.now();
      watch.observe(rows, now);
      for (const row of rows) if (!row.uniqueId.startsWith('shard:') && row.status !== 'running') remote.set(row.uniqueId, row);
    }
    first = false;
    const now = deps.now();
    const batch: string[] = [];
    const inBatch = new Set<string>();
    const decided: Array<{ uniqueId: string; status: string; message: string }> = [];
    const reuse = async (id: string): Promise<void> => {
      pending.splice(pending.indexOf(id), 1);
      await deps.earlier!.onReused(id);
      reused.add(id);
      finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult(id, 'success', 'reused: finished by an earlier attempt of this run'), attemptErrors: [] });
      decided.push({ uniqueId: id, status: 'success', message: 'reused' });
    };
    const toReprove: string[] = [];
    for (const id of [...pending]) {
      const parents = (deps.parents.get(id) ?? []).map((p) => {
        const shard = deps.shardOf.get(p) ?? deps.shard;
        const local = shard === deps.shard;
        if (local) {
          const own = done.get(p);
          return { id: p, local, shard, status: own?.result.status, rootCause: rootOf(p), inBatch: inBatch.has(p) };
        }
        const row = remote.get(p);
        return { id: p, local, shard, status: row?.status, rootCause: row?.status === 'skipped' && row.message ? row.message : undefined };
      });
      const verdict = readiness(parents, (shard) => watch.problem(shard, now, deps.heartbeatTimeoutMs, deps.waitTimeoutMs));
      if (verdict.kind === 'ready' && proven.has(id)) {
        // Ready: every local parent is done or in the batch being formed. A relation parent built in this
        // attempt means building this node again; a test parent only orders it (it must pass first).
        const relationParents = parents.filter((p) => !deps.earlier!.ordersOnly(p.id));
        const rebuilt = relationParents.find((p) => p.local && (inBatch.has(p.id) || !reused.has(p.id)));
        if (rebuilt) {
          proven.delete(id);
          rebuiltAfterEarlier.set(id, `upstream \`${deps.nameOf(rebuilt.id)}\` is rebuilt`);
        } else if (parents.some((p) => p.local && inBatch.has(p.id))) {
          continue; // its test runs in this batch: reused once it passed
        } else if (relationParents.some((p) => !p.local)) {
          toReprove.push(id);
          continue;
        } else {
          await reuse(id);
          continue;
        }
      }
      if (verdict.kind === 'ready') {
        batch.push(id);
        inBatch.add(id);
        continue;
      }
      if (verdict.kind === 'wait') {
        const since = waitingSince.get(id) ?? now;
        waitingSince.set(id, since);
        const blocker = parents.find((p) => !p.local && p.status === undefined);
        if (blocker && !announced.has(id)) {
          announced.add(id);
          deps.onWait?.(id, blocker.id, blocker.shard);
        }
        if (blocker && now - since > deps.waitTimeoutMs) {
          const why = `waited ${Math.round((now - since) / 1000)}s for \`${deps.nameOf(blocker.id)}\` (shard ${blocker.shard}) without a result (--wait-timeout)`;
          finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult(id, 'error', why), attemptErrors: [{ attempt: 0, status: 'error', message: why }] });
          decided.push({ uniqueId: id, status: 'error', message: why });
          pending.splice(pending.indexOf(id), 1);
        }
        continue;
      }
      pending.splice(pending.indexOf(id), 1);
      if (verdict.kind === 'skip') {
        const where = verdict.shard !== undefined ? ` (in shard ${deps.shardOf.get(verdict.because) ?? verdict.shard})` : '';
        const message = `skipped: upstream \`${deps.nameOf(verdict.because)}\` failed${where}`;
        finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult(id, 'skipped', message), skippedBecauseOf: verdict.because, attemptErrors: [] });
        decided.push({ uniqueId: id, status: 'skipped', message: verdict.because });
      } else {
        const message = `not run: \`${deps.nameOf(verdict.parent)}\` cannot finish: ${verdict.why}`;
        finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult(id, 'error', message), attemptErrors: [{ attempt: 0, status: 'error', message }] });
        decided.push({ uniqueId: id, status: 'error', message });
      }
    }
    if (toReprove.length > 0) {
      const failed = await deps.earlier!.reprove(toReprove);
      for (const id of toReprove) {
        proven.delete(id);
        const why = failed.get(id);
        if (why === undefined) await reuse(id);
        else rebuiltAfterEarlier.set(id, why); // still pending: built in the next round
      }
    }
    if (batch.length > 0) {
      for (const id of batch) pending.splice(pending.indexOf(id), 1);
      const executed = await deps.runBatch(batch);
      for (const id of batch) {
        const node = executed.get(id) ?? { uniqueId: id, attempts: 0, result: syntheticResult(id, 'not-run', 'not run: dbt stopped before this node started'), attemptErrors: [] };
        finishNode(id, node);
        const status = isSuccess(node.result.status) ? 'success' : node.result.status === 'skipped' ? 'skipped' : 'error';
        decided.push({ uniqueId: id, status, message: status === 'skipped' ? (node.skippedBecauseOf ?? '') : status === 'error' ? firstLine(node.result.message) : '' });
      }
    }
    await deps.writeStatus(decided);
    if (batch.length === 0 && decided.length === 0 && toReprove.length === 0 && pending.length > 0) await deps.sleep(deps.pollMs);
  }
  for (const id of pending) {
    finishNode(id, { uniqueId: id, attempts: 0, result: syntheticResult(id, 'not-run', 'not run: the shard was stopped before this node started'), attemptErrors: [] });
  }
  return { executed: done, reused, rebuiltAfterEarlier };
}

function firstLine(text: string | null | undefined): string {
  return (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 500) ?? '';
}
