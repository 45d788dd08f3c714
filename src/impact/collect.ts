// PR impact, collected at the end of a run against production's state (the --state dir): the columns of
// every relation the run rebuilt next to those of production's relation of the same node (the relation
// `--defer` resolves to), in one bridge request (one catalog query per schema), and, when asked, the row
// counts of the modified nodes and their direct children (one request per count), bounded by a timeout.
//
// Impact is a report: whatever goes wrong here (no production manifest, a schema that cannot be read, a
// slow count) is said in the report and never changes the run's result. A request that outlives its
// deadline stops the bridge (the run is over; it is only waiting to be closed) and is reported timed out.

import { join } from 'node:path';
import type { ColumnsReply, CountsReply, TableRef } from '../dbt/protocol.js';
import { isEphemeral, parseManifestNodes, type ManifestNode } from '../dbt/manifest.js';
import { modifiedAgainst, type HashedNode } from '../plan/modified.js';
import { readStateReport } from '../plan/state-report.js';
import { isSuccess } from '../status.js';
import { readJsonFile } from '../util/json-file.js';
import type { NodeOutcome } from '../types.js';
import { diffColumns } from './schema-diff.js';
import type { ImpactOptions, ImpactReport, RowCount, RowImpact, SchemaImpact } from './types.js';

const RELATION_TYPES = new Set(['model', 'seed', 'snapshot']);
/** Beyond the timeout the bridge gets to answer by itself (its own deadline stops starting counts). */
const GRACE_MS = 10_000;
/** A single count may outlive the timeout by this much before the bridge is stopped. */
const COUNT_GRACE_MS = 1_000;

export interface ImpactBridge {
  impact(args: { what: 'columns'; relations: TableRef[] }): Promise<ColumnsReply>;
  impact(args: { what: 'counts'; relations: TableRef[]; timeoutSeconds: number }): Promise<CountsReply>;
  kill(): void;
}

type ProductionNode = Pick<ManifestNode, 'unique_id' | 'resource_type' | 'database' | 'schema' | 'alias' | 'name' | 'config'>;

export interface ImpactTarget {
  uniqueId: string;
  name: string;
  modified: boolean;
  pr: TableRef;
  /** undefined: production's manifest has no relation for the node. */
  production?: TableRef;
}

export interface ImpactInput {
  nodes: Map<string, ManifestNode>;
  children: Map<string, string[]>;
  /** The run's nodes with their hash inputs (what orchestrator.json records). */
  hashed: HashedNode[];
  outcomes: NodeOutcome[];
  production: { nodes: Record<string, ProductionNode>; hashed?: HashedNode[] };
}

function tableOf(node: Pick<ManifestNode, 'database' | 'schema' | 'alias' | 'name'>): TableRef {
  return { database: node.database ?? null, schema: node.schema, identifier: node.alias ?? node.name };
}

export function shownRelation(ref: TableRef): string {
  return `${ref.schema}.${ref.identifier}`;
}

function sameTable(a: TableRef, b: TableRef): boolean {
  const k = (r: TableRef) => `${(r.database ?? '').toLowerCase()}.${r.schema.toLowerCase()}.${r.identifier.toLowerCase()}`;
  return k(a) === k(b);
}

function tableKey(r: TableRef): string {
  return JSON.stringify([(r.database ?? '').toLowerCase(), r.schema.toLowerCase(), r.identifier.toLowerCase()]);
}

/**
 * The modified nodes: own hash inputs differ from production's orchestrator.json; without one, the rebuilt
 * nodes none of whose parents were rebuilt (the roots of what state:modified+ selected).
 */
export function modifiedIds(input: ImpactInput): Set<string> {
  if (input.production.hashed) {
    return new Set(modifiedAgainst(input.hashed, input.production.hashed, (id) => id.split('.').pop() ?? id).map((m) => m.uniqueId));
  }
  const ran = new Set(input.outcomes.filter((o) => o.decision === 'run').map((o) => o.uniqueId));
  const parentsOf = new Map<string, string[]>();
  for (const [parent, kids] of input.children) for (const kid of kids) parentsOf.set(kid, [...(parentsOf.get(kid) ?? []), parent]);
  return new Set([...ran].filter((id) => !(parentsOf.get(id) ?? []).some((p) => ran.has(p))));
}

