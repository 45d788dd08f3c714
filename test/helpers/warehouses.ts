// The example project on one warehouse (DuckDB file or a PostgreSQL database), with what drift tests need:
// the orchestrator, plain dbt outside it, SQL, and the content of every relation.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DBT, duckdb, orchestrate, type CliRun } from './project.js';
import { assertWarehouseEqualsPlainBuild, duckdbOf, type Warehouse as Connection } from './warehouse.js';
import type { PostgresServer } from './postgres.js';

export interface Warehouse {
  adapter: 'duckdb' | 'postgres';
  project: string;
  /** Environment and CLI arguments that point dbt at this warehouse. */
  env: Record<string, string>;
  targetArgs: string[];
  /** Where it is, for the shared plain-build comparison (test/helpers/warehouse.ts). */
  connection: Connection;
  /** The orchestrator on this warehouse. */
  orchestrate(args: string[], env?: Record<string, string>): Promise<CliRun>;
  /** Plain dbt (outside the orchestrator) on the same target. */
  dbt(args: string[]): string;
  query(sql: string): unknown[][];
  /** "schema.name" → sorted rows (as JSON) of every table and view, without our records and snapshots. */
  content(): Map<string, string[]>;
}

function plainDbt(project: string, target: string[], env: Record<string, string>, args: string[]): string {
  try {
    return execFileSync(DBT, [...args, '--project-dir', project, '--profiles-dir', project, ...target], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`dbt ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

const LIST: Record<Warehouse['adapter'], string> = {
  duckdb:
    "select schema_name, table_name from duckdb_tables() where table_name <> 'dbt_orchestrator_records' and schema_name not like '%snapshots'" +
    " union all select schema_name, view_name from duckdb_views() where not internal and schema_name not like '%snapshots' and schema_name not in ('information_schema', 'pg_catalog')",
  postgres:
    "select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')" +
    " and table_schema not like '%snapshots' and table_name <> 'dbt_orchestrator_records'",
};

function contentOf(w: Pick<Warehouse, 'adapter' | 'query'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [schema, name] of w.query(LIST[w.adapter]) as Array<[string, string]>) {
    const rows = w.query(`select * from "${schema}"."${name}"`).map((r) => JSON.stringify(r));
    out.set(`${schema}.${name}`, rows.sort());
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function duckdbWarehouse(project: string): Warehouse {
  const w: Warehouse = {
    adapter: 'duckdb',
    project,
    env: {},
    targetArgs: [],
    connection: duckdbOf(project),
    orchestrate: (args, env = {}) => orchestrate(project, args, env),
    dbt: (args) => plainDbt(project, [], {}, args),
    query: (sql) => JSON.parse(duckdb(project, sql)) as unknown[][],
    content: () => contentOf(w),
  };
  return w;
}

export function postgresWarehouse(project: string, server: PostgresServer, dbname: string): Warehouse {
  const env = server.env(dbname);
  const target = ['--target', 'postgres'];
  const w: Warehouse = {
    adapter: 'postgres',
    project,
    env,
    targetArgs: target,
    connection: { kind: 'postgres', host: server.host, port: server.port, user: server.user, dbname },
    orchestrate: (args, extra = {}) => orchestrate(project, [...args, ...target], { ...env, ...extra }),
    dbt: (args) => plainDbt(project, target, env, args),
    query: (sql) => server.query(dbname, sql),
    content: () => contentOf(w),
  };
  return w;
}

/**
 * The same code (and vars) built by plain dbt on a fresh warehouse gives the same content (the shared check
 * of test/helpers/warehouse.ts). Incremental models are left out: they keep the history of their earlier
 * runs, as dbt's own do (README, Known limits); so is the orchestrator's own record table.
 */
export function assertEqualsPlainBuild(w: Warehouse, vars?: string): void {
  const manifest = JSON.parse(readFileSync(join(w.project, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { schema: string; alias: string; config: { materialized?: string } }> };
  const incremental = Object.values(manifest.nodes).filter((n) => n.config.materialized === 'incremental').map((n) => `${n.schema}.${n.alias}`);
  assert.ok(incremental.length > 0);
  assertWarehouseEqualsPlainBuild(w.project, {
    warehouse: w.connection,
    vars,
    target: w.adapter === 'postgres' ? 'postgres' : undefined,
    exclude: ['dbt_orchestrator_records', ...incremental],
  });
}
