// The live console of a run: a parsing line, the plan, one START per node dbt really runs (with the reason
// it runs), one line per finished node with a [n/N] counter and its time, dbt's full error under each
// failure, and a closing recap (what failed and why, counts, wall time, time spent and saved, the log).
// Pure formatting lives in the exported functions; LiveView only keeps the counters.

import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { ManifestNode } from '../dbt/manifest.js';
import type { DbtNodeResult } from '../dbt/protocol.js';
import { countStatuses, isFailure, isSuccess, statusLabel } from '../status.js';
import type { NodeOutcome } from '../types.js';
import { palette, type Palette } from './colour.js';
import type { Output } from './console.js';

/** dbt's error under a failure: at most this many lines on the console (the rest is in the log). */
export const MAX_ERROR_LINES = 20;
const LABEL_WIDTH = 7;

/** The label column: at least one space after the label. */
function pad(text: string, width: number): string {
  return `${text.padEnd(width - 1)} `;
}

function colourOf(status: string, c: Palette): (text: string) => string {
  if (status === 'warn' || status === 'skipped' || status === 'not-run' || status === 'interrupted') return c.yellow;
  if (status === 'reused') return c.cyan;
  if (isSuccess(status)) return c.green;
  return c.red;
}

export function seconds(value: number): string {
  return `${(Number.isFinite(value) ? value : 0).toFixed(2)}s`;
}

