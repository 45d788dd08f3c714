// Wire types between the Node engine and python/dbt_bridge/ (protocol.py there), the one long-lived Python process that
// holds dbt in memory. Requests go to the bridge's stdin as JSON lines; replies and events come back
// as JSON lines on file descriptor 3 so dbt's own console output (stdout/stderr) can never corrupt them.

/** Arguments every dbt invocation in one engine run shares. */
export interface DbtCommonArgs {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  /** The --vars value exactly as the user gave it (already validated as YAML by the engine). */
  vars?: string;
  /** Directory holding the comparison manifest for state: selectors and --defer. */
  state?: string;
  defer?: boolean;
}

export interface TargetInfo {
  profileName: string;
  targetName: string;
  adapterType: string;
  database: string | null;
  schema: string;
  threads: number;
}

export interface ParseResult {
  /** Absolute path of the manifest.json dbt wrote. */
  manifestPath: string;
  dbtVersion: string;
  adapterVersion: string;
  target: TargetInfo;
  /** Names of environment variables dbt saw being read, by the unique_id of the node, macro or source whose file read them. */
  envVarsByUniqueId: Record<string, string[]>;
  /** Digests dbt keeps of env vars read by dbt_project.yml and profiles.yml (change => everything may differ). */
  projectEnvVarsHash: string | null;
  /**
   * dbt records the env vars profiles.yml reads but (as of 1.12) never digests them
   * (manifest.state_check.profile_env_vars_hash stays empty); the bridge digests them with dbt's
   * project_env_vars_hash recipe (sha256 of sorted `NAME:value|`). Values never leave the bridge.
   */
  profileEnvVarsHash: string | null;
  /**
   * sha256 hex of each tracked env var's value as dbt saw it (after .env loading): of `set:<value>`, or
   * of "<unset>" when absent (the engine's fallback recipe). Tracked: every name in envVarsByUniqueId,
   * manifest env_vars and the project's .env; DBT_ENV_SECRET* names are left out.
   */
  envVarDigests: Record<string, string>;
  /** Var values as dbt resolved them: root project vars, package-scoped project vars, and --vars. */
  vars: { global: Record<string, unknown>; byPackage: Record<string, Record<string, unknown>>; cli: Record<string, unknown> };
  /** The project name and the packages install path, for locating files of package nodes. */
  projectName: string;
  packagesInstallPath: string;
  /**
   * Files dbt's partial parsing would have kept (same whitespace-normalised checksum) although their
   * contents differ from what it parsed before; the bridge made dbt re-read them in the same parse.
   * File ids (`project://path`). Absent from older bridges.
   */
  rereadFiles?: string[];
  /** Whether the bridge could install that check on this dbt version. */
  partialParseGuard?: boolean;
}

export interface ListArgs {
  select?: string[];
  exclude?: string[];
  selector?: string;
  /** dbt's --indirect-selection for the tests of selected nodes (dbt's default: eager). */
  indirectSelection?: 'eager' | 'cautious' | 'buildable' | 'empty';
}

/** Reply of `ls`. */
export interface ListResult {
  uniqueIds: string[];
  /** dbt's own warnings about the selection (e.g. a criterion that matches no enabled node). */
  warnings?: string[];
}

export interface RelationRef {
  database: string | null;
  schema: string;
}

export interface ExistingRelation {
  database: string | null;
  schema: string;
  identifier: string;
  type: string | null;
}

/** Reply of `relations`: every relation in the requested schemas (a missing schema has none). */
export interface RelationsResult {
  relations: ExistingRelation[];
}

/** What a row of dbt_orchestrator_records says of a relation (python/dbt_bridge/warehouse_records.py). */
export interface RelationRecord {
  hash: string;
  uniqueId: string | null;
  kind: string | null;
  runId: string | null;
  recordedAt: string | null;
  /** The physical identity recorded with it is the relation's identity now. */
  matches: boolean;
}

/** Reply of `relations` with `withRecords`: every relation with its records, and each schema's record table. */
export interface RecordedRelationsResult {
  relations: Array<ExistingRelation & { records: RelationRecord[] }>;
  schemas: Array<RelationRef & { recordsTable: boolean; recordsError: string | null }>;
}

