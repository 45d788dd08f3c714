// The order a sharded build must keep: which nodes of the run set gate which. Pure.
// The relation is dbt build's own ("who is blocked when X fails", src/graph/graph.ts), taken transitively
// through nodes outside the run set (reused or ephemeral ones), as dbt orders a selection.

import { blockedDirectlyBy, type ProjectGraph } from '../graph/graph.js';

/** For each run node, the run nodes it waits for (sorted). */
export function runSetParents(graph: ProjectGraph, runSet: Iterable<string>): Map<string, string[]> {
  const members = new Set(runSet);
  const parents = new Map<string, Set<string>>([...members].map((id) => [id, new Set<string>()]));
  for (const root of members) {
    const seen = new Set<string>();
    const stack = [...blockedDirectlyBy(graph, root)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || id === root) continue;
      seen.add(id);
      if (members.has(id)) parents.get(id)!.add(root);
      else stack.push(...blockedDirectlyBy(graph, id));
    }
  }
  return new Map([...parents].map(([id, set]) => [id, [...set].sort()]));
}
