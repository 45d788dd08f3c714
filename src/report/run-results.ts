// The merged run_results.json: one dbt run-results v6 document for the whole engine run, so tools that read
// dbt artifacts (dbt-artifacts, Elementary, CI annotations) see every selected node, whether we executed it,
// reused it, or skipped it.
//
// Schema facts (dbt-core v1.12.3, schemas/dbt/run-results/v6.json, JSON Schema 2020-12):
// - top level: additionalProperties false; required metadata, results, elapsed_time; `args` is optional.
// - metadata: additionalProperties false; only dbt_schema_version is required; known keys are
//   dbt_schema_version, dbt_version, generated_at, invocation_id, invocation_started_at (string|null), env.
// - results[] (RunResultOutput): additionalProperties false; required status, timing, thread_id,
//   execution_time, adapter_response, message, failures, unique_id, compiled, compiled_code, relation_name;
//   optional batch_results, overload_results.
// - status: anyOf RunStatus (success, error, skipped, partial success, no-op, reused), TestStatus
//   (pass, error, fail, warn, skipped), FreshnessStatus (pass, warn, error, runtime error).

import type { DbtNodeResult } from '../dbt/protocol.js';
import { isNotRun, runResultsStatus } from '../status.js';
import type { NodeOutcome, RunInfo, StoredResult } from '../types.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

export const RUN_RESULTS_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

/** Every status the v6 schema accepts (union of RunStatus, TestStatus and FreshnessStatus). */
export const RUN_RESULT_STATUSES = [
  'success',
  'error',
  'skipped',
  'partial success',
  'no-op',
  'reused',
  'pass',
  'fail',
  'warn',
  'runtime error',
] as const;

export type RunResultStatusV6 = (typeof RUN_RESULT_STATUSES)[number];

export interface TimingInfoV6 {
  name: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface BatchResultsV6 {
  successful?: Array<[string, string]>;
  failed?: Array<[string, string]>;
}

export interface OverloadResultsV6 {
  successful?: string[];
  failed?: string[];
}

export interface RunResultOutputV6 {
  status: RunResultStatusV6;
  timing: TimingInfoV6[];
  thread_id: string;
  execution_time: number;
  adapter_response: Record<string, unknown>;
  message: string | null;
  failures: number | null;
  unique_id: string;
  compiled: boolean | null;
  compiled_code: string | null;
  relation_name: string | null;
  batch_results?: BatchResultsV6 | null;
  overload_results?: OverloadResultsV6 | null;
}

export interface RunResultsMetadataV6 {
  dbt_schema_version: typeof RUN_RESULTS_SCHEMA_VERSION;
  dbt_version: string;
  generated_at: string;
  invocation_id: string | null;
  invocation_started_at: string | null;
  env: Record<string, string>;
}

export interface RunResultsV6 {
  metadata: RunResultsMetadataV6;
  results: RunResultOutputV6[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export interface BuildRunResultsOptions {
  /** metadata.env; dbt fills it from DBT_ENV_CUSTOM_ENV_* variables, see customEnvFrom(). Default {}. */
  env?: Record<string, string>;
  /** args.invocation_command, e.g. the command line that started the engine. */
  invocationCommand?: string;
}

/** Thread id for results no dbt thread produced (reused or skipped by us). Any string is schema-valid. */
export const ORCHESTRATOR_THREAD_ID = 'main';

const STATUS_SET: ReadonlySet<string> = new Set(RUN_RESULT_STATUSES);
const CUSTOM_ENV_PREFIX = 'DBT_ENV_CUSTOM_ENV_';

/** What dbt puts in metadata.env: DBT_ENV_CUSTOM_ENV_<NAME> variables, keyed by <NAME>. */
export function customEnvFrom(environment: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (name.startsWith(CUSTOM_ENV_PREFIX) && value !== undefined) env[name.slice(CUSTOM_ENV_PREFIX.length)] = value;
  }
  return env;
}

export function isRunResultStatus(status: string): status is RunResultStatusV6 {
  return STATUS_SET.has(status);
}

function normalizeTiming(timing: unknown): TimingInfoV6[] {
  if (!Array.isArray(timing)) return [];
  // Rebuilt key by key: TimingInfo has additionalProperties false.
  return timing.map((entry: Partial<TimingInfoV6> | null) => ({
    name: String(entry?.name ?? ''),
    started_at: entry?.started_at ?? null,
    completed_at: entry?.completed_at ?? null,
  }));
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as object) } : {};
}

