// shard.json, what `build --shard I/N` leaves in its shard dir for the merge (SHARD-INTERFACE.md): its shape,
// and its parse at the door. Pure. What the merge reads of it is checked here once; the checks against the
// plan (same run, same shard count) are the merge's.

import { checkDbtResult, checkStoredResult } from '../store/parse.js';
import type { NodeOutcome } from '../types.js';
import { isPlainObject, type Parsed } from '../util/json-file.js';

export const SHARD_RESULT_KIND = 'dbt-orchestrator-shard-result';

export interface ShardResultFile {
  kind: typeof SHARD_RESULT_KIND;
  format: 1;
  runId: string;
  shard: number;
  shards: number;
  attemptId: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  outcomes: NodeOutcome[];
}

const OUTCOME_STRINGS = ['uniqueId', 'resourceType', 'name', 'decision', 'reason', 'hash', 'status'] as const;

/** The first problem of an outcome the reports would dereference, or undefined. */
function badOutcome(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'is not an object';
  const missing = OUTCOME_STRINGS.find((key) => typeof value[key] !== 'string');
  if (missing) return `has no "${missing}" string`;
  if (typeof value.attempts !== 'number') return 'has no "attempts" number';
  if (value.skippedBecauseOf !== undefined && typeof value.skippedBecauseOf !== 'string') return '"skippedBecauseOf" is not a string';
  if (value.attemptErrors !== undefined && !(Array.isArray(value.attemptErrors) && value.attemptErrors.every((e) => isPlainObject(e) && typeof e.attempt === 'number' && typeof e.status === 'string' && typeof e.message === 'string'))) {
    return '"attemptErrors" is not a list of {attempt, status, message}';
  }
  if (value.result !== undefined) {
    const bad = checkDbtResult(value.result);
    if (bad) return bad;
  }
  if (value.reusedFrom !== undefined) {
    const bad = checkStoredResult(value.reusedFrom);
    if (bad) return `reusedFrom: ${bad}`;
  }
  return undefined;
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A shard.json value; `label` names the file in the reason. */
export function parseShardResultFile(value: unknown, label: string): Parsed<ShardResultFile> {
  const bad = (why: string): Parsed<ShardResultFile> => ({ ok: false, reason: `${label} is not a shard result of dbt-orchestrator (${why})` });
  if (!isPlainObject(value) || value.kind !== SHARD_RESULT_KIND) return bad(`no "kind": "${SHARD_RESULT_KIND}"`);
  if (!isWhole(value.shard) || !isWhole(value.shards)) return bad('no whole "shard" and "shards"');
  for (const key of ['runId', 'startedAt', 'finishedAt'] as const) if (typeof value[key] !== 'string') return bad(`no "${key}" string`);
  if (!Array.isArray(value.outcomes)) return bad('no "outcomes" list');
  for (const [i, outcome] of value.outcomes.entries()) {
    const problem = badOutcome(outcome);
    if (problem) return bad(`outcomes[${i}] ${problem}`);
  }
  return { ok: true, value: value as unknown as ShardResultFile };
}
