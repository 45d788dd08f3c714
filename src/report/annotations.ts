// Error annotations for failed nodes and a notice for skipped ones, rendered from orchestrator.json.
//
// GitHub shows at most 10 error annotations per step and silently drops the rest, so at most `max` are
// produced and the last one says how many failures it leaves out (they are all in the job summary).
//
// Line numbers: an annotation only gets `startLine` when it is known to point at the right line of the
// node's source file. dbt's messages carry two kinds of line hints and neither can be used as is:
// - database errors ("LINE 5:" in DuckDB/Postgres) count lines of the statement dbt ran, i.e. the compiled
//   SQL wrapped in the materialization's DDL (target/run/...), never the source file;
// - Jinja errors ("line 3") count lines of whatever template failed, which at run time is often not the
//   node's file (a macro, or a string passed to render()); syntax errors in the file itself already fail
//   parsing, before any node runs.
// Both hints echo the offending line though. So the line is taken from the source file itself (read
// through the optional `readSource`): Jinja's number when that line of the file is the echoed text,
// otherwise the one line of the file equal to the echoed text. Without `readSource` there is no line.

import type { OrchestratorReport, ReportNode } from './orchestrator-json.js';
import { failedNodes } from './summary.js';

export interface Annotation {
  message: string;
  title: string;
  /** Path relative to the workspace (posix), as GitHub expects. */
  file?: string;
  startLine?: number;
}

export interface ManifestNodeInfo {
  original_file_path?: string;
  resource_type?: string;
  name?: string;
  package_name?: string;
}

export interface AnnotationOptions {
  /** manifest.json `nodes` (and `unit_tests`), for each node's source file. */
  manifestNodes: Record<string, ManifestNodeInfo>;
  /** The dbt project directory relative to the workspace ('' or '.' when the project is at its root). */
  projectDir: string;
  /** Most annotations to emit (GitHub shows 10 error annotations per step). */
  max?: number;
  /**
   * Reads a file of the project (path relative to the project directory), or undefined. Only used to
   * confirm line numbers; without it annotations carry no line.
   */
  readSource?: (originalFilePath: string) => string | undefined;
  /**
   * The root project's name. Nodes of installed packages then get no file: theirs live in dbt_packages/,
   * which is not part of the repository the annotation would point into.
   */
  projectName?: string;
}

export const DEFAULT_MAX_ANNOTATIONS = 10;
/** Annotations are one-line popups in the UI; the full message is in the job summary. */
const MAX_MESSAGE_CHARS = 4_000;

export function failureAnnotations(report: OrchestratorReport, options: AnnotationOptions): Annotation[] {
  const max = Math.max(0, options.max ?? DEFAULT_MAX_ANNOTATIONS);
  const failed = failedNodes(report);
  const annotations = failed.slice(0, max).map((node) => failureAnnotation(node, options));
  const left = failed.length - annotations.length;
  if (left > 0 && annotations.length > 0) {
    const last = annotations[annotations.length - 1];
    last.message = `${last.message}\n\nand ${left} more failed ${left === 1 ? 'node' : 'nodes'}: see the job summary`;
  }
  return annotations;
}

function failureAnnotation(node: ReportNode, options: AnnotationOptions): Annotation {
  const info = options.manifestNodes[node.uniqueId] ?? {};
  const annotation: Annotation = { title: failureTitle(node, info), message: failureMessage(node) };
  const sourcePath = ownSourcePath(node, info, options.projectName);
  if (sourcePath) {
    annotation.file = workspacePath(options.projectDir, sourcePath);
    const source = options.readSource?.(sourcePath);
    const line = source === undefined ? undefined : trustedLine(node.message ?? '', source);
    if (line !== undefined) annotation.startLine = line;
  }
  return annotation;
}

/** "dbt model orders failed", "dbt unit test x failed after 3 attempts". */
export function failureTitle(node: ReportNode, info: ManifestNodeInfo = {}): string {
  const type = (node.resourceType || info.resource_type || 'node').replace(/_/g, ' ');
  const name = node.name || info.name || node.uniqueId;
  const attempts = node.attempts > 1 ? ` after ${node.attempts} attempts` : '';
  return `dbt ${type} ${name} failed${attempts}`;
}

