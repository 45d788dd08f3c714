// The action's three roles in a sharded build (.github/workflows/dbt-build-sharded.yml), around the functions
// that do the work, the ones the CLI's commands call (./shard-inputs.ts builds their typed options):
//
//   plan   restores the result store (reuse is decided here, once), plans the build cut into N shards
//          (src/shard/run-plan.ts, the CLI's `plan --shards N --json`), writes plan.json with manifest.json
//          beside it, uploads both as `artifact-name`, sets `matrix`. Saves only dbt's partial-parse file and
//          packages, never the store.
//   shard  runs shard I/N of the plan (src/shard/run-shard.ts, `build --shard I/N --plan P`) into
//          <shard-results>/shard-I-of-N. Saves nothing (the workflow uploads the folder, also when the job
//          fails); fails the step by `fail-on` so "re-run failed jobs" re-runs exactly the shards that need it.
//   merge  restores the store, merges the shard folders (src/shard/merge.ts, `merge`), saves the ONE store
//          cache entry, uploads the ONE artifact, writes the ONE job summary, sends the notification and sets
//          the outcome.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { EngineDeps } from '../engine/types.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, InputError } from '../errors.js';
import { failureAnnotations, skippedNotice } from '../report/annotations.js';
import type { Output } from '../report/console.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { codeSpan, compiledCodeByUniqueId, renderSummary } from '../report/summary.js';
import { readManifestFile, type Manifest } from '../dbt/manifest.js';
import { packagesInstallPath } from '../dbt/start.js';
import { runMerge } from '../shard/merge.js';
import { planFileText, type ShardPlanFile } from '../shard/plan-file.js';
import { runShardPlan } from '../shard/run-plan.js';
import { runShard } from '../shard/run-shard.js';
import { CacheSession, packagesAreCacheable } from '../store/actions-cache.js';
import { stageArtifact } from './artifact-staging.js';
import { Outputs, type ActionSettings } from './inputs.js';
import { engineEnv, savePartialParse } from './leak-guards.js';
import { eventFromReport, sendNotification } from './notify-run.js';
import { artifactFiles } from './artifact-step.js';
import { cacheSpecs, pruneStore } from './cache-step.js';
import { runUrlOf, type ActionRuntime } from './runtime.js';
import { mergeRun, planRun, shardRun, ShardOutputs, type ShardRole } from './shard-inputs.js';

/** What the CLI's commands are given, for this step: lines and warnings into the step's log. */
function roleDeps(settings: ActionSettings, rt: ActionRuntime, output: Output, signal?: AbortSignal): EngineDeps {
  return { output, env: engineEnv(settings, rt), cwd: rt.workspace, now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), signal };
}

/**
 * Runs the work of a role and reports its error as an annotation. As the CLI does, an InputError that escapes
 * is bad input (exit 2) and anything else a crash (exit 1), so the step still sets its outputs and notifies.
 */
