// Phase `plan`, second step: what the world holds before anything runs. The warehouse probe, the store's
// slots, the warehouse's records of the selected relations and of the parents outside the selection,
// and the data states of upstream sources. Then, once hashed, each node's stored results.

import type { DbtBridge } from '../dbt/bridge.js';
import { probeWarehouse } from '../dbt/environment.js';
import { isEphemeral, type ManifestNode } from '../dbt/manifest.js';
import type { ParseResult } from '../dbt/protocol.js';
import type { ProjectGraph } from '../graph/graph.js';
import { sha256 } from '../hash/digest.js';
import type { EffectiveHash } from '../hash/link.js';
import type { EngineOptions } from '../options.js';
import { dataStateOf, type DataState } from '../plan/data-state.js';
import { relationKey, type NodeFacts } from '../plan/plan.js';
import type { Output } from '../report/console.js';
import { displaySource } from '../report/names.js';
import { openStore } from '../store/store.js';
import type { NodeHash, ResultStore, Slot, SlotState } from '../types.js';
import { readWarehouse, type WarehouseState } from '../warehouse/records.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';

const RELATION_TYPES = new Set(['model', 'seed', 'snapshot']);

/** What the store and the warehouse say before the run, about the selection and what it reads. */
export interface WorldFacts {
  store: ResultStore;
  slots: Map<string, Slot>;
  slotStates: Map<string, SlotState | undefined>;
  warehouse: WarehouseState;
  /** What children see of parents outside the selection (hash/node-hash.ts `upstreamOverride`). */
  overrides: Map<string, EffectiveHash>;
  /** Parents outside the selection whose content no record vouches for. */
  unknown: Set<string>;
  dataStates: Map<string, DataState>;
  /** The run's clock for age rules (lag tolerance, max-age), read once the facts are in. */
  now: Date;
}

/** What readWorld asks the warehouse, sent as soon as the selection is known (see askWarehouse). */
export interface WarehouseQuestions {
  probe: Promise<unknown>;
  records: Promise<WarehouseState>;
}

/**
 * Sends readWorld's two warehouse requests, in this order, without waiting for them: dbt answers them while
 * this process computes the nodes' own hash inputs. First one metadata query on the target, before anything
 * else touches the warehouse or the store: a locked or unreachable database is bad environment (exit 2), not a
 * run full of node errors. Then one request (one query per schema): which relations the selection and its
 * parents outside it have, and what their records say. readWorld awaits them in that order.
 */
export function askWarehouse(project: Project, selection: Selection): WarehouseQuestions {
  const { bridge, args, parse, nodes, graph } = project;
  const { executable } = selection;
  const probe = executable.length > 0 ? probeWarehouse(bridge, args, parse.target) : Promise.resolve([]);
  const parentsOutside = upstreamParents(graph, new Set(executable));
  const relations = [...executable.map((id) => slotFor(nodes.get(id)!, parse).relation), ...parentsOutside.map((n) => slotFor(n, parse).relation)];
  const records = readWarehouse(bridge, args, relations.filter((r) => r !== null));
  // Awaited by readWorld (a failed probe is thrown there; the records then fail too and are not awaited).
  probe.catch(() => undefined);
  records.catch(() => undefined);
  return { probe, records };
}

export async function readWorld(
  project: Project,
  selection: Selection,
  options: EngineOptions,
  runId: string,
  deps: { output: Output; now(): Date },
  asked: WarehouseQuestions = askWarehouse(project, selection),
): Promise<WorldFacts> {
  const { bridge, parse, nodes, graph } = project;
  const { executable } = selection;
  const executableSet = new Set(executable);
  await asked.probe;
  // Opened only now: bad input caught above leaves no trace in the store.
  const store = await openStore(options.storeDir, { warn: deps.output.warn });
  const slots = new Map(executable.map((id) => [id, slotFor(nodes.get(id)!, parse)]));
  const slotStates = new Map<string, SlotState | undefined>();
  for (const id of executable) slotStates.set(id, await store.getSlot(slots.get(id)!.key));
  const warehouse = await asked.records;
  const { overrides, unknown } = await upstreamOverrides(graph, executableSet, store, parse, runId, warehouse);
  const dataStates = await sourceDataStates(graph, upstreamSources(graph, executable), bridge, options, runId, deps.output);
  return { store, slots, slotStates, warehouse, overrides, unknown, dataStates, now: deps.now() };
}

