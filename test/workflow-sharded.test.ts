// The sharded build kit (issue 14): .github/workflows/dbt-build-sharded.yml and workflows/dbt-daily-sharded.yml.
// GitHub's parser validates both with the rest of the kit (test/workflows.test.ts, which also checks the inputs
// given to the action against action.yml); here:
//
//  1. the wiring as GitHub evaluates it: the plan job's `matrix` output, the shard matrix through fromJSON,
//     fail-fast and max-parallel, the merge's `if: always()`, the artifact names between the jobs;
//  2. the action's shard roles: which inputs make which typed options of the work the CLI's commands do too
//     (src/github/shard-inputs.ts);
//  3. plan -> matrix -> shards -> merge run job by job as the runner runs them, on PostgreSQL, with the bundled
//     action (dist/index.js) against the fake cache/artifact service: job outputs travel through the
//     GITHUB_OUTPUT files and `needs`, the matrix is expanded with fromJSON, the shard jobs run concurrently,
//     artifacts move between jobs as download-artifact / upload-artifact move them.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer, type FakeActionsServer } from './helpers/fake-actions-server.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { DBT, REPO } from './helpers/project.js';
import { evaluate, inputsContext, interpolate, isOurAction, loadWorkflow, runJob, stepCondition, triggers, type JobRun, type Yaml } from './helpers/workflows.js';
import { mergeRun, planRun, readShardRole, shardRun } from '../src/github/shard-inputs.js';
import { validateOptions } from '../src/options.js';

const FILE = loadWorkflow('.github/workflows/dbt-build-sharded.yml');
const JOBS = FILE.doc.jobs;
const action = (jobId: string): Yaml => JOBS[jobId].steps.find((s: Yaml) => isOurAction(s.uses));
const stepUsing = (jobId: string, name: string): Yaml[] => JOBS[jobId].steps.filter((s: Yaml) => String(s.uses ?? '').startsWith(`${name}@`));
const inputs = (given: Record<string, unknown> = {}) => inputsContext(FILE.doc, { adapter: 'dbt-postgres', ...given });

/** Steps from id `python` through id `profiles`: the kit's shared dbt setup. */
function sharedSetup(job: Yaml): Yaml[] {
  const steps: Yaml[] = job.steps;
  const from = steps.findIndex((s) => s.id === 'python');
  const to = steps.findIndex((s) => s.id === 'profiles');
  return from >= 0 && to > from ? steps.slice(from, to + 1) : [];
}

/** A glob of download-artifact's `pattern` (only `*` is used in the kit). */
function globMatches(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);
}

