// The merge of a sharded build, as data (pure): every planned node's one outcome, from the plan (reused),
// its shard's shard.json, or its shard's store (a shard killed before writing shard.json); a node whose
// shard left nothing is `not-run`, named as such.

import { isNotRun } from '../status.js';
import type { NodeOutcome, StoredResult } from '../types.js';
import type { ShardPlanFile } from './plan-file.js';

export interface ShardInput {
  /** shard.json's outcomes, when the shard got to write it. */
  outcomes?: NodeOutcome[];
  /** Results of this run id in the shard's store. */
  stored: StoredResult[];
}

export function mergeOutcomes(plan: ShardPlanFile, inputs: Map<number, ShardInput>, reusedFrom: Map<string, StoredResult>): NodeOutcome[] {
  const out: NodeOutcome[] = [];
  const byShard = new Map<number, { outcomes: Map<string, NodeOutcome>; stored: Map<string, StoredResult> }>();
  for (const [shard, input] of inputs) {
    byShard.set(shard, {
      outcomes: new Map((input.outcomes ?? []).map((o) => [o.uniqueId, o])),
      stored: new Map(input.stored.map((r) => [`${r.uniqueId}@${r.hash}`, r])),
    });
  }
  for (const node of plan.nodes) {
    const base = { uniqueId: node.uniqueId, resourceType: node.resourceType, name: node.name, hash: node.hash };
    if (node.decision === 'ephemeral') continue;
    if (node.decision === 'reuse') {
      const from = reusedFrom.get(node.uniqueId);
      out.push({ ...base, decision: 'reuse', reason: node.reason, attempts: 0, status: 'reused', ...(from ? { reusedFrom: from } : {}) });
      continue;
    }
    const shard = byShard.get(node.shard!);
    const reported = shard?.outcomes.get(node.uniqueId);
    const stored = shard?.stored.get(`${node.uniqueId}@${node.hash}`);
    if (reported && !(isNotRun(reported.status) && stored)) {
      out.push(reported);
    } else if (stored) {
      out.push({ ...base, decision: 'run', reason: node.reason, result: stored.result, attempts: 1, status: stored.status });
    } else {
      const message = `not run: shard ${node.shard} of ${plan.shards} reported no result (cancelled or crashed); re-run that shard with the same plan`;
      out.push({
        ...base,
        decision: 'run',
        reason: node.reason,
        attempts: 0,
        status: 'not-run',
        result: { unique_id: node.uniqueId, status: 'not-run', timing: [], thread_id: 'dbt-orchestrator', execution_time: 0, adapter_response: {}, message, failures: null, compiled: null, compiled_code: null, relation_name: null },
      });
    }
  }
  return out;
}

/** The shards that left no trace at all (neither shard.json nor a result in their store). */
export function missingShards(plan: ShardPlanFile, inputs: Map<number, ShardInput>): number[] {
  return plan.shardPlans.filter((s) => s.nodes.length > 0 && !inputs.has(s.index)).map((s) => s.index);
}
