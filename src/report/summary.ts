// The GitHub job summary (GITHUB_STEP_SUMMARY) of one engine run, rendered from orchestrator.json.
//
// Pure: the caller reads the report (and optionally the manifest and run_results.json) and writes the result.
// GitHub rejects a step summary above 1 MiB, so the output is built from self-contained blocks (each one
// balanced: no open code fence, no open <details>) and rendered at decreasing levels of detail until it fits.
// The order in which detail is given up puts what a reader needs to fix the run last:
//   1. compiled SQL of failed nodes, 2. rows of the built/reused tables, 3. error messages,
//   4. rows of the failed/skipped tables and failure sections, 5. whole trailing blocks.
// Whenever any of that happens, an explicit notice is appended pointing at the orchestrator.json artifact.

import { savedPart } from './savings.js';
import type { OrchestratorReport, ReportNode } from './orchestrator-json.js';
import { isNotRun, isSuccess } from '../status.js';
import { count, formatSeconds } from '../util/format.js';
import { clippedBlock, codeSpan, escapeHtml, normalizeNewlines, tableCell, truncateUtf8, utf8Length, type TextLimit } from './markdown.js';

export { clipText, codeSpan, escapeHtml, fencedBlock, tableCell, truncateUtf8, utf8Length } from './markdown.js';
export { formatSeconds } from '../util/format.js';

/** GitHub's hard limit for one step's summary. */
export const GITHUB_SUMMARY_LIMIT_BYTES = 1_048_576;
/** Default budget: safely below the limit, leaving room for anything else the step appends. */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;
/** Built/reused rows shown per table; failed and skipped rows are all shown while the budget allows. */
export const DEFAULT_SUMMARY_MAX_ROWS = 200;

export const TRUNCATION_NOTICE =
  "Summary truncated to fit GitHub's 1 MiB limit; full details in the orchestrator.json artifact";

export interface SummaryOptions {
  /** manifest.json `nodes` (and `unit_tests`), for the source file of failed nodes. */
  manifestNodes?: Record<string, { original_file_path?: string }>;
  /**
   * Compiled SQL by unique_id. orchestrator.json does not carry it; the merged run_results.json does
   * (see compiledCodeByUniqueId).
   */
  compiledCode?: Record<string, string | null | undefined>;
  /** Budget in UTF-8 bytes (default 1,000,000). */
  maxBytes?: number;
  /** Built/reused rows per table before "… and N more" (default 200). */
  maxRows?: number;
  /** Link to the workflow run. */
  runUrl?: string;
  /** Link to the uploaded artifact holding orchestrator.json. */
  artifactUrl?: string;
}

/** Where a selected node lands in the summary. Mirrors computeTotals, so group sizes equal report.totals. */
export type NodeGroup = 'failed' | 'skipped' | 'built' | 'reused';

export function groupOf(node: ReportNode): NodeGroup | undefined {
  if (node.decision === 'ephemeral') return undefined;
  if (node.decision === 'reuse') return 'reused';
  // Nodes an interruption stopped are listed with the skipped ones (their message says which).
  if (node.status === 'skipped' || isNotRun(node.status)) return 'skipped';
  // Anything dbt ran that did not succeed is a failure (error, fail, runtime error, partial success, ...).
  return isSuccess(node.status) ? 'built' : 'failed';
}

/** Failed nodes in execution order (shared with the annotations). */
export function failedNodes(report: OrchestratorReport): ReportNode[] {
  return report.nodes.filter((node) => groupOf(node) === 'failed');
}

/** compiled_code of every result in a run_results.json document that has some. */
export function compiledCodeByUniqueId(runResults: {
  results: Array<{ unique_id: string; compiled_code?: string | null }>;
}): Record<string, string> {
  const byId: Record<string, string> = {};
  for (const result of runResults.results) {
    if (typeof result.compiled_code === 'string' && result.compiled_code.trim() !== '') byId[result.unique_id] = result.compiled_code;
  }
  return byId;
}

