// `plan --shards N`: the engine's plan (reuse decided once, as a single-runner build decides it) cut into N
// shards, as the plan file every shard and the merge read (SHARD-INTERFACE.md). Pure.

import { digestOf } from '../hash/digest.js';
import { cutIntoShards } from './cut.js';
import { runSetParents } from './edges.js';
import type { ShardFacts } from './facts.js';
import { matrixOf, PLAN_FORMAT, PLAN_KIND, STATUS_TABLE, type PlanNode, type ShardPlanFile } from './plan-file.js';

/** Seconds assumed for a node never built before. */
const UNKNOWN_SECONDS = 1;
/** About two polls of the status table: how much later a child on another shard sees its parent's success. */
const CROSS_SHARD_DELAY_SECONDS = 5;
const AFFINITY_SLACK_SECONDS = 30;

/** A node of the engine's plan (engine.ts PlannedNode). */
export interface PlannedLike {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: string;
  reason: string;
  hash: string;
}

export interface ShardPlanInput {
  plan: PlannedLike[];
  facts: ShardFacts;
  shards: number;
  threads: number;
  runId: string;
  now: Date;
  command: string;
  select: string[];
  exclude: string[];
  selector?: string;
  fullRefresh: boolean;
}

export function buildShardPlan(input: ShardPlanInput): ShardPlanFile {
  const { facts, shards, threads } = input;
  const runIds = input.plan.filter((p) => p.decision === 'run').map((p) => p.uniqueId);
  const parents = runSetParents(facts.graph, runIds);
  const seconds = (id: string): number => facts.lastSeconds.get(id) ?? UNKNOWN_SECONDS;
  const cut = cutIntoShards(
    runIds.map((id) => ({ id, seconds: seconds(id), parents: parents.get(id)! })),
    { shards, threads, crossShardDelaySeconds: CROSS_SHARD_DELAY_SECONDS, affinitySlackSeconds: AFFINITY_SLACK_SECONDS },
  );
  const shardOf = (id: string): number => cut.shardOf.get(id)! + 1;
  const nodes: PlanNode[] = input.plan.map((p) => ({
    uniqueId: p.uniqueId,
    name: p.name,
    resourceType: p.resourceType,
    decision: p.decision === 'run' ? 'run' : p.decision === 'reuse' ? 'reuse' : 'ephemeral',
    reason: p.reason,
    hash: p.hash,
    codeHash: facts.codeHashes.get(p.uniqueId) ?? p.hash,
    shard: p.decision === 'run' ? shardOf(p.uniqueId) : null,
    ...(facts.slots.has(p.uniqueId) ? { slot: facts.slots.get(p.uniqueId)! } : {}),
    ...(facts.lastSeconds.has(p.uniqueId) ? { seconds: facts.lastSeconds.get(p.uniqueId)! } : {}),
  }));
  const shardPlans = Array.from({ length: shards }, (_, i) => {
    const own = runIds.filter((id) => shardOf(id) === i + 1);
    return {
      index: i + 1,
      nodes: own,
      estimatedSeconds: round(own.reduce((sum, id) => sum + seconds(id), 0)),
      waitsFor: cut.waits.filter((w) => w.shard === i).map((w) => ({ node: w.node, parent: w.parent, parentShard: w.parentShard + 1 })),
    };
  });
  return {
    kind: PLAN_KIND,
    format: PLAN_FORMAT,
    runId: input.runId,
    createdAt: input.now.toISOString(),
    shards,
    matrix: matrixOf(shards),
    project: {
      name: facts.projectName,
      adapterType: facts.target.adapterType,
      dbtVersion: facts.dbtVersion,
      targetName: facts.target.targetName,
      codeDigest: codeDigest(nodes),
    },
    command: input.command,
    options: { select: input.select, exclude: input.exclude, selector: input.selector ?? null, fullRefresh: input.fullRefresh, threads },
    statusTable: { database: facts.target.database, schema: facts.target.schema, identifier: STATUS_TABLE },
    estimate: {
      makespanSeconds: round(cut.estimatedMakespan),
      lowerBoundSeconds: round(cut.lowerBound),
      totalSeconds: round(runIds.reduce((sum, id) => sum + seconds(id), 0)),
    },
    nodes,
    shardPlans,
  };
}

/** One digest over every planned node's code hash: equal digests = the same code was planned. */
export function codeDigest(nodes: Array<Pick<PlanNode, 'uniqueId' | 'codeHash'>>): string {
  return digestOf([...nodes].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1)).map((n) => [n.uniqueId, n.codeHash]));
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

/** `plan --shards N` without --json: per shard its size and estimate, and what it waits for. */
export function shardPlanLines(plan: ShardPlanFile): string[] {
  const names = new Map(plan.nodes.map((n) => [n.uniqueId, n.name]));
  const counts = { run: 0, reuse: 0 };
  for (const n of plan.nodes) if (n.decision === 'run' || n.decision === 'reuse') counts[n.decision] += 1;
  const lines = [
    `Run ${plan.runId}: ${counts.run} node(s) to run in ${plan.shards} shard(s), ${counts.reuse} reused; estimated ${plan.estimate.makespanSeconds}s (lower bound ${plan.estimate.lowerBoundSeconds}s, ${plan.estimate.totalSeconds}s of work)`,
  ];
  for (const s of plan.shardPlans) {
    lines.push(`shard ${s.index}/${plan.shards}: ${s.nodes.length} node(s), ~${s.estimatedSeconds}s${s.waitsFor.length === 0 ? ', waits for no other shard' : `, waits for ${s.waitsFor.length} parent(s) in other shards:`}`);
    for (const w of s.waitsFor) lines.push(`  ${names.get(w.node) ?? w.node} waits for ${names.get(w.parent) ?? w.parent} (shard ${w.parentShard})`);
  }
  return lines;
}
