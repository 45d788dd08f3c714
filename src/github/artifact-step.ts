// Step 5, with the cache save: the run's files uploaded as one artifact (manifest, run_results,
// orchestrator.json, sources.json, logs) — the files are for users and for the next PR check.

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineResult } from '../engine/run.js';
import { stageArtifact } from './artifact-staging.js';
import type { ActionSettings } from './inputs.js';
import { messageOf, type ActionRuntime } from './runtime.js';

/** The artifact's id, or '' when nothing was uploaded. */
export async function uploadRunArtifact(settings: ActionSettings, result: EngineResult, rt: ActionRuntime): Promise<string> {
  if (!settings.uploadArtifacts || !result.manifestPath) return '';
  const files = artifactFiles(settings.engine.projectDir, join(result.manifestPath, '..'));
  try {
    const staged = stageArtifact(files, settings.engine.projectDir, join(rt.env.RUNNER_TEMP ?? tmpdir(), `dbt-orchestrator-artifact-${settings.artifactName}`));
    const uploaded = await rt.uploadArtifact(settings.artifactName, staged.files, staged.root);
    rt.info(`uploaded artifact '${settings.artifactName}' (${files.length} files)`);
    return uploaded.id === undefined ? '' : String(uploaded.id);
  } catch (error) {
    rt.warning(`artifact upload failed (${messageOf(error)}); the build result is unchanged`);
    return '';
  }
}

export function artifactFiles(project: string, targetDir: string): string[] {
  const candidates = [
    join(targetDir, 'manifest.json'),
    join(targetDir, 'run_results.json'),
    join(targetDir, 'orchestrator.json'),
    join(targetDir, 'sources.json'),
    join(project, 'logs', 'dbt-orchestrator.log'),
    join(project, 'logs', 'dbt.log'),
  ];
  return candidates.filter((f) => existsSync(f));
}
