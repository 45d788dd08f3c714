// The subset of dbt's manifest.json (schema v12) the engine reads, and its parse at the door. Field names
// follow the published schema.

import { InputError } from '../errors.js';
import { isPlainObject, isStringArray, readJsonFileAsync, type Parsed } from '../util/json-file.js';

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

export interface ManifestExposure {
  unique_id: string;
  name: string;
  package_name: string;
  original_file_path: string;
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
  exposures?: Record<string, ManifestExposure>;
  parent_map?: Record<string, string[]>;
  child_map?: Record<string, string[]>;
}

const STRINGS = ['unique_id', 'name', 'package_name', 'original_file_path'] as const;

/** The first field of `entry` the readers dereference that is missing or of the wrong type. */
function badEntry(entry: unknown, kind: 'node' | 'relation' | 'macro' | 'exposure'): string | undefined {
  if (!isPlainObject(entry)) return 'is not an object';
  const strings: readonly string[] = kind === 'macro' ? [...STRINGS, 'macro_sql'] : kind === 'exposure' ? STRINGS : [...STRINGS, 'resource_type'];
  const missing = strings.find((key) => typeof entry[key] !== 'string');
  if (missing) return `has no "${missing}" string`;
  if (kind === 'macro' || kind === 'exposure') return undefined;
  if (!isStringArray(entry.fqn)) return 'has no "fqn" list';
  if (!isPlainObject(entry.config)) return 'has no "config" object';
  if (entry.depends_on !== undefined && !isPlainObject(entry.depends_on)) return '"depends_on" is not an object';
  if (kind === 'relation' && (typeof entry.schema !== 'string' || !(entry.database === null || typeof entry.database === 'string'))) return 'has no "schema" string and "database" string or null';
  return undefined;
}

function badSection(value: Record<string, unknown>, section: string, kind: 'node' | 'relation' | 'macro' | 'exposure', optional: boolean): string | undefined {
  const entries = value[section];
  if (entries === undefined && optional) return undefined;
  if (!isPlainObject(entries)) return `has no "${section}" mapping`;
  for (const [id, entry] of Object.entries(entries)) {
    const bad = badEntry(entry, kind);
    if (bad) return `${section}["${id}"] ${bad}`;
  }
  return undefined;
}

/**
 * A manifest.json value (dbt's, written by the parse of this run or of production) checked for what the
 * engine, the impact report and the summaries dereference; `label` names the file in the reason.
 */
export function parseManifest(value: unknown, label: string): Parsed<Manifest> {
  const bad = (why: string): Parsed<Manifest> => ({ ok: false, reason: `${label} ${why} (is it a dbt manifest.json, schema v12?)` });
  if (!isPlainObject(value)) return bad('is not a JSON object');
  if (!isPlainObject(value.metadata) || typeof value.metadata.dbt_version !== 'string') return bad('has no "metadata" with a "dbt_version"');
  const problem =
    badSection(value, 'nodes', 'relation', false) ??
    badSection(value, 'sources', 'relation', false) ??
    badSection(value, 'macros', 'macro', false) ??
    badSection(value, 'unit_tests', 'node', true) ??
    badSection(value, 'exposures', 'exposure', true);
  if (problem) return bad(problem);
  for (const map of ['parent_map', 'child_map']) {
    const m = value[map];
    if (m !== undefined && !(isPlainObject(m) && Object.values(m).every(isStringArray))) return bad(`has a "${map}" that is not a mapping of lists`);
  }
  return { ok: true, value: value as unknown as Manifest };
}

/** Only the `nodes` of a manifest.json value (production's, for the impact report, which reads nothing else). */
export function parseManifestNodes(value: unknown, label: string): Parsed<Record<string, ManifestNode>> {
  if (!isPlainObject(value)) return { ok: false, reason: `${label} is not a JSON object` };
  const problem = badSection(value, 'nodes', 'relation', false);
  return problem ? { ok: false, reason: `${label} ${problem} (is it a dbt manifest.json?)` } : { ok: true, value: value.nodes as Record<string, ManifestNode> };
}

/** Reads and parses a manifest.json file. */
export function readManifestFile(path: string, label = path): Promise<Parsed<Manifest>> {
  return readJsonFileAsync(path, label, parseManifest);
}

/** The manifest dbt just wrote, for the run: a file that is not one is bad environment (exit 2), never a crash later. */
export async function readManifest(path: string): Promise<Manifest> {
  const read = await readManifestFile(path, `the manifest.json dbt wrote (${path})`);
  if (!read.ok) throw new InputError('dbt', `${read.reason}; check that the dbt in use is a supported dbt-core version`);
  return read.value;
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
