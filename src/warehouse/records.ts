// The warehouse is the final word on what a relation holds. Each schema with relations built by
// dbt-orchestrator has a table dbt_orchestrator_records (written and read by python/dbt_bridge/warehouse_records.py
// through dbt's adapter): per relation the node hash it holds, the run that wrote it, when, and the
// physical identity of the relation at that moment. A reuse needs a matching record; the store alone
// can no longer vouch for a relation.

import type { DbtBridge } from '../dbt/bridge.js';
import { isEphemeral, type ManifestNode } from '../dbt/manifest.js';
import type { BuildArgs, BuildResult, BridgeEvent, DbtCommonArgs, RecordSpec, RelationRecord } from '../dbt/protocol.js';
import type { BuildRunner } from '../execute/execute.js';
import type { ProjectGraph } from '../graph/graph.js';
import { relationKey } from '../plan/plan.js';
import type { Decision, Slot } from '../types.js';

export const RECORDS_TABLE = 'dbt_orchestrator_records';

type Relation = NonNullable<Slot['relation']>;

export type RecordVerdict = { ok: true; record: RelationRecord } | { ok: false; reason: string };

export interface WarehouseState {
  /** Lowercased relation keys that exist now. */
  existing: Set<string>;
  /** May this relation be reused as holding `hash`? Otherwise why not. */
  verdict(relation: Relation, hash: string): RecordVerdict;
  /** The hash the relation holds by a record that still matches it, if any. */
  holds(relation: Relation): string | undefined;
  /**
   * Did run `runId` build this relation for `uniqueId` as `hash`, and does the relation still hold it?
   * undefined: the warehouse has no record of that run for it (never finished in that run, or the relation
   * is gone and took the evidence along).
   */
  builtInRun(relation: Relation, uniqueId: string, hash: string, runId: string): RecordVerdict | undefined;
}

const schemaKey = (database: string | null, schema: string): string => `${database ?? ''}.${schema}`.toLowerCase();

/** Reads the relations and records of every schema of `relations`: one request, one query per schema. */
export async function readWarehouse(bridge: Pick<DbtBridge, 'recordedRelations'>, args: DbtCommonArgs, relations: Relation[]): Promise<WarehouseState> {
  const schemas = new Map<string, { database: string | null; schema: string }>();
  for (const r of relations) schemas.set(schemaKey(r.database, r.schema), { database: r.database, schema: r.schema });
  const found = new Map<string, RelationRecord[]>();
  const problems = new Map<string, string>();
  if (schemas.size > 0) {
    const reply = await bridge.recordedRelations({ ...args, schemas: [...schemas.values()] });
    for (const r of reply.relations) found.set(relationKey(r), r.records);
    for (const s of reply.schemas) if (s.recordsError) problems.set(schemaKey(s.database, s.schema), s.recordsError);
  }
  const consistent = (relation: Relation): RecordVerdict => {
    const records = found.get(relationKey(relation));
    if (!records) return { ok: false, reason: 'relation missing' };
    const problem = problems.get(schemaKey(relation.database, relation.schema));
    if (problem) return { ok: false, reason: `warehouse records unreadable (${problem})` };
    if (records.length === 0) return { ok: false, reason: 'no record in the warehouse' };
    if (new Set(records.map((r) => r.hash)).size > 1) return { ok: false, reason: 'conflicting records in the warehouse' };
    if (records.some((r) => !r.matches)) return { ok: false, reason: 'relation changed outside dbt-orchestrator' };
    return { ok: true, record: records[0] };
  };
  const verdict = (relation: Relation, hash: string): RecordVerdict => {
    const v = consistent(relation);
    if (v.ok && v.record.hash !== hash) {
      const by = v.record.runId ? ` written by run ${v.record.runId.slice(0, 8)}${v.record.recordedAt ? ` at ${v.record.recordedAt}` : ''}` : '';
      return { ok: false, reason: `warehouse holds another version (${v.record.hash.slice(0, 12)}${by})` };
    }
    return v;
  };
  return {
    existing: new Set(found.keys()),
    verdict,
    builtInRun(relation, uniqueId, hash, runId) {
      if (!(found.get(relationKey(relation)) ?? []).some((r) => r.runId === runId && r.uniqueId === uniqueId)) return undefined;
      const v = verdict(relation, hash);
      if (v.ok && (v.record.runId !== runId || v.record.uniqueId !== uniqueId)) return { ok: false, reason: 'the warehouse also records another build of it' };
      return v;
    },
    holds(relation) {
      const v = consistent(relation);
      return v.ok ? v.record.hash : undefined;
    },
  };
}