describe('dbt-build-sharded.yml: the wiring between the jobs', () => {
  it("the plan job hands the action's matrix on; the shard job expands it with fromJSON, fail-fast off", () => {
    assert.equal(JOBS.plan.outputs.matrix, '${{ steps.orchestrator.outputs.matrix }}');
    assert.equal(action('plan').id, 'orchestrator');
    const strategy = JOBS.shard.strategy;
    assert.equal(strategy.matrix, '${{ fromJSON(needs.plan.outputs.matrix) }}');
    assert.equal(strategy['fail-fast'], false);
    assert.deepEqual([JOBS.shard.needs].flat(), ['plan']);
    const matrix = { include: [{ shard: '1/2', index: 1, name: 'shard-1-of-2' }, { shard: '2/2', index: 2, name: 'shard-2-of-2' }] };
    const expanded = evaluate(strategy.matrix.slice(3, -2).trim(), { needs: { plan: { outputs: { matrix: JSON.stringify(matrix) }, result: 'success' } } });
    assert.deepEqual(expanded, matrix);
  });

  it('max-parallel takes the input, and 0 means every shard at once (GitHub allows at most 256 jobs per matrix)', () => {
    const maxParallel = (given: Record<string, unknown>): unknown => evaluate(JOBS.shard.strategy['max-parallel'].slice(3, -2).trim(), { inputs: inputs(given) });
    assert.equal(maxParallel({ 'max-parallel': 3 }), 3);
    assert.equal(maxParallel({}), 256);
    assert.equal(triggers(FILE.doc).workflow_call.inputs['max-parallel'].default, 0);
  });

  it('the merge runs after every shard whatever became of them, and not when the plan failed', () => {
    assert.deepEqual(JOBS.merge.needs, ['plan', 'shard']);
    const runs = (plan: string, shard: string): boolean => stepCondition(JOBS.merge.if, { needs: { plan: { result: plan }, shard: { result: shard } } }, shard !== 'success');
    assert.equal(runs('success', 'success'), true);
    assert.equal(runs('success', 'failure'), true);
    assert.equal(runs('success', 'cancelled'), true);
    assert.equal(runs('failure', 'skipped'), false);
  });

  it("the workflow's outputs are the merge's, and one concurrency group (dbt-build.yml's) covers all three jobs", () => {
    for (const [name, spec] of Object.entries<Yaml>(triggers(FILE.doc).workflow_call.outputs)) assert.equal(spec.value, `\${{ jobs.merge.outputs.${name} }}`);
    assert.equal(interpolate(FILE.doc.concurrency.group, { inputs: inputs({ target: 'prod' }) }), 'dbt-prod-prod');
    assert.equal(FILE.doc.concurrency['cancel-in-progress'], false);
    assert.equal(FILE.doc.concurrency.queue, 'max');
    for (const job of Object.values<Yaml>(JOBS)) assert.equal(job.concurrency, undefined, 'a job-level group would deadlock against the workflow-level one');
  });

  it("plan and shard jobs set dbt up as the kit's other workflows do; the merge job needs no dbt", () => {
    const reference = sharedSetup(loadWorkflow('.github/workflows/dbt-build.yml').doc.jobs.dbt);
    assert.ok(reference.length >= 5);
    assert.deepEqual(sharedSetup(JOBS.plan), reference);
    assert.deepEqual(sharedSetup(JOBS.shard), reference);
    assert.deepEqual(sharedSetup(JOBS.merge), []);
  });

  it('artifacts line up: the plan is downloaded by the name it is uploaded under; every shard upload matches the merge download', () => {
    const ctx = (extra: Record<string, unknown> = {}) => ({ inputs: inputs({ 'artifact-name': 'prod-dbt' }), runner: { temp: '/t' }, ...extra });
    const planName = interpolate(action('plan').with['artifact-name'], ctx());
    assert.equal(planName, 'prod-dbt-plan');
    for (const jobId of ['shard', 'merge']) {
      const download = stepUsing(jobId, 'actions/download-artifact').find((s) => s.with.name !== undefined);
      assert.equal(interpolate(download.with.name, ctx()), planName);
      assert.equal(interpolate(download.with.path, ctx()), dirname(interpolate(action(jobId).with.plan, ctx())));
    }
    assert.equal(interpolate(action('plan').with.plan, ctx()), interpolate(action('shard').with.plan, ctx()));
    const [upload] = stepUsing('shard', 'actions/upload-artifact');
    assert.equal(upload.if, 'always()', 'a failed or cancelled shard still hands on what it finished');
    assert.equal(upload.with.overwrite, true, '"re-run failed jobs" uploads the same name again');
    assert.equal(interpolate(upload.with.path, ctx()), interpolate(action('shard').with['shard-results'], ctx()));
    const pattern = stepUsing('merge', 'actions/download-artifact').find((s) => s.with.pattern !== undefined);
    assert.equal(pattern.with['merge-multiple'], true);
    assert.equal(interpolate(pattern.with.path, ctx()), interpolate(action('merge').with['shard-results'], ctx()));
    for (const index of [1, 2, 16]) {
      const name = interpolate(upload.with.name, ctx({ matrix: { shard: `${index}/16`, index, name: `shard-${index}-of-16` } }));
      assert.ok(globMatches(interpolate(pattern.with.pattern, ctx()), name), name);
      assert.notEqual(name, 'prod-dbt');
    }
    assert.equal(interpolate(action('merge').with['artifact-name'], ctx()), 'prod-dbt', 'the merged artifact has the name dbt-build.yml gives its own');
  });

  it('the roles: the plan job plans, each shard job builds its shard of the plan, only the merge saves the store', () => {
    assert.equal(action('plan').with.command, 'plan');
    assert.equal(action('plan').with.shards, '${{ inputs.shards }}');
    assert.equal(action('shard').with.command, 'build');
    assert.equal(action('shard').with.shard, '${{ matrix.shard }}');
    assert.equal(action('merge').with.command, 'merge');
    // The selection is decided once, by the plan: a shard passing it again would be refused by the CLI.
    for (const key of ['select', 'exclude', 'selector', 'full-refresh', 'reuse']) assert.equal(action('shard').with[key], undefined, key);
    assert.equal(action('merge').with.reuse, '${{ inputs.reuse }}');
  });

  it('the starter template calls it with a shard count and the profile secret', () => {
    const job = loadWorkflow('workflows/dbt-daily-sharded.yml').doc.jobs.dbt;
    assert.match(job.uses, /\/\.github\/workflows\/dbt-build-sharded\.yml@/);
    assert.equal(typeof job.with.shards, 'number');
    assert.equal(job.secrets.DBT_PROFILES_YML, '${{ secrets.DBT_PROFILES_YML }}');
  });
});

