// plan.json of a sharded build (SHARD-INTERFACE.md): its shape, and its parse at the door. Pure.
// Everything a shard or the merge reads from the file is checked here once; inside, the plan is trusted.

import { InputError } from '../errors.js';

export const PLAN_KIND = 'dbt-orchestrator-shard-plan';
export const PLAN_FORMAT = 1;
/** GitHub Actions runs at most 256 jobs of one matrix. */
export const MAX_SHARDS = 256;
export const STATUS_TABLE = 'dbt_orchestrator_run_status';

export interface PlanNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: 'run' | 'reuse' | 'ephemeral';
  reason: string;
  hash: string;
  /** The node's hash over its code alone (no warehouse or source state): what a shard compares. */
  codeHash: string;
  /** 1-based shard of a `run` node; null otherwise. */
  shard: number | null;
  /** The node's slot key in the store (executable nodes). */
  slot?: string;
  /** Last known execution time (seconds) used by the cut; for a reused node, what reusing it saved. */
  seconds?: number;
}

export interface ShardWait {
  node: string;
  parent: string;
  parentShard: number;
}

export interface ShardPlanEntry {
  index: number;
  nodes: string[];
  estimatedSeconds: number;
  waitsFor: ShardWait[];
}

export interface ShardPlanFile {
  kind: typeof PLAN_KIND;
  format: typeof PLAN_FORMAT;
  runId: string;
  createdAt: string;
  shards: number;
  matrix: { include: Array<{ shard: string; index: number; name: string }> };
  project: { name: string; adapterType: string; dbtVersion: string; targetName: string; codeDigest: string };
  command: string;
  options: { select: string[]; exclude: string[]; selector: string | null; fullRefresh: boolean; threads: number };
  statusTable: { database: string | null; schema: string; identifier: string };
  estimate: { makespanSeconds: number; lowerBoundSeconds: number; totalSeconds: number };
  nodes: PlanNode[];
  shardPlans: ShardPlanEntry[];
}

export function shardName(index: number, shards: number): string {
  return `shard-${index}-of-${shards}`;
}

export function matrixOf(shards: number): ShardPlanFile['matrix'] {
  return { include: Array.from({ length: shards }, (_, i) => ({ shard: `${i + 1}/${shards}`, index: i + 1, name: shardName(i + 1, shards) })) };
}

/** `--shards N`: 1..256. */
export function parseShardCount(value: string | number): number {
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new InputError('--shards', `expected a whole number from 1 to ${MAX_SHARDS} (a GitHub Actions matrix runs at most ${MAX_SHARDS} jobs), got ${JSON.stringify(text)}`);
  }
  return n;
}

/** `--shard I/N`: 1 <= I <= N, N the plan's shard count. */
export function parseShardArg(value: string, plan?: Pick<ShardPlanFile, 'shards'>): { index: number; shards: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new InputError('--shard', `expected I/N (e.g. 2/4: the second of four shards), got ${JSON.stringify(value)}`);
  const index = Number(match[1]);
  const shards = Number(match[2]);
  if (shards < 1 || shards > MAX_SHARDS) throw new InputError('--shard', `N must be from 1 to ${MAX_SHARDS}, got ${shards}`);
  if (index < 1 || index > shards) throw new InputError('--shard', `shard ${index} is out of range: shards are numbered 1 to ${shards}`);
  if (plan && plan.shards !== shards) throw new InputError('--shard', `the plan cuts the build into ${plan.shards} shards, not ${shards}: pass --shard I/${plan.shards}`);
  return { index, shards };
}

