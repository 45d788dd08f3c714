// The strong correctness check: what the warehouse holds after an orchestrated run must equal what a
// fresh plain `dbt build` of the same code and vars produces. `snapshotWarehouse` dumps every relation
// (tables and views: columns and rows, sorted canonically) of a DuckDB file or a PostgreSQL database;
// `assertWarehouseEqualsPlainBuild` copies the project, runs real `.venv/bin/dbt build` into a fresh
// database, dumps both and compares them.
//
// Normalisation (the only places where two correct builds may differ):
// - snapshots (relations with dbt_scd_id and dbt_valid_to columns): dbt_scd_id, dbt_valid_from,
//   dbt_valid_to and dbt_updated_at depend on build time; by default only current rows
//   (dbt_valid_to is null) are compared, with those columns masked, because a fresh build has no history.
//   `snapshotRows: 'all'` keeps the history rows too (valid_to then only says closed/open).
// - `ignoreColumns`: columns holding build-time values (e.g. `current_timestamp`) of the project.
// - `exclude`: relations that are not the project's (e.g. the orchestrator's own bookkeeping tables).

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { memoised } from './plain-memo.js';
import { DBT, PYTHON } from './project.js';

export interface DuckDbWarehouse {
  kind: 'duckdb';
  /** Absolute path of the database file. */
  path: string;
}

export interface PostgresWarehouse {
  kind: 'postgres';
  host: string;
  port: number;
  user: string;
  dbname: string;
  password?: string;
}

export type Warehouse = DuckDbWarehouse | PostgresWarehouse;

/** A relation name pattern: a string matches `schema.name` or `name` exactly (case-insensitive). */
export type RelationPattern = string | RegExp;

/** The warehouse state record table (python/warehouse_records.py), left out of every dump. */
export const ORCHESTRATOR_RECORDS = 'dbt_orchestrator_records';
/** The status table of sharded runs (python/run_status.py): bookkeeping, not built content. */
export const ORCHESTRATOR_RUN_STATUS = 'dbt_orchestrator_run_status';

export interface DumpOptions {
  /** Only these schemas (case-insensitive); default every non-system schema. */
  schemas?: string[];
  /** Relations left out of the dump (matched against `schema.name` and `name`). */
  exclude?: RelationPattern[];
  /** Columns dropped from every relation (matched against the column name, case-insensitive for strings). */
  ignoreColumns?: RelationPattern[];
  /** Snapshot rows compared: only current ones (default) or all, history included. */
  snapshotRows?: 'current' | 'all';
}

export interface RelationDump {
  kind: 'table' | 'view';
  /** `name type`, in ordinal order. */
  columns: string[];
  /** One canonical JSON array per row, sorted. */
  rows: string[];
}

/** `schema.name` (lower case) → dump. */
export type WarehouseDump = Record<string, RelationDump>;

interface RawRelation {
  schema: string;
  name: string;
  type: string;
  columns: Array<[string, string]>;
  rows: unknown[][];
}

// Lists and reads every relation in one process; values come back as canonical JSON scalars.
const DUMP_SCRIPT = String.raw`
import json, sys, datetime, decimal, uuid
spec = json.load(sys.stdin)
w = spec['warehouse']
def canon(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, decimal.Decimal):
        return 'dec:' + str(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return 'interval:' + str(v.total_seconds())
    if isinstance(v, (bytes, bytearray, memoryview)):
        return 'bytes:' + bytes(v).hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if isinstance(v, dict):
        return {str(k): canon(x) for k, x in v.items()}
    return str(v)
def quote(name):
    return '"' + name.replace('"', '""') + '"'
if w['kind'] == 'duckdb':
    import duckdb
    con = duckdb.connect(w['path'], read_only=True)
    def q(sql, params=()):
        return con.execute(sql, list(params)).fetchall()
    where = "table_catalog = current_database() and table_schema not in ('information_schema', 'pg_catalog')"
    cols_sql = "select column_name, data_type from information_schema.columns where table_catalog = current_database() and table_schema = ? and table_name = ? order by ordinal_position"
else:
    import psycopg2
    con = psycopg2.connect(host=w['host'], port=w['port'], user=w['user'], dbname=w['dbname'], password=w.get('password'))
    cur = con.cursor()
    def q(sql, params=()):
        cur.execute(sql.replace('%', '%%').replace('?', '%s'), tuple(params))
        return cur.fetchall()
    where = "table_schema not in ('information_schema', 'pg_catalog') and table_schema not like 'pg\\_%'"
    cols_sql = "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position"
out = []
for schema, name, ttype in q("select table_schema, table_name, table_type from information_schema.tables where " + where + " order by 1, 2"):
    cols = [[c, t] for c, t in q(cols_sql, (schema, name))]
    rows = [[canon(v) for v in r] for r in q("select * from " + quote(schema) + "." + quote(name))]
    out.append({'schema': schema, 'name': name, 'type': ttype, 'columns': cols, 'rows': rows})
print(json.dumps(out))
`;