/** One relation a build may rewrite: its record is invalidated first and written after a success. */
export interface RecordSpec {
  uniqueId: string;
  database: string | null;
  schema: string;
  identifier: string;
  hash: string;
  /** The materialization (table, view, incremental, seed, snapshot, ...). */
  kind: string;
}

export interface BuildArgs {
  /**
   * Exactly these nodes run (no tests are added by indirect selection). dbt build runs a unit test
   * only together with its model, so unit tests requested without their model run right after, in a
   * `dbt test` invocation of the same request. Ephemeral models never produce a result.
   */
  uniqueIds: string[];
  threads: number;
  fullRefresh: boolean;
  /**
   * Let dbt (re)write target/manifest.json and target/run_results.json for this invocation.
   * Default false: results come back in the reply, and rewriting manifest.json per invocation costs
   * seconds on large projects.
   */
  writeJson?: boolean;
  /** Relations whose warehouse records the bridge invalidates before and writes after building. */
  records?: { runId: string; nodes: RecordSpec[] };
  /**
   * Edges dbt does not know, added to the in-memory manifest for this invocation only: child unique_id →
   * extra parents (readers of a source whose table a project node writes, see graph/produced-sources.ts).
   */
  extraParents?: Record<string, string[]>;
}

/** One dbt result as dbt serialises it into run_results.json (v6 "results" item). */
export interface DbtNodeResult {
  unique_id: string;
  status: string;
  timing: Array<{ name: string; started_at: string | null; completed_at: string | null }>;
  thread_id: string;
  execution_time: number;
  adapter_response: Record<string, unknown>;
  message: string | null;
  failures: number | null;
  compiled?: boolean | null;
  compiled_code?: string | null;
  relation_name?: string | null;
  batch_results?: unknown;
  /** dbt >= 1.12 */
  overload_results?: unknown;
}

export interface BuildResult {
  success: boolean;
  /**
   * One item per selected node dbt executed or skipped. May also hold results of the project's
   * on-run-start/on-run-end hooks (unique_id "operation.*"), which dbt runs on every invocation.
   */
  results: DbtNodeResult[];
  elapsedTime: number;
  /** Set when dbt raised instead of finishing (crash, connection failure). */
  error?: string;
  /** Records that could not be written (those relations rebuild next time). */
  recordWarnings?: string[];
}

export type BridgeRequest =
  | { id: number; cmd: 'deps'; args: DbtCommonArgs }
  | { id: number; cmd: 'parse'; args: DbtCommonArgs }
  // ls/relations/build run on the manifest of the last parse: DbtCommonArgs fields they leave out
  // default to the values that parse was given (projectDir/profilesDir/target/vars must match it).
  | { id: number; cmd: 'ls'; args: Partial<DbtCommonArgs> & ListArgs }
  | { id: number; cmd: 'relations'; args: Partial<DbtCommonArgs> & { schemas: RelationRef[]; withRecords?: boolean } }
  | { id: number; cmd: 'build'; args: Partial<DbtCommonArgs> & BuildArgs }
  | { id: number; cmd: 'freshness'; args: Partial<DbtCommonArgs> & FreshnessArgs }
  // a sharded run's status table (python/dbt_bridge/run_status.py; src/shard/status.ts): begin | delete_run | read | write | finish
  | { id: number; cmd: 'run_status'; args: RunStatusArgs }
  | { id: number; cmd: 'compile'; args: Partial<DbtCommonArgs> & CompileArgs }
  | { id: number; cmd: 'impact'; args: ImpactArgs }
  | { id: number; cmd: 'shutdown' };

/** `compile`: the compiled SQL of exactly these nodes (python/dbt_bridge/compile_sql.py). Never logged, never stored. */
export interface CompileArgs {
  uniqueIds: string[];
}

export interface CompileResult {
  /** compiledCode is null when the node did not compile (error: the exception's type). */
  results: Array<{ uniqueId: string; compiledCode: string | null; error: string | null }>;
}