/** The plan file's text, as `plan --shards N --json` prints it and the action's plan role stores it. */
export function planFileText(plan: ShardPlanFile): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Parses and checks plan.json text; `where` names the file in messages. Throws InputError (exit 2). */
export function parsePlanFile(text: string, where: string): ShardPlanFile {
  const bad = (why: string): InputError => new InputError('--plan', `${where}: ${why}; write it with \`dbt-orchestrator plan --shards N --json > plan.json\``);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(`not JSON (${(error as Error).message})`);
  }
  if (!isObject(value) || value.kind !== PLAN_KIND) throw bad('not a dbt-orchestrator shard plan');
  if (value.format !== PLAN_FORMAT) throw bad(`plan format ${JSON.stringify(value.format)} is not supported (this version reads format ${PLAN_FORMAT})`);
  const shards = value.shards;
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) throw bad('"shards" is not a whole number from 1 to 256');
  if (typeof value.runId !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(value.runId)) throw bad('"runId" is missing or malformed');
  const project = value.project;
  if (!isObject(project) || typeof project.name !== 'string' || typeof project.adapterType !== 'string' || typeof project.codeDigest !== 'string') throw bad('"project" is incomplete');
  const table = value.statusTable;
  if (!isObject(table) || typeof table.schema !== 'string' || !(table.database === null || typeof table.database === 'string')) throw bad('"statusTable" is incomplete');
  if (!Array.isArray(value.nodes)) throw bad('"nodes" is not a list');
  const ids = new Set<string>();
  for (const n of value.nodes as unknown[]) {
    if (!isObject(n) || typeof n.uniqueId !== 'string' || typeof n.hash !== 'string' || typeof n.codeHash !== 'string') throw bad('a node lacks uniqueId, hash or codeHash');
    if (!['run', 'reuse', 'ephemeral'].includes(n.decision as string)) throw bad(`node ${n.uniqueId}: unknown decision ${JSON.stringify(n.decision)}`);
    if (n.decision === 'run' && (typeof n.shard !== 'number' || !Number.isInteger(n.shard) || n.shard < 1 || n.shard > shards)) throw bad(`node ${n.uniqueId}: a run node without a shard from 1 to ${shards}`);
    if (ids.has(n.uniqueId)) throw bad(`node ${n.uniqueId} is listed twice`);
    ids.add(n.uniqueId);
  }
  if (!Array.isArray(value.shardPlans) || value.shardPlans.length !== shards) throw bad(`"shardPlans" must list ${shards} shards`);
  const owner = new Map<string, number>();
  (value.shardPlans as unknown[]).forEach((s, i) => {
    if (!isObject(s) || s.index !== i + 1 || !isStringArray(s.nodes) || !Array.isArray(s.waitsFor)) throw bad(`shard ${i + 1} is malformed`);
    for (const id of s.nodes) {
      if (!ids.has(id)) throw bad(`shard ${i + 1} lists ${id}, which is not a planned node`);
      if (owner.get(id) === i + 1) throw bad(`${id} is listed twice in shard ${i + 1}`);
      if (owner.has(id)) throw bad(`${id} is in shards ${owner.get(id)} and ${i + 1}`);
      owner.set(id, i + 1);
    }
  });
  for (const n of value.nodes as PlanNode[]) {
    if (n.decision === 'run' && owner.get(n.uniqueId) !== n.shard) throw bad(`node ${n.uniqueId} is not in the list of its shard ${n.shard}`);
  }
  const options = isObject(value.options) ? value.options : {};
  return {
    ...(value as unknown as ShardPlanFile),
    options: {
      select: isStringArray(options.select) ? options.select : [],
      exclude: isStringArray(options.exclude) ? options.exclude : [],
      selector: typeof options.selector === 'string' ? options.selector : null,
      fullRefresh: options.fullRefresh === true,
      threads: typeof options.threads === 'number' && options.threads >= 1 ? options.threads : 1,
    },
    statusTable: { database: (table.database as string | null) ?? null, schema: table.schema as string, identifier: STATUS_TABLE },
  };
}

/** Adapters whose database is a file with one writer: shards on other machines cannot share it. */
const SINGLE_WRITER_ADAPTERS = new Set(['duckdb', 'sqlite']);

/** Sharding needs a warehouse every shard can write at once; refused before any SQL. */
export function refuseSingleWriter(adapterType: string, flag: string): void {
  if (SINGLE_WRITER_ADAPTERS.has(adapterType)) {
    throw new InputError(
      flag,
      `sharding needs a server warehouse (PostgreSQL, Snowflake, BigQuery, Redshift, Databricks, …): the target's adapter is ${adapterType}, whose database is one file that allows one writer at a time, so shards on other machines cannot share it; build it with one \`dbt-orchestrator build\` instead`,
    );
  }
}
