// Lag tolerance, the pure keep rule: a node whose code did not change may keep its table while new upstream
// data is younger than its declared tolerance (meta dbt_orchestrator.lag_tolerance). Its children must then
// see the hash of what the table holds, not of data it has not read yet, so hashing applies the rule as it
// links parents to children (hash/node-hash.ts `keep`) and the plan applies it again to the final hashes.

import type { EffectiveHash, KeepRule } from '../hash/link.js';
import type { NodeHash, SlotState } from '../types.js';
import { formatDuration } from './data-state.js';

/** A selected node that declares a lag tolerance, with what its slot holds by our records. */
export interface LagCandidate {
  toleranceSeconds: number;
  slotState: SlotState | undefined;
  /** The node has no relation, or the warehouse has it. */
  relationExists: boolean;
}

export interface LagRule {
  /** Off with --no-reuse and --full-refresh. */
  enabled: boolean;
  now: Date;
  candidates: Map<string, LagCandidate>;
}

export interface LagKeep {
  effective: EffectiveHash;
  reason: string;
}

/** The node keeps its table although its hash changed: only data changed, and recently enough. */
export function keepWithinLag(rule: LagRule, hash: NodeHash): LagKeep | undefined {
  const candidate = rule.enabled ? rule.candidates.get(hash.uniqueId) : undefined;
  const state = candidate?.slotState;
  if (!candidate || !state || state.hash === hash.hash || state.codeHash !== hash.codeHash || !candidate.relationExists) return undefined;
  if ((rule.now.getTime() - Date.parse(state.recordedAt)) / 1000 >= candidate.toleranceSeconds) return undefined;
  return {
    effective: { hash: state.hash, codeHash: hash.codeHash },
    reason: `within lag tolerance ${formatDuration(candidate.toleranceSeconds)} (new upstream data; built ${state.recordedAt})`,
  };
}

/** The rule as hashing applies it: what children see of a kept node. */
export function lagKeepRule(rule: LagRule): KeepRule {
  return (hash) => keepWithinLag(rule, hash)?.effective;
}

/** The nodes the rule keeps, given the final hashes, with the reason the plan gives. */
export function lagKept(rule: LagRule, hashes: Map<string, NodeHash>): Map<string, string> {
  const kept = new Map<string, string>();
  for (const id of rule.candidates.keys()) {
    const hash = hashes.get(id);
    const keep = hash ? keepWithinLag(rule, hash) : undefined;
    if (keep) kept.set(id, keep.reason);
  }
  return kept;
}
