// What `plan --shards N` needs from the engine's one parse and plan, beyond the plan itself: the graph for
// the cut, each node's code hash (what a shard compares to refuse a plan made from other code), the last
// known execution times (from the store) and the target the status table lives in.

import type { ParseResult, TargetInfo } from '../dbt/protocol.js';
import type { ProjectGraph } from '../graph/graph.js';
import type { NodeFacts } from '../plan/plan.js';
import { linkHashes } from '../hash/link.js';
import type { HashInput, NodeHash } from '../types.js';

/** Each node's hash over code alone: own inputs linked without warehouse or source state. */
export function codeHashesOf(graph: ProjectGraph, own: Map<string, HashInput[]>): Map<string, NodeHash> {
  return linkHashes(graph, own, { upstreamOverride: new Map(), dataStates: new Map() });
}

export interface ShardFacts {
  graph: ProjectGraph;
  target: TargetInfo;
  projectName: string;
  dbtVersion: string;
  codeHashes: Map<string, string>;
  /** Last known execution time of each executable node (its stored result, else the slot's previous one). */
  lastSeconds: Map<string, number>;
  /** Slot key of each executable node (the merge clears the slots of nodes that did not finish). */
  slots: Map<string, string>;
}

export function shardFactsOf(parse: ParseResult, graph: ProjectGraph, own: Map<string, NodeHash>, facts: NodeFacts[]): ShardFacts {
  const lastSeconds = new Map<string, number>();
  for (const f of facts) {
    const seconds = (f.stored ?? f.previous)?.result?.execution_time;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) lastSeconds.set(f.node.unique_id, seconds);
  }
  return {
    graph,
    target: parse.target,
    projectName: parse.projectName,
    dbtVersion: parse.dbtVersion,
    codeHashes: new Map([...own].map(([id, h]) => [id, h.hash])),
    lastSeconds,
    slots: new Map(facts.map((f) => [f.node.unique_id, f.slot.key])),
  };
}