async function runRole<T extends { exitCode: number; error?: string }>(rt: ActionRuntime, work: () => Promise<T>): Promise<T | { exitCode: number; error: string }> {
  let result: T | { exitCode: number; error: string };
  try {
    result = await work();
  } catch (error) {
    if (error instanceof InputError) result = { exitCode: EXIT_BAD_INPUT, error: error.message };
    else result = { exitCode: 1, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  if (result.error) rt.error(result.error, { title: 'dbt-orchestrator' });
  return result;
}

export function statusOfExit(code: number): string {
  if (code === EXIT_OK) return 'success';
  if (code === EXIT_BAD_INPUT) return 'error';
  if (code === EXIT_INTERRUPTED || code === 143) return 'cancelled';
  return 'failed';
}

function failure(settings: ActionSettings, code: number, what: string, report?: OrchestratorReport): string | undefined {
  if (code === EXIT_BAD_INPUT) return `${what}: bad input or environment (see the error above)`;
  if (code === EXIT_INTERRUPTED || code === 143) return `${what} was cancelled`;
  if (settings.failOn === 'never') return undefined;
  if (code !== EXIT_OK) return `${what} failed: ${report ? `${report.totals.failed} failed, ${report.totals.skipped} skipped or not run` : `exit code ${code}`}; see the job summary`;
  if (settings.failOn === 'warn' && report && report.nodes.some((n) => n.status === 'warn')) return `${what}: a node warned and fail-on is 'warn'`;
  return undefined;
}

/** The manifest.json the plan job uploaded beside plan.json (copied to target/), for file links; undefined when absent or not one. */
async function planManifest(path: string, rt: ActionRuntime): Promise<Manifest | undefined> {
  if (!existsSync(path)) return undefined;
  const read = await readManifestFile(path);
  if (read.ok) return read.value;
  rt.warning(`${read.reason}: the job summary and annotations link no files`);
  return undefined;
}

function setCounts(rt: ActionRuntime, report: OrchestratorReport | undefined): void {
  rt.setOutput(Outputs.built, String(report?.totals.succeeded ?? 0));
  rt.setOutput(Outputs.reused, String(report?.totals.reused ?? 0));
  rt.setOutput(Outputs.failed, String(report?.totals.failed ?? 0));
  rt.setOutput(Outputs.skipped, String(report?.totals.skipped ?? 0));
}

export async function runShardRole(role: ShardRole, settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  const cache = new CacheSession(rt.cache, rt.warning, rt.cacheTimeoutMs, { eventName: rt.env.GITHUB_EVENT_NAME });
  const specs = cacheSpecs(settings, rt);
  rt.startGroup('dbt-orchestrator: restore cache');
  let cacheHit = false;
  let packagesHit = false;
  try {
    if (role.kind !== 'shard' && settings.reuse !== 'false') {
      const matched = await cache.restore(specs.store);
      cacheHit = matched !== undefined;
      rt.info(cacheHit ? `result store restored from ${matched}` : 'no previous result store in the cache');
    }
    if (role.kind !== 'merge') {
      packagesHit = (await cache.restore(specs.packages)) === specs.packages.key;
      await cache.restore(specs.partialParse);
    }
  } finally {
    rt.endGroup();
  }
  rt.setOutput(Outputs.cacheHit, String(cacheHit));
  if (role.kind === 'plan') await plan(role, settings, rt, cache, specs, packagesHit);
  else if (role.kind === 'shard') await shard(role, settings, rt);
  else await merge(role, settings, rt, cache, specs);
}

type Specs = ReturnType<typeof cacheSpecs>;

async function plan(role: Extract<ShardRole, { kind: 'plan' }>, settings: ActionSettings, rt: ActionRuntime, cache: CacheSession, specs: Specs, packagesHit: boolean): Promise<void> {
  rt.startGroup('dbt-orchestrator: plan the shards');
  const { options, shards: count } = planRun(role, settings.engine);
  rt.info(`planning the build of ${settings.projectDirRelative} cut into ${count} shard(s)`);
  // As `plan --shards N --json`: the engine's lines stay out of the log, its warnings go in.
  const result = await runRole(rt, () => runShardPlan(options, count, roleDeps(settings, rt, { line: () => undefined, warn: rt.warning }))).finally(() => rt.endGroup());
  const planned = 'plan' in result ? result.plan : undefined;
  if (!planned) {
    const status = statusOfExit(result.exitCode);
    rt.setOutput(Outputs.status, status);
    const message = failure({ ...settings, failOn: 'error' }, result.exitCode, 'the shard plan') ?? 'the shard plan failed';
    await sendNotification(settings, eventFromReport(status, 'plan', undefined, rt.env, message), rt);
    rt.setFailed(message);
    return;
  }
  mkdirSync(dirname(role.planPath), { recursive: true });
  writeFileSync(role.planPath, planFileText(planned));
  const files = [role.planPath];
  const manifest = join(settings.engine.projectDir, 'target', 'manifest.json');
  if (existsSync(manifest)) {
    const beside = join(dirname(role.planPath), 'manifest.json');
    copyFileSync(manifest, beside);
    files.push(beside);
  } else rt.warning(`no ${manifest}: the merged artifact will have no manifest.json (a custom target-path?)`);
  for (const s of planned.shardPlans) rt.info(`shard ${s.index}/${planned.shards}: ${s.nodes.length} nodes, about ${Math.round(s.estimatedSeconds)} s, waits for ${s.waitsFor.length} parents in other shards`);
  rt.startGroup('dbt-orchestrator: save cache and the plan');
  try {
    if (settings.reuse !== 'read-only') {
      await savePartialParse(settings, cache, specs.partialParse, rt);
      const packagesDir = join(settings.engine.projectDir, packagesInstallPath(settings.engine.projectDir));
      if (!packagesHit && packagesAreCacheable(packagesDir)) await cache.save(specs.packages);
    }
    try {
      await rt.uploadArtifact(settings.artifactName, files, dirname(role.planPath));
      rt.info(`uploaded artifact '${settings.artifactName}' (${files.map((f) => basename(f)).join(', ')})`);
    } catch (error) {
      rt.setOutput(Outputs.status, 'error');
      rt.setFailed(`the plan could not be uploaded as artifact '${settings.artifactName}' (${error instanceof Error ? error.message : String(error)}); the shard jobs need it`);
      return;
    }
  } finally {
    rt.endGroup();
  }
  rt.setOutput(Outputs.status, 'success');
  rt.setOutput(ShardOutputs.matrix, JSON.stringify(planned.matrix));
  rt.setOutput(ShardOutputs.planPath, role.planPath);
}

async function shard(role: Extract<ShardRole, { kind: 'shard' }>, settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  mkdirSync(role.resultsDir, { recursive: true });
  rt.startGroup(`dbt-orchestrator: shard ${role.shard}`);
  const result = await runRole(rt, () => runShard(shardRun(role, settings.engine), roleDeps(settings, rt, { line: rt.info, warn: rt.warning }, rt.signal))).finally(() => rt.endGroup());
  const code = result.exitCode;
  const report = 'report' in result ? result.report : undefined;
  rt.setOutput(Outputs.status, statusOfExit(code));
  setCounts(rt, report);
  rt.setOutput(Outputs.runResultsPath, existsSync(join(role.shardDir, 'run_results.json')) ? join(role.shardDir, 'run_results.json') : '');
  const message = failure(settings, code, `shard ${role.shard}`, report);
  if (message) rt.setFailed(message);
}

/** The shard folders under the results folder (shard-1-of-N, ...), as download-artifact left them. */
function shardDirs(resultsDir: string): string[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((name) => /^shard-\d+-of-\d+$/.test(name) && statSync(join(resultsDir, name)).isDirectory())
    .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]))
    .map((name) => join(resultsDir, name));
}

