// The PR impact view of one run, for the sticky comment and the job summary: the engine's impact report
// (schema changes, row counts), what the change reaches downstream (from the run's manifest), and links of
// node names to their files at the pull request's head commit.

import type { Manifest } from '../dbt/manifest.js';
import { downstreamOf, fileUrl, type FileNode, type LinkContext } from '../impact/downstream.js';
import type { ImpactReport } from '../impact/types.js';
import type { ModifiedNode } from '../plan/modified.js';
import { impactBlocks, type ImpactView } from '../report/impact-markdown.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { readEventPayload } from './event-payload.js';

/** The commit the PR's files are at: the head of the pull request, else the commit of the run. */
export function headShaOf(env: NodeJS.ProcessEnv): string | undefined {
  const event = readEventPayload(env.GITHUB_EVENT_PATH);
  return (event.ok ? event.value.pullRequest?.headSha : undefined) ?? (env.GITHUB_SHA || undefined);
}

export interface PrImpact {
  view: ImpactView;
  /** The impact sections, ready for the comment (which may drop whole blocks) and the summary. */
  blocks: string[];
}

export function prImpact(opts: {
  env: NodeJS.ProcessEnv;
  projectDir: string;
  manifest?: Manifest;
  report: OrchestratorReport;
  /** undefined: no production state to compare with (no downstream section either). */
  modified?: ModifiedNode[];
  impact?: ImpactReport;
}): PrImpact {
  const manifest: Partial<Manifest> = opts.manifest ?? {};
  const context: LinkContext = {
    serverUrl: opts.env.GITHUB_SERVER_URL,
    repository: opts.env.GITHUB_REPOSITORY,
    headSha: headShaOf(opts.env),
    projectDir: opts.projectDir,
    projectName: manifest.metadata?.project_name,
  };
  const fileOf = (id: string): FileNode | undefined => manifest.nodes?.[id] ?? manifest.exposures?.[id];
  const exposureNames = Object.fromEntries(Object.entries(manifest.exposures ?? {}).map(([id, e]) => [id, e.name ?? id]));
  const view: ImpactView = {
    impact: opts.impact,
    downstream: opts.modified && opts.modified.length > 0 ? downstreamOf(opts.modified.map((m) => m.uniqueId), manifest.child_map ?? {}, opts.report.nodes, exposureNames) : undefined,
    linkOf: (id) => fileUrl(context, fileOf(id)),
    resourceTypeOf: (id) => manifest.nodes?.[id]?.resource_type,
  };
  return { view, blocks: impactBlocks(view) };
}
