// Entry point of the GitHub Action (bundled to dist/index.js, run by the runner on node24).
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { actionsCacheClient } from './github/actions-cache-client.js';
import { runAction } from './github/run-action.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
// @actions/cache resolves the relative cache paths against the current directory.
process.chdir(workspace);

try {
  await runAction({
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    setFailed: (message) => core.setFailed(message),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    error: (message, props) => core.error(message, props),
    notice: (message, props) => core.notice(message, props),
    startGroup: (name) => core.startGroup(name),
    endGroup: () => core.endGroup(),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    cache: actionsCacheClient(process.env),
    uploadArtifact: (name, files, root) => new DefaultArtifactClient().uploadArtifact(name, files, root),
    env: process.env,
    workspace,
    cacheTimeoutMs: Number(process.env.DBT_ORCHESTRATOR_CACHE_TIMEOUT_SECONDS ?? '300') * 1000,
    signal: controller.signal,
  });
} catch (error) {
  core.setFailed(`dbt-orchestrator crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
// Pending cache/artifact sockets must not keep the step alive after the work is done.
process.exit();
