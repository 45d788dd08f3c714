// Decides, for every selected node, whether to run it or reuse its stored result, and says why.
// Pure: every fact it needs (hashes, store records, which relations exist) is passed in.

import type { ManifestNode } from '../dbt/manifest.js';
import type { Decision, HashInput, NodeHash, Slot, SlotState, StoredResult } from '../types.js';
import { formatDuration } from './data-state.js';
import { describeChanges, type NameOf } from './reasons.js';
import { isSuccess } from '../status.js';

export interface NodeFacts {
  node: ManifestNode;
  hash: NodeHash;
  slot: Slot;
  /** What the slot holds now by our records. */
  slotState?: SlotState;
  /** The stored result for the current hash, if any run ever produced it. */
  stored?: StoredResult;
  /** The stored result the slot currently points at (to explain what changed). */
  previous?: StoredResult;
  /** Parents this run will not build whose content we cannot vouch for. */
  unknownUpstream: string[];
}

export interface PlanOptions {
  reuse: boolean;
  fullRefresh: boolean;
  /** Lowercased "database.schema.identifier" of every relation that exists in the target. */
  existingRelations: Set<string>;
  nameOf: NameOf;
  now: Date;
  /** Any node last built longer ago than this rebuilds, whatever its hash. */
  maxAgeSeconds?: number;
  /** Nodes kept although new upstream data arrived (lag tolerance), with the reason to show. */
  lagReused?: Map<string, string>;
}

// Data tests run again too: they check the relations the full refresh rebuilt (their hash is the same, so the
// next normal run reuses them as it reuses the relations).
const REBUILT_BY_FULL_REFRESH = new Set(['model', 'seed', 'snapshot', 'test']);

export function relationKey(relation: { database: string | null; schema: string; identifier: string }): string {
  return [relation.database ?? '', relation.schema, relation.identifier].map((p) => p.toLowerCase()).join('.');
}

function tooOld(builtAt: string, options: PlanOptions): string | undefined {
  if (options.maxAgeSeconds === undefined) return undefined;
  const ageSeconds = (options.now.getTime() - Date.parse(builtAt)) / 1000;
  return ageSeconds > options.maxAgeSeconds ? `older than max-age ${formatDuration(options.maxAgeSeconds)} (built ${builtAt})` : undefined;
}

function decide(facts: NodeFacts, options: PlanOptions): Omit<Decision, 'uniqueId'> {
  const { node, hash, slot, slotState, stored, previous } = facts;
  if (!options.reuse) return { decision: 'run', reason: 'reuse disabled (--no-reuse)' };
  if (options.fullRefresh && REBUILT_BY_FULL_REFRESH.has(node.resource_type)) return { decision: 'run', reason: 'full refresh requested' };
  const lagReason = options.lagReused?.get(node.unique_id);
  if (lagReason && slotState) {
    const old = tooOld(slotState.recordedAt, options);
    return old ? { decision: 'run', reason: old } : { decision: 'reuse', reason: lagReason };
  }
  if (!slotState) return { decision: 'run', reason: 'no previous result' };
  if (slotState.hash !== hash.hash) {
    if (facts.unknownUpstream.length > 0) {
      return { decision: 'run', reason: `upstream \`${options.nameOf(facts.unknownUpstream[0])}\` was not built by dbt-orchestrator (content unknown)` };
    }
    if (!previous) return { decision: 'run', reason: 'inputs changed (previous record unavailable)' };
    return { decision: 'run', reason: describeChanges(previous.inputs, hash.inputs, options.nameOf) };
  }
  if (!stored || !isSuccess(stored.status)) return { decision: 'run', reason: 'no successful result for these inputs' };
  if (slot.relation && !options.existingRelations.has(relationKey(slot.relation))) return { decision: 'run', reason: 'relation missing' };
  // The slot says when the relation was last written; the content-addressed result keeps its first build.
  const old = tooOld(slotState.recordedAt, options);
  if (old) return { decision: 'run', reason: old };
  const metadata = changedMetadata(stored.inputs, hash.inputs);
  if (metadata.length > 0) return { decision: 'reuse', reason: `metadata changed (${metadata.join(', ')}): reused`, refreshRecord: true };
  return { decision: 'reuse', reason: `unchanged since ${slotState.recordedAt}` };
}

/** Metadata inputs (tags, meta, …) that differ between the stored record and now, by name. */
function changedMetadata(stored: HashInput[] | undefined, current: HashInput[]): string[] {
  const digests = (inputs: HashInput[] | undefined): Map<string, string> => new Map((inputs ?? []).filter((i) => i.kind === 'metadata').map((i) => [i.key, i.digest]));
  const before = digests(stored);
  const after = digests(current);
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => k.replace(/^meta:/, '')).sort();
}

/** Decisions in the given (topological) order. Skips are decided during execution, when failures are known. */
export function planNodes(facts: NodeFacts[], options: PlanOptions): Decision[] {
  return facts.map((f) => ({ uniqueId: f.node.unique_id, ...decide(f, options) }));
}
