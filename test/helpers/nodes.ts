// Builders for in-memory manifest nodes, graphs, hash records and dbt results: the pure core's unit tests
// say only what matters to the rule they check.

import type { ManifestMacro, ManifestNode } from '../../src/dbt/manifest.js';
import type { DbtNodeResult } from '../../src/dbt/protocol.js';
import { buildGraph, type ProjectGraph } from '../../src/graph/graph.js';

export const PKG = 'p';

interface NodeOptions {
  deps?: string[];
  macros?: string[];
  materialized?: string;
  config?: Record<string, unknown>;
  rawCode?: string;
  packageName?: string;
  extra?: Partial<ManifestNode>;
}

function node(resourceType: string, uniqueId: string, name: string, options: NodeOptions = {}): ManifestNode {
  return {
    unique_id: uniqueId,
    resource_type: resourceType,
    name,
    package_name: options.packageName ?? PKG,
    fqn: [PKG, name],
    path: `${name}.sql`,
    original_file_path: `models/${name}.sql`,
    database: 'db',
    schema: 'main',
    alias: name,
    relation_name: `"db"."main"."${name}"`,
    raw_code: options.rawCode ?? `select 1 as id -- ${name}`,
    language: 'sql',
    config: { enabled: true, ...(options.materialized ? { materialized: options.materialized } : {}), ...options.config },
    unrendered_config: {},
    depends_on: { nodes: options.deps ?? [], macros: options.macros ?? [] },
    ...options.extra,
  };
}

export const modelId = (name: string): string => `model.${PKG}.${name}`;
export const seedId = (name: string): string => `seed.${PKG}.${name}`;
export const testId = (name: string): string => `test.${PKG}.${name}`;
export const unitTestId = (model: string, name: string): string => `unit_test.${PKG}.${model}.${name}`;
export const sourceId = (source: string, table: string): string => `source.${PKG}.${source}.${table}`;

export function model(name: string, options: NodeOptions = {}): ManifestNode {
  return node('model', modelId(name), name, { materialized: 'table', ...options });
}

export function ephemeral(name: string, options: NodeOptions = {}): ManifestNode {
  return model(name, { ...options, materialized: 'ephemeral' });
}

export function seed(name: string, options: NodeOptions = {}): ManifestNode {
  return node('seed', seedId(name), name, { ...options, rawCode: '' });
}

/** A generic data test on `tested` (one or more models). */
export function dataTest(name: string, tested: string[], options: NodeOptions = {}): ManifestNode {
  return node('test', testId(name), name, { ...options, deps: tested, extra: { test_metadata: { name: 'not_null', kwargs: { column_name: 'id' } }, ...options.extra } });
}

export function unitTest(name: string, tested: string, options: NodeOptions = {}): ManifestNode {
  const modelName = tested.split('.').pop()!;
  return node('unit_test', unitTestId(modelName, name), name, { ...options, deps: [tested], extra: { model: modelName, given: [], expect: { rows: [] }, ...options.extra } });
}

export function source(sourceName: string, table: string, options: NodeOptions = {}): ManifestNode {
  return node('source', sourceId(sourceName, table), table, { ...options, extra: { source_name: sourceName, identifier: table, ...options.extra } });
}

export function macro(name: string, sql: string, options: { packageName?: string; calls?: string[] } = {}): ManifestMacro {
  const packageName = options.packageName ?? PKG;
  return {
    unique_id: `macro.${packageName}.${name}`,
    name,
    package_name: packageName,
    original_file_path: `macros/${name}.sql`,
    macro_sql: sql,
    depends_on: { macros: options.calls ?? [] },
  };
}

export function graphOf(...nodes: ManifestNode[]): ProjectGraph {
  return buildGraph(new Map(nodes.map((n) => [n.unique_id, n])));
}

/** A dbt result item with the given status (message null unless given). */
export function dbtResult(uniqueId: string, status: string, message: string | null = null): DbtNodeResult {
  return {
    unique_id: uniqueId,
    status,
    timing: [],
    thread_id: 'Thread-1',
    execution_time: 0.1,
    adapter_response: {},
    message,
    failures: status === 'fail' ? 1 : null,
  };
}