async function merge(role: Extract<ShardRole, { kind: 'merge' }>, settings: ActionSettings, rt: ActionRuntime, cache: CacheSession, specs: Specs): Promise<void> {
  const dirs = shardDirs(role.resultsDir);
  rt.info(`shard results: ${dirs.length === 0 ? 'none' : dirs.map((d) => basename(d)).join(', ')} in ${role.resultsDir}`);
  rt.startGroup('dbt-orchestrator: merge the shards');
  const options = mergeRun(role, settings.engine, dirs);
  const result = await runRole(rt, () => runMerge(options, { output: { line: rt.info, warn: rt.warning }, now: () => new Date(), env: engineEnv(settings, rt), cwd: rt.workspace })).finally(() => rt.endGroup());
  const code = result.exitCode;
  const outDir = options.outDir;
  const planDir = dirname(role.planPath);
  for (const name of ['manifest.json', 'plan.json']) {
    const from = name === 'plan.json' ? role.planPath : join(planDir, name);
    if (existsSync(from) && code !== EXIT_BAD_INPUT) {
      mkdirSync(outDir, { recursive: true });
      copyFileSync(from, join(outDir, name));
    }
  }
  const report = 'report' in result ? result.report : undefined;

  rt.startGroup('dbt-orchestrator: save cache and artifacts');
  let artifactId = '';
  try {
    if (settings.reuse !== 'read-only' && code !== EXIT_BAD_INPUT) {
      await pruneStore(settings.engine.storeDir, rt.warning);
      if (await cache.save(specs.store)) rt.info(`result store saved as ${specs.store.key}`);
    } else if (settings.reuse === 'read-only') rt.info("reuse is 'read-only': this run's results are not saved to the cache");
    if (settings.uploadArtifacts && report) {
      const files = [...artifactFiles(settings.engine.projectDir, outDir), join(outDir, 'plan.json')].filter((f) => existsSync(f));
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

  if (report) {
    const manifest = await planManifest(join(outDir, 'manifest.json'), rt);
    const manifestNodes = { ...(manifest?.nodes ?? {}), ...(manifest?.unit_tests ?? {}) };
    const runResults = 'runResults' in result ? result.runResults : undefined;
    const runUrl = runUrlOf(rt.env);
    const summary = renderSummary(report, {
      manifestNodes,
      compiledCode: runResults ? compiledCodeByUniqueId(runResults) : undefined,
      runUrl,
      artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    });
    await rt.writeSummary(summary + shardsSection('plan' in result ? result.plan : undefined, dirs)).catch((error: unknown) =>
      rt.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`),
    );
    const readSource = (path: string): string | undefined => {
      try {
        return readFileSync(join(settings.engine.projectDir, path), 'utf8');
      } catch {
        return undefined;
      }
    };
    for (const a of failureAnnotations(report, { manifestNodes, projectDir: settings.projectDirRelative, readSource, projectName: manifest?.metadata?.project_name })) {
      rt.error(a.message, { title: a.title, file: a.file, startLine: a.startLine });
    }
    const skipped = skippedNotice(report);
    if (skipped) rt.notice(skipped, { title: 'dbt-orchestrator' });
  }
  rt.setOutput(Outputs.status, statusOfExit(code));
  setCounts(rt, report);
  rt.setOutput(Outputs.runResultsPath, report ? join(outDir, 'run_results.json') : '');
  rt.setOutput(Outputs.manifestPath, existsSync(join(outDir, 'manifest.json')) ? join(outDir, 'manifest.json') : '');
  rt.setOutput(Outputs.artifactId, artifactId);
  await sendNotification(settings, eventFromReport(statusOfExit(code), settings.engine.command, report, rt.env), rt);
  const message = failure(settings, code, 'the sharded build', report);
  if (message) rt.setFailed(message);
}

/** The summary's "Shards" section: what each shard was given, and which reported back. */
function shardsSection(plan: ShardPlanFile | undefined, dirs: string[]): string {
  if (!plan) return '';
  const reported = new Set(dirs.map((d) => basename(d)));
  const byIndex = new Map(plan.shardPlans.map((s) => [s.index, s]));
  const rows = plan.matrix.include.map((m) => {
    const s = byIndex.get(m.index);
    return `| ${m.shard} | ${s?.nodes.length ?? 0} | ${Math.round(s?.estimatedSeconds ?? 0)} | ${s?.waitsFor.length ?? 0} | ${reported.has(m.name) ? 'yes' : '**no** (its nodes are not run)'} |`;
  });
  return `\n## Shards\n\n| shard | nodes | estimated s | waits for other shards | results uploaded |\n|---|---:|---:|---:|---|\n${rows.join('\n')}\n\nPlan: ${codeSpan('plan.json')} in the artifact.\n`;
}