// ---------------------------------------------------------------------------------------------------------
// Levels of detail

interface Detail {
  /** null: compiled SQL left out. */
  sql: TextLimit | null;
  message: TextLimit;
  /** Rows per built/reused table. */
  outcomeRows: number;
  /** Rows per failed/skipped table. */
  problemRows: number;
  /** Failed nodes that get a <details> section. */
  failureSections: number;
}

/** Each step gives up more than the one before it; the first is the full summary. */
function detailLadder(maxRows: number): Detail[] {
  const full: Detail = {
    sql: { lines: 200, bytes: 20_000 },
    message: { lines: 200, bytes: 20_000 },
    outcomeRows: maxRows,
    problemRows: Infinity,
    failureSections: Infinity,
  };
  const noSql = { ...full, sql: null };
  const fewRows = { ...noSql, outcomeRows: Math.min(maxRows, 20) };
  const noRows = { ...fewRows, outcomeRows: 0 };
  const shortMessages = { ...noRows, message: { lines: 40, bytes: 2_000 } };
  const tinyMessages = { ...shortMessages, message: { lines: 8, bytes: 400 } };
  // Only projects with thousands of failures (e.g. the warehouse refused every query) get this far.
  const fewProblems = { ...tinyMessages, problemRows: 5_000, failureSections: 500 };
  const fewerProblems = { ...fewProblems, problemRows: 1_000, failureSections: 100 };
  const fewestProblems = { ...fewerProblems, problemRows: 100, failureSections: 10 };
  const minimal = { ...fewestProblems, problemRows: 10, failureSections: 3, message: { lines: 3, bytes: 200 } };
  return [full, noSql, fewRows, noRows, shortMessages, tinyMessages, fewProblems, fewerProblems, fewestProblems, minimal];
}

// ---------------------------------------------------------------------------------------------------------
// Entry point

export function renderSummary(report: OrchestratorReport, options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES;
  const ladder = detailLadder(options.maxRows ?? DEFAULT_SUMMARY_MAX_ROWS);
  const notice = truncationNotice(options.artifactUrl);
  // What the notice adds to the joined text: its bytes and one "\n\n" separator.
  const noticeBytes = utf8Length(notice) + 2;
  for (const [level, detail] of ladder.entries()) {
    const budget = level === 0 ? maxBytes : maxBytes - noticeBytes;
    const blocks = blocksWithin(summaryBlocks(report, options, detail), budget);
    if (blocks) return joinBlocks(level === 0 ? blocks : [...blocks, notice]);
  }
  return fitBlocks(summaryBlocks(report, options, ladder[ladder.length - 1]), notice, maxBytes);
}

/**
 * All blocks, when joined they stay within `budget` bytes. Blocks are rendered lazily and this gives up
 * at the first block over budget, so a level far too detailed (thousands of failures with 20 kB of SQL
 * each) never gets built in memory.
 */
function blocksWithin(blocks: Iterable<string>, budget: number): string[] | undefined {
  const kept: string[] = [];
  // joinBlocks: "\n\n" between blocks and "\n" at the end, i.e. 2 bytes per block minus 1.
  let size = -1;
  for (const block of blocks) {
    size += utf8Length(block) + 2;
    if (size > budget) return undefined;
    kept.push(block);
  }
  return kept;
}

/** Last resort (huge failure counts or a tiny budget): whole blocks in order while they fit, then the notice. */
function fitBlocks(blocks: Iterable<string>, notice: string, maxBytes: number): string {
  const kept: string[] = [];
  let size = utf8Length(notice) + 1;
  for (const block of blocks) {
    const added = utf8Length(block) + 2;
    if (size + added > maxBytes) break;
    kept.push(block);
    size += added;
  }
  const text = joinBlocks([...kept, notice]);
  // Only reachable when the budget cannot even hold the notice; plain text has nothing to unbalance.
  return utf8Length(text) <= maxBytes ? text : truncateUtf8(notice, maxBytes);
}