/** Keeps only the optional keys the schema knows, as dbt gave them. */
function optionalExtras(result: DbtNodeResult): Pick<RunResultOutputV6, 'batch_results' | 'overload_results'> {
  const extras: Pick<RunResultOutputV6, 'batch_results' | 'overload_results'> = {};
  if (result.batch_results !== undefined) extras.batch_results = result.batch_results as BatchResultsV6 | null;
  const overload = (result as { overload_results?: unknown }).overload_results;
  if (overload !== undefined) extras.overload_results = overload as OverloadResultsV6 | null;
  return extras;
}

/**
 * dbt's own result, with every required key present and every unknown key dropped (results items have
 * additionalProperties false, and the bridge may pass through fields newer dbt versions add).
 * A status outside the schema cannot be written as is; it becomes "error" and the original is kept in the message.
 */
export function normalizeDbtResult(result: DbtNodeResult): RunResultOutputV6 {
  // Our own statuses (not-run, interrupted) have a v6 equivalent; their message says what happened.
  if (isNotRun(result.status)) return normalizeDbtResult({ ...result, status: runResultsStatus(result.status) });
  const known = isRunResultStatus(result.status);
  const message = result.message ?? null;
  return {
    status: known ? (result.status as RunResultStatusV6) : 'error',
    timing: normalizeTiming(result.timing),
    thread_id: typeof result.thread_id === 'string' ? result.thread_id : ORCHESTRATOR_THREAD_ID,
    execution_time: finiteOr(result.execution_time, 0),
    adapter_response: objectOr(result.adapter_response),
    message: known ? message : `unknown dbt status \`${result.status}\`${message ? `: ${message}` : ''}`,
    failures: integerOrNull(result.failures),
    unique_id: result.unique_id,
    compiled: typeof result.compiled === 'boolean' ? result.compiled : null,
    compiled_code: typeof result.compiled_code === 'string' ? result.compiled_code : null,
    relation_name: typeof result.relation_name === 'string' ? result.relation_name : null,
    ...optionalExtras(result),
  };
}

/** An executed node: dbt's result of the last attempt, or a synthetic error when dbt never reported one. */
function executedResult(outcome: NodeOutcome): RunResultOutputV6 {
  if (outcome.result) return normalizeDbtResult({ ...outcome.result, unique_id: outcome.uniqueId });
  return {
    status: isRunResultStatus(outcome.status) && outcome.status !== 'reused' ? outcome.status : 'error',
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: {},
    message: `dbt reported no result for this node${outcome.reason ? ` (${outcome.reason})` : ''}`,
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: null,
    compiled_code: null,
    relation_name: null,
  };
}

/** The original run of a reused node, as kept in adapter_response._reused. */
export interface ReusedOrigin {
  hash: string;
  run_id: string;
  recorded_at: string;
  status: string;
  thread_id: string | null;
  execution_time: number;
  timing: TimingInfoV6[];
  adapter_response: Record<string, unknown>;
  message: string | null;
  failures: number | null;
}