describe("the action's shard roles: inputs -> the options of the plan, shard and merge work", () => {
  const ws = mkdtempSync(join(tmpdir(), 'ws-'));
  mkdirSync(join(ws, 'proj'));
  writeFileSync(join(ws, 'proj', 'dbt_project.yml'), 'name: proj\n');
  const engine = (extra: Record<string, unknown> = {}) => validateOptions({ command: 'build', projectDir: 'proj', retries: '2', retryDelay: '5', ...extra }, ws);
  const role = (given: Record<string, string>) => readShardRole((name) => given[name] ?? '', ws, '/tmp/rt');

  it('command plan with shards: a plan of the build into N shards, with the selection, against the restored store', () => {
    const r = role({ command: 'plan', shards: '4' })!;
    assert.deepEqual(r, { kind: 'plan', shards: 4, planPath: '/tmp/rt/dbt-orchestrator-plan/plan.json' });
    assert.equal(r.kind, 'plan');
    const e = engine({ select: ['tag:daily', 'orders+'], target: 'prod', threads: '8' });
    const { options, shards } = planRun(r, e);
    assert.equal(shards, 4);
    assert.deepEqual(options, { ...e, command: 'build', planOnly: true });
    const { command, planOnly, projectDir, target, select, exclude, selector, fullRefresh, threads, storeDir, reuse } = options;
    assert.deepEqual(
      { command, planOnly, projectDir, target, select, exclude, selector, fullRefresh, threads, storeDir, reuse },
      { command: 'build', planOnly: true, projectDir: `${ws}/proj`, target: 'prod', select: ['tag:daily', 'orders+'], exclude: [], selector: undefined, fullRefresh: false, threads: 8, storeDir: `${ws}/proj/.dbt-orchestrator`, reuse: true },
    );
  });

  it("command build with shard I/N: shard I/N of plan P into <shard-results>/shard-I-of-N, with no selection of its own", () => {
    const r = role({ command: 'build', shard: '2/4', plan: 'p/plan.json', 'shard-results': '/r' })!;
    assert.equal(r.kind, 'shard');
    const run = shardRun(r, engine({ target: 'prod', select: ['orders'], fullRefresh: true }));
    assert.deepEqual(run, {
      base: { projectDir: `${ws}/proj`, profilesDir: undefined, target: 'prod', vars: undefined, dbtPath: undefined, threads: undefined, retries: 2, retryDelaySeconds: 5 },
      planPath: `${ws}/p/plan.json`,
      shard: '2/4',
      shardDir: '/r/shard-2-of-4',
      waitTimeoutSeconds: 3600,
      heartbeatTimeoutSeconds: 120,
      pollSeconds: 2,
    });
    for (const key of ['select', 'exclude', 'selector', 'fullRefresh', 'reuse', 'state', 'defer']) assert.equal(key in run.base, false, key);
  });

  it('command merge: the plan P with the shard folders, into the store the next run restores; without dbt it keeps the status rows', () => {
    const r = role({ command: 'merge' })!;
    assert.equal(r.kind, 'merge');
    assert.deepEqual(mergeRun(r, engine(), ['/r/shard-1-of-2', '/r/shard-2-of-2']), {
      planPath: '/tmp/rt/dbt-orchestrator-plan/plan.json',
      shardDirs: ['/r/shard-1-of-2', '/r/shard-2-of-2'],
      storeDir: `${ws}/proj/.dbt-orchestrator`,
      outDir: `${ws}/proj/target`,
      statusCleanup: false,
    });
  });

  it("command merge with a dbt: the merge gets the shards' dbt, profile and target, to delete the run's status rows", () => {
    const r = role({ command: 'merge' })!;
    assert.equal(r.kind, 'merge');
    const e = { ...engine({ target: 'prod' }), dbtPath: '/venv/bin/dbt' };
    assert.deepEqual(mergeRun(r, e, ['/r/shard-1-of-2']).statusCleanup, { projectDir: `${ws}/proj`, profilesDir: undefined, target: 'prod', vars: undefined, dbtPath: '/venv/bin/dbt' });
  });

  it('an ordinary run has no role; a wrong combination is refused naming the input', () => {
    assert.equal(role({ command: 'build' }), undefined);
    const refused = (given: Record<string, string>, input: string, message: RegExp): void => assert.throws(() => role(given), (e: Error) => e.message.includes(`'${input}'`) && message.test(e.message), JSON.stringify(given));
    refused({ command: 'plan' }, 'shards', /needs it/);
    refused({ command: 'plan', shards: '257' }, 'shards', /1 to 256/);
    refused({ command: 'plan', shards: '2.5' }, 'shards', /whole number/);
    refused({ command: 'build', shards: '4' }, 'shards', /command: plan/);
    refused({ command: 'build', shard: '5/4' }, 'shard', /I\/N/);
    refused({ command: 'test', shard: '1/4' }, 'shard', /build/);
    refused({ command: 'build', plan: 'plan.json' }, 'plan', /sharded build/);
  });
});

