// `command: freshness`: source freshness, its table in the log and the summary, sources.json as artifact.

import { runFreshness } from '../engine/freshness.js';
import { EXIT_BAD_INPUT } from '../errors.js';
import { renderBadInputSummary } from '../report/error-summary.js';
import { renderFreshnessSummary } from '../report/freshness-summary.js';
import { isPastErrorAfter, isStale } from '../status.js';
import { Outputs, type ActionSettings } from './inputs.js';
import { eventFromReport, sendNotification } from './notify-run.js';
import { messageOf, writeSummary, type ActionRuntime } from './runtime.js';

export async function runFreshnessStep(settings: ActionSettings, onStale: 'warn' | 'fail', rt: ActionRuntime): Promise<void> {
  const lines: string[] = [];
  const result = await runFreshness(
    {
      projectDir: settings.engine.projectDir,
      profilesDir: settings.engine.profilesDir,
      target: settings.engine.target,
      vars: settings.engine.vars,
      select: settings.engine.select,
      exclude: settings.engine.exclude,
      onStale,
      dbtPath: settings.engine.dbtPath,
    },
    {
      output: { line: (l) => (lines.push(l), rt.info(l)), warn: rt.warning },
      env: rt.env,
      cwd: rt.workspace,
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
  );
  if (result.error) rt.error(result.error, { title: 'dbt-orchestrator' });
  if (result.exitCode === EXIT_BAD_INPUT && result.error) await writeSummary(rt, renderBadInputSummary(result.error));
  else if (result.sourcesPath || result.results.length > 0 || lines.length > 0) {
    await rt.writeSummary(renderFreshnessSummary(result.results, result.configs ?? {}, onStale)).catch(() => undefined);
  }
  let artifactId = '';
  if (settings.uploadArtifacts && result.sourcesPath) {
    try {
      const uploaded = await rt.uploadArtifact(settings.artifactName, [result.sourcesPath], settings.engine.projectDir);
      artifactId = uploaded.id === undefined ? '' : String(uploaded.id);
    } catch (error) {
      rt.warning(`artifact upload failed (${messageOf(error)})`);
    }
  }
  const stale = result.results.filter((r) => isStale(r.status));
  const status = result.exitCode === 0 ? 'success' : result.exitCode === 2 ? 'error' : 'failed';
  rt.setOutput(Outputs.status, status);
  rt.setOutput(Outputs.failed, String(stale.length));
  rt.setOutput(Outputs.artifactId, artifactId);
  const failures = stale.map((r) => ({ name: r.name, resourceType: 'source', status: r.status, message: r.error ?? undefined }));
  // on-stale: warn keeps the step green, but a source past error_after (or unmeasurable) is still worth an alert.
  const pastError = result.results.some((r) => isPastErrorAfter(r.status));
  const event = eventFromReport(status === 'success' && pastError ? 'stale' : status, 'source freshness', undefined, rt.env, result.error);
  await sendNotification(settings, { ...event, counts: { ...event.counts, selected: result.results.length, failed: failures.length }, failures }, rt);
  if (result.exitCode !== 0) rt.setFailed(result.error ?? `${stale.length} source(s) stale and on-stale is 'fail'`);
}
