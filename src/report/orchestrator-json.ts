// orchestrator.json: our own record of one engine run. Unlike run_results.json (whose schema we must not
// extend) it explains every decision: each node's hash and the inputs it was computed from, why the node
// ran, was reused or skipped, and where a reused result came from. Ephemeral models are listed too: they
// have hashes (they feed their dependents' hashes) but never run on their own.

import { countStatuses } from '../status.js';
import type { AttemptError, DecisionKind, HashInput, NodeOutcome, RunInfo } from '../types.js';
import type { TimingInfoV6 } from './run-results.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

export const ORCHESTRATOR_REPORT_SCHEMA_VERSION = 1;

export interface ReportNodeInput {
  outcome: NodeOutcome;
  inputs: HashInput[];
  relationName: string | null;
}

export interface EphemeralNodeInput {
  uniqueId: string;
  name: string;
  hash: string;
  inputs: HashInput[];
}

export interface BuildOrchestratorReportArgs {
  run: RunInfo;
  /** Selected, non-ephemeral nodes in execution order. */
  nodes: ReportNodeInput[];
  ephemeral?: EphemeralNodeInput[];
}

export type ReportDecision = DecisionKind | 'ephemeral';

export interface ReportReusedFrom {
  hash: string;
  runId: string;
  recordedAt: string;
  /** How long the original build took, i.e. the time this reuse saved. */
  executionTime: number;
}

export interface ReportNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  hash: string;
  inputs: HashInput[];
  decision: ReportDecision;
  reason: string;
  /** Final status as in run_results.json; "ephemeral" for ephemeral models. */
  status: string;
  attempts: number;
  /** This run's timings (empty unless dbt executed the node now). */
  timing: TimingInfoV6[];
  executionTime: number;
  relationName: string | null;
  message: string | null;
  failures: number | null;
  reusedFrom?: ReportReusedFrom;
  /** unique_id of the failed upstream that caused a skip. */
  skippedBecauseOf?: string;
  /** Every attempt that did not succeed (present when at least one did not). */
  attemptErrors?: AttemptError[];
}

/**
 * Counts over the selected (non-ephemeral) nodes, by the rules of src/status.ts. `run + reused + skippedByUs
 * = selected` by decision, and by final status `succeeded + failed + reused + skipped + notRun = selected`,
 * where `skipped` also counts nodes dbt itself skipped, `succeeded`/`failed` only count nodes dbt executed
 * in this run (`warned` is the part of `succeeded` that warned) and `notRun` counts nodes an interruption
 * stopped (never started, or not finished).
 */
export interface ReportTotals {
  selected: number;
  run: number;
  reused: number;
  skipped: number;
  succeeded: number;
  warned: number;
  failed: number;
  notRun: number;
  ephemeral: number;
  /** Warehouse time avoided: the sum of the reused nodes' execution times recorded when they were built. */
  savedSeconds: number;
}

export interface OrchestratorReport {
  schemaVersion: typeof ORCHESTRATOR_REPORT_SCHEMA_VERSION;
  run: RunInfo;
  totals: ReportTotals;
  /** Sum of execution_time of the nodes dbt executed in this run (node time; wall clock is run.elapsedSeconds). */
  timeSpentSeconds: number;
  nodes: ReportNode[];
}

/** Seconds rounded to milliseconds so float sums read as 1.3, not 1.2999999999999998. */
function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function reusedFromOf(outcome: NodeOutcome): ReportReusedFrom | undefined {
  const stored = outcome.reusedFrom;
  if (outcome.decision !== 'reuse' || !stored) return undefined;
  return {
    hash: stored.hash,
    runId: stored.runId,
    recordedAt: stored.recordedAt,
    executionTime: finiteOr(stored.result.execution_time, 0),
  };
}

function selectedNode({ outcome, inputs, relationName }: ReportNodeInput): ReportNode {
  // Only nodes dbt executed in this run have timings of their own; a reused node's are in reusedFrom's run.
  const result = outcome.decision === 'run' ? outcome.result : undefined;
  const node: ReportNode = {
    uniqueId: outcome.uniqueId,
    name: outcome.name,
    resourceType: outcome.resourceType,
    hash: outcome.hash,
    inputs,
    decision: outcome.decision,
    reason: outcome.reason,
    status: outcome.status,
    attempts: outcome.attempts,
    timing: (result?.timing ?? []).map((t) => ({
      name: t.name,
      started_at: t.started_at ?? null,
      completed_at: t.completed_at ?? null,
    })),
    executionTime: finiteOr(result?.execution_time, 0),
    relationName: relationName ?? result?.relation_name ?? outcome.reusedFrom?.relationName ?? null,
    message: result?.message ?? null,
    failures: result?.failures ?? null,
  };
  const reusedFrom = reusedFromOf(outcome);
  if (reusedFrom) node.reusedFrom = reusedFrom;
  if (outcome.skippedBecauseOf) node.skippedBecauseOf = outcome.skippedBecauseOf;
  if (outcome.attemptErrors && outcome.attemptErrors.length > 0) node.attemptErrors = outcome.attemptErrors;
  return node;
}

function ephemeralNode(node: EphemeralNodeInput): ReportNode {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: 'model',
    hash: node.hash,
    inputs: node.inputs,
    decision: 'ephemeral',
    reason: 'compiled into dependents',
    status: 'ephemeral',
    attempts: 0,
    timing: [],
    executionTime: 0,
    relationName: null,
    message: null,
    failures: null,
  };
}

export function computeTotals(nodes: ReportNodeInput[], ephemeralCount: number): ReportTotals {
  const outcomes = nodes.map((node) => node.outcome);
  // A reused node counts as reused whatever its status says; everything else by its final status.
  const counts = countStatuses(outcomes.map((o) => (o.decision === 'reuse' ? { ...o, status: 'reused' } : o)));
  return {
    selected: outcomes.length,
    run: outcomes.filter((o) => o.decision === 'run').length,
    reused: counts.reused,
    skipped: counts.skipped,
    succeeded: counts.built,
    warned: counts.warned,
    // Anything dbt ran that did not succeed is a failure (error, fail, partial success, unknown statuses).
    failed: counts.failed,
    notRun: counts.notRun,
    ephemeral: ephemeralCount,
    savedSeconds: timeSavedSeconds(nodes),
  };
}

export function timeSpentSeconds(nodes: ReportNodeInput[]): number {
  const spent = nodes
    .filter(({ outcome }) => outcome.decision === 'run')
    .reduce((sum, { outcome }) => sum + finiteOr(outcome.result?.execution_time, 0), 0);
  return roundSeconds(spent);
}

export function timeSavedSeconds(nodes: ReportNodeInput[]): number {
  const saved = nodes.reduce((sum, { outcome }) => sum + (reusedFromOf(outcome)?.executionTime ?? 0), 0);
  return roundSeconds(saved);
}

export function buildOrchestratorReport({ run, nodes, ephemeral = [] }: BuildOrchestratorReportArgs): OrchestratorReport {
  return {
    schemaVersion: ORCHESTRATOR_REPORT_SCHEMA_VERSION,
    run,
    totals: computeTotals(nodes, ephemeral.length),
    timeSpentSeconds: timeSpentSeconds(nodes),
    nodes: [...nodes.map(selectedNode), ...ephemeral.map(ephemeralNode)],
  };
}

export async function writeOrchestratorReport(path: string, report: OrchestratorReport): Promise<void> {
  await writeJsonAtomic(path, report);
}
