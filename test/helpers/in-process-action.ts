// Runs the action's code (runAction) in this process with the real @actions/cache and @actions/artifact
// clients against a loopback server, so the clients' multi-second retry back-off can be sped up
// (speedUpClientRetries). Not concurrency-safe: it sets process.env and the working directory.

import * as cache from '@actions/cache';
import { DefaultArtifactClient } from '@actions/artifact';
import { runAction } from '../../src/github/run-action.js';
import type { ActionRuntime } from '../../src/github/runtime.js';
import { DBT } from './project.js';

export interface InProcessRun {
  outputs: Record<string, string>;
  warnings: string[];
  failed?: string;
}

export interface InProcessOptions {
  /** Runtime variables pointing at the cache/artifact service (FakeActionsServer.env()). */
  serviceEnv: Record<string, string>;
  workspace: string;
  /** Action inputs (`dbt` defaults to the repo's dbt). */
  inputs: Record<string, string>;
  cacheTimeoutMs?: number;
}

export async function runInProcess({ serviceEnv, workspace, inputs, cacheTimeoutMs = 20_000 }: InProcessOptions): Promise<InProcessRun> {
  const saved = { ...process.env };
  Object.assign(process.env, serviceEnv);
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  let failed: string | undefined;
  const all: Record<string, string> = { dbt: DBT, ...inputs };
  const runtime: ActionRuntime = {
    getInput: (name) => all[name] ?? '',
    setOutput: (name, value) => (outputs[name] = value),
    setSecret: () => undefined,
    setFailed: (message) => (failed = message),
    info: () => undefined,
    warning: (message) => warnings.push(message),
    error: () => undefined,
    notice: () => undefined,
    startGroup: () => undefined,
    endGroup: () => undefined,
    writeSummary: async () => undefined,
    cache: {
      restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
      save: (paths, key) => cache.saveCache(paths, key),
    },
    uploadArtifact: (name, files, root) => new DefaultArtifactClient().uploadArtifact(name, files, root),
    env: process.env,
    workspace,
    cacheTimeoutMs,
  };
  const cwd = process.cwd();
  process.chdir(workspace);
  try {
    await runAction(runtime);
  } finally {
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return { outputs, warnings, failed };
}
