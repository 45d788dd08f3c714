// The subset of dbt's manifest.json (schema v12) the engine reads. Field names follow the published schema.

import { readFile } from 'node:fs/promises';

export interface ManifestDependsOn {
  nodes?: string[];
  macros?: string[];
}

export interface ManifestNode {
  unique_id: string;
  resource_type: string;
  name: string;
  package_name: string;
  fqn: string[];
  path: string;
  original_file_path: string;
  database: string | null;
  schema: string;
  alias?: string | null;
  identifier?: string | null; // sources
  relation_name?: string | null;
  raw_code?: string;
  language?: string;
  checksum?: { name: string; checksum: string };
  config: Record<string, unknown> & { materialized?: string; enabled?: boolean };
  unrendered_config?: Record<string, unknown>;
  depends_on?: ManifestDependsOn;
  /** Generic tests: the test macro and its arguments. */
  test_metadata?: { name: string; kwargs: Record<string, unknown>; namespace?: string | null };
  attached_node?: string | null;
  /** Unit tests: the tested model and the fixture rows. */
  model?: string;
  given?: unknown;
  expect?: unknown;
  overrides?: unknown;
  versions?: unknown;
  version?: string | number | null;
  contract?: unknown;
  columns?: Record<string, unknown>;
  /** Sources */
  source_name?: string;
  loaded_at_field?: string | null;
  loaded_at_query?: string | null;
  freshness?: unknown;
  external?: unknown;
  meta?: Record<string, unknown>;
  tags?: string[];
}

export interface ManifestMacro {
  unique_id: string;
  name: string;
  package_name: string;
  original_file_path: string;
  macro_sql: string;
  depends_on?: ManifestDependsOn;
}

export interface Manifest {
  metadata: {
    dbt_version: string;
    adapter_type?: string;
    project_name?: string;
    invocation_id?: string;
  };
  nodes: Record<string, ManifestNode>;
  sources: Record<string, ManifestNode>;
  macros: Record<string, ManifestMacro>;
  unit_tests?: Record<string, ManifestNode>;
  parent_map?: Record<string, string[]>;
  child_map?: Record<string, string[]>;
}

export async function readManifest(path: string): Promise<Manifest> {
  const text = await readFile(path, 'utf8');
  return JSON.parse(text) as Manifest;
}

/** Every node-like entry (nodes, sources, unit tests) by unique_id. */
export function allNodes(manifest: Manifest): Map<string, ManifestNode> {
  const map = new Map<string, ManifestNode>();
  for (const node of Object.values(manifest.nodes)) map.set(node.unique_id, node);
  for (const source of Object.values(manifest.sources)) map.set(source.unique_id, source);
  for (const unitTest of Object.values(manifest.unit_tests ?? {})) map.set(unitTest.unique_id, unitTest);
  return map;
}

export function isEphemeral(node: ManifestNode): boolean {
  return node.resource_type === 'model' && node.config.materialized === 'ephemeral';
}
