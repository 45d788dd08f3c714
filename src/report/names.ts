// How a node is named in lines and reports.

import type { ManifestNode } from '../dbt/manifest.js';

/** A source as `source_name.table`, any other node by its name. */
export function displaySource(node: ManifestNode): string {
  return node.resource_type === 'source' ? `${node.source_name}.${node.name}` : node.name;
}

/** `model orders`: the resource type and the name, as the live view prints a node. */
export function displayName(node: ManifestNode): string {
  return `${node.resource_type} ${node.name}`;
}
