// Turning what the executor returned into the run's outcomes (one per decision) and into the records the
// store keeps of a successful execution.

import type { DbtNodeResult } from '../dbt/protocol.js';
import type { ExecutedNode } from '../execute/execute.js';
import type { NodeFacts } from '../plan/plan.js';
import type { Decision, NodeOutcome, StoredResult } from '../types.js';

/** Every decision's outcome, in the decisions' order. */
export function outcomesOf(decisions: Decision[], facts: NodeFacts[], executed: Map<string, ExecutedNode>): NodeOutcome[] {
  const factsById = new Map(facts.map((f) => [f.node.unique_id, f]));
  return decisions.map((d) => outcomeFor(d, factsById.get(d.uniqueId)!, executed.get(d.uniqueId)));
}

export function outcomeFor(decision: Decision, facts: NodeFacts, executed: ExecutedNode | undefined): NodeOutcome {
  const base = {
    uniqueId: facts.node.unique_id,
    resourceType: facts.node.resource_type,
    name: facts.node.name,
    hash: facts.hash.hash,
  };
  if (decision.decision === 'reuse') {
    return { ...base, decision: 'reuse', reason: decision.reason, reusedFrom: facts.stored, attempts: 0, status: 'reused' };
  }
  if (!executed) {
    return { ...base, decision: 'skip', reason: 'not executed', attempts: 0, status: 'skipped' };
  }
  if (executed.result.status === 'skipped') {
    return {
      ...base,
      decision: 'skip',
      reason: executed.result.message ?? 'skipped',
      result: executed.result,
      skippedBecauseOf: executed.skippedBecauseOf,
      attempts: executed.attempts,
      attemptErrors: executed.attemptErrors,
      status: 'skipped',
    };
  }
  return { ...base, decision: 'run', reason: decision.reason, result: executed.result, attempts: executed.attempts, attemptErrors: executed.attemptErrors, status: executed.result.status };
}

/** The store's record of a successful execution (the executor only asks for successes: status.ts isSuccess). */
export function storedResultFor(facts: NodeFacts, result: DbtNodeResult, now: Date, runId: string): StoredResult {
  return {
    hash: facts.hash.hash,
    uniqueId: facts.node.unique_id,
    status: result.status,
    slot: facts.slot.key,
    relationName: facts.node.relation_name ?? null,
    inputs: facts.hash.inputs,
    // Compiled SQL has var and env var values rendered in (secrets too): the store, a cached file, never keeps it.
    result: { ...result, compiled_code: null },
    recordedAt: now.toISOString(),
    runId,
    codeHash: facts.hash.codeHash,
  };
}
