// Step 3 (PR checks): production's state. Its manifest (and orchestrator.json) fetched into a state dir
// outside the target path, --state/--defer pointed at it. Without it, state-missing decides: build-all
// (default) drops the state-based selection and builds everything, fail stops with an error, skip stops quietly.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modifiedAgainst, type ModifiedNode } from '../plan/modified.js';
import { readStateReport, type StateReport } from '../plan/state-report.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { repoFromEnv } from './comment.js';
import { Inputs, Outputs, type ActionSettings } from './inputs.js';
import { createOctokit, fetchProductionState } from './production-state.js';
import { inGroup, type ActionRuntime } from './runtime.js';

export interface ResolvedState {
  /** The settings the run goes on with (--state, --defer and the selection as the state allows). */
  settings: ActionSettings;
  /** The run must not go on (state-missing: fail or skip). */
  stop: boolean;
  /** The status output set when stopping. */
  stopStatus?: 'error' | 'skipped';
  source?: string;
  /** Link to the production run the state came from. */
  stateUrl?: string;
  warning?: string;
  production?: StateReport;
}

const STATE_SELECTOR = /^(\d*\+)?(state|hash|result|source_status):/;

export async function resolveState(settings: ActionSettings, rt: ActionRuntime): Promise<ResolvedState> {
  if (!settings.stateFrom) return { settings, stop: false };
  const stateFrom = settings.stateFrom;
  return inGroup(rt, 'dbt-orchestrator: production state', async () => {
    const repo = repoFromEnv(rt.env);
    const token = rt.getInput(Inputs.githubToken);
    const destDir = join(rt.env.RUNNER_TEMP ?? tmpdir(), 'dbt-orchestrator-state');
    const result = repo
      ? await fetchProductionState({
          octokit: createOctokit(token, rt.env.GITHUB_API_URL || 'https://api.github.com'),
          owner: repo.owner,
          repo: repo.repo,
          stateFrom,
          artifactName: settings.artifactName,
          token,
          destDir,
          workspace: rt.workspace,
          log: rt.info,
        })
      : ({ ok: false, reason: 'GITHUB_REPOSITORY is not set' } as const);
    if (result.ok) {
      rt.info(`comparing with and deferring to ${result.source}`);
      // fetchProductionState has checked orchestrator.json when the state has one.
      const production = result.files?.includes('orchestrator.json') ? readStateReport(join(result.dir, 'orchestrator.json')) : undefined;
      return {
        settings: { ...settings, engine: { ...settings.engine, state: result.dir, defer: settings.defer, impact: settings.impact } },
        stop: false,
        source: result.source,
        stateUrl: result.runUrl,
        production: production?.ok ? production.report : undefined,
      };
    }
    switch (settings.stateMissing) {
      case 'fail':
        rt.setOutput(Outputs.status, 'error');
        rt.setFailed(`no production state: ${result.reason} (state-missing: fail)`);
        return { settings, stop: true, stopStatus: 'error', warning: `no production state: ${result.reason} (state-missing: fail)` };
      case 'skip':
        rt.warning(`no production state: ${result.reason}; skipping the run (state-missing: skip)`);
        rt.setOutput(Outputs.status, 'skipped');
        return { settings, stop: true, stopStatus: 'skipped', warning: `no production state: ${result.reason} (state-missing: skip)` };
      default: {
        const warning = `no production state (${result.reason}); building every selected node instead of only what changed`;
        rt.warning(warning);
        const kept = settings.engine.select.filter((s) => !STATE_SELECTOR.test(s));
        const select = kept.length === settings.engine.select.length ? kept : [];
        return { settings: { ...settings, engine: { ...settings.engine, select, defer: false } }, stop: false, warning };
      }
    }
  });
}

/** The nodes whose own inputs differ from production's, with what changed. */
export function modifiedVsProduction(report: OrchestratorReport, production: StateReport): ModifiedNode[] {
  const hashed = report.nodes.map((n) => ({ uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, inputs: n.inputs }));
  return modifiedAgainst(hashed, production.nodes, (id) => id.split('.').pop() ?? id);
}