/** What the warehouse record of a relation node says, for the bridge (undefined: no relation). */
export function recordSpecFor(node: ManifestNode, slot: Slot, hash: string): RecordSpec | undefined {
  if (!slot.relation || isEphemeral(node)) return undefined;
  const kind = node.resource_type === 'model' ? String(node.config.materialized ?? 'view') : node.resource_type;
  return { uniqueId: node.unique_id, database: slot.relation.database, schema: slot.relation.schema, identifier: slot.relation.identifier, hash, kind };
}

/**
 * Reuse also needs the warehouse's word: a relation node whose record does not match runs, with the
 * reason, and so does everything planned for reuse below it (looking through ephemeral models).
 */
export function applyWarehouse(
  decisions: Decision[],
  check: (uniqueId: string) => RecordVerdict | undefined,
  graph: ProjectGraph,
  nameOf: (id: string) => string,
  options: { rebuildDropsDependentViews?: boolean } = {},
): Decision[] {
  const forced = new Map<string, string>();
  // On adapters whose table and view materializations drop the old relation with `cascade` (PostgreSQL and
  // its kin), rebuilding a relation drops every view that reads it: a view kept for reuse would be gone.
  const running = new Set<string>();
  /** The first parent of `id` in `among`, looking through ephemeral models (they are compiled into their children). */
  const parentAmong = (id: string, among: { has(id: string): boolean }): string | undefined => {
    const seen = new Set<string>();
    const stack = [...(graph.parents.get(id) ?? [])];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (among.has(parent)) return parent;
      const node = graph.nodes.get(parent);
      if (node && isEphemeral(node)) stack.push(...(graph.parents.get(parent) ?? []));
    }
    return undefined;
  };
  const upstreamForced = (id: string): string | undefined => parentAmong(id, forced);
  const rebuiltViewParent = (id: string): string | undefined =>
    options.rebuildDropsDependentViews && graph.nodes.get(id)?.config?.materialized === 'view' ? parentAmong(id, running) : undefined;
  return decisions.map((decided) => {
    const d = decideWithWarehouse(decided);
    if (d.decision === 'run') running.add(d.uniqueId);
    else if (d.decision === 'reuse') {
      const parent = rebuiltViewParent(d.uniqueId);
      if (parent) {
        running.add(d.uniqueId);
        return { ...d, decision: 'run', reason: `upstream \`${nameOf(parent)}\` is rebuilt, which drops the views that read it` };
      }
    }
    return d;
  });

  function decideWithWarehouse(d: Decision): Decision {
    if (d.decision !== 'reuse') return d;
    const verdict = check(d.uniqueId);
    if (verdict && !verdict.ok) {
      forced.set(d.uniqueId, `upstream \`${nameOf(d.uniqueId)}\` rebuilt: ${verdict.reason}`);
      return { ...d, decision: 'run', reason: verdict.reason };
    }
    const parent = upstreamForced(d.uniqueId);
    if (parent) {
      // The cause is named where it happened, not at each step down.
      forced.set(d.uniqueId, forced.get(parent)!);
      return { ...d, decision: 'run', reason: forced.get(parent)! };
    }
    return d;
  }
}

/** The bridge as the executor's runner, with the records of the run set handed to every build. */
export function recordingRunner(
  bridge: Pick<DbtBridge, 'build'>,
  records: { runId: string; nodes: RecordSpec[] },
  warn: (message: string) => void,
): BuildRunner {
  return {
    async build(args: BuildArgs, onEvent: (event: BridgeEvent) => void): Promise<BuildResult> {
      const wanted = new Set(args.uniqueIds);
      const nodes = records.nodes.filter((n) => wanted.has(n.uniqueId));
      const reply = await bridge.build({ ...args, records: { runId: records.runId, nodes } }, onEvent);
      for (const w of reply.recordWarnings ?? []) warn(`could not write a warehouse record (${w}); those relations rebuild next time`);
      return reply;
    },
  };
}
