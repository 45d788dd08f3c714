// The sticky pull-request comment of one engine run, rendered from orchestrator.json.
//
// Pure: the caller reads the report (and the compiled SQL from run_results.json, see compiledCodeByUniqueId)
// and decides which nodes the pull request modified; src/github/comment.ts posts or updates the comment.
//
// The body starts with a hidden marker (COMMENT_MARKER, or markerFor(key) when one job comments for several
// projects) so the next run finds and updates the same comment instead of adding one per push.
//
// Size: GitHub rejects a comment body above 65,536 characters. Lengths here are JS string lengths (UTF-16
// code units), which are never fewer than the characters (code points) GitHub counts, and the default budget
// (65,000) leaves a margin below the limit. The body is made of self-contained blocks (no block leaves a code
// fence or a <details> open) and only whole blocks or whole table rows are ever dropped, always with an
// explicit note saying what is missing and pointing at the job summary. What is given up first:
//   1. compiled SQL excerpts and long error messages of failures (down to their first lines),
//   2. failure sections beyond what fits (a reserve of modified-node rows is kept for the table),
//   3. rows of the modified-nodes table beyond what fits.

import { savedPart } from './savings.js';
import type { OrchestratorReport, ReportNode } from './orchestrator-json.js';
import { errorGist, groupOf } from './summary.js';
import { clipText, codeSpan, escapeHtml, fencedBlock, normalizeNewlines, type TextLimit } from './markdown.js';
import { count, formatSeconds } from '../util/format.js';
import { clipChars, commentLength, inlineText, MAX_CELL_CHARS, MAX_LINE_CHARS, SEE_SUMMARY, Sizer, trimBlock } from './comment-text.js';
import { modifiedTable, OPEN_TABLE_ROWS } from './modified-table.js';
import type { ModifiedNode } from '../plan/modified.js';

export { clipChars, commentLength, OPEN_TABLE_ROWS };

export const COMMENT_MARKER = '<!-- dbt-orchestrator:pr-comment -->';
/** GitHub's hard limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT_CHARS = 65_536;
/** Default budget: below GitHub's limit with a margin. */
export const DEFAULT_COMMENT_MAX_CHARS = 65_000;
/** Lines of compiled SQL shown per failure. */
export const SQL_EXCERPT_LINES = 40;

/**
 * The hidden marker identifying our comment. With a key (e.g. the project directory, when one workflow
 * comments for several dbt projects) each key gets its own comment. The key is reduced to characters that
 * cannot end the HTML comment early; no marker is a substring of another marker.
 */