export interface FreshnessArgs {
  /** Source unique_ids to check (one dbt invocation for all). */
  uniqueIds: string[];
  /** Where dbt writes sources.json (dbt's --output); omitted: dbt's default target/sources.json. */
  outputPath?: string;
}

/** One source's data state. "unchecked": dbt has no freshness config for it (nothing was queried). */
export interface SourceFreshness {
  uniqueId: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error' | 'unchecked' | string;
  maxLoadedAt: string | null;
  snapshottedAt: string | null;
  ageSeconds: number | null;
  /** Set when the freshness query itself failed. */
  error: string | null;
}

export interface FreshnessResult {
  results: SourceFreshness[];
}

/** The kinds of failure python/dbt_bridge/errors.py classifies (a runtime list: replies are checked against it, ./replies.ts). */
export const BRIDGE_ERROR_KINDS = [
  'dbt_missing', // dbt could not be imported
  'dbt_unsupported', // a dbt version (or the new dbt 2 engine) the bridge cannot host
  'profile', // profile or target missing/invalid
  'project', // dbt_project.yml missing/invalid
  'parse', // project failed to parse/compile
  'selection', // unknown selector, bad selection syntax, missing --state
  'database', // could not connect / query
  'internal',
] as const;

export type BridgeErrorKind = (typeof BRIDGE_ERROR_KINDS)[number];

/** id null: the bridge could not read the request's id (a line that was not a request). */
export type BridgeReply =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: { kind: BridgeErrorKind; message: string } };

export type BridgeEvent =
  /** python: version of the interpreter running the bridge, e.g. "3.11.7". */
  | { event: 'ready'; dbtVersion: string; python: string }
  | { event: 'fatal'; kind: BridgeErrorKind; message: string }
  | { event: 'node_start'; id: number; uniqueId: string; startedAt: string }
  | { event: 'node_finish'; id: number; uniqueId: string; result: DbtNodeResult };

// PR impact (python/dbt_bridge/impact.py): columns of relations (one catalog query per schema) or their row counts.

export interface TableRef {
  database: string | null;
  schema: string;
  identifier: string;
}

export interface Column {
  name: string;
  type: string;
}

export type ImpactArgs = { what: 'columns'; relations: TableRef[] } | { what: 'counts'; relations: TableRef[]; timeoutSeconds: number };

/** columns null: the relation does not exist, or its schema could not be read (`error`). */
export interface ColumnsReply {
  method: 'catalog' | 'adapter';
  relations: Array<TableRef & { columns: Column[] | null; error: string | null }>;
}

/** `count(*)` per relation until the deadline; the rest `timedOut`. */
export interface CountsReply {
  relations: Array<TableRef & { rows?: number; timedOut?: boolean; error?: string }>;
}

// A sharded run's status table (python/dbt_bridge/run_status.py; src/shard/status.ts speaks it).

/** A row of dbt_orchestrator_run_status as `read` returns it (a node's, or a shard's heartbeat `shard:I`). */
export interface StatusRow {
  uniqueId: string;
  /** The shard that wrote it, as the table stores it (text), null when none was written. */
  shard: string | null;
  status: string;
  message: string | null;
}

export type RunStatusArgs =
  /** keepDays: the runs whose newest row is older are deleted (default 35). */
  | { op: 'begin'; runId: string; shard: number; uniqueIds: string[]; table: RelationRef; heartbeatSeconds: number; keepDays?: number }
  /** Every row of a run (the merge, once the run is merged). */
  | { op: 'delete_run'; runId: string; table: RelationRef }
  | { op: 'read' }
  | { op: 'write'; rows: Array<{ uniqueId: string; status: string; message: string }> }
  | { op: 'finish'; finished: boolean };

/** The reply of each `run_status` op. */
export interface RunStatusReplies {
  /** The status table, rendered; cleanupError: why deleting the old runs failed (null: it did not). */
  begin: { table: string; cleanupError: string | null };
  /** error: why the delete failed (absent: it did not). */
  delete_run: { table: string; error?: string };
  /** errors: what the live writers (heartbeat, successes) met so far. */
  read: { rows: StatusRow[]; errors: string[] };
  write: Record<string, unknown>;
  /** The problems the live writers met. */
  finish: { errors: string[] };
}
