// One vocabulary of node statuses for the whole product: what each final status of a selected node means,
// which ones count as success (recorded in the store, reusable, "built"), which as failure (exit code 1,
// the action's `failed` count), and how our own statuses are written in run_results.json (whose v6 schema
// only knows dbt's). The executor, the plan, every report and the exit code read these rules, nowhere else.

/** dbt's statuses of a node it executed (RunStatus, TestStatus and FreshnessStatus of run-results v6). */
export const DBT_STATUSES = ['success', 'error', 'skipped', 'partial success', 'no-op', 'pass', 'fail', 'warn', 'runtime error'] as const;

/**
 * Ours, beside dbt's:
 * - `reused`: not executed, its recorded result for the same hash stands (also a v6 RunStatus);
 * - `not-run`: never started because the run was interrupted (Ctrl-C / SIGTERM) or dbt itself stopped first;
 * - `interrupted`: dbt was running it when the run was interrupted; it did not finish.
 */
export const OWN_STATUSES = ['reused', 'not-run', 'interrupted'] as const;

export type DbtStatus = (typeof DBT_STATUSES)[number];
export type NodeStatus = DbtStatus | (typeof OWN_STATUSES)[number];

/** Executed and did what it should (a warning test still passes; no-op is dbt's "nothing to do"). */
const SUCCESS: ReadonlySet<string> = new Set(['success', 'pass', 'warn', 'no-op']);
/** Did not execute to an end in this run, and is no failure of its own. */
const NOT_EXECUTED: ReadonlySet<string> = new Set(['skipped', 'reused', 'not-run', 'interrupted', 'ephemeral']);
const NOT_RUN: ReadonlySet<string> = new Set(['not-run', 'interrupted']);

/** The node succeeded: its result is recorded in the store and can be reused by a later run. */
export function isSuccess(status: string): boolean {
  return SUCCESS.has(status);
}

export function isWarning(status: string): boolean {
  return status === 'warn';
}

/**
 * The node ran and failed: error, fail, runtime error, partial success, and any status we do not know
 * (an unknown status is never taken for a success).
 */
export function isFailure(status: string): boolean {
  return !SUCCESS.has(status) && !NOT_EXECUTED.has(status);
}

/** Only errors are retried: a failing test is data, not a flake. */
export function isRetryable(status: string): boolean {
  return status === 'error';
}

/** Stopped by an interruption before it could finish (not a failure of the node). */
export function isNotRun(status: string): boolean {
  return NOT_RUN.has(status);
}

/** What a finished run counts, by final status; every selected (non-ephemeral) node is in exactly one of the last six. */
export interface StatusCounts {
  /** Executed with success, pass, warn or no-op (includes `warned`). */
  built: number;
  /** Of `built`: ended with a warning. */
  warned: number;
  reused: number;
  /** Executed and failed (error, fail, …). */
  failed: number;
  /** Skipped: because something upstream failed, or not sent to dbt. */
  skipped: number;
  /** Of `skipped`: because an upstream node failed. */
  skippedByFailure: number;
  /** Not started or not finished because the run was interrupted. */
  notRun: number;
}

export interface CountedOutcome {
  status: string;
  decision?: string;
  skippedBecauseOf?: string;
}

export function countStatuses(outcomes: CountedOutcome[]): StatusCounts {
  const counts: StatusCounts = { built: 0, warned: 0, reused: 0, failed: 0, skipped: 0, skippedByFailure: 0, notRun: 0 };
  for (const o of outcomes) {
    if (o.status === 'ephemeral' || o.decision === 'ephemeral') continue;
    if (o.status === 'reused') counts.reused += 1;
    else if (isSuccess(o.status)) {
      counts.built += 1;
      if (isWarning(o.status)) counts.warned += 1;
    } else if (o.status === 'skipped') {
      counts.skipped += 1;
      if (o.skippedBecauseOf !== undefined) counts.skippedByFailure += 1;
    } else if (isNotRun(o.status)) counts.notRun += 1;
    else counts.failed += 1;
  }
  return counts;
}

/** Exit code 1 is for failures: a node failed, or was skipped because one did. */
export function runFailed(counts: StatusCounts): boolean {
  return counts.failed > 0 || counts.skippedByFailure > 0;
}

/** The status written in run_results.json (v6 allows dbt's statuses and `reused`, nothing else). */
export function runResultsStatus(status: string): DbtStatus | 'reused' {
  if (status === 'not-run') return 'skipped';
  if (status === 'interrupted') return 'error';
  if (status === 'reused' || (DBT_STATUSES as readonly string[]).includes(status)) return status as DbtStatus | 'reused';
  return 'error';
}

/** The console label of a status, as dbt prints them. */
export function statusLabel(status: string): string {
  return LABELS[status] ?? status.toUpperCase();
}

const LABELS: Record<string, string> = {
  success: 'OK',
  pass: 'PASS',
  warn: 'WARN',
  error: 'ERROR',
  fail: 'FAIL',
  skipped: 'SKIP',
  reused: 'REUSE',
  'no-op': 'NO-OP',
  'not-run': 'NOT RUN',
  interrupted: 'STOPPED',
  'runtime error': 'ERROR',
  'partial success': 'PARTIAL',
};

/** A source freshness status past warn_after or error_after, or not measurable (sources.json statuses). */
export function isStale(freshnessStatus: string): boolean {
  return freshnessStatus === 'warn' || isPastErrorAfter(freshnessStatus);
}

/** A source freshness status past error_after, or not measurable: fails `on-stale: fail`. */
export function isPastErrorAfter(freshnessStatus: string): boolean {
  return freshnessStatus === 'error' || freshnessStatus === 'runtime error';
}
