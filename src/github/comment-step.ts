// Step 6, on pull requests: the PR comment (rendered by report/comment.ts, posted by github/comment.ts).

import { markerFor, renderPrComment } from '../report/comment.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { prNumberFromEvent, repoFromEnv, upsertPrComment } from './comment.js';
import { Inputs, type ActionSettings } from './inputs.js';
import { createOctokit } from './production-state.js';
import type { ActionRuntime } from './runtime.js';
import { modifiedVsProduction, type ResolvedState } from './state-step.js';
import type { PrImpact } from './pr-impact.js';

export interface CommentInput {
  settings: ActionSettings;
  report: OrchestratorReport;
  state: ResolvedState;
  compiledCode: Record<string, string> | undefined;
  runUrl: string | undefined;
  artifactId: string;
  /** Impact sections and node links (pr-impact.ts). */
  pr?: PrImpact;
}

export async function commentOnPullRequest(input: CommentInput, rt: ActionRuntime): Promise<void> {
  const { settings, report, state, runUrl, artifactId } = input;
  const number = prNumberFromEvent(rt.env.GITHUB_EVENT_PATH, rt.env);
  const repo = repoFromEnv(rt.env);
  if (number === undefined || !repo) {
    rt.info('comment: not a pull_request event; no comment');
    return;
  }
  const modified = state.production ? modifiedVsProduction(report, state.production) : [];
  const markerKey = settings.projectDirRelative === '.' ? undefined : settings.projectDirRelative;
  const body = renderPrComment({
    report,
    modified,
    compiledCode: input.compiledCode,
    runUrl,
    artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    stateSource: state.source,
    stateUrl: state.stateUrl,
    linkOf: input.pr?.view.linkOf,
    impactBlocks: input.pr?.blocks,
    stateWarning: state.warning,
    markerKey,
  });
  const token = rt.getInput(Inputs.githubToken);
  const outcome = await upsertPrComment({
    octokit: createOctokit(token, rt.env.GITHUB_API_URL || 'https://api.github.com'),
    owner: repo.owner,
    repo: repo.repo,
    issueNumber: number,
    body,
    marker: markerFor(markerKey),
  });
  if (outcome.warning) rt.warning(outcome.warning);
  else rt.info(`comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}`);
}