/** "1m 05s" from 65; "12.3s" below a minute. */
export function duration(value: number): string {
  if (!Number.isFinite(value) || value < 60) return `${(Number.isFinite(value) ? value : 0).toFixed(1)}s`;
  const m = Math.floor(value / 60);
  const s = Math.round(value - m * 60);
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

export function startText(display: string, reason: string, attempt: number, c: Palette = palette(false)): string {
  const why = attempt > 1 ? `attempt ${attempt}` : reason;
  return `${c.dim(pad('START', LABEL_WIDTH))}${display}${why ? ` (${why})` : ''}`;
}

/** `OK     model orders [3/12] 0.54s` — the counter counts finished nodes of this dbt invocation. */
export function finishText(display: string, result: DbtNodeResult, attempt: number, index: number, total: number, c: Palette = palette(false)): string {
  const label = colourOf(result.status, c)(pad(statusLabel(result.status), LABEL_WIDTH));
  const attemptText = attempt > 1 ? ` (attempt ${attempt})` : '';
  return `${label}${display} ${c.dim(`[${index}/${total}] ${seconds(result.execution_time)}`)}${attemptText}`;
}

/**
 * dbt's error, indented, without blank lines at either end, capped at MAX_ERROR_LINES lines, followed by
 * the compiled SQL's path when dbt wrote it.
 */
export function errorBlock(message: string, options: { compiledPath?: string; logPath: string; indent?: string; maxLines?: number }): string[] {
  const indent = options.indent ?? '    ';
  const max = options.maxLines ?? MAX_ERROR_LINES;
  const lines = message.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const shown = lines.length > max ? lines.slice(0, max) : lines;
  const out = shown.map((l) => `${indent}${l}`);
  if (lines.length > max) out.push(`${indent}… ${lines.length - max} more lines in ${options.logPath}`);
  if (lines.length === 0) out.push(`${indent}dbt gave no message; see ${options.logPath}`);
  if (options.compiledPath) out.push(`${indent}compiled SQL: ${options.compiledPath}`);
  return out;
}

export function reuseSummary(count: number, verbose: boolean): string | undefined {
  if (count === 0) return undefined;
  const what = `${count} ${count === 1 ? 'node' : 'nodes'} reused`;
  return `${pad('REUSE', LABEL_WIDTH)}${verbose ? what : `${what} (-v lists them with the reason)`}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** dbt's closing line: `Completed successfully`, `Completed with 1 error and 2 warnings:`. */
export function completedLine(outcomes: Array<Pick<NodeOutcome, 'status'>>, interrupted: boolean, dbtDied = false): string {
  const errors = outcomes.filter((o) => isFailure(o.status)).length;
  const warnings = outcomes.filter((o) => o.status === 'warn').length;
  if (interrupted) return 'Interrupted: nodes that had not finished were not run';
  if (dbtDied) return `dbt stopped before the run finished${errors > 0 ? ` (${plural(errors, 'error')})` : ''}:`;
  if (errors === 0 && warnings === 0) return 'Completed successfully';
  const parts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean);
  return `Completed with ${parts.join(' and ')}:`;
}

export function doneLine(outcomes: NodeOutcome[]): string {
  const c = countStatuses(outcomes.map((o) => (o.decision === 'reuse' ? { ...o, status: 'reused' } : o)));
  const notRun = c.notRun > 0 ? `, ${c.notRun} not run` : '';
  return `Done: ${c.built} built, ${c.warned} warned, ${c.reused} reused, ${c.failed} failed, ${c.skipped} skipped${notRun}`;
}

export function timeLine(wallSeconds: number, spentSeconds: number, savedSeconds: number): string {
  return `Time: ${duration(wallSeconds)} wall, ${duration(spentSeconds)} running nodes, ${duration(savedSeconds)} saved by reuse`;
}

/** Printed before dbt starts parsing, which takes seconds on a big project. */
export function parsingText(projectDir: string): string {
  return `Parsing dbt project ${projectDir} …`;
}

/** Where dbt wrote a node's compiled SQL (dbt's get_target_write_path), when the file exists. */
export function compiledSqlPath(node: Pick<ManifestNode, 'resource_type' | 'name' | 'path' | 'original_file_path' | 'package_name'>, targetDir: string): string | undefined {
  const file =
    node.resource_type === 'snapshot'
      ? join(node.original_file_path, `${node.name}.sql`)
      : basename(node.path) === basename(node.original_file_path)
        ? node.original_file_path
        : join(node.original_file_path, node.path);
  const path = join(targetDir, 'compiled', node.package_name, file);
  return existsSync(path) ? path : undefined;
}

/** A path as the user can paste it: relative to where they are when it is below, absolute otherwise. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export interface LiveViewOptions {
  /** Shown wherever the console points to the full output of dbt. */
  logPath: string;
  /** Compiled SQL file of a node, when dbt wrote one. */
  compiledPathOf(uniqueId: string): string | undefined;
  displayOf(uniqueId: string): string;
  /** Nodes that dbt will skip because one of `failed` failed (dbt's blocking rules). */
  blockedBy(failed: string[]): Set<string>;
}

export class LiveView {
  private readonly c: Palette;
  private readonly verbose: boolean;
  private finished = 0;
  private total = 0;
  private failedInRound: string[] = [];
  private readonly reasons = new Map<string, string>();

  constructor(
    private readonly output: Output,
    private readonly options: LiveViewOptions,
  ) {
    this.c = palette(output.colour === true);
    this.verbose = output.verbose === true;
  }

  plan(selected: number, toRun: Array<{ uniqueId: string; reason: string }>, reused: Array<{ uniqueId: string; reason: string }>): void {
    for (const r of toRun) this.reasons.set(r.uniqueId, r.reason);
    this.output.line(`Plan: ${selected} selected, ${toRun.length} to run, ${selected - toRun.length} reused`);
    const summary = reuseSummary(reused.length, this.verbose);
    if (summary) this.output.line(this.c.cyan(summary));
    if (this.verbose) for (const r of reused) this.output.line(`${this.c.cyan(pad('REUSE', LABEL_WIDTH))}${this.options.displayOf(r.uniqueId)} (${r.reason})`);
    this.round(toRun.length);
  }

  /** A new dbt invocation of `count` nodes (the first one, or a retry round). */
  round(count: number): void {
    this.finished = 0;
    this.total = count;
    this.failedInRound = [];
  }

  start(uniqueId: string, attempt: number): void {
    // dbt announces nodes it is about to skip because an upstream failed: those get a SKIP line, not a START.
    if (this.failedInRound.length > 0 && this.options.blockedBy(this.failedInRound).has(uniqueId)) return;
    this.output.line(startText(this.options.displayOf(uniqueId), this.reasons.get(uniqueId) ?? '', attempt, this.c));
  }

  finish(uniqueId: string, result: DbtNodeResult, attempt: number): void {
    this.finished += 1;
    this.output.line(finishText(this.options.displayOf(uniqueId), result, attempt, this.finished, Math.max(this.total, this.finished), this.c));
    if (isSuccess(result.status)) return;
    this.failedInRound.push(uniqueId);
    for (const l of errorBlock(result.message ?? '', { compiledPath: this.options.compiledPathOf(uniqueId), logPath: this.options.logPath })) this.output.line(this.c.dim(l));
  }

  retry(names: string[], delaySeconds: number, round: number, count: number): void {
    if (names.length > 0) this.output.line(this.c.yellow(`RETRY  ${names.join(', ')} in ${delaySeconds}s (round ${round})`));
    this.round(count);
  }

  crash(message: string): void {
    const first = message.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no reason given';
    this.output.line(this.c.red(`dbt stopped: ${first}`));
    this.output.line(`    see ${this.options.logPath} for dbt's full output`);
  }

  skipped(uniqueId: string, reason: string, status: string): void {
    this.output.line(`${colourOf(status, this.c)(pad(statusLabel(status), LABEL_WIDTH))}${this.options.displayOf(uniqueId)} (${reason})`);
  }

  recap(outcomes: NodeOutcome[], times: { wallSeconds: number; spentSeconds: number; savedSeconds: number }, interrupted: boolean, dbtDied = false): void {
    const failures = outcomes.filter((o) => o.decision === 'run' && (isFailure(o.status) || o.status === 'warn'));
    this.output.line('');
    const completed = completedLine(outcomes, interrupted, dbtDied);
    const failed = dbtDied || outcomes.some((o) => isFailure(o.status));
    this.output.line(failed ? this.c.red(completed) : failures.length > 0 ? this.c.yellow(completed) : this.c.green(completed));
    for (const o of failures) {
      const attempts = o.attempts > 1 ? ` (${o.attempts} attempts)` : '';
      this.output.line('');
      this.output.line(`${colourOf(o.status, this.c)(pad(statusLabel(o.status), LABEL_WIDTH))}${this.options.displayOf(o.uniqueId)}${attempts}`);
      for (const l of errorBlock(o.result?.message ?? '', { compiledPath: this.options.compiledPathOf(o.uniqueId), logPath: this.options.logPath })) this.output.line(l);
    }
    if (failures.length > 0) this.output.line('');
    this.output.line(doneLine(outcomes));
    this.output.line(timeLine(times.wallSeconds, times.spentSeconds, times.savedSeconds));
    this.output.line(`Log: ${this.options.logPath}`);
  }
}