export function markerFor(key?: string): string {
  const safe = (key ?? '')
    .trim()
    .replace(/[^\w.\/@+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return safe ? `<!-- dbt-orchestrator:pr-comment:${safe} -->` : COMMENT_MARKER;
}

export type { ModifiedNode };

export interface PrCommentInput {
  report: OrchestratorReport;
  /** Nodes the pull request modified, in the order to show them. */
  modified: ModifiedNode[];
  /** Compiled SQL by unique_id (compiledCodeByUniqueId of run_results.json), for failed nodes. */
  compiledCode?: Record<string, string | null | undefined>;
  /** Link to the workflow run (its job summary has the full report). */
  runUrl?: string;
  /** Link to the artifact holding orchestrator.json, run_results.json and the logs. */
  artifactUrl?: string;
  /** The production state the run compared against and deferred to, e.g. "production run #123". */
  stateSource?: string;
  /** Link to that production run. */
  stateUrl?: string;
  /** Node files at the PR head commit, for linking names. */
  linkOf?: (uniqueId: string) => string | undefined;
  /** PR impact blocks (src/report/impact-markdown.ts), after the modified nodes; dropped whole to fit. */
  impactBlocks?: string[];
  /** Shown as a warning, e.g. "no production state found; every node was built". */
  stateWarning?: string;
  /** Suffix of the marker (markerFor), and shown in the title, for one comment per project. */
  markerKey?: string;
  /** Budget in characters (UTF-16 code units; default 65,000). */
  maxChars?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Levels of detail of the failure sections

interface FailureDetail {
  message: TextLimit | null;
  /** null: compiled SQL left out. */
  sql: TextLimit | null;
}

const FAILURE_LADDER: FailureDetail[] = [
  { message: { lines: 30, bytes: 3_000 }, sql: { lines: SQL_EXCERPT_LINES, bytes: 4_000 } },
  { message: { lines: 15, bytes: 1_500 }, sql: { lines: 15, bytes: 1_500 } },
  { message: { lines: 10, bytes: 1_000 }, sql: null },
  { message: { lines: 3, bytes: 300 }, sql: null },
  // The error's gist in the section's first line only.
  { message: null, sql: null },
];

/** Skipped dependents named per failure before "and N more". */
const SKIPPED_NAMES = 10;

// ---------------------------------------------------------------------------------------------------------
// Entry point

export function renderPrComment(input: PrCommentInput): string {
  const maxChars = input.maxChars ?? DEFAULT_COMMENT_MAX_CHARS;
  const marker = markerFor(input.markerKey);
  const head = [`${marker}\n${title(input)}`, ...headerBlocks(input)];
  const foot = footer(input.report);
  const fixed = new Sizer();
  for (const block of [...head, foot]) fixed.add(block);
  if (fixed.size > maxChars) return lastResort(marker, input, maxChars);

  const failed = input.report.nodes.filter((node) => groupOf(node) === 'failed');
  const table = modifiedTable(input);
  const failureBudget = maxChars - fixed.size - table.reserve;
  const failures = fitFailures(failed, input, failureBudget);
  const tableBudget = maxChars - fixed.size - failures.size;
  const modified = table.render(tableBudget);
  const impact = fitWhole(input.impactBlocks ?? [], tableBudget - modified.reduce((sum, block) => sum + Sizer.cost(block), 0));

  const blocks = [...head, ...failures.blocks, ...modified, ...impact, foot];
  return `${blocks.join('\n\n')}\n`;
}

const IMPACT_LEFT_OUT = `_Impact sections left out to fit GitHub's comment size limit; ${SEE_SUMMARY}._`;

/** Whole blocks in order while they fit `budget`, then a note if any was left out. */
function fitWhole(blocks: string[], budget: number): string[] {
  const total = blocks.reduce((sum, block) => sum + Sizer.cost(block), 0);
  if (total <= budget) return blocks;
  const out: string[] = [];
  let size = Sizer.cost(IMPACT_LEFT_OUT);
  for (const block of blocks) {
    if (size + Sizer.cost(block) > budget) continue;
    out.push(block);
    size += Sizer.cost(block);
  }
  return size <= budget ? [...out, IMPACT_LEFT_OUT] : [];
}

/** Only reachable with a budget too small for the headline itself: the marker and a plain status line. */
function lastResort(marker: string, input: PrCommentInput, maxChars: number): string {
  const line = plainStatus(input.report);
  const room = maxChars - commentLength(marker) - 2;
  if (room <= 0) return `${marker}\n`;
  return `${marker}\n${clipChars(line, room)}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Header and footer

function outcomeOf(report: OrchestratorReport): { icon: string; word: string } {
  if (report.totals.failed > 0) return { icon: '❌', word: 'failed' };
  if (report.totals.notRun > 0) return { icon: '❌', word: 'was interrupted' };
  if (report.totals.skipped > 0) return { icon: '❌', word: 'finished with skipped nodes' };
  return { icon: '✅', word: 'succeeded' };
}

function title(input: PrCommentInput): string {
  const { icon, word } = outcomeOf(input.report);
  const key = input.markerKey?.trim() ? ` · ${codeSpan(clipChars(input.markerKey.trim(), 100))}` : '';
  return `### ${icon} dbt ${escapeHtml(input.report.run.command)} ${word}${key}`;
}

function countsLine(report: OrchestratorReport): string {
  const { totals } = report;
  const failed = `${count(totals.failed)} failed`;
  const ephemeral = totals.ephemeral > 0 ? ` (+${count(totals.ephemeral)} ephemeral)` : '';
  return (
    `**${count(totals.succeeded)} built** · ${count(totals.reused)} reused · ${totals.failed > 0 ? `**${failed}**` : failed} · ` +
    `${count(totals.skipped)} skipped${totals.notRun > 0 ? ` · ${count(totals.notRun)} not run` : ''} — ${count(totals.selected)} nodes selected${ephemeral}`
  );
}

function plainStatus(report: OrchestratorReport): string {
  const { icon, word } = outcomeOf(report);
  const { totals } = report;
  return `${icon} dbt ${report.run.command} ${word}: ${totals.succeeded} built, ${totals.reused} reused, ` +
    `${totals.failed} failed, ${totals.skipped} skipped`;
}

function headerBlocks(input: PrCommentInput): string[] {
  const { report } = input;
  const lines = [
    countsLine(report),
    `⏱️ ${formatSeconds(report.timeSpentSeconds)} spent building · ${savedPart(report.totals.savedSeconds)}` +
      `${formatSeconds(report.run.elapsedSeconds)} wall time`,
  ];
  if (input.stateSource?.trim()) {
    const source = inlineText(input.stateSource);
    lines.push(`🏭 Production state: ${input.stateUrl ? `[${source.replace(/[[\]]/g, '\\$&')}](${input.stateUrl})` : source}`);
  }
  const links = [
    input.runUrl ? `[Workflow run and job summary](${input.runUrl})` : '',
    input.artifactUrl ? `[Artifact (orchestrator.json, run_results.json, logs)](${input.artifactUrl})` : '',
  ].filter(Boolean);
  if (links.length > 0) lines.push(`🔗 ${links.join(' · ')}`);
  // One paragraph: GitHub renders each line break inside it as a line break.
  const blocks = [lines.join('<br>\n')];
  if (input.stateWarning?.trim()) blocks.push(warningBlock(input.stateWarning));
  return blocks;
}

function warningBlock(text: string): string {
  const lines = clipChars(normalizeNewlines(text).trim(), MAX_LINE_CHARS)
    .split('\n')
    .map((line) => `> ${line.replace(/</g, '&lt;')}`.trimEnd());
  return ['> [!WARNING]', ...lines].join('\n');
}

function footer(report: OrchestratorReport): string {
  const { run } = report;
  const when = run.finishedAt ? ` · updated ${escapeHtml(run.finishedAt)}` : '';
  return `<sub>dbt-orchestrator · dbt ${escapeHtml(run.dbtVersion)} · ${escapeHtml(run.adapterType)} · ` +
    `run ${escapeHtml(run.runId)}${when}</sub>`;
}

// ---------------------------------------------------------------------------------------------------------
// Failures

interface FittedBlocks {
  blocks: string[];
  /** What the blocks add to the joined body. */
  size: number;
}

/**
 * The failure sections at the most detailed level that fits `budget`; at the least detailed level, as many
 * whole sections as fit, then a note naming how many were left out.
 */
function fitFailures(failed: ReportNode[], input: PrCommentInput, budget: number): FittedBlocks {
  if (failed.length === 0) return { blocks: [], size: 0 };
  const skippedBy = skippedDependents(input.report);
  const heading = `#### ❌ Failures (${count(failed.length)})`;
  for (const [level, detail] of FAILURE_LADDER.entries()) {
    const blocks = [heading];
    if (level > 0) blocks.push(shortenedNote(detail));
    let size = blocks.reduce((sum, block) => sum + Sizer.cost(block), 0);
    let fits = true;
    for (const node of failed) {
      const section = failureSection(node, input, skippedBy, detail);
      size += Sizer.cost(section);
      if (size > budget) {
        fits = false;
        break;
      }
      blocks.push(section);
    }
    if (fits) return { blocks, size };
  }
  // Even gists only do not all fit: whole sections while they fit, with room kept for the note.
  const detail = FAILURE_LADDER[FAILURE_LADDER.length - 1];
  const blocks = [heading, shortenedNote(detail)];
  let size = blocks.reduce((sum, block) => sum + Sizer.cost(block), 0);
  if (size > budget) return { blocks: [], size: 0 };
  const noteFor = (hidden: number) => `_… ${count(hidden)} more failures not shown; ${SEE_SUMMARY}._`;
  const noteCost = Sizer.cost(noteFor(failed.length));
  let shown = 0;
  for (const node of failed) {
    const cost = Sizer.cost(failureSection(node, input, skippedBy, detail));
    if (size + cost + noteCost > budget) break;
    blocks.push(failureSection(node, input, skippedBy, detail));
    size += cost;
    shown++;
  }
  const note = noteFor(failed.length - shown);
  if (size + Sizer.cost(note) > budget) return { blocks: [], size: 0 };
  blocks.push(note);
  return { blocks, size: size + Sizer.cost(note) };
}

function shortenedNote(detail: FailureDetail): string {
  const what = detail.sql ? 'Error messages and compiled SQL are shortened' : detail.message ? 'Compiled SQL is left out and error messages are shortened' : 'Only the first line of each error is shown';
  return `_${what} to fit GitHub's comment size limit; ${SEE_SUMMARY} for the full text._`;
}

/** Failed unique_id → names of the nodes skipped because of it, in execution order. */
function skippedDependents(report: OrchestratorReport): Map<string, string[]> {
  const byFailure = new Map<string, string[]>();
  for (const node of report.nodes) {
    if (!node.skippedBecauseOf) continue;
    const names = byFailure.get(node.skippedBecauseOf) ?? [];
    names.push(node.name);
    byFailure.set(node.skippedBecauseOf, names);
  }
  return byFailure;
}

/** Everything needed to fix one failed node: what failed, dbt's error, what it blocked, the compiled SQL. */
function failureSection(
  node: ReportNode,
  input: PrCommentInput,
  skippedBy: Map<string, string[]>,
  detail: FailureDetail,
): string {
  const gist = errorGist(node.message);
  const retries = node.attempts > 1 ? `, ${count(node.attempts)} attempts` : '';
  const headline = `**❌ ${escapeHtml(node.resourceType)} ${codeSpan(clipChars(node.name, MAX_CELL_CHARS))}** (${escapeHtml(node.status)}${retries})`;
  const parts: string[] = [];
  if (detail.message === null || !node.message) {
    parts.push(gist ? `${headline}: ${inlineText(gist)}` : `${headline}: dbt reported no message`);
  } else {
    parts.push(headline, clippedBlock(node.message, 'text', detail.message));
  }
  const skipped = skippedBy.get(node.uniqueId) ?? [];
  if (skipped.length > 0) {
    const names = skipped.slice(0, SKIPPED_NAMES).map((name) => codeSpan(clipChars(name, 100)));
    const more = skipped.length > SKIPPED_NAMES ? ` and ${count(skipped.length - SKIPPED_NAMES)} more` : '';
    parts.push(`⏭️ Skipped because of it: ${names.join(', ')}${more}`);
  }
  const sql = input.compiledCode?.[node.uniqueId];
  if (detail.sql && typeof sql === 'string' && sql.trim() !== '') parts.push(sqlDetails(sql, detail.sql));
  return parts.join('\n\n');
}

/** A collapsed excerpt of the compiled SQL; the summary line says how much of it is shown. */
function sqlDetails(sql: string, limit: TextLimit): string {
  const text = trimBlock(sql);
  const clip = clipText(text, limit);
  const total = text.split('\n').length;
  const shown = clip.text.split('\n').length;
  const label = clip.marker
    ? `Compiled SQL (first ${count(shown)} of ${count(total)} lines)`
    : `Compiled SQL (${count(total)} ${total === 1 ? 'line' : 'lines'})`;
  return `<details><summary>${label}</summary>\n\n${fencedBlock(clip.text, 'sql')}\n\n</details>`;
}

/** A fenced block of `text` within `limit`, with an explicit marker when something was cut. */
function clippedBlock(text: string, language: string, limit: TextLimit): string {
  const clip = clipText(trimBlock(text), limit);
  const block = fencedBlock(clip.text, language);
  return clip.marker ? `${block}\n\n_${clip.marker}_` : block;
}