/** Each selected node's facts for the plan: its hash, slot, and the stored results for both. */
export async function nodeFacts(project: Project, selection: Selection, world: WorldFacts, hashes: Map<string, NodeHash>, lagKept: Map<string, string>): Promise<NodeFacts[]> {
  const facts: NodeFacts[] = [];
  for (const id of selection.executable) {
    const hash = hashes.get(id)!;
    const slotState = world.slotStates.get(id);
    // A node kept within its lag tolerance is judged by what its table holds.
    const stored = await world.store.getResult(lagKept.has(id) && slotState ? slotState.hash : hash.hash);
    const previous = slotState && slotState.hash !== hash.hash ? await world.store.getResult(slotState.hash) : stored;
    facts.push({ node: project.nodes.get(id)!, hash, slot: world.slots.get(id)!, slotState, stored, previous, unknownUpstream: unknownParents(project.graph, id, world.unknown) });
  }
  return facts;
}

export function slotFor(node: ManifestNode, parse: ParseResult): Slot {
  if (RELATION_TYPES.has(node.resource_type) && !isEphemeral(node)) {
    const relation = { database: node.database ?? null, schema: node.schema, identifier: node.alias ?? node.name };
    return { key: node.relation_name ?? relationKey(relation), relation };
  }
  return { key: `test:${node.unique_id}@${parse.target.database ?? ''}.${parse.target.schema}`, relation: null };
}

/** Relation nodes upstream of the run set that it does not build: their records say what the run set reads. */
function upstreamParents(graph: ProjectGraph, runSet: Set<string>): ManifestNode[] {
  const ancestors = new Set<string>();
  const stack = [...runSet];
  while (stack.length > 0) {
    for (const parent of graph.parents.get(stack.pop()!) ?? []) {
      if (ancestors.has(parent)) continue;
      ancestors.add(parent);
      stack.push(parent);
    }
  }
  return [...ancestors]
    .map((id) => graph.nodes.get(id)!)
    .filter((node) => node && !runSet.has(node.unique_id) && RELATION_TYPES.has(node.resource_type) && !isEphemeral(node));
}

async function upstreamOverrides(graph: ProjectGraph, runSet: Set<string>, store: ResultStore, parse: ParseResult, runId: string, warehouse: WarehouseState) {
  const overrides = new Map<string, EffectiveHash>();
  const unknown = new Set<string>();
  for (const [id, node] of graph.nodes) {
    if (runSet.has(id) || !RELATION_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const children = graph.children.get(id) ?? [];
    if (children.length === 0) continue;
    const slot = slotFor(node, parse);
    const held = slot.relation ? warehouse.holds(slot.relation) : undefined;
    const state = held ? await store.getSlot(slot.key) : undefined;
    if (held) overrides.set(id, { hash: held, codeHash: state?.hash === held && state.codeHash ? state.codeHash : sha256(`no-code-hash:${held}`) });
    else {
      const marker = sha256(`unknown:${id}:${runId}`);
      overrides.set(id, { hash: marker, codeHash: marker });
      unknown.add(id);
    }
  }
  return { overrides, unknown };
}

/** Sources upstream of the selection: their data states feed the hashes. */
function upstreamSources(graph: ProjectGraph, selection: Iterable<string>): string[] {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const stack = [...selection];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const parent of graph.parents.get(id) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (graph.nodes.get(parent)?.resource_type === 'source') sources.add(parent);
      else stack.push(parent);
    }
  }
  return [...sources].sort();
}

async function sourceDataStates(graph: ProjectGraph, sources: string[], bridge: DbtBridge, options: EngineOptions, runId: string, output: Output): Promise<Map<string, DataState>> {
  const states = new Map<string, DataState>();
  // A source whose table a project node writes (a seed read through source()) has that node as its
  // parent (see graph/produced-sources.ts): the producer's hash flows into it like any upstream.
  const external = sources.filter((id) => (graph.parents.get(id) ?? []).length === 0);
  if (external.length === 0) return states;
  const { results } = await bridge.freshness({ uniqueIds: external });
  const byId = new Map(results.map((r) => [r.uniqueId, r]));
  for (const id of external) {
    const freshness = byId.get(id);
    if (freshness?.error) output.warn(`source ${displaySource(graph.nodes.get(id)!)}: freshness query failed (${freshness.error.split('\n')[0]}); treated as changed`);
    states.set(id, dataStateOf(graph.nodes.get(id)!, freshness, options.unknownSources, runId));
  }
  return states;
}

/** Unknown parents of a node, looking through ephemeral models (they compile their parents in). */
function unknownParents(graph: ProjectGraph, id: string, unknown: Set<string>): string[] {
  const out: string[] = [];
  const visit = (current: string, seen: Set<string>): void => {
    for (const parent of graph.parents.get(current) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (unknown.has(parent)) out.push(parent);
      const node = graph.nodes.get(parent);
      if (node && (isEphemeral(node) || node.resource_type === 'source')) visit(parent, seen);
    }
  };
  visit(id, new Set());
  return out.sort();
}