// Runs statements (no results) on a warehouse; `database` creates/drops a database on a PostgreSQL server.
const EXEC_SCRIPT = String.raw`
import json, sys
spec = json.load(sys.stdin)
w = spec['warehouse']
if w['kind'] == 'duckdb':
    import duckdb
    con = duckdb.connect(w['path'])
    for s in spec['statements']:
        con.execute(s)
    con.close()
else:
    import psycopg2
    con = psycopg2.connect(host=w['host'], port=w['port'], user=w['user'], dbname=w['dbname'], password=w.get('password'))
    con.autocommit = True
    cur = con.cursor()
    for s in spec['statements']:
        cur.execute(s)
    con.close()
`;

function runPython(script: string, input: unknown): string {
  return execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Runs SQL statements against a warehouse (autocommit; the engine must not hold a DuckDB file open). */
export function execSql(warehouse: Warehouse, ...statements: string[]): void {
  runPython(EXEC_SCRIPT, { warehouse, statements });
}

function matches(patterns: RelationPattern[] | undefined, ...names: string[]): boolean {
  return (patterns ?? []).some((p) => names.some((n) => (typeof p === 'string' ? p.toLowerCase() === n.toLowerCase() : p.test(n))));
}

const SNAPSHOT_META = ['dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to', 'dbt_updated_at'];

/** Applies the dump options to relations as read from the database (pure; exported for unit tests). */
export function normaliseRelations(raw: RawRelation[], options: DumpOptions = {}): WarehouseDump {
  const schemas = options.schemas?.map((s) => s.toLowerCase());
  const dump: WarehouseDump = {};
  for (const rel of raw) {
    const key = `${rel.schema}.${rel.name}`.toLowerCase();
    if (schemas && !schemas.includes(rel.schema.toLowerCase())) continue;
    // The orchestrator's own bookkeeping (the warehouse state record) is never the project's data.
    if (rel.name.toLowerCase() === ORCHESTRATOR_RECORDS || rel.name.toLowerCase() === ORCHESTRATOR_RUN_STATUS) continue;
    if (matches(options.exclude, `${rel.schema}.${rel.name}`, rel.name)) continue;
    const names = rel.columns.map(([c]) => c.toLowerCase());
    const isSnapshot = names.includes('dbt_scd_id') && names.includes('dbt_valid_to');
    const validTo = names.indexOf('dbt_valid_to');
    let rows = rel.rows;
    if (isSnapshot && (options.snapshotRows ?? 'current') === 'current') rows = rows.filter((r) => r[validTo] === null);
    const keep = rel.columns.map(([c]) => !matches(options.ignoreColumns, c));
    const cell = (value: unknown, i: number): unknown => {
      if (!isSnapshot || !SNAPSHOT_META.includes(names[i])) return value;
      if (i === validTo) return value === null ? null : '<closed>';
      return '<snapshot meta>';
    };
    dump[key] = {
      kind: /view/i.test(rel.type) ? 'view' : 'table',
      columns: rel.columns.filter((_, i) => keep[i]).map(([c, t]) => `${c.toLowerCase()} ${t.toLowerCase()}`),
      rows: rows.map((r) => JSON.stringify(r.map(cell).filter((_, i) => keep[i]))).sort(),
    };
  }
  return dump;
}

function rawRelations(warehouse: Warehouse): RawRelation[] {
  return JSON.parse(runPython(DUMP_SCRIPT, { warehouse })) as RawRelation[];
}

/** Dumps every relation of the warehouse (see the module comment for what is normalised). */
export function snapshotWarehouse(warehouse: Warehouse, options: DumpOptions = {}): WarehouseDump {
  return normaliseRelations(rawRelations(warehouse), options);
}

/** Human-readable differences between two dumps; empty when they are equal. */
export function compareWarehouses(actual: WarehouseDump, expected: WarehouseDump, sample = 5): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort()) {
    const a = actual[key];
    const e = expected[key];
    if (!a) { out.push(`${key}: missing (the plain build has it)`); continue; }
    if (!e) { out.push(`${key}: unexpected (the plain build does not have it)`); continue; }
    if (a.kind !== e.kind) out.push(`${key}: a ${a.kind}, the plain build has a ${e.kind}`);
    if (a.columns.join(', ') !== e.columns.join(', ')) out.push(`${key}: columns [${a.columns.join(', ')}] ≠ plain [${e.columns.join(', ')}]`);
    const onlyA = multisetMinus(a.rows, e.rows);
    const onlyE = multisetMinus(e.rows, a.rows);
    if (onlyA.length || onlyE.length) {
      out.push(
        `${key}: ${a.rows.length} rows vs ${e.rows.length} in the plain build; ` +
          `only here (${onlyA.length}): ${onlyA.slice(0, sample).join(' ')}; only in the plain build (${onlyE.length}): ${onlyE.slice(0, sample).join(' ')}`,
      );
    }
  }
  return out;
}