function joinBlocks(blocks: string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

function truncationNotice(artifactUrl: string | undefined): string {
  const link = artifactUrl ? ` ([download](${artifactUrl}))` : '';
  return `> [!WARNING]\n> ${TRUNCATION_NOTICE}${link}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

function* summaryBlocks(report: OrchestratorReport, options: SummaryOptions, detail: Detail): Generator<string> {
  const groups = groupNodes(report);
  yield headline(report, options);
  yield* nodeTable('failed', groups.failed, detail.problemRows);
  yield* failureSections(groups.failed, options, detail);
  yield* nodeTable('skipped', groups.skipped, detail.problemRows);
  yield* nodeTable('built', groups.built, detail.outcomeRows);
  yield* nodeTable('reused', groups.reused, detail.outcomeRows);
}

function groupNodes(report: OrchestratorReport): Record<NodeGroup, ReportNode[]> {
  const groups: Record<NodeGroup, ReportNode[]> = { failed: [], skipped: [], built: [], reused: [] };
  for (const node of report.nodes) {
    const group = groupOf(node);
    if (group) groups[group].push(node);
  }
  return groups;
}

function headline(report: OrchestratorReport, options: SummaryOptions): string {
  const { totals, run } = report;
  const icon = totals.failed > 0 ? '❌' : totals.skipped > 0 || totals.notRun > 0 ? '⚠️' : '✅';
  const outcome = totals.failed > 0 ? 'failed' : totals.notRun > 0 ? 'was interrupted' : totals.skipped > 0 ? 'finished with skipped nodes' : 'succeeded';
  const notRun = totals.notRun > 0 ? ` · ${count(totals.notRun)} not run` : '';
  const ephemeral = totals.ephemeral > 0 ? ` (+${count(totals.ephemeral)} ephemeral)` : '';
  const lines = [
    `## ${icon} dbt ${run.command} ${outcome}`,
    '',
    `**${count(totals.failed)} failed** · ${count(totals.succeeded)} built · ${count(totals.reused)} reused · ` +
      `${count(totals.skipped)} skipped${notRun} — ${count(totals.selected)} nodes selected${ephemeral}`,
    '',
    `⏱️ ${formatSeconds(report.timeSpentSeconds)} spent building · ${savedPart(report.totals.savedSeconds)}` +
      `${formatSeconds(run.elapsedSeconds)} wall time`,
    '',
    `<sub>dbt ${escapeHtml(run.dbtVersion)} · ${escapeHtml(run.adapterType)} · run ${escapeHtml(run.runId)}</sub>`,
  ];
  const links = [
    options.runUrl ? `[Workflow run](${options.runUrl})` : '',
    options.artifactUrl ? `[orchestrator.json artifact](${options.artifactUrl})` : '',
  ].filter(Boolean);
  if (links.length > 0) lines.push('', links.join(' · '));
  return lines.join('\n');
}

const GROUP_TITLES: Record<NodeGroup, string> = {
  failed: '❌ Failed',
  skipped: '⏭️ Skipped',
  built: '✅ Built',
  reused: '♻️ Reused',
};

const TABLE_HEADER = ['| Status | Node | Reason | Time | Attempts |', '| :-- | :-- | :-- | --: | --: |'];

/**
 * One table per group. Failed and skipped tables are always open; built and reused ones are collapsed
 * because on a large project they are long and rarely what the reader came for.
 */
function nodeTable(group: NodeGroup, nodes: ReportNode[], maxRows: number): string[] {
  if (nodes.length === 0) return [];
  const title = `${GROUP_TITLES[group]} (${count(nodes.length)})`;
  const shown = nodes.slice(0, maxRows);
  const body = shown.length > 0 ? [...TABLE_HEADER, ...shown.map(tableRow)].join('\n') : '';
  const hidden = nodes.length - shown.length;
  const more = hidden > 0 ? `… and ${count(hidden)} more ${group} nodes (see orchestrator.json)` : '';
  const content = [body, more].filter(Boolean).join('\n\n');
  if (group === 'failed' || group === 'skipped') return [`### ${title}\n\n${content}`];
  return [`<details><summary><b>${title}</b></summary>\n\n${content}\n\n</details>`];
}

