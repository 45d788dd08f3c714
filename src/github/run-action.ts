// The GitHub Action around the engine: inputs → cache restore → engine → cache save → artifacts,
// job summary, annotations, outputs. Everything GitHub-specific is injected (ActionRuntime), so this
// runs the same under the real runner and under tests against a loopback server.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { packagesInstallPath, runEngine, type EnginePhase, type EngineResult } from '../engine.js';
import { runFreshness } from '../freshness.js';
import { modifiedAgainst, type ModifiedNode } from '../plan/modified.js';
import { readStateReport, type StateReport } from '../plan/state-report.js';
import { markerFor, renderPrComment } from '../report/comment.js';
import { prNumberFromEvent, repoFromEnv, upsertPrComment } from './comment.js';
import { createOctokit, fetchProductionState } from './production-state.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { failureAnnotations, skippedNotice } from '../report/annotations.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { codeSpan, compiledCodeByUniqueId, renderSummary, tableCell } from '../report/summary.js';
import { renderFreshnessSummary, type SourceFreshnessConfig } from '../report/freshness-summary.js';
import { cacheEntries, CacheSession, packagesAreCacheable, readIfExists, type CacheClient } from '../store/actions-cache.js';
import { LocalStore } from '../store/local.js';
import { ActionInputError, Inputs, Outputs, readSettings, type ActionSettings } from './inputs.js';
import { missingProfilesMessage } from '../dbt/profiles.js';
import { PROFILES_ENV, writeProfilesFromEnv } from './profiles-secret.js';
import { renderBadInputSummary } from '../report/error-summary.js';
import { countStatuses, runFailed, type StatusCounts } from '../status.js';
import { stageArtifact } from './artifact-staging.js';
import { engineEnv, savePartialParse, warnIfUnsalted } from './leak-guards.js';
import { readShardRole, settingsInput, type ShardRole } from './shard-inputs.js';
import { runShardRole } from './shard-role.js';
import { eventFromReport, sendNotification } from './notify-run.js';

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
}

