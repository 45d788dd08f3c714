// The action's three roles in a sharded build (.github/workflows/dbt-build-sharded.yml), around the CLI commands
// that do the work (./shard-inputs.ts builds their argument lists):
//
//   plan   restores the result store (reuse is decided here, once), runs `plan --shards N --json`, writes
//          plan.json with manifest.json beside it, uploads both as `artifact-name`, sets `matrix`. Saves only
//          dbt's partial-parse file and packages, never the store.
//   shard  runs `build --shard I/N --plan P` into <shard-results>/shard-I-of-N. Saves nothing (the workflow
//          uploads the folder, also when the job fails); fails the step by `fail-on` so "re-run failed jobs"
//          re-runs exactly the shards that need it.
//   merge  restores the store, runs `merge`, saves the ONE store cache entry, uploads the ONE artifact, writes
//          the ONE job summary, sends the notification and sets the outcome.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { main as cli } from '../cli.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK } from '../errors.js';
import { failureAnnotations, skippedNotice } from '../report/annotations.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { codeSpan, compiledCodeByUniqueId, renderSummary } from '../report/summary.js';
import { packagesInstallPath } from '../dbt/start.js';
import { CacheSession, packagesAreCacheable } from '../store/actions-cache.js';
import { stageArtifact } from './artifact-staging.js';
import { Outputs, type ActionSettings } from './inputs.js';
import { engineEnv, savePartialParse } from './leak-guards.js';
import { eventFromReport, sendNotification } from './notify-run.js';
import { artifactFiles } from './artifact-step.js';
import { cacheSpecs, pruneStore } from './cache-step.js';
import type { ActionRuntime } from './runtime.js';
import { cliArgs, ShardOutputs, type ShardRole } from './shard-inputs.js';
import { parsePlanFile, type ShardPlanFile } from '../shard/plan-file.js';

/** Lines written to a stream, handed on one by one (the CLI's console output into the step's log). */
function lineStream(onLine: (line: string) => void): Writable & { text: () => string } {
  let pending = '';
  let all = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      all += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      done();
    },
  });
  return Object.assign(stream, { text: () => all });
}

