// REST lookup of the production state's artifact: the newest successful run of the production workflow on
// the default branch that has the artifact (state-from: production), or the artifact of one given run
// (artifact:<run-id>). Every expected failure is `{ok: false, reason}`; request failures throw
// RequestFailure (octokit.ts) with a reason.

import { basename } from 'node:path';

import type { Octokit } from '@octokit/rest';

import type { Api } from './octokit.js';
import { StateInputs } from './state-inputs.js';

export type WorkflowRun = Awaited<ReturnType<Octokit['rest']['actions']['getWorkflowRun']>>['data'];
export type Artifact = Awaited<ReturnType<Octokit['rest']['actions']['listWorkflowRunArtifacts']>>['data']['artifacts'][number];

export interface LookupTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  artifactName: string;
  /** How many of the newest successful production runs to search for the artifact (default 10). */
  maxRuns?: number;
}

export type Found = { ok: true; run: WorkflowRun; artifact: Artifact } | { ok: false; reason: string };

/** The run `runId` and its artifact (artifact:<run-id>), whatever its branch or conclusion. */
export async function findRunArtifact(ctx: Api, target: LookupTarget, runId: number): Promise<Found> {
  const run = (
    await ctx.call(`reading workflow run ${runId}`, (request) => target.octokit.rest.actions.getWorkflowRun({ owner: target.owner, repo: target.repo, run_id: runId, request }))
  ).data;
  const found = await runArtifact(ctx, target, run);
  return found.ok ? { ok: true, run, artifact: found.artifact } : found;
}

export async function findProductionArtifact(ctx: Api, target: LookupTarget, workflow: string, log: (line: string) => void): Promise<Found> {
  const { octokit, owner, repo } = target;
  const repository = (
    await ctx.call(`reading repository ${owner}/${repo}`, (request) => octokit.rest.repos.get({ owner, repo, request }), {
      404: `repository ${owner}/${repo} not found, or the token cannot read it`,
    })
  ).data;
  const branch = repository.default_branch;
  const maxRuns = Math.max(1, Math.min(target.maxRuns ?? 10, 100));
  const workflowId = /^\d+$/.test(workflow) ? Number(workflow) : workflow;
  const runs = (
    await ctx.call(
      `listing runs of ${workflow}`,
      (request) =>
        octokit.rest.actions.listWorkflowRuns({
          owner,
          repo,
          workflow_id: workflowId,
          branch,
          status: 'success',
          exclude_pull_requests: true,
          per_page: Math.min(100, maxRuns * 2),
          request,
        }),
      { 404: `workflow '${workflow}' not found in ${owner}/${repo}; check '${StateInputs.productionWorkflow}' (the file name in .github/workflows)` },
    )
  ).data.workflow_runs;

  // Only runs of the default branch of this repository itself: a pull request from a fork whose branch is
  // also called "main" reports head_branch "main" too, and must never become production state.
  const sameRepo = (run: WorkflowRun): boolean => {
    const head = run.head_repository?.full_name;
    return head === undefined || head.toLowerCase() === repository.full_name.toLowerCase();
  };
  const candidates = runs
    .filter((run) => run.head_branch === branch && run.conclusion === 'success' && !run.event.startsWith('pull_request') && sameRepo(run))
    .slice(0, maxRuns);
  if (candidates.length === 0) return { ok: false, reason: `no successful run of ${workflow} on ${branch} yet` };

  const without: WorkflowRun[] = [];
  for (const run of candidates) {
    const found = await runArtifact(ctx, target, run);
    if (found.ok) {
      if (without.length > 0) {
        log(`production state: newer run(s) ${without.map((r) => `#${r.run_number}`).join(', ')} of ${workflow} have no artifact '${target.artifactName}'; using run #${run.run_number}`);
      }
      return { ok: true, run, artifact: found.artifact };
    }
    if (found.expired) return found; // older runs' artifacts expired before this one
    without.push(run);
  }
  const newest = candidates[0]!;
  return {
    ok: false,
    reason:
      candidates.length === 1
        ? `${describeRun(newest)} has no artifact named '${target.artifactName}' (does that workflow run dbt-orchestrator with upload-artifacts enabled and the same artifact-name?)`
        : `none of the ${candidates.length} newest successful runs of ${workflow} on ${branch} (newest: ${describeRun(newest)}) has an artifact named '${target.artifactName}' (does that workflow run dbt-orchestrator with upload-artifacts enabled and the same artifact-name?)`,
  };
}

async function runArtifact(ctx: Api, target: LookupTarget, run: WorkflowRun): Promise<{ ok: true; artifact: Artifact } | { ok: false; reason: string; expired: boolean }> {
  const list = (
    await ctx.call(`listing the artifacts of ${describeRun(run)}`, (request) =>
      target.octokit.rest.actions.listWorkflowRunArtifacts({ owner: target.owner, repo: target.repo, run_id: Number(run.id), name: target.artifactName, per_page: 100, request }),
    )
  ).data.artifacts.filter((a) => a.name === target.artifactName);
  // Newest first: a re-run attempt can upload the same name again.
  list.sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  const live = list.find((a) => !a.expired);
  if (live) return { ok: true, artifact: live };
  if (list.length > 0) return { ok: false, reason: expiredReason(list[0]!, run), expired: true };
  return { ok: false, reason: `${describeRun(run)} has no artifact named '${target.artifactName}'`, expired: false };
}

function workflowFile(run: Pick<WorkflowRun, 'path' | 'name' | 'workflow_id'>): string {
  return basename(run.path.split('@')[0]!) || run.name || `workflow ${run.workflow_id}`;
}

/** "run #123 of dbt-prod.yml on main (abc1234)" */
export function describeRun(run: Pick<WorkflowRun, 'run_number' | 'path' | 'name' | 'workflow_id' | 'head_branch' | 'head_sha'>): string {
  return `run #${run.run_number} of ${workflowFile(run)} on ${run.head_branch ?? '(no branch)'} (${run.head_sha.slice(0, 7)})`;
}

export function expiredReason(artifact: Artifact, run: WorkflowRun): string {
  const when = artifact.expires_at ? ` on ${artifact.expires_at.slice(0, 10)}` : '';
  return `artifact '${artifact.name}' of ${describeRun(run)} expired${when}; re-run that workflow (or raise its artifact retention-days) to get a fresh production state`;
}
