// Source data states (from dbt source freshness) as hash inputs, the unknown-data policy, lag tolerance
// and max-age. Pure: the freshness results and the clock are passed in.

import type { ManifestNode } from '../dbt/manifest.js';
import type { SourceFreshness } from '../dbt/protocol.js';
import { digestOf, sha256 } from '../hash/digest.js';

export type UnknownDataPolicy = 'rebuild' | 'assume-unchanged';
export const UNKNOWN_DATA_POLICIES: readonly UnknownDataPolicy[] = ['rebuild', 'assume-unchanged'];

/** Our settings inside dbt's `meta`, e.g. `meta: {dbt_orchestrator: {lag_tolerance: 6h}}`. */
function ourMeta(node: ManifestNode): Record<string, unknown> {
  const fromConfig = (node.config?.meta as Record<string, unknown> | undefined)?.dbt_orchestrator;
  const fromNode = node.meta?.dbt_orchestrator;
  return { ...(isObject(fromNode) ? fromNode : {}), ...(isObject(fromConfig) ? fromConfig : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** "90s", "30m", "6h", "2d", or a number of seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day|days|hours|minutes|seconds)?\s*$/i.exec(text);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase()[0];
  return n * ({ s: 1, m: 60, h: 3600, d: 86400 }[unit] ?? 1);
}

export function sourcePolicy(source: ManifestNode, runPolicy: UnknownDataPolicy): UnknownDataPolicy {
  const declared = ourMeta(source).unknown_data;
  return declared === 'rebuild' || declared === 'assume-unchanged' ? declared : runPolicy;
}

/** The node's declared lag tolerance in seconds, or undefined. Throws on an unreadable value. */
export function lagTolerance(node: ManifestNode): number | undefined {
  const declared = ourMeta(node).lag_tolerance;
  if (declared === undefined || declared === null) return undefined;
  const seconds = parseDuration(String(declared));
  if (seconds === undefined) throw new Error(`${node.unique_id}: meta dbt_orchestrator.lag_tolerance '${String(declared)}' is not a duration like 30m, 6h or 2d`);
  return seconds;
}

export interface DataState {
  digest: string;
  /** Shown in reasons: "max_loaded_at 2026-11-21T09:00:00+00:00", "unknown (…)". */
  value: string;
}

/**
 * A source's data state. Known: its max_loaded_at. Unknown (no freshness config, or the query failed):
 * "rebuild" makes it differ on every run; "assume-unchanged" keeps it constant. A failed query is
 * always treated as changed: an error must never let stale data pass for fresh.
 */
export function dataStateOf(source: ManifestNode, freshness: SourceFreshness | undefined, runPolicy: UnknownDataPolicy, runId: string): DataState {
  if (freshness?.error || freshness?.status === 'runtime error') {
    return { digest: sha256(`failed:${source.unique_id}:${runId}`), value: `unknown (freshness query failed: ${firstLine(freshness.error ?? 'runtime error')})` };
  }
  if (freshness?.maxLoadedAt) return { digest: digestOf({ max_loaded_at: freshness.maxLoadedAt }), value: `max_loaded_at ${freshness.maxLoadedAt}` };
  const policy = sourcePolicy(source, runPolicy);
  if (policy === 'assume-unchanged') return { digest: digestOf('assume-unchanged'), value: 'unknown (assumed unchanged)' };
  return { digest: sha256(`unknown:${source.unique_id}:${runId}`), value: 'unknown (no freshness config; unknown-sources: rebuild)' };
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 200);
}

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
