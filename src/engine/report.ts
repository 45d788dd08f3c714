// Phase `report`: run_results.json and orchestrator.json beside the manifest, the recap, the run's record
// for `stats`, and the exit code.

import { dirname, join } from 'node:path';
import { EXIT_INTERRUPTED, EXIT_NODE_FAILED, EXIT_OK } from '../errors.js';
import type { EngineOptions } from '../options.js';
import { buildOrchestratorReport, writeOrchestratorReport } from '../report/orchestrator-json.js';
import { buildRunResults, writeRunResults } from '../report/run-results.js';
import { recordRun } from '../report/savings.js';
import { countStatuses, runFailed } from '../status.js';
import type { NodeOutcome, RunInfo } from '../types.js';
import type { RunPlan } from './decide.js';
import { storeWarning, type Execution } from './execution.js';
import type { RunHashes } from './hashing.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';
import type { EngineDeps, EngineResult } from './types.js';

export interface FinishedRun {
  runId: string;
  startedAt: Date;
  outcomes: NodeOutcome[];
  interrupted: boolean;
}

export async function reportRun(
  project: Project,
  selection: Selection,
  run: RunHashes,
  runPlan: RunPlan,
  execution: Execution,
  finished: FinishedRun,
  options: EngineOptions,
  deps: Pick<EngineDeps, 'now' | 'output'>,
): Promise<EngineResult> {
  const { nodes, parse, manifest } = project;
  const { hashes } = run;
  const { outcomes, interrupted } = finished;
  const finishedAt = deps.now();
  const info: RunInfo = {
    runId: finished.runId,
    command: options.command,
    startedAt: finished.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: (finishedAt.getTime() - finished.startedAt.getTime()) / 1000,
    dbtVersion: parse.dbtVersion,
    adapterType: parse.target.adapterType,
    args: argsForReport(options),
  };
  const targetDir = dirname(parse.manifestPath);
  const runResultsPath = join(targetDir, 'run_results.json');
  const orchestratorPath = join(targetDir, 'orchestrator.json');
  const runResults = buildRunResults(outcomes, info);
  await writeRunResults(runResultsPath, runResults);
  const report = buildOrchestratorReport({
    run: info,
    nodes: outcomes.map((outcome) => ({ outcome, inputs: hashes.get(outcome.uniqueId)!.inputs, relationName: nodes.get(outcome.uniqueId)!.relation_name ?? null })),
    ephemeral: selection.ephemeral.map((id) => ({ uniqueId: id, name: nodes.get(id)!.name, hash: hashes.get(id)!.hash, inputs: hashes.get(id)!.inputs })),
  });
  await writeOrchestratorReport(orchestratorPath, report);

  const { dbtDied, live } = execution;
  const exitCode = interrupted ? EXIT_INTERRUPTED : dbtDied || runFailed(countStatuses(outcomes)) ? EXIT_NODE_FAILED : EXIT_OK;
  live.recap(outcomes, { wallSeconds: info.elapsedSeconds, spentSeconds: report.timeSpentSeconds, savedSeconds: report.totals.savedSeconds }, interrupted, dbtDied);
  await recordRun(options.storeDir, info, outcomes).catch(storeWarning(deps.output.warn)('record the run'));
  return { exitCode, plan: runPlan.plan, outcomes, runResultsPath, orchestratorPath, manifestPath: parse.manifestPath, manifest, report, runResults };
}

function argsForReport(options: EngineOptions): Record<string, unknown> {
  return {
    which: options.command,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector ?? null,
    target: options.target ?? null,
    vars: options.vars ? 'provided' : null,
    state: options.state ?? null,
    defer: options.defer,
    full_refresh: options.fullRefresh,
    threads: options.threads ?? null,
    retries: options.retries,
    retry_delay: options.retryDelaySeconds,
    reuse: options.reuse,
  };
}
