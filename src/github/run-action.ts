// The GitHub Action around the engine: inputs → cache restore → engine → cache save → artifacts,
// job summary, annotations, outputs. Everything GitHub-specific is injected (ActionRuntime), so this
// runs the same under the real runner and under tests against a loopback server.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runEngine, type EnginePhase, type EngineResult } from '../engine.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { failureAnnotations, skippedNotice } from '../report/annotations.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { compiledCodeByUniqueId, renderSummary } from '../report/summary.js';
import { cacheEntries, CacheSession, packagesAreCacheable, readIfExists, type CacheClient } from '../store/actions-cache.js';
import { LocalStore } from '../store/local.js';
import { ActionInputError, Inputs, Outputs, readSettings, type ActionSettings } from './inputs.js';

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

function cacheSpecs(settings: ActionSettings, rt: ActionRuntime) {
  const project = settings.engine.projectDir;
  const rel = (path: string): string => relative(rt.workspace, path).split('\\').join('/') || '.';
  return cacheEntries({
    prefix: settings.cacheKeyPrefix,
    projectDirRelative: settings.projectDirRelative,
    storeDirRelative: rel(settings.engine.storeDir),
    packagesDirRelative: rel(join(project, 'dbt_packages')),
    partialParseRelative: rel(join(project, 'target', 'partial_parse.msgpack')),
    runId: rt.env.GITHUB_RUN_ID ?? 'local',
    runAttempt: rt.env.GITHUB_RUN_ATTEMPT ?? '1',
    packagesFiles: ['packages.yml', 'dependencies.yml', 'package-lock.yml'].map((f) => readIfExists(join(project, f))),
    parseInputs: [readIfExists(join(project, 'dbt_project.yml')), settings.engine.target ?? '', settings.engine.vars ?? ''],
  });
}

function artifactFiles(project: string, targetDir: string): string[] {
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

function shouldFail(settings: ActionSettings, result: EngineResult): string | undefined {
  if (result.exitCode === EXIT_BAD_INPUT) return result.error ?? 'bad input';
  if (result.exitCode === EXIT_INTERRUPTED) return 'the run was cancelled';
  if (settings.failOn === 'never') return undefined;
  const failed = result.outcomes.filter((o) => o.status === 'error' || o.status === 'fail' || (o.status === 'skipped' && o.skippedBecauseOf));
  if (failed.length > 0 || result.exitCode !== EXIT_OK) return `${failed.length} dbt node(s) failed; see the job summary`;
  if (settings.failOn === 'warn') {
    const warned = result.outcomes.filter((o) => o.status === 'warn');
    if (warned.length > 0) return `${warned.length} dbt node(s) warned and fail-on is 'warn'`;
  }
  return undefined;
}

export async function runAction(rt: ActionRuntime): Promise<void> {
  let settings: ActionSettings;
  const token = rt.getInput(Inputs.githubToken);
  if (token) rt.setSecret(token);
  try {
    settings = readSettings(rt.getInput, rt.workspace);
  } catch (error) {
    rt.setOutput(Outputs.status, 'error');
    rt.setFailed(error instanceof ActionInputError ? error.message : error instanceof Error ? error.message : String(error));
    return;
  }

  const cache = new CacheSession(rt.cache, rt.warning, rt.cacheTimeoutMs);
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
    env: rt.env,
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
      await cache.save(specs.partialParse);
      const packagesDir = join(settings.engine.projectDir, 'dbt_packages');
      if (!packagesHit && packagesAreCacheable(packagesDir)) await cache.save(specs.packages);
    } else if (settings.reuse === 'read-only') {
      rt.info("reuse is 'read-only': this run's results are not saved to the cache");
    }
    if (settings.uploadArtifacts && result.manifestPath) {
      const targetDir = join(result.manifestPath, '..');
      const files = artifactFiles(settings.engine.projectDir, targetDir);
      try {
        const uploaded = await rt.uploadArtifact(settings.artifactName, files, settings.engine.projectDir);
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
  if (report) {
    const runUrl = rt.env.GITHUB_SERVER_URL && rt.env.GITHUB_REPOSITORY && rt.env.GITHUB_RUN_ID ? `${rt.env.GITHUB_SERVER_URL}/${rt.env.GITHUB_REPOSITORY}/actions/runs/${rt.env.GITHUB_RUN_ID}` : undefined;
    const runResults = result.runResultsPath ? readJson<{ results: Array<{ unique_id: string; compiled_code?: string | null }> }>(result.runResultsPath) : undefined;
    const summary = renderSummary(report, {
      manifestNodes,
      compiledCode: runResults ? compiledCodeByUniqueId(runResults) : undefined,
      runUrl,
      artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    });
    await rt.writeSummary(summary).catch((error: unknown) =>
      rt.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`),
    );
    const annotations = failureAnnotations(report, { manifestNodes, projectDir: settings.projectDirRelative, readSource, projectName: manifest?.metadata?.project_name });
    for (const a of annotations) {
      rt.error(a.message, { title: a.title, file: a.file, startLine: a.startLine });
    }
    const skipped = skippedNotice(report);
    if (skipped) rt.notice(skipped, { title: 'dbt-orchestrator' });
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

  const failure = shouldFail(settings, result);
  if (failure) rt.setFailed(failure);
}

/** Keeps the cache entry small: only results some relation still points at survive. */
async function pruneStore(dir: string, warn: (message: string) => void): Promise<void> {
  try {
    await new LocalStore(dir, { warn }).prune({});
  } catch (error) {
    warn(`could not prune the result store: ${error instanceof Error ? error.message : String(error)}`);
  }
}