function multisetMinus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of b) counts.set(r, (counts.get(r) ?? 0) + 1);
  return a.filter((r) => {
    const n = counts.get(r) ?? 0;
    if (n === 0) return true;
    counts.set(r, n - 1);
    return false;
  });
}

export interface PlainBuildOptions extends DumpOptions {
  /** Where the orchestrated run wrote (what is compared with the plain build). */
  warehouse: Warehouse;
  /** The same vars the orchestrated run got (object → JSON, or the literal `--vars` text). */
  vars?: Record<string, unknown> | string;
  /** The profile target the orchestrated run used; default the profile's default target. */
  target?: string;
  /** Directory holding the profiles.yml the orchestrated run used; default the project. */
  profilesDir?: string;
  /** Extra arguments for every dbt step (e.g. ['--exclude', 'x']); keep them equal to the orchestrated run's intent. */
  dbtArgs?: string[];
  /**
   * The plain dbt commands, in order; default [['build']]. A project whose models read its seeds through
   * source() cannot be built by a cold plain `dbt build` (dbt does not know that edge): its users run
   * [['seed'], ['build']].
   */
  steps?: string[][];
  /** Extra environment for the plain dbt (env vars the project reads). */
  env?: NodeJS.ProcessEnv;
  /** Loads data the project reads but does not build (sources written by a loader) into the fresh warehouse. */
  prepare?: (fresh: Warehouse) => void;
  /** Allow the plain build to exit non-zero (failing data tests); default false. */
  allowFailures?: boolean;
}

const NOT_COPIED = new Set(['target', 'logs', '.dbt-orchestrator', '.user.yml']);

interface ProfileFile {
  [profile: string]: { target?: string; outputs: Record<string, Record<string, unknown>> };
}

/** A profiles dir for the plain build: the orchestrated run's output with the connection pointed at `fresh`. */
function writePlainProfile(project: string, options: PlainBuildOptions, fresh: Warehouse, dir: string): string {
  const projectFile = parseYaml(readFileSync(join(project, 'dbt_project.yml'), 'utf8')) as { profile: string };
  const profiles = parseYaml(readFileSync(join(options.profilesDir ?? project, 'profiles.yml'), 'utf8')) as ProfileFile;
  const profile = profiles[projectFile.profile];
  if (!profile) throw new Error(`profiles.yml has no profile ${projectFile.profile}`);
  const target = options.target ?? profile.target ?? 'dev';
  const output = profile.outputs[target];
  if (!output) throw new Error(`profile ${projectFile.profile} has no target ${target}`);
  const connection =
    fresh.kind === 'duckdb'
      ? { path: fresh.path }
      : { host: fresh.host, port: fresh.port, user: fresh.user, dbname: fresh.dbname, password: fresh.password ?? '' };
  // dbt-postgres rejects a target naming one setting under two of its aliases (pass/password, dbname/database).
  const base = { ...output };
  if (fresh.kind === 'postgres') for (const alias of ['pass', 'password', 'database', 'dbname']) delete base[alias];
  const written: ProfileFile = { [projectFile.profile]: { target, outputs: { [target]: { ...base, ...connection } } } };
  const profilesDir = join(dir, 'profiles');
  mkdirSync(profilesDir, { recursive: true });
  writeFileSync(join(profilesDir, 'profiles.yml'), JSON.stringify(written, null, 2));
  return profilesDir;
}

export interface PlainBuild {
  warehouse: Warehouse;
  /** The copied project the plain build ran in. */
  projectDir: string;
  stdout: string;
  /** Drops the fresh PostgreSQL database (DuckDB: nothing to do; the file is in a temp dir). */
  dispose: () => void;
}