/** Relations the run built with success or reused, each with production's relation of the same node. */
export function impactTargets(input: ImpactInput, modified: Set<string>): ImpactTarget[] {
  const out: ImpactTarget[] = [];
  for (const outcome of input.outcomes) {
    const node = input.nodes.get(outcome.uniqueId);
    // Built by this run, or reused: the PR's relation holds this code's result either way (an earlier push built it).
    const current = (outcome.decision === 'run' && isSuccess(outcome.status)) || outcome.decision === 'reuse';
    if (!node || !current || !RELATION_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const prod = input.production.nodes[outcome.uniqueId];
    const prodIsRelation = prod && RELATION_TYPES.has(prod.resource_type) && prod.config?.materialized !== 'ephemeral';
    out.push({ uniqueId: node.unique_id, name: node.name, modified: modified.has(node.unique_id), pr: tableOf(node), production: prodIsRelation ? tableOf(prod) : undefined });
  }
  // Modified nodes first, as the comment shows them.
  return out.sort((a, b) => Number(b.modified) - Number(a.modified));
}

/** Modified targets and the targets that are direct children of a modified node: what row counts cover. */
export function countTargets(targets: ImpactTarget[], modified: Set<string>, children: Map<string, string[]>): ImpactTarget[] {
  const childOfModified = new Set([...modified].flatMap((id) => children.get(id) ?? []));
  return targets.filter((t) => t.modified || childOfModified.has(t.uniqueId));
}

export function schemaImpacts(targets: ImpactTarget[], reply: ColumnsReply): SchemaImpact[] {
  const byKey = new Map(reply.relations.map((r) => [tableKey(r), r]));
  return targets.map((t): SchemaImpact => {
    const base = { uniqueId: t.uniqueId, name: t.name, relation: shownRelation(t.pr), productionRelation: t.production && shownRelation(t.production), modified: t.modified };
    const pr = byKey.get(tableKey(t.pr));
    if (!pr?.columns) return { ...base, comparison: { kind: 'unavailable', reason: pr?.error ? `could not read the PR's columns (${pr.error})` : "the PR's relation has no columns in the catalog" } };
    if (!t.production) return { ...base, comparison: { kind: 'new', columns: pr.columns } };
    if (sameTable(t.pr, t.production)) return { ...base, comparison: { kind: 'unavailable', reason: 'the PR built into the production relation itself' } };
    const prod = byKey.get(tableKey(t.production));
    if (!prod?.columns) {
      return { ...base, comparison: prod?.error ? { kind: 'unavailable', reason: `could not read production's columns (${prod.error})` } : { kind: 'new', columns: pr.columns } };
    }
    return { ...base, comparison: { kind: 'compared', diff: diffColumns(prod.columns, pr.columns) } };
  });
}

function countOf(reply: CountsReply | undefined, ref: TableRef | undefined): RowCount {
  if (!ref) return { kind: 'absent' };
  const got = reply?.relations.find((r) => tableKey(r) === tableKey(ref));
  if (!got || got.timedOut) return { kind: 'timed-out' };
  if (got.error !== undefined) return { kind: 'error', message: got.error };
  return typeof got.rows === 'number' ? { kind: 'rows', rows: got.rows } : { kind: 'timed-out' };
}

export function rowImpacts(targets: ImpactTarget[], reply: CountsReply | undefined): RowImpact[] {
  return targets.map((t) => ({ uniqueId: t.uniqueId, name: t.name, modified: t.modified, pr: countOf(reply, t.pr), production: countOf(reply, t.production) }));
}

/** `work`, or undefined when it has not settled after `ms` (then `onTimeout` runs once). */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

/** Production's manifest nodes and orchestrator.json records from the --state dir. */
export function readProduction(stateDir: string): ImpactInput['production'] | string {
  const nodes = readJsonFile(join(stateDir, 'manifest.json'), "production's manifest.json", parseManifestNodes);
  if (!nodes.ok) return nodes.reason;
  const report = readStateReport(join(stateDir, 'orchestrator.json'));
  return { nodes: nodes.value, hashed: report.ok ? report.report.nodes : undefined };
}

/** The run's impact against the --state dir; never throws (a failure is the report's reason). */
export async function collectImpact(bridge: ImpactBridge, options: ImpactOptions, stateDir: string, run: Omit<ImpactInput, 'production'>): Promise<ImpactReport> {
  try {
    return await collect(bridge, options, stateDir, run);
  } catch (error) {
    const reason = `not available (${message(error)})`;
    return { schema: { available: false, reason }, rows: options.rows ? { available: false, reason } : undefined };
  }
}

async function collect(bridge: ImpactBridge, options: ImpactOptions, stateDir: string, run: Omit<ImpactInput, 'production'>): Promise<ImpactReport> {
  const production = readProduction(stateDir);
  if (typeof production === 'string') {
    return { schema: { available: false, reason: production }, rows: options.rows ? { available: false, reason: production } : undefined };
  }
  const input = { ...run, production };
  const modified = modifiedIds(input);
  const targets = impactTargets(input, modified);
  const ms = options.timeoutSeconds * 1000 + GRACE_MS;
  const timedOut = `no answer within ${options.timeoutSeconds} s`;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    bridge.kill();
  };

  let schema: ImpactReport['schema'];
  const relations = targets.flatMap((t) => (t.production ? [t.pr, t.production] : [t.pr]));
  try {
    const reply = relations.length === 0 ? { method: 'catalog' as const, relations: [] } : await withDeadline(bridge.impact({ what: 'columns', relations }), ms, stop);
    schema = reply ? { available: true, method: reply.method, nodes: schemaImpacts(targets, reply) } : { available: false, reason: timedOut };
  } catch (error) {
    schema = { available: false, reason: message(error) };
  }
  if (!options.rows) return { schema };

  const counted = countTargets(targets, modified, run.children);
  if (stopped) return { schema, rows: { available: false, reason: timedOut } };
  try {
    const refs = counted.flatMap((t) => (t.production && !sameTable(t.pr, t.production) ? [t.production, t.pr] : [t.pr]));
    // One request per count, so the counts that finished survive a slow one: it alone (and those after it)
    // are reported timed out.
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    const answered: CountsReply = { relations: [] };
    for (const ref of refs) {
      const remaining = deadline - Date.now();
      if (stopped || remaining <= 0) break;
      const reply = await withDeadline(bridge.impact({ what: 'counts', relations: [ref], timeoutSeconds: remaining / 1000 }), remaining + COUNT_GRACE_MS, stop);
      answered.relations.push(...(reply?.relations ?? []));
    }
    return { schema, rows: { available: true, timeoutSeconds: options.timeoutSeconds, nodes: rowImpacts(counted, answered) } };
  } catch (error) {
    return { schema, rows: { available: false, reason: message(error) } };
  }
}