function reusedOrigin(stored: StoredResult): ReusedOrigin {
  const original = stored.result;
  return {
    hash: stored.hash,
    run_id: stored.runId,
    recorded_at: stored.recordedAt,
    status: stored.status,
    thread_id: typeof original.thread_id === 'string' ? original.thread_id : null,
    execution_time: finiteOr(original.execution_time, 0),
    timing: normalizeTiming(original.timing),
    adapter_response: objectOr(original.adapter_response),
    message: original.message ?? null,
    failures: integerOrNull(original.failures),
  };
}

/**
 * A reused node. Timing and execution_time describe THIS run (nothing ran, so [] and 0). The original run's
 * timings, adapter response, hash and run id must survive somewhere, but results items have
 * additionalProperties false, so a side field is not allowed; adapter_response is the one free-form object
 * in an item, so they go under adapter_response._reused (see ReusedOrigin).
 */
function reusedResult(outcome: NodeOutcome): RunResultOutputV6 {
  const stored = outcome.reusedFrom;
  const builtBy = stored ? ` (built ${stored.recordedAt} by run ${stored.runId})` : '';
  return {
    status: 'reused',
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: stored ? { _reused: reusedOrigin(stored) } : {},
    message: `reused: ${outcome.reason}${builtBy}`,
    // Failures describe what a test found when it ran; nothing ran now, the original count is in _reused.
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: stored && typeof stored.result.compiled === 'boolean' ? stored.result.compiled : null,
    compiled_code: null,
    relation_name: stored?.relationName ?? stored?.result.relation_name ?? null,
  };
}

/** A node we did not send to dbt because something upstream failed. */
function skippedResult(outcome: NodeOutcome, nameOf: (uniqueId: string) => string): RunResultOutputV6 {
  const message = outcome.skippedBecauseOf
    ? `skipped: upstream \`${nameOf(outcome.skippedBecauseOf)}\` failed`
    : `skipped: ${outcome.reason}`;
  return {
    status: 'skipped',
    timing: [],
    thread_id: ORCHESTRATOR_THREAD_ID,
    execution_time: 0,
    adapter_response: {},
    message,
    failures: null,
    unique_id: outcome.uniqueId,
    compiled: null,
    compiled_code: null,
    relation_name: null,
  };
}

export function resultForOutcome(outcome: NodeOutcome, nameOf: (uniqueId: string) => string): RunResultOutputV6 {
  switch (outcome.decision) {
    case 'run':
      return executedResult(outcome);
    case 'reuse':
      return reusedResult(outcome);
    case 'skip':
      return skippedResult(outcome, nameOf);
  }
}

/** Resolves a unique_id to the node name for messages; falls back to the id when it is not a selected node. */
function nameLookup(outcomes: NodeOutcome[]): (uniqueId: string) => string {
  const names = new Map(outcomes.map((outcome) => [outcome.uniqueId, outcome.name]));
  return (uniqueId) => names.get(uniqueId) ?? uniqueId;
}

function runArgs(info: RunInfo, invocationCommand: string | undefined): Record<string, unknown> {
  const given = info.args.invocation_command;
  return {
    ...info.args,
    which: info.command,
    invocation_command:
      invocationCommand ?? (typeof given === 'string' ? given : `dbt-orchestrator ${info.command}`),
  };
}

/** One results item per outcome, in the order given (ephemeral models never appear in outcomes). */
export function buildRunResults(
  outcomes: NodeOutcome[],
  info: RunInfo,
  options: BuildRunResultsOptions = {},
): RunResultsV6 {
  const nameOf = nameLookup(outcomes);
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: info.dbtVersion,
      generated_at: info.finishedAt,
      invocation_id: info.runId,
      invocation_started_at: info.startedAt,
      env: { ...(options.env ?? {}) },
    },
    results: outcomes.map((outcome) => resultForOutcome(outcome, nameOf)),
    elapsed_time: finiteOr(info.elapsedSeconds, 0),
    args: runArgs(info, options.invocationCommand),
  };
}

export async function writeRunResults(path: string, doc: RunResultsV6): Promise<void> {
  await writeJsonAtomic(path, doc);
}