/** Runs one CLI command in this process; stdout is collected (plan --json) or logged, stderr is logged. */
async function runCli(args: string[], settings: ActionSettings, rt: ActionRuntime, collectStdout: boolean): Promise<{ code: number; stdout: string }> {
  rt.info(`dbt-orchestrator ${args.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  const stdout = lineStream(collectStdout ? () => undefined : rt.info);
  const stderr = lineStream((line) => (line.startsWith('warning: ') ? rt.warning(line.slice('warning: '.length)) : line.startsWith('error: ') ? undefined : rt.info(line)));
  const code = await cli({ argv: args, env: engineEnv(settings, rt), stdout, stderr, cwd: rt.workspace });
  const error = stderr
    .text()
    .split('\n')
    .filter((l) => l.startsWith('error: '))
    .map((l) => l.slice('error: '.length));
  for (const message of error) rt.error(message, { title: 'dbt-orchestrator' });
  return { code, stdout: stdout.text() };
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

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
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

/** The plan through the one door for plan files (src/shard/plan-file.ts); undefined when it is not one. */
function parsePlan(text: string, where: string): ShardPlanFile | undefined {
  try {
    return parsePlanFile(text, where);
  } catch {
    return undefined;
  }
}

async function plan(role: Extract<ShardRole, { kind: 'plan' }>, settings: ActionSettings, rt: ActionRuntime, cache: CacheSession, specs: Specs, packagesHit: boolean): Promise<void> {
  rt.startGroup('dbt-orchestrator: plan the shards');
  const { code, stdout } = await runCli(cliArgs(role, settings.engine), settings, rt, true).finally(() => rt.endGroup());
  const parsed = code === EXIT_OK ? parsePlan(stdout, 'plan --json output') : undefined;
  if (!parsed) {
    rt.setOutput(Outputs.status, code === EXIT_OK ? 'error' : statusOfExit(code));
    const message = code === EXIT_OK ? 'plan --json printed no shard plan' : (failure({ ...settings, failOn: 'error' }, code, 'the shard plan') ?? 'the shard plan failed');
    await sendNotification(settings, eventFromReport(code === EXIT_OK ? 'error' : statusOfExit(code), 'plan', undefined, rt.env, message), rt);
    rt.setFailed(message);
    return;
  }
  mkdirSync(dirname(role.planPath), { recursive: true });
  writeFileSync(role.planPath, stdout);
  const files = [role.planPath];
  const manifest = join(settings.engine.projectDir, 'target', 'manifest.json');
  if (existsSync(manifest)) {
    const beside = join(dirname(role.planPath), 'manifest.json');
    copyFileSync(manifest, beside);
    files.push(beside);
  } else rt.warning(`no ${manifest}: the merged artifact will have no manifest.json (a custom target-path?)`);
  const shards = parsed.shardPlans ?? [];
  for (const s of shards) rt.info(`shard ${s.index}/${parsed.matrix.include.length}: ${s.nodes.length} nodes, about ${Math.round(s.estimatedSeconds ?? 0)} s, waits for ${s.waitsFor?.length ?? 0} parents in other shards`);
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
  rt.setOutput(ShardOutputs.matrix, JSON.stringify(parsed.matrix));
  rt.setOutput(ShardOutputs.planPath, role.planPath);
}

async function shard(role: Extract<ShardRole, { kind: 'shard' }>, settings: ActionSettings, rt: ActionRuntime): Promise<void> {
  mkdirSync(role.resultsDir, { recursive: true });
  rt.startGroup(`dbt-orchestrator: shard ${role.shard}`);
  const { code } = await runCli(cliArgs(role, settings.engine), settings, rt, false).finally(() => rt.endGroup());
  const report = readJson<OrchestratorReport>(join(role.shardDir, 'orchestrator.json'));
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
  const { code } = await runCli(cliArgs(role, settings.engine, dirs), settings, rt, false).finally(() => rt.endGroup());
  const outDir = join(settings.engine.projectDir, 'target');
  const planDir = dirname(role.planPath);
  for (const name of ['manifest.json', 'plan.json']) {
    const from = name === 'plan.json' ? role.planPath : join(planDir, name);
    if (existsSync(from) && code !== EXIT_BAD_INPUT) {
      mkdirSync(outDir, { recursive: true });
      copyFileSync(from, join(outDir, name));
    }
  }
  const report = readJson<OrchestratorReport>(join(outDir, 'orchestrator.json'));

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
    type ManifestInfo = Record<string, { original_file_path?: string; resource_type?: string; name?: string; package_name?: string }>;
    const manifest = readJson<{ nodes: ManifestInfo; unit_tests?: ManifestInfo; metadata?: { project_name?: string } }>(join(outDir, 'manifest.json'));
    const manifestNodes = { ...(manifest?.nodes ?? {}), ...(manifest?.unit_tests ?? {}) };
    const runResults = readJson<{ results: Array<{ unique_id: string; compiled_code?: string | null }> }>(join(outDir, 'run_results.json'));
    const runUrl = rt.env.GITHUB_SERVER_URL && rt.env.GITHUB_REPOSITORY && rt.env.GITHUB_RUN_ID ? `${rt.env.GITHUB_SERVER_URL}/${rt.env.GITHUB_REPOSITORY}/actions/runs/${rt.env.GITHUB_RUN_ID}` : undefined;
    const summary = renderSummary(report, {
      manifestNodes,
      compiledCode: runResults ? compiledCodeByUniqueId(runResults) : undefined,
      runUrl,
      artifactUrl: runUrl && artifactId ? `${runUrl}/artifacts/${artifactId}` : undefined,
    });
    await rt.writeSummary(summary + shardsSection(existsSync(role.planPath) ? parsePlan(readFileSync(role.planPath, 'utf8'), role.planPath) : undefined, dirs)).catch((error: unknown) =>
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