function tableRow(node: ReportNode): string {
  const cells = [
    `${statusIcon(node.status)} ${node.status}`,
    `${node.resourceType} ${codeSpan(node.name)}`,
    node.reason,
    timeCell(node),
    String(node.attempts),
  ];
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

function timeCell(node: ReportNode): string {
  if (node.decision === 'reuse') return node.reusedFrom ? `${formatSeconds(node.reusedFrom.executionTime)} saved` : '–';
  if (node.status === 'skipped') return '–';
  return formatSeconds(node.executionTime);
}

const STATUS_ICONS: Record<string, string> = {
  success: '✅',
  pass: '✅',
  'no-op': '✅',
  warn: '⚠️',
  reused: '♻️',
  skipped: '⏭️',
};

/** The icon shown beside a node status in the summary and the PR comment. */
export function statusIcon(status: string): string {
  return STATUS_ICONS[status] ?? '❌';
}

function* failureSections(failed: ReportNode[], options: SummaryOptions, detail: Detail): Generator<string> {
  if (failed.length === 0) return;
  yield '### Failure details';
  const shown = failed.slice(0, detail.failureSections);
  for (const node of shown) yield failureSection(node, options, detail);
  const hidden = failed.length - shown.length;
  if (hidden > 0) yield `… and ${count(hidden)} more failed nodes (see orchestrator.json)`;
}

/** A collapsible section with everything needed to fix one failed node. */
function failureSection(node: ReportNode, options: SummaryOptions, detail: Detail): string {
  const gist = errorGist(node.message);
  const summary = `❌ <b>${escapeHtml(node.resourceType)} ${escapeHtml(node.name)}</b> (${escapeHtml(node.status)})` +
    (gist ? `: ${escapeHtml(gist)}` : '');
  const parts = [`<details><summary>${summary}</summary>`, facts(node, options.manifestNodes?.[node.uniqueId]?.original_file_path)];
  parts.push(node.message ? clippedBlock(node.message, 'text', detail.message) : '_dbt reported no message._');
  const sql = options.compiledCode?.[node.uniqueId];
  if (detail.sql && sql) parts.push('Compiled SQL:', clippedBlock(sql, 'sql', detail.sql));
  parts.push('</details>');
  return parts.join('\n\n');
}

function facts(node: ReportNode, file: string | undefined): string {
  const items = [
    file ? `File: ${codeSpan(file)}` : '',
    node.relationName ? `Relation: ${codeSpan(node.relationName)}` : '',
    `${count(node.attempts)} ${node.attempts === 1 ? 'attempt' : 'attempts'}`,
    `${formatSeconds(node.executionTime)}`,
  ];
  return items.filter(Boolean).join(' · ');
}

/**
 * The line of a dbt message that says what went wrong. dbt starts with "Runtime Error in model x (path)",
 * which repeats the section title, so the first line after such a preamble is used.
 */
export function errorGist(message: string | null): string {
  const lines = normalizeNewlines(message ?? '')
    .split('\n')
    .map((line) => line.trim())
    // "attempt 1 of 2:" headers of a node whose attempts failed differently say nothing by themselves.
    .filter((line) => line !== '' && !/^attempt \d+ of \d+:$/.test(line));
  const preamble = /^[\w ]*(Error|Failure|Exception) in [\w ]+ \S+ \(.*\)$/;
  const gist = (lines.length > 1 && preamble.test(lines[0]) ? lines[1] : lines[0]) ?? '';
  return gist.length > 120 ? `${gist.slice(0, 119)}…` : gist;
}
