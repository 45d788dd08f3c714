// The order a sharded build must keep: which nodes of the run set must finish before which. Pure.
// It is dbt build's own order (dbt-core's compilation `add_test_edges`), taken transitively through nodes
// outside the run set (reused or ephemeral ones), as dbt orders a selection:
//   * a node waits for its parents;
//   * a unit test runs before the model it tests: it waits for that model's parents, and the model waits for it;
//   * a node waits for the data tests of its ancestors, but a test on several nodes only gates a node that
//     descends from all of them (so a relationships test between `orders` and `customers`, where `customers`
//     reads `orders`, gates the children of `customers`, not `customers` itself — no cycle).

import type { ProjectGraph } from '../graph/graph.js';

function kind(graph: ProjectGraph, id: string): string | undefined {
  return graph.nodes.get(id)?.resource_type;
}

/** The nodes `id` waits for in dbt build's order (direct ones, in the whole project). */
export function orderParents(graph: ProjectGraph, id: string, ancestorsOf: (id: string) => Set<string>): string[] {
  const parents = graph.parents.get(id) ?? [];
  if (kind(graph, id) === 'unit_test') return [...new Set(parents.flatMap((m) => graph.parents.get(m) ?? []))].sort();
  if (kind(graph, id) === 'test') return [...parents];
  const out = new Set(parents);
  for (const child of graph.children.get(id) ?? []) if (kind(graph, child) === 'unit_test') out.add(child);
  for (const parent of parents) {
    for (const test of graph.children.get(parent) ?? []) {
      if (kind(graph, test) !== 'test' || out.has(test)) continue;
      const tested = graph.parents.get(test) ?? [];
      if (tested.length <= 1 || tested.every((t) => ancestorsOf(id).has(t))) out.add(test);
    }
  }
  // A data test of an ancestor further up is reached through that ancestor's own order parents.
  out.delete(id);
  return [...out].sort();
}

/** Strict ancestors through the manifest's parents, memoised (a test on several nodes is checked against them). */
function ancestorsMemo(graph: ProjectGraph): (id: string) => Set<string> {
  const memo = new Map<string, Set<string>>();
  const of = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const seen = new Set<string>();
    const stack = [...(graph.parents.get(id) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...(graph.parents.get(p) ?? []));
    }
    memo.set(id, seen);
    return seen;
  };
  return of;
}

/** For each run node, the run nodes it waits for (sorted). */
export function runSetParents(graph: ProjectGraph, runSet: Iterable<string>): Map<string, string[]> {
  const members = new Set(runSet);
  const ancestorsOf = ancestorsMemo(graph);
  const direct = new Map<string, string[]>();
  const directOf = (id: string): string[] => {
    let list = direct.get(id);
    if (!list) direct.set(id, (list = orderParents(graph, id, ancestorsOf)));
    return list;
  };
  const result = new Map<string, string[]>();
  for (const id of members) {
    const found = new Set<string>();
    const seen = new Set<string>();
    const stack = [...directOf(id)];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p) || p === id) continue;
      seen.add(p);
      if (members.has(p)) found.add(p);
      else stack.push(...directOf(p));
    }
    result.set(id, [...found].sort());
  }
  return result;
}
