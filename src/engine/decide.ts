// Phase `plan`, deciding: run or reuse each selected node (plan/plan.ts), then what the warehouse's records
// allow (warehouse/records.ts); the plan rows every report shows; `--explain`'s lines.

import { explainNode } from '../explain/explain.js';
import type { EngineOptions } from '../options.js';
import { planNodes, type NodeFacts } from '../plan/plan.js';
import { displaySource } from '../report/names.js';
import type { Decision, PlannedNode } from '../types.js';
import { applyWarehouse } from '../warehouse/records.js';
import type { WorldFacts } from './facts.js';
import type { RunHashes } from './hashing.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';

/** Adapters whose table/view materializations drop the replaced relation with `cascade`, taking dependent views along. */
const VIEW_CASCADE_ADAPTERS = new Set(['postgres', 'redshift']);

export interface RunPlan {
  facts: NodeFacts[];
  /** Run or reuse, per executable node, in topological order. */
  decisions: Decision[];
  /** The decisions and the selected ephemeral models, as reports show them. */
  plan: PlannedNode[];
}

export function decideRun(project: Project, selection: Selection, world: WorldFacts, run: RunHashes, facts: NodeFacts[], options: EngineOptions): RunPlan {
  const { nodes, graph, parse } = project;
  const { hashes, lagKept } = run;
  const nameOf = nameLookup(project);
  const planned = planNodes(facts, {
    reuse: options.reuse,
    fullRefresh: options.fullRefresh,
    existingRelations: world.warehouse.existing,
    nameOf,
    now: world.now,
    maxAgeSeconds: options.maxAgeSeconds,
    lagReused: lagKept,
  });
  const decisions = applyWarehouse(
    planned,
    (id) => {
      const relation = world.slots.get(id)?.relation;
      const held = lagKept.has(id) ? world.slotStates.get(id)?.hash : hashes.get(id)!.hash;
      return relation && held ? world.warehouse.verdict(relation, held) : undefined;
    },
    graph,
    nameOf,
    { rebuildDropsDependentViews: VIEW_CASCADE_ADAPTERS.has(parse.target.adapterType) },
  );
  const plan: PlannedNode[] = [
    ...decisions.map((d) => {
      const node = nodes.get(d.uniqueId)!;
      const hash = hashes.get(d.uniqueId)!;
      return { uniqueId: d.uniqueId, name: node.name, resourceType: node.resource_type, decision: d.decision, reason: d.reason, hash: hash.hash, inputs: hash.inputs };
    }),
    ...selection.ephemeral.map((id) => ({
      uniqueId: id,
      name: nodes.get(id)!.name,
      resourceType: 'model',
      decision: 'ephemeral' as const,
      reason: 'compiled into dependents',
      hash: hashes.get(id)!.hash,
      inputs: hashes.get(id)!.inputs,
    })),
  ];
  return { facts, decisions, plan };
}

/** `--explain NODE`: its inputs old → new and its decision, as lines. */
export async function explainRun(project: Project, selection: Selection, run: RunHashes, runPlan: RunPlan, query: string): Promise<string[]> {
  const { bridge, args, graph, manifest, parse } = project;
  return explainNode({
    query,
    nodes: graph.nodes,
    sources: { macros: manifest.macros, vars: parse.vars },
    hashes: run.hashes,
    facts: runPlan.facts,
    decisions: runPlan.decisions,
    ephemeral: selection.ephemeral,
    nameOf: nameLookup(project),
    list: async (select) => (await bridge.ls({ ...args, select: [select], exclude: [], indirectSelection: 'empty' })).uniqueIds,
  });
}

function nameLookup(project: Project): (id: string) => string {
  return (id) => {
    const node = project.nodes.get(id);
    return node ? displaySource(node) : (id.split('.').pop() ?? id);
  };
}