/** Copies `project` and runs a real plain `dbt build` of it into a fresh database. */
export function plainBuild(project: string, options: PlainBuildOptions): PlainBuild {
  const dir = mkdtempSync(join(tmpdir(), 'plain-'));
  const copy = join(dir, basename(project));
  cpSync(project, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(basename(src)) && !/\.duckdb(\.wal)?$/.test(src) });
  let fresh: Warehouse;
  let dispose = (): void => undefined;
  if (options.warehouse.kind === 'duckdb') {
    // Same file name, so dbt's database name (the file stem) is the same as in the orchestrated run.
    fresh = { kind: 'duckdb', path: join(dir, basename(options.warehouse.path)) };
  } else {
    const server = options.warehouse;
    const dbname = `plain_${basename(dir).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
    execSql(server, `create database ${dbname}`);
    fresh = { ...server, dbname };
    dispose = () => {
      try { execSql(server, `drop database if exists ${dbname} with (force)`); } catch { /* best effort */ }
    };
  }
  try {
    options.prepare?.(fresh);
    const profilesDir = writePlainProfile(project, options, fresh, dir);
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
    if (fresh.kind === 'duckdb') env.DBT_DUCKDB_PATH = fresh.path;
    const outputs: string[] = [];
    for (const step of options.steps ?? [['build']]) {
      const args = [...step, '--project-dir', copy, '--profiles-dir', profilesDir];
      if (options.target) args.push('--target', options.target);
      if (options.vars !== undefined) args.push('--vars', typeof options.vars === 'string' ? options.vars : JSON.stringify(options.vars));
      args.push(...(options.dbtArgs ?? []));
      const run = spawnSync(DBT, args, { cwd: copy, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      outputs.push(run.stdout);
      if (run.status !== 0 && !options.allowFailures) {
        throw new Error(`plain dbt ${step.join(' ')} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
      }
    }
    return { warehouse: fresh, projectDir: copy, stdout: outputs.join('\n'), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * Asserts the orchestrated warehouse holds exactly what a fresh plain `dbt build` of the same project,
 * vars and target produces. The orchestrated run must be finished (DuckDB allows one writer).
 */
export function assertWarehouseEqualsPlainBuild(project: string, options: PlainBuildOptions): void {
  const expected = normaliseRelations(plainBuildRelations(project, options), options);
  const actual = snapshotWarehouse(options.warehouse, options);
  assert.ok(Object.keys(expected).length > 0, 'the plain build produced no relation');
  const differences = compareWarehouses(actual, expected);
  assert.deepEqual(differences, [], `the warehouse differs from a fresh plain dbt build:\n${differences.join('\n')}`);
}

// One plain build per input (test/helpers/plain-memo.ts): what differs between two builds of the same input,
// build times and snapshot metadata, is masked by normaliseRelations.
function plainBuildRelations(project: string, options: PlainBuildOptions): RawRelation[] {
  return memoised(options.prepare ? undefined : plainBuildKey(project, options), () => {
    const plain = plainBuild(project, options);
    try {
      return rawRelations(plain.warehouse);
    } finally {
      plain.dispose();
      if (plain.warehouse.kind === 'duckdb' && existsSync(plain.warehouse.path)) rmSync(join(plain.projectDir, '..'), { recursive: true, force: true });
    }
  });
}

/** Everything a plain build reads: the files plainBuild copies (packages followed), the profile, the options and the env_var()s those files name. */
function plainBuildKey(project: string, options: PlainBuildOptions): string {
  const hash = createHash('sha256');
  const envVars = new Set<string>();
  const read = (text: Buffer): Buffer => {
    for (const m of text.toString('utf8').matchAll(/env_var\(\s*["']([^"']+)["']/g)) envVars.add(m[1]!);
    return text;
  };
  const walk = (dir: string, relative: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (NOT_COPIED.has(name) || /\.duckdb(\.wal)?$/.test(name)) continue;
      const path = join(dir, name);
      const rel = `${relative}/${name}`;
      if (statSync(path).isDirectory()) walk(path, rel);
      else hash.update(`${rel}\0`).update(read(readFileSync(path))).update('\0');
    }
  };
  walk(project, '');
  hash.update(read(readFileSync(join(options.profilesDir ?? project, 'profiles.yml'))));
  const { kind } = options.warehouse;
  const env = { ...process.env, ...options.env }; // what the plain build runs with
  const readEnv = [...envVars].sort().map((name) => [name, env[name] ?? null]);
  hash.update(JSON.stringify({ kind, vars: options.vars, target: options.target, dbtArgs: options.dbtArgs, steps: options.steps, env: options.env, readEnv, allowFailures: options.allowFailures }));
  return hash.digest('hex');
}

/** The example project's DuckDB file (relative `path` in its profile resolves against the project). */
export function duckdbOf(project: string, file = 'jaffle_shop.duckdb'): DuckDbWarehouse {
  return { kind: 'duckdb', path: join(project, file) };
}
