// A re-run of a shard (same plan, same run id: GitHub's "re-run failed jobs") redoes only what is missing.
// The attempt that died took its store along, and `begin` cleared its status rows; what survives is the
// warehouse: a node the earlier attempt finished has a warehouse record carrying this run id and the node's
// planned hash. Such a node is reused only while that record still matches its relation (the warehouse is
// the final word); anything unproven is rebuilt.
//
// Which nodes may be reused at all (when unsure, rebuild):
//  - models materialized as table, view, incremental or materialized_view, seeds, snapshots: their relation
//    and its record say what they hold (a seed's CSV bytes and every node's code are in the plan's code
//    hashes, which the shard checked against the parsed project before anything ran);
//  - never tests or unit tests (no relation, so nothing proves their result: they run again, cheaply),
//    never other (custom) materializations (we do not know what they rewrite in place).
// The shard loop (shard-loop.ts) also rebuilds a proven node whose parent in this shard is rebuilt, and
// proves a node with a parent in another shard again when that parent is final (a re-run of that shard may
// have rebuilt it, and on PostgreSQL a rebuild drops the views that read it).

import type { DbtCommonArgs, RecordSpec } from '../dbt/protocol.js';
import type { DbtBridge } from '../dbt/bridge.js';
import { readWarehouse } from '../warehouse/records.js';

export const REUSED_EARLIER = 'finished by an earlier attempt of this run; its warehouse record still matches';

const REUSABLE_KINDS = new Set(['table', 'view', 'incremental', 'materialized_view', 'seed', 'snapshot']);

/** The record specs of the nodes a re-run may take from an earlier attempt. */
export function reusableSpecs(specs: RecordSpec[]): RecordSpec[] {
  return specs.filter((s) => REUSABLE_KINDS.has(s.kind));
}

export type EarlierVerdict = { ok: true } | { ok: false; reason: string };

/**
 * What the warehouse says of each node an earlier attempt of run `runId` finished: ok (reuse it) or why
 * not. Nodes without a record of this run are left out (they were not finished: built as planned).
 */
export async function proveFinishedEarlier(bridge: Pick<DbtBridge, 'recordedRelations'>, args: DbtCommonArgs, specs: RecordSpec[], runId: string): Promise<Map<string, EarlierVerdict>> {
  const out = new Map<string, EarlierVerdict>();
  if (specs.length === 0) return out;
  const relation = (s: RecordSpec) => ({ database: s.database, schema: s.schema, identifier: s.identifier });
  const state = await readWarehouse(bridge, args, specs.map(relation));
  for (const s of specs) {
    const v = state.builtInRun(relation(s), s.uniqueId, s.hash, runId);
    if (v) out.set(s.uniqueId, v.ok ? { ok: true } : { ok: false, reason: v.reason });
  }
  return out;
}

/** The reason of a node an earlier attempt finished that this attempt builds again. */
export function rebuiltAfterEarlier(why: string): string {
  return `finished by an earlier attempt of this run, built again: ${why}`;
}