// ---------------------------------------------------------------------------------------------------
// As the runner runs it

/**
 * A small PostgreSQL project: three chains from independent roots, joined at the end. One component, but three
 * chains side by side where a shard has two threads: the cut puts a chain on another shard, so a node waits for
 * a parent in another shard (the test asserts the plan says so).
 */
function writeProject(dir: string): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: wired\nversion: "1.0.0"\nconfig-version: 2\nprofile: wired\nmodels:\n  wired:\n    +materialized: table\n');
  const env = (name: string, fallback: string): string => `"{{ env_var('DBT_PG_${name}', '${fallback}') }}"`;
  writeFileSync(
    join(dir, 'profiles.yml'),
    `wired:\n  target: postgres\n  outputs:\n    postgres:\n      type: postgres\n      host: ${env('HOST', 'localhost')}\n      port: "{{ env_var('DBT_PG_PORT', '5432') | as_number }}"\n` +
      `      user: ${env('USER', 'postgres')}\n      password: ${env('PASSWORD', '')}\n      dbname: ${env('DBNAME', 'wired')}\n      schema: main\n      threads: 2\n`,
  );
  const model = (name: string, sql: string): void => writeFileSync(join(dir, 'models', `${name}.sql`), sql);
  for (const root of ['a', 'b', 'c']) {
    model(`${root}_0`, `select 1 as id, '${root}' as root`);
    for (let i = 1; i <= 4; i++) model(`${root}_${i}`, `select id + ${i} as id, root from {{ ref('${root}_${i - 1}') }}`);
  }
  model('joined', "select a.id, b.root from {{ ref('a_4') }} a cross join {{ ref('b_2') }} b");
  model('after_joined', "select * from {{ ref('joined') }} union all select id, root from {{ ref('b_4') }} union all select id, root from {{ ref('c_4') }}");
}