export interface ActionRuntime {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  setFailed(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  startGroup(name: string): void;
  endGroup(): void;
  writeSummary(markdown: string): Promise<void>;
  cache: CacheClient;
  uploadArtifact(name: string, files: string[], rootDirectory: string): Promise<{ id?: number }>;
  env: NodeJS.ProcessEnv;
  workspace: string;
  cacheTimeoutMs: number;
  signal?: AbortSignal;
}

const PHASE_TITLES: Record<EnginePhase, string> = {
  parse: 'dbt: parse',
  plan: 'dbt-orchestrator: plan',
  execute: 'dbt-orchestrator: execute',
  report: 'dbt-orchestrator: report',
};

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function cacheSpecs(settings: ActionSettings, rt: ActionRuntime) {
  const project = settings.engine.projectDir;
  const rel = (path: string): string => relative(rt.workspace, path).split('\\').join('/') || '.';
  return cacheEntries({
    prefix: settings.cacheKeyPrefix,
    projectDirRelative: settings.projectDirRelative,
    storeDirRelative: rel(settings.engine.storeDir),
    packagesDirRelative: rel(join(project, packagesInstallPath(project))),
    partialParseRelative: rel(join(project, 'target', 'partial_parse.msgpack')),
    runId: rt.env.GITHUB_RUN_ID ?? 'local',
    runAttempt: rt.env.GITHUB_RUN_ATTEMPT ?? '1',
    invocation: [rt.env.GITHUB_JOB ?? '', rt.env.GITHUB_ACTION ?? '', settings.artifactName],
    packagesFiles: ['packages.yml', 'dependencies.yml', 'package-lock.yml'].map((f) => readIfExists(join(project, f))),
    parseInputs: [readIfExists(join(project, 'dbt_project.yml')), settings.engine.target ?? '', settings.engine.vars ?? ''],
  });
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

function statusOf(result: EngineResult): string {
  if (result.exitCode === EXIT_OK) return 'success';
  if (result.exitCode === EXIT_BAD_INPUT) return 'error';
  if (result.exitCode === EXIT_INTERRUPTED) return 'cancelled';
  return 'failed';
}

function nodes(n: number): string {
  return `${n} dbt ${n === 1 ? 'node' : 'nodes'}`;
}

/** `1 dbt node failed, 11 skipped because of it; see the job summary`. */
export function failureText(counts: StatusCounts): string {
  // Exit 1 without a failed node: the dbt process died between nodes.
  if (counts.failed === 0 && counts.skippedByFailure === 0) return 'dbt stopped before the run finished; see the job summary and the dbt-orchestrator.log in the artifact';
  const skipped = counts.skippedByFailure > 0 ? `, ${counts.skippedByFailure} skipped because of ${counts.failed === 1 ? 'it' : 'them'}` : '';
  return `${nodes(counts.failed)} failed${skipped}; see the job summary`;
}

function shouldFail(settings: ActionSettings, result: EngineResult): string | undefined {
  if (result.exitCode === EXIT_BAD_INPUT) return result.error ?? 'bad input';
  if (result.exitCode === EXIT_INTERRUPTED) return 'the run was cancelled';
  if (settings.failOn === 'never') return undefined;
  const counts = countStatuses(result.outcomes);
  if (runFailed(counts) || result.exitCode !== EXIT_OK) return failureText(counts);
  if (settings.failOn === 'warn' && counts.warned > 0) return `${nodes(counts.warned)} warned and fail-on is 'warn'`;
  return undefined;
}

export async function runAction(rt: ActionRuntime): Promise<void> {
  let settings: ActionSettings;
  const token = rt.getInput(Inputs.githubToken);
  if (token) rt.setSecret(token);
  for (const secret of [Inputs.hashSalt, Inputs.notifyWebhook]) if (rt.getInput(secret).trim()) rt.setSecret(rt.getInput(secret).trim());
  let role: ShardRole | undefined;
  try {
    role = readShardRole(rt.getInput, rt.workspace, rt.env.RUNNER_TEMP ?? tmpdir());
    settings = readSettings(settingsInput(rt.getInput, role), rt.workspace);
  } catch (error) {
    await failOnBadInput(rt, error instanceof Error ? error.message : String(error));
    return;
  }
  const secretProfiles = writeProfilesFromEnv(rt.env);
  if (secretProfiles) {
    if (settings.engine.profilesDir) rt.warning(`${PROFILES_ENV} is set, so the input '${Inputs.profilesDir}' is ignored`);
    settings.engine.profilesDir = secretProfiles.dir;
    // dbt reads the file; no child process needs the secret in its environment.
    delete rt.env[PROFILES_ENV];
    rt.info(`profiles.yml written from ${PROFILES_ENV} (readable by this user only, outside the workspace, removed when the step ends)`);
  }
  try {
    if (role) await runShardRole(role, settings, rt);
    else await runWithSettings(settings, rt);
  } finally {
    secretProfiles?.remove();
  }
}

async function runWithSettings(settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  const noProfiles = missingProfilesMessage(
    { profilesDir: settings.engine.profilesDir, projectDir: settings.engine.projectDir, env: rt.env },
    `the input \`${Inputs.profilesDir}\` (or put the whole profiles.yml in a secret and give it to the step as the env variable \`${PROFILES_ENV}\`)`,
  );
  if (noProfiles) {
    await failOnBadInput(rt, new ActionInputError(Inputs.profilesDir, noProfiles).message);
    return;
  }

  if (settings.freshness) {
    await runFreshnessCommand(settings, rt);
    return;
  }

  const state = await resolveState(settings, rt);
  if (state.stop) {
    await sendNotification(settings, eventFromReport(state.stopStatus ?? 'error', settings.engine.command, undefined, rt.env, state.warning), rt);
    return;
  }

  const cache = new CacheSession(rt.cache, rt.warning, rt.cacheTimeoutMs, { eventName: rt.env.GITHUB_EVENT_NAME });
  const specs = cacheSpecs(settings, rt);
  rt.startGroup('dbt-orchestrator: restore cache');
  let cacheHit = false;
  let packagesHit = false;
  try {
    if (settings.reuse !== 'false') {
      const matched = await cache.restore(specs.store);
      cacheHit = matched !== undefined;
      rt.info(cacheHit ? `result store restored from ${matched}` : 'no previous result store in the cache');
    } else {
      rt.info("reuse is 'false': not restoring previous results");
    }
    packagesHit = (await cache.restore(specs.packages)) === specs.packages.key;
    await cache.restore(specs.partialParse);
  } finally {
    rt.endGroup();
  }

  let openGroup = false;
  const result = await runEngine(settings.engine, {
    output: { line: rt.info, warn: rt.warning },
    env: engineEnv(settings, rt),
    cwd: rt.workspace,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal: rt.signal,
    onPhase: (phase) => {
      if (openGroup) rt.endGroup();
      rt.startGroup(PHASE_TITLES[phase]);
      openGroup = true;
    },
  }).finally(() => {
    if (openGroup) rt.endGroup();
  });
  if (result.error) rt.error(result.error, { title: 'dbt-orchestrator' });

  rt.startGroup('dbt-orchestrator: save cache and artifacts');
  let artifactId = '';
  try {
    if (settings.reuse !== 'read-only' && result.exitCode !== EXIT_BAD_INPUT) {
      await pruneStore(settings.engine.storeDir, rt.warning);
      if (await cache.save(specs.store)) rt.info(`result store saved as ${specs.store.key}`);
      await savePartialParse(settings, cache, specs.partialParse, rt);
      const packagesDir = join(settings.engine.projectDir, packagesInstallPath(settings.engine.projectDir));
      if (!packagesHit && packagesAreCacheable(packagesDir)) await cache.save(specs.packages);
    } else if (settings.reuse === 'read-only') {
      rt.info("reuse is 'read-only': this run's results are not saved to the cache");
    }
    if (settings.uploadArtifacts && result.manifestPath) {
      const targetDir = join(result.manifestPath, '..');
      const files = artifactFiles(settings.engine.projectDir, targetDir);
      try {
        const staged = stageArtifact(files, settings.engine.projectDir, join(rt.env.RUNNER_TEMP ?? tmpdir(), `dbt-orchestrator-artifact-${settings.artifactName}`));
        const uploaded = await rt.uploadArtifact(settings.artifactName, staged.files, staged.root);
        artifactId = uploaded.id === undefined ? '' : String(uploaded.id);
        rt.info(`uploaded artifact '${settings.artifactName}' (${files.length} files)`);
      } catch (error) {
        rt.warning(`artifact upload failed (${error instanceof Error ? error.message : String(error)}); the build result is unchanged`);
      }
    }
  } finally {
    rt.endGroup();
  }

  const report = result.orchestratorPath ? readJson<OrchestratorReport>(result.orchestratorPath) : undefined;
  type ManifestInfo = Record<string, { original_file_path?: string; resource_type?: string; name?: string; package_name?: string }>;
  const manifest = result.manifestPath ? readJson<{ nodes: ManifestInfo; unit_tests?: ManifestInfo; metadata?: { project_name?: string } }>(result.manifestPath) : undefined;
  const manifestNodes = { ...(manifest?.nodes ?? {}), ...(manifest?.unit_tests ?? {}) };
  const readSource = (path: string): string | undefined => {
    try {
      return readFileSync(join(settings.engine.projectDir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  if (!report && result.exitCode === EXIT_BAD_INPUT && result.error) await writeSummary(rt, renderBadInputSummary(result.error));
  if (report) {
    const runUrl = runUrlOf(rt.env);
    const runResults = runResultsFor(result);
    const summary = renderSummary(report, {
      manifestNodes,
      compiledCode: runResults ? compiledCodeByUniqueId(runResults) : undefined,
      runUrl,
      artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    });
    const modifiedSection = state.production ? modifiedSummary(modifiedVsProduction(report, state.production), state.source) : '';
    await rt.writeSummary(summary + modifiedSection).catch((error: unknown) =>
      rt.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`),
    );
    const annotations = failureAnnotations(report, { manifestNodes, projectDir: settings.projectDirRelative, readSource, projectName: manifest?.metadata?.project_name });
    for (const a of annotations) {
      rt.error(a.message, { title: a.title, file: a.file, startLine: a.startLine });
    }
    const skipped = skippedNotice(report);
    if (skipped) rt.notice(skipped, { title: 'dbt-orchestrator' });
    warnIfUnsalted(settings, report, rt);
  }

  if (settings.comment && report) {
    await commentOnPullRequest(settings, rt, report, state, runResultsFor(result), runUrlOf(rt.env), artifactId);
  }

  const totals = report?.totals;
  rt.setOutput(Outputs.status, statusOf(result));
  rt.setOutput(Outputs.built, String(totals?.succeeded ?? 0));
  rt.setOutput(Outputs.reused, String(totals?.reused ?? 0));
  rt.setOutput(Outputs.failed, String(totals?.failed ?? 0));
  rt.setOutput(Outputs.skipped, String(totals?.skipped ?? 0));
  rt.setOutput(Outputs.runResultsPath, result.runResultsPath ?? '');
  rt.setOutput(Outputs.manifestPath, result.manifestPath ?? '');
  rt.setOutput(Outputs.artifactId, artifactId);
  rt.setOutput(Outputs.cacheHit, String(cacheHit));

  await sendNotification(settings, eventFromReport(statusOf(result), settings.engine.command, report, rt.env, result.error), rt);
  const failure = shouldFail(settings, result);
  if (failure) rt.setFailed(failure);
}

/** Bad input or environment found before dbt ran: status `error`, a job summary saying what is wrong, a failed step. */
async function failOnBadInput(rt: ActionRuntime, message: string): Promise<void> {
  rt.setOutput(Outputs.status, 'error');
  await writeSummary(rt, renderBadInputSummary(message));
  rt.setFailed(message);
}

async function writeSummary(rt: ActionRuntime, markdown: string): Promise<void> {
  await rt.writeSummary(markdown).catch((error: unknown) => rt.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`));
}

/** Keeps the cache entry small: only results some relation still points at survive. */
export async function pruneStore(dir: string, warn: (message: string) => void): Promise<void> {
  try {
    await new LocalStore(dir, { warn }).prune({});
  } catch (error) {
    warn(`could not prune the result store: ${error instanceof Error ? error.message : String(error)}`);
  }
}

type RunResultsDoc = { results: Array<{ unique_id: string; compiled_code?: string | null }> };

function runResultsFor(result: EngineResult): RunResultsDoc | undefined {
  return result.runResultsPath ? readJson<RunResultsDoc>(result.runResultsPath) : undefined;
}

function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}

interface ResolvedState {
  /** The run must not go on (state-missing: fail or skip). */
  stop: boolean;
  /** The status output set when stopping. */
  stopStatus?: 'error' | 'skipped';
  source?: string;
  warning?: string;
  production?: StateReport;
}

const STATE_SELECTOR = /^(\d*\+)?(state|hash|result|source_status):/;

/**
 * PR check: fetch production's manifest (and orchestrator.json) into a state dir outside the target path
 * and point --state/--defer at it. Without it, state-missing decides: build-all (default) drops the
 * state-based selection and builds everything, fail stops with an error, skip stops quietly.
 */
async function resolveState(settings: ActionSettings, rt: ActionRuntime): Promise<ResolvedState> {
  if (!settings.stateFrom) return { stop: false };
  rt.startGroup('dbt-orchestrator: production state');
  try {
    const repo = repoFromEnv(rt.env);
    const token = rt.getInput(Inputs.githubToken);
    const destDir = join(rt.env.RUNNER_TEMP ?? tmpdir(), 'dbt-orchestrator-state');
    const result = repo
      ? await fetchProductionState({
          octokit: createOctokit(token, rt.env.GITHUB_API_URL || 'https://api.github.com'),
          owner: repo.owner,
          repo: repo.repo,
          stateFrom: settings.stateFrom,
          artifactName: settings.artifactName,
          token,
          destDir,
          workspace: rt.workspace,
          log: rt.info,
        })
      : ({ ok: false, reason: 'GITHUB_REPOSITORY is not set' } as const);
    if (result.ok) {
      rt.info(`comparing with and deferring to ${result.source}`);
      settings.engine.state = result.dir;
      settings.engine.defer = settings.defer;
      // fetchProductionState has checked orchestrator.json when the state has one.
      const production = result.files?.includes('orchestrator.json') ? readStateReport(join(result.dir, 'orchestrator.json')) : undefined;
      return { stop: false, source: result.source, production: production?.ok ? production.report : undefined };
    }
    switch (settings.stateMissing) {
      case 'fail':
        rt.setOutput(Outputs.status, 'error');
        rt.setFailed(`no production state: ${result.reason} (state-missing: fail)`);
        return { stop: true, stopStatus: 'error', warning: `no production state: ${result.reason} (state-missing: fail)` };
      case 'skip':
        rt.warning(`no production state: ${result.reason}; skipping the run (state-missing: skip)`);
        rt.setOutput(Outputs.status, 'skipped');
        return { stop: true, stopStatus: 'skipped', warning: `no production state: ${result.reason} (state-missing: skip)` };
      default: {
        const warning = `no production state (${result.reason}); building every selected node instead of only what changed`;
        rt.warning(warning);
        const kept = settings.engine.select.filter((s) => !STATE_SELECTOR.test(s));
        settings.engine.select = kept.length === settings.engine.select.length ? kept : [];
        settings.engine.defer = false;
        return { stop: false, warning };
      }
    }
  } finally {
    rt.endGroup();
  }
}

function modifiedVsProduction(report: OrchestratorReport, production: StateReport): ModifiedNode[] {
  const hashed = report.nodes.map((n) => ({ uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, inputs: n.inputs }));
  return modifiedAgainst(hashed, production.nodes, (id) => id.split('.').pop() ?? id);
}

/** The job summary's "what changed" section (the PR comment has its own, richer rendering). */
function modifiedSummary(modified: ModifiedNode[], source: string | undefined): string {
  const rows = modified.slice(0, 500).map((m) => `| ${m.resourceType} ${codeSpan(m.name)} | ${tableCell(m.reason)} |`);
  const more = modified.length > rows.length ? `\n… and ${modified.length - rows.length} more (see orchestrator.json)\n` : '';
  const header = `\n## Modified compared with ${source ?? 'the state'}\n\n`;
  if (modified.length === 0) return `${header}No node differs from it in its own inputs.\n`;
  return `${header}| node | what changed |\n|---|---|\n${rows.join('\n')}\n${more}`;
}

async function commentOnPullRequest(
  settings: ActionSettings,
  rt: ActionRuntime,
  report: OrchestratorReport,
  state: ResolvedState,
  runResults: RunResultsDoc | undefined,
  runUrl: string | undefined,
  artifactId: string,
): Promise<void> {
  const number = prNumberFromEvent(rt.env.GITHUB_EVENT_PATH, rt.env);
  const repo = repoFromEnv(rt.env);
  if (number === undefined || !repo) {
    rt.info('comment: not a pull_request event; no comment');
    return;
  }
  const modified = state.production ? modifiedVsProduction(report, state.production) : [];
  const body = renderPrComment({
    report,
    modified,
    compiledCode: runResults ? compiledCodeByUniqueId(runResults) : undefined,
    runUrl,
    artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    stateSource: state.source,
    stateWarning: state.warning,
    markerKey: settings.projectDirRelative === '.' ? undefined : settings.projectDirRelative,
  });
  const token = rt.getInput(Inputs.githubToken);
  const outcome = await upsertPrComment({
    octokit: createOctokit(token, rt.env.GITHUB_API_URL || 'https://api.github.com'),
    owner: repo.owner,
    repo: repo.repo,
    issueNumber: number,
    body,
    marker: markerFor(settings.projectDirRelative === '.' ? undefined : settings.projectDirRelative),
  });
  if (outcome.warning) rt.warning(outcome.warning);
  else rt.info(`comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}`);
}

/** `command: freshness`: source freshness, its table in the log and the summary, sources.json as artifact. */
async function runFreshnessCommand(settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  const lines: string[] = [];
  const result = await runFreshness(
    {
      projectDir: settings.engine.projectDir,
      profilesDir: settings.engine.profilesDir,
      target: settings.engine.target,
      vars: settings.engine.vars,
      select: settings.engine.select,
      exclude: settings.engine.exclude,
      onStale: settings.freshness!.onStale,
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
    const manifest = result.sourcesPath ? readJson<{ sources?: Record<string, { freshness?: SourceFreshnessConfig }> }>(join(result.sourcesPath, '..', 'manifest.json')) : undefined;
    const configs = Object.fromEntries(Object.entries(manifest?.sources ?? {}).map(([id, s]) => [id, s.freshness]));
    await rt.writeSummary(renderFreshnessSummary(result.results, configs, settings.freshness!.onStale)).catch(() => undefined);
  }
  let artifactId = '';
  if (settings.uploadArtifacts && result.sourcesPath) {
    try {
      const uploaded = await rt.uploadArtifact(settings.artifactName, [result.sourcesPath], settings.engine.projectDir);
      artifactId = uploaded.id === undefined ? '' : String(uploaded.id);
    } catch (error) {
      rt.warning(`artifact upload failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const stale = result.results.filter((r) => r.status === 'warn' || r.status === 'error' || r.status === 'runtime error').length;
  rt.setOutput(Outputs.status, result.exitCode === 0 ? 'success' : result.exitCode === 2 ? 'error' : 'failed');
  rt.setOutput(Outputs.failed, String(stale));
  rt.setOutput(Outputs.artifactId, artifactId);
  const failures = result.results
    .filter((r) => r.status === 'warn' || r.status === 'error' || r.status === 'runtime error')
    .map((r) => ({ name: r.name, resourceType: 'source', status: r.status, message: r.error ?? undefined }));
  const status = result.exitCode === 0 ? 'success' : result.exitCode === 2 ? 'error' : 'failed';
  // on-stale: warn keeps the step green, but a source past error_after (or unmeasurable) is still worth an alert.
  const pastError = result.results.some((r) => r.status === 'error' || r.status === 'runtime error');
  const event = eventFromReport(status === 'success' && pastError ? 'stale' : status, 'source freshness', undefined, rt.env, result.error);
  await sendNotification(settings, { ...event, counts: { ...event.counts, selected: result.results.length, failed: failures.length }, failures }, rt);
  if (result.exitCode !== 0) rt.setFailed(result.error ?? `${stale} source(s) stale and on-stale is 'fail'`);
}
