// Savings, measured: the warehouse time a run avoided is the sum of the reused nodes' execution times as
// recorded when they were built (their stored results). One number, `savedSeconds`, shown the same way in
// the console recap, orchestrator.json (totals.savedSeconds), the job summary, the PR comment and the run
// log (`stats`); never shown when it is zero.

import { appendRun, RUN_RECORD_FORMAT, type RunRecord } from '../store/runs.js';
import type { NodeOutcome, RunInfo } from '../types.js';
import { computeTotals, timeSavedSeconds } from './orchestrator-json.js';
import { formatSeconds } from './summary.js';

/** Seconds of warehouse time avoided by the reused outcomes (rounded to milliseconds). */
export function savedSeconds(outcomes: NodeOutcome[]): number {
  return timeSavedSeconds(outcomes.map((outcome) => ({ outcome, inputs: [], relationName: null })));
}

/** "12.3 s saved by reuse", or '' when nothing was saved (no "0.00 s saved" noise). */
export function savedPhrase(seconds: number): string {
  return seconds > 0 ? `${formatSeconds(seconds)} saved by reuse` : '';
}

/** "12.3 s saved by reuse · " for a header line of parts, or '' when nothing was saved. */
export function savedPart(seconds: number): string {
  return seconds > 0 ? `${savedPhrase(seconds)} · ` : '';
}

/** The console recap's tail: "; 12.3 s of warehouse time saved by reuse", or ''. */
export function savingsLine(outcomes: NodeOutcome[]): string {
  const seconds = savedSeconds(outcomes);
  return seconds > 0 ? `; ${formatSeconds(seconds)} of warehouse time saved by reuse` : '';
}

export function runRecordOf(info: RunInfo, outcomes: NodeOutcome[]): RunRecord {
  const totals = computeTotals(outcomes.map((outcome) => ({ outcome, inputs: [], relationName: null })), 0);
  return {
    format: RUN_RECORD_FORMAT,
    runId: info.runId,
    command: info.command,
    startedAt: info.startedAt,
    finishedAt: info.finishedAt,
    elapsedSeconds: info.elapsedSeconds,
    selected: totals.selected,
    built: totals.succeeded,
    reused: totals.reused,
    failed: totals.failed,
    skipped: totals.skipped,
    savedSeconds: savedSeconds(outcomes),
  };
}

/** Appends this run to the store's run log. */
export async function recordRun(storeDir: string, info: RunInfo, outcomes: NodeOutcome[]): Promise<void> {
  await appendRun(storeDir, runRecordOf(info, outcomes));
}

export interface RunsTotal {
  runs: number;
  built: number;
  reused: number;
  failed: number;
  savedSeconds: number;
}

export function totalOf(records: RunRecord[]): RunsTotal {
  const sum = (pick: (r: RunRecord) => number): number => records.reduce((s, r) => s + pick(r), 0);
  return {
    runs: records.length,
    built: sum((r) => r.built),
    reused: sum((r) => r.reused),
    failed: sum((r) => r.failed),
    savedSeconds: Math.round(sum((r) => r.savedSeconds) * 1000) / 1000,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/** `stats` as a table: one line per run, then the total. */
export function statsLines(records: RunRecord[], recorded: number): string[] {
  if (records.length === 0) return ['No runs recorded in this store yet.'];
  const lines = [`Last ${records.length} run${records.length === 1 ? '' : 's'} (of ${recorded} recorded):`];
  lines.push(`${pad('STARTED', 26)}${pad('COMMAND', 10)}${pad('BUILT', 7)}${pad('REUSED', 8)}${pad('FAILED', 8)}SAVED`);
  for (const r of records) {
    lines.push(`${pad(r.startedAt, 26)}${pad(r.command, 10)}${pad(String(r.built), 7)}${pad(String(r.reused), 8)}${pad(String(r.failed), 8)}${r.savedSeconds > 0 ? formatSeconds(r.savedSeconds) : '–'}`);
  }
  const t = totalOf(records);
  const saved = t.savedSeconds > 0 ? `; ${formatSeconds(t.savedSeconds)} of warehouse time saved by reuse` : '';
  lines.push(`Total: ${t.built} built, ${t.reused} reused, ${t.failed} failed${saved}`);
  return lines;
}