describe('plan -> matrix -> shards -> merge, job by job as the runner runs them (PostgreSQL)', () => {
  let pg: PostgresServer;
  let server: FakeActionsServer;
  let workspace: string;
  /** What actions/upload-artifact uploaded: artifact name -> a copy of the folder. */
  const uploaded = new Map<string, string>();
  const given = { 'project-dir': 'wired', 'profiles-dir': 'wired', target: 'postgres', shards: 3, threads: '2' };

  before(async () => {
    pg = await startPostgres();
    workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    writeProject(join(workspace, 'wired'));
    server = await startFakeActionsServer({ workspace });
  });
  after(async () => {
    await server?.close();
    pg?.stop();
  });

  /** download-artifact: by name from the artifact service (our action's uploads), by pattern from upload-artifact's. */
  const download = ({ with: w }: { with: Record<string, string> }): Record<string, string> => {
    mkdirSync(w.path!, { recursive: true });
    if (w.name) {
      const artifact = server.artifacts().find((a) => a.name === w.name && a.finalized);
      if (!artifact) throw new Error(`no artifact ${w.name}`);
      for (const file of artifact.files) {
        mkdirSync(dirname(join(w.path!, file)), { recursive: true });
        writeFileSync(join(w.path!, file), artifact.read(file));
      }
    } else {
      for (const [name, dir] of uploaded) if (globMatches(w.pattern!, name)) cpSync(dir, w.path!, { recursive: true });
    }
    return {};
  };
  const upload = ({ with: w }: { with: Record<string, string> }): Record<string, string> => {
    const copy = mkdtempSync(join(tmpdir(), 'artifact-'));
    if (existsSync(w.path!)) cpSync(w.path!, copy, { recursive: true });
    uploaded.set(w.name!, copy);
    return {};
  };

  async function job(jobId: string, contexts: Record<string, unknown>, db: string): Promise<JobRun & { summaries: string[]; actionInputs: Record<string, string> }> {
    const summaries: string[] = [];
    let actionInputs: Record<string, string> = {};
    const run = await runJob({
      file: FILE,
      jobId,
      workspace,
      contexts: { inputs: inputs(given), github: { workspace, repository: 'octo/jaffle', event_name: 'schedule', event: {} }, secrets: {}, ...contexts },
      simulate: {
        'actions/checkout': {},
        'actions/setup-python': { 'python-version': '3.11.9' },
        'actions/cache': {},
        dbt: { path: DBT },
        'actions/download-artifact': download,
        'actions/upload-artifact': upload,
      },
      env: { PATH: `${join(REPO, '.venv/bin')}:${process.env.PATH}`, HOME: process.env.HOME ?? '/root' },
      runAction: async (call) => {
        actionInputs = call.inputs;
        const result = await runBundledAction({ workspace, inputs: call.inputs, serviceEnv: server.env(), runId: server.run.runId, extraEnv: { ...call.env, ...pg.env(db) } });
        summaries.push(result.summary);
        return result;
      },
    });
    const failed = run.steps.filter((s) => s.outcome === 'failure');
    assert.deepEqual(failed.map((s) => s.key), [], failed.map((s) => `${s.key}\n${s.stdout.slice(-4000)}\n${s.stderr.slice(-2000)}`).join('\n'));
    return { ...run, summaries, actionInputs };
  }

  it('the merged run reports every planned node once; one store cache entry, one merged artifact, one summary', async () => {
    const db = pg.createDatabase('sharded');
    const plan = await job('plan', {}, db);
    const planFile = JSON.parse(readFileSync(join(plan.runnerTemp, 'dbt-orchestrator-plan/plan.json'), 'utf8'));
    // The job output, as `needs.plan.outputs.matrix`, expanded the way GitHub expands strategy.matrix.
    const needsPlan = { outputs: plan.outputs, result: 'success' };
    const matrix = evaluate(JOBS.shard.strategy.matrix.slice(3, -2).trim(), { needs: { plan: needsPlan } }) as { include: Array<Record<string, unknown>> };
    assert.deepEqual(matrix, planFile.matrix);
    assert.equal(matrix.include.length, 3);
    assert.deepEqual(server.artifacts().filter((a) => a.name === 'dbt-orchestrator-plan').map((a) => [...a.files].sort()), [['manifest.json', 'plan.json']]);

    // The cut spreads the chains: some node waits for a parent in another shard (what `wait` has to get right).
    const shardPlans = planFile.shardPlans as Array<{ index: number; nodes: string[]; waitsFor: unknown[] }>;
    assert.ok(shardPlans.some((s) => s.waitsFor.length > 0), `no shard waits for another: ${JSON.stringify(shardPlans.map((s) => s.nodes))}`);

    // Every leg at once, as a matrix with max-parallel >= 3 runs them: a node waits for a parent in another shard.
    const legs = await Promise.all(matrix.include.map((leg) => job('shard', { matrix: leg, needs: { plan: needsPlan } }, db)));
    legs.forEach((leg, i) => assert.equal(leg.actionInputs.shard, matrix.include[i]!.shard));
    assert.deepEqual([...uploaded.keys()].sort(), ['dbt-orchestrator-shard-1-of-3', 'dbt-orchestrator-shard-2-of-3', 'dbt-orchestrator-shard-3-of-3']);
    assert.equal(server.cacheEntries().filter((e) => e.key.includes('-store-')).length, 0, 'a shard saved the store');

    const merge = await job('merge', { needs: { plan: needsPlan, shard: { result: 'success', outputs: {} } } }, db);
    const outputs = Object.fromEntries(Object.entries<Yaml>(triggers(FILE.doc).workflow_call.outputs).map(([name, spec]) => [name, interpolate(spec.value, { jobs: { merge: { outputs: merge.outputs, result: 'success' } } })]));
    const runNodes = planFile.nodes.filter((n: { decision: string }) => n.decision === 'run').map((n: { uniqueId: string }) => n.uniqueId).sort();
    assert.equal(outputs.status, 'success');
    assert.equal(outputs.built, String(runNodes.length));
    assert.equal(outputs.failed, '0');
    assert.equal(outputs.skipped, '0');
    const merged = JSON.parse(readFileSync(join(workspace, 'wired/target/run_results.json'), 'utf8'));
    assert.deepEqual(merged.results.map((r: { unique_id: string }) => r.unique_id).sort(), runNodes);
    assert.equal(server.cacheEntries().filter((e) => e.key.includes('-store-')).length, 1, 'one store entry, saved by the merge');
    const artifacts = server.artifacts().filter((a) => a.name === 'dbt-orchestrator');
    assert.equal(artifacts.length, 1);
    assert.ok(artifacts[0]!.files.includes('target/manifest.json') && artifacts[0]!.files.includes('target/run_results.json'), artifacts[0]!.files.join(', '));
    assert.equal(outputs['artifact-id'], String(artifacts[0]!.id));
    assert.equal(merge.summaries.length, 1);
    assert.match(merge.summaries[0]!, /## Shards/);
    assert.deepEqual(readdirSync(join(merge.runnerTemp, 'dbt-orchestrator-shards')).sort(), ['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3']);
  });
});