function failureMessage(node: ReportNode): string {
  const message = (node.message ?? '').replace(/\r\n?/g, '\n').trim();
  if (message === '') return `dbt reported no message (status: ${node.status})`;
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (truncated: the full message is in the job summary)`;
}

function ownSourcePath(node: ReportNode, info: ManifestNodeInfo, projectName: string | undefined): string | undefined {
  const path = info.original_file_path;
  if (!path) return undefined;
  const packageName = info.package_name ?? node.uniqueId.split('.')[1];
  if (projectName && packageName && packageName !== projectName) return undefined;
  return toPosix(path);
}

/** projectDir + '/' + path, posix, without "./" segments GitHub would not match. */
export function workspacePath(projectDir: string, path: string): string {
  const dir = toPosix(projectDir).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const file = toPosix(path).replace(/^(\.\/)+/, '');
  return dir === '' || dir === '.' ? file : `${dir}/${file}`;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Echoed source lines shorter than this (")", "end") match too many lines to mean anything. */
const MIN_ECHO_LENGTH = 4;

/**
 * The 1-based line of `source` a dbt error message points at, when the source confirms it (see the file
 * comment); undefined otherwise.
 */
export function trustedLine(message: string, source: string): number | undefined {
  const lines = source.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  for (const hint of lineHints(message)) {
    if (hint.echo.length < MIN_ECHO_LENGTH) continue;
    if (hint.line !== undefined && lines[hint.line - 1] === hint.echo) return hint.line;
    const matches = lines.flatMap((line, index) => (line === hint.echo ? [index + 1] : []));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

interface LineHint {
  /** A line number of the node's own file (Jinja); database line numbers are never kept. */
  line?: number;
  /** The source text the message echoes, trimmed. */
  echo: string;
}

function lineHints(message: string): LineHint[] {
  const text = message.replace(/\r\n?/g, '\n');
  const hints: LineHint[] = [];
  // Jinja (dbt_common.clients.jinja): "  line 3\n    {{ foo bar }}".
  for (const match of text.matchAll(/^[ \t]*line (\d+)\n[ \t]*(.+)$/gm)) {
    hints.push({ line: Number(match[1]), echo: match[2].trim() });
  }
  // Postgres and DuckDB: "LINE 5:     select 1 as id |pipe" (numbered within the executed statement).
  for (const match of text.matchAll(/^[ \t]*LINE \d+:(.*)$/gm)) {
    hints.push({ echo: match[1].trim() });
  }
  return hints;
}

/** One line for a notice annotation: how many nodes were skipped, of which types, and because of what. */
export function skippedNotice(report: OrchestratorReport): string | undefined {
  const skipped = report.nodes.filter((node) => node.decision !== 'ephemeral' && node.decision !== 'reuse' && node.status === 'skipped');
  if (skipped.length === 0) return undefined;
  const names = new Map(report.nodes.map((node) => [node.uniqueId, node.name]));
  const types = tally(skipped.map((node) => node.resourceType.replace(/_/g, ' ')));
  const byType = [...types].map(([type, n]) => `${n} ${plural(type, n)}`).join(', ');
  const causes = tally(skipped.map((node) => (node.skippedBecauseOf ? names.get(node.skippedBecauseOf) ?? node.skippedBecauseOf : '')));
  const because = [...causes]
    .sort((a, b) => b[1] - a[1])
    .map(([cause, n]) => (cause ? `${n} after ${cause} failed` : `${n} not executed`))
    .join(', ');
  const total = `${skipped.length} ${skipped.length === 1 ? 'node was' : 'nodes were'} skipped`;
  return `${total} (${byType}): ${because}. See the job summary.`;
}

/** Counts in order of first appearance. */
function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function plural(word: string, n: number): string {
  if (n === 1) return word;
  return word.endsWith('s') ? `${word}es` : `${word}s`;
}
