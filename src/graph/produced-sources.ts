// Sources whose relation a project node writes: a seed (or model, snapshot) read back through source(),
// the layout of dbt-labs' jaffle-shop template. dbt has no edge from the producer to such a source, so
// without one its readers would neither see the producer's changes (a wrong reuse) nor wait for it (a
// seed dropped and re-created while its readers run). Here the edge is added to the engine's graph
// (producer → source), so hashes chain through it, and handed to dbt as extra parents of the readers
// for the build invocation, so dbt orders and gates them as it would a ref().

import { isEphemeral, type ManifestNode } from '../dbt/manifest.js';
import type { ProjectGraph } from './graph.js';

const PRODUCER_TYPES = new Set(['model', 'seed', 'snapshot']);

function relationOf(database: string | null | undefined, schema: string | null | undefined, identifier: string | null | undefined): string | undefined {
  if (!schema || !identifier) return undefined;
  return [database ?? '', schema, identifier].map((p) => p.toLowerCase()).join('.');
}

function isAncestor(graph: ProjectGraph, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const parent of graph.parents.get(id) ?? []) {
      if (parent === ancestor) return true;
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return false;
}

/**
 * Source unique_id → unique_id of the project node writing the same relation (database, schema and
 * identifier compared case-insensitively). A producer that itself reads the source (its own table,
 * through source()) is left out: the edge would be a cycle, and that source stays external.
 */
export function producedSources(graph: ProjectGraph): Map<string, string> {
  const writers = new Map<string, string>();
  for (const id of [...graph.nodes.keys()].sort()) {
    const node = graph.nodes.get(id)!;
    if (!PRODUCER_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const key = relationOf(node.database, node.schema, node.alias ?? node.name);
    if (key && !writers.has(key)) writers.set(key, id);
  }
  const out = new Map<string, string>();
  for (const [id, node] of graph.nodes) {
    if (node.resource_type !== 'source') continue;
    const producer = writers.get(relationOf(node.database, node.schema, node.identifier ?? node.name) ?? '');
    if (producer && !isAncestor(graph, id, producer)) out.set(id, producer);
  }
  return out;
}

/** Adds producer → source edges to the graph (in place) and returns them (source → producer). */
export function linkProducedSources(graph: ProjectGraph): Map<string, string> {
  const produced = producedSources(graph);
  for (const [source, producer] of produced) {
    const parents = graph.parents.get(source) ?? [];
    if (!parents.includes(producer)) graph.parents.set(source, [...parents, producer].sort());
    const children = graph.children.get(producer) ?? [];
    if (!children.includes(source)) graph.children.set(producer, [...children, source].sort());
  }
  return produced;
}

/** For dbt's build: every reader of a produced source also depends on the producer (child → extra parents). */
export function producerParentsForDbt(graph: ProjectGraph, produced: Map<string, string>): Record<string, string[]> {
  const extra: Record<string, string[]> = {};
  for (const [source, producer] of [...produced].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const reader of graph.children.get(source) ?? []) {
      if (reader === producer) continue;
      const node: ManifestNode | undefined = graph.nodes.get(reader);
      if (!node || node.resource_type === 'source') continue;
      if ((node.depends_on?.nodes ?? []).includes(producer)) continue;
      const list = (extra[reader] ??= []);
      if (!list.includes(producer)) list.push(producer);
    }
  }
  return extra;
}
