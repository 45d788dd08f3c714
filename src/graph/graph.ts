// The project's DAG as the engine needs it: dependency order for hashing and the "who is blocked when X
// fails" relation that dbt build applies (errors block descendants, failing tests block the tested model's
// children, failing unit tests block the tested model).

import { isEphemeral, type ManifestNode } from '../dbt/manifest.js';

export interface ProjectGraph {
  nodes: Map<string, ManifestNode>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

export function buildGraph(nodes: Map<string, ManifestNode>): ProjectGraph {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of nodes.keys()) children.set(id, []);
  for (const [id, node] of nodes) {
    const ups = [...new Set(node.depends_on?.nodes ?? [])].filter((p) => nodes.has(p)).sort();
    parents.set(id, ups);
    for (const p of ups) children.get(p)!.push(id);
  }
  for (const list of children.values()) list.sort();
  return { nodes, parents, children };
}

/** The project's nodes depend on each other in a circle: a project error, not a bug. */
export class DependencyCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`dependency cycle: ${cycle.join(' -> ')}`);
    this.name = 'DependencyCycleError';
  }
}

/** Unique ids in an order where every node comes after all its parents. Throws DependencyCycleError on a cycle. */
export function topologicalOrder(graph: ProjectGraph): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') throw new DependencyCycleError([...path.slice(path.indexOf(id)), id]);
    state.set(id, 'visiting');
    for (const p of graph.parents.get(id) ?? []) visit(p, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...graph.nodes.keys()].sort()) visit(id, []);
  return order;
}

function isTest(node: ManifestNode | undefined): boolean {
  return node?.resource_type === 'test';
}

function isUnitTest(node: ManifestNode | undefined): boolean {
  return node?.resource_type === 'unit_test';
}

/**
 * Nodes whose execution dbt build gates on `id` succeeding. Ephemeral models are looked through,
 * because they never run on their own: a failure upstream of one blocks what compiles it in.
 */
export function blockedDirectlyBy(graph: ProjectGraph, id: string): string[] {
  const node = graph.nodes.get(id);
  const out = new Set<string>();
  const addChildrenOf = (parent: string, includeTests: boolean, seen: Set<string>): void => {
    if (seen.has(parent)) return;
    seen.add(parent);
    for (const child of graph.children.get(parent) ?? []) {
      const c = graph.nodes.get(child);
      if (!c || (isTest(c) && !includeTests)) continue;
      out.add(child);
      if (isEphemeral(c)) addChildrenOf(child, true, seen);
    }
  };
  if (isTest(node)) {
    // A failing data test blocks the non-test children of the models it tests, not its sibling tests.
    for (const tested of graph.parents.get(id) ?? []) addChildrenOf(tested, false, new Set());
  } else if (isUnitTest(node)) {
    // Unit tests run before the model they test and gate it.
    for (const tested of graph.parents.get(id) ?? []) out.add(tested);
  } else {
    addChildrenOf(id, true, new Set());
  }
  out.delete(id);
  return [...out].sort();
}

/** Everything transitively blocked by any of `roots` (roots excluded). */
export function blockedClosure(graph: ProjectGraph, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  const rootSet = new Set(stack);
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of blockedDirectlyBy(graph, id)) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  for (const r of rootSet) seen.delete(r);
  return seen;
}
