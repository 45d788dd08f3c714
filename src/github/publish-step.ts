// Step 6: what the run says to GitHub — the job summary, annotations on failing files, the PR comment,
// the step outputs, the notification, and whether the step fails. All from the values the engine returned.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineResult } from '../engine/run.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import type { ModifiedNode } from '../plan/modified.js';
import { failureAnnotations, skippedNotice } from '../report/annotations.js';
import { renderBadInputSummary } from '../report/error-summary.js';
import { nodeLabel } from '../report/impact-markdown.js';
import { compiledCodeByUniqueId, renderSummary, tableCell } from '../report/summary.js';
import { countStatuses, runFailed, type StatusCounts } from '../status.js';
import { commentOnPullRequest } from './comment-step.js';
import { Outputs, type ActionSettings } from './inputs.js';
import { warnIfUnsalted } from './leak-guards.js';
import { eventFromReport, sendNotification } from './notify-run.js';
import { runUrlOf, writeSummary, type ActionRuntime } from './runtime.js';
import { modifiedVsProduction, type ResolvedState } from './state-step.js';
import { prImpact } from './pr-impact.js';

export interface PublishInput {
  settings: ActionSettings;
  result: EngineResult;
  state: ResolvedState;
  artifactId: string;
  cacheHit: boolean;
}

export async function publishRun(input: PublishInput, rt: ActionRuntime): Promise<void> {
  const { settings, result, state, artifactId } = input;
  const { report, manifest } = result;
  const manifestNodes = { ...(manifest?.nodes ?? {}), ...(manifest?.unit_tests ?? {}) };
  const compiledCode = result.runResults ? compiledCodeByUniqueId(result.runResults) : undefined;
  const runUrl = runUrlOf(rt.env);
  const artifactUrl = runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined;
  if (!report && result.exitCode === EXIT_BAD_INPUT && result.error) await writeSummary(rt, renderBadInputSummary(result.error));
  const modified = state.production && report ? modifiedVsProduction(report, state.production) : undefined;
  const pr = report ? prImpact({ env: rt.env, projectDir: settings.projectDirRelative, manifest, report, modified: settings.impact && modified, impact: result.impact }) : undefined;
  if (report) {
    const summary = renderSummary(report, { manifestNodes, compiledCode, runUrl, artifactUrl });
    const modifiedSection = modified ? modifiedSummary(modified, state.source, pr?.view.linkOf, state.stateUrl) : '';
    const impactSection = pr && pr.blocks.length > 0 ? `\n${pr.blocks.join('\n\n')}\n` : '';
    await writeSummary(rt, summary + modifiedSection + impactSection);
    const readSource = (path: string): string | undefined => {
      try {
        return readFileSync(join(settings.engine.projectDir, path), 'utf8');
      } catch {
        return undefined;
      }
    };
    const annotations = failureAnnotations(report, { manifestNodes, projectDir: settings.projectDirRelative, readSource, projectName: manifest?.metadata?.project_name });
    for (const a of annotations) rt.error(a.message, { title: a.title, file: a.file, startLine: a.startLine });
    const skipped = skippedNotice(report);
    if (skipped) rt.notice(skipped, { title: 'dbt-orchestrator' });
    warnIfUnsalted(settings, report, rt);
  }

  if (settings.comment && report) await commentOnPullRequest({ settings, report, state, compiledCode, runUrl, artifactId, pr }, rt);

  const totals = report?.totals;
  rt.setOutput(Outputs.status, statusOf(result));
  rt.setOutput(Outputs.built, String(totals?.succeeded ?? 0));
  rt.setOutput(Outputs.reused, String(totals?.reused ?? 0));
  rt.setOutput(Outputs.failed, String(totals?.failed ?? 0));
  rt.setOutput(Outputs.skipped, String(totals?.skipped ?? 0));
  rt.setOutput(Outputs.runResultsPath, result.runResultsPath ?? '');
  rt.setOutput(Outputs.manifestPath, result.manifestPath ?? '');
  rt.setOutput(Outputs.artifactId, artifactId);
  rt.setOutput(Outputs.cacheHit, String(input.cacheHit));

  await sendNotification(settings, eventFromReport(statusOf(result), settings.engine.command, report, rt.env, result.error), rt);
  const failure = shouldFail(settings, result);
  if (failure) rt.setFailed(failure);
}

function statusOf(result: EngineResult): string {
  if (result.exitCode === EXIT_OK) return 'success';
  if (result.exitCode === EXIT_BAD_INPUT) return 'error';
  if (result.exitCode === EXIT_INTERRUPTED) return 'cancelled';
  return 'failed';
}

function nodes(n: number): string {
  return `${n} dbt ${n === 1 ? 'node' : 'nodes'}`;
}

/** `1 dbt node failed, 11 skipped because of it; see the job summary`. */
export function failureText(counts: StatusCounts): string {
  // Exit 1 without a failed node: the dbt process died between nodes.
  if (counts.failed === 0 && counts.skippedByFailure === 0) return 'dbt stopped before the run finished; see the job summary and the dbt-orchestrator.log in the artifact';
  const skipped = counts.skippedByFailure > 0 ? `, ${counts.skippedByFailure} skipped because of ${counts.failed === 1 ? 'it' : 'them'}` : '';
  return `${nodes(counts.failed)} failed${skipped}; see the job summary`;
}

function shouldFail(settings: ActionSettings, result: EngineResult): string | undefined {
  if (result.exitCode === EXIT_BAD_INPUT) return result.error ?? 'bad input';
  if (result.exitCode === EXIT_INTERRUPTED) return 'the run was cancelled';
  if (settings.failOn === 'never') return undefined;
  const counts = countStatuses(result.outcomes);
  if (runFailed(counts) || result.exitCode !== EXIT_OK) return failureText(counts);
  if (settings.failOn === 'warn' && counts.warned > 0) return `${nodes(counts.warned)} warned and fail-on is 'warn'`;
  return undefined;
}

/** The job summary's "what changed" section (the PR comment has its own, richer rendering). */
function modifiedSummary(modified: ModifiedNode[], source: string | undefined, linkOf?: (id: string) => string | undefined, sourceUrl?: string): string {
  const rows = modified.slice(0, 500).map((m) => `| ${nodeLabel({ linkOf }, m.uniqueId, m.name, m.resourceType)} | ${tableCell(m.reason)} |`);
  const more = modified.length > rows.length ? `\n… and ${modified.length - rows.length} more (see orchestrator.json)\n` : '';
  const header = `\n## Modified compared with ${source && sourceUrl ? `[${source}](${sourceUrl})` : (source ?? 'the state')}\n\n`;
  if (modified.length === 0) return `${header}No node differs from it in its own inputs.\n`;
  return `${header}| node | what changed |\n|---|---|\n${rows.join('\n')}\n${more}`;
}
