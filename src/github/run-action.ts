// The GitHub Action around the engine, as its steps in order: inputs → restore cache → production state →
// engine → save cache and artifacts → summary, annotations, comment, outputs. Everything GitHub-specific
// is injected (ActionRuntime, runtime.ts); each step takes values and returns values.

import { restoreCache, saveCache } from './cache-step.js';
import { runEngineStep } from './engine-step.js';
import { runFreshnessStep } from './freshness-step.js';
import type { ActionSettings } from './inputs.js';
import { uploadRunArtifact } from './artifact-step.js';
import { eventFromReport, sendNotification } from './notify-run.js';
import { publishRun } from './publish-step.js';
import { failOnBadInput, inGroup, type ActionRuntime } from './runtime.js';
import { readActionSettings } from './settings-step.js';
import { runShardRole } from './shard-role.js';
import { resolveState } from './state-step.js';

export async function runAction(rt: ActionRuntime): Promise<void> {
  const read = readActionSettings(rt);
  try {
    if (!read.ok) return await failOnBadInput(rt, read.message);
    if (read.role) return await runShardRole(read.role, read.settings, rt);
    await runSteps(read.settings, rt);
  } finally {
    read.cleanup();
  }
}

async function runSteps(settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  if (settings.freshness) return runFreshnessStep(settings, settings.freshness.onStale, rt);
  const state = await resolveState(settings, rt);
  if (state.stop) {
    await sendNotification(state.settings, eventFromReport(state.stopStatus ?? 'error', settings.engine.command, undefined, rt.env, state.warning), rt);
    return;
  }
  const cache = await restoreCache(state.settings, rt);
  const result = await runEngineStep(state.settings, rt);
  const artifactId = await inGroup(rt, 'dbt-orchestrator: save cache and artifacts', async () => {
    await saveCache(state.settings, cache, result.exitCode, rt);
    return uploadRunArtifact(state.settings, result, rt);
  });
  await publishRun({ settings: state.settings, result, state, artifactId, cacheHit: cache.storeHit }, rt);
}
