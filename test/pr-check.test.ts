// The PR check end to end: a production build, a change on a "PR checkout", then the bundled action with
// state:modified+, deferral to production found through the (loopback) GitHub API, and a sticky comment.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBundledAction, type ActionRun } from './helpers/action.js';
import { startFakeActionsServer, type FakeActionsServer } from './helpers/fake-actions-server.js';
import { startFakeGitHubApi, type FakeGitHubApi } from './helpers/fake-github-api.js';
import { copyExample, duckdb, editFile } from './helpers/project.js';

const PROJECT = 'jaffle_shop';
const BASE_INPUTS = { command: 'build', 'project-dir': PROJECT, 'profiles-dir': PROJECT, threads: '4' };

interface Report {
  nodes: Array<{ uniqueId: string; resourceType: string; decision: string; status: string }>;
}

describe('PR check with state:modified+, deferral and a sticky comment', () => {
  let workspace: string;
  let results: FakeActionsServer;
  let api: FakeGitHubApi;
  let pr: ActionRun;
  let secondPush: ActionRun;

  const prInputs = (): Record<string, string> => ({
    ...BASE_INPUTS,
    target: 'ci',
    // Sources are never deferred: the PR reads production's raw schema, as a real PR check reads the warehouse's.
    vars: '{raw_schema: main_raw}',
    select: 'state:modified+',
    defer: 'true',
    'state-from': 'production',
    'production-workflow': 'dbt-prod.yml',
    comment: 'true',
    'github-token': api.token,
  });

  const prEnv = (eventPath: string): Record<string, string> => ({
    GITHUB_API_URL: api.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${api.owner}/${api.repo}`,
  });

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'pr-workspace-'));
    cpSync(copyExample(), join(workspace, PROJECT), { recursive: true });
    results = await startFakeActionsServer({ workspace });
    api = await startFakeGitHubApi({ owner: 'octo', repo: 'jaffle', defaultBranch: 'main' });

    // Production: the default target (schema main), published as a successful run of dbt-prod.yml.
    const production = await runBundledAction({ workspace, inputs: BASE_INPUTS, serviceEnv: results.env(), runId: results.run.runId, extraEnv: { GITHUB_REPOSITORY: 'octo/jaffle' } });
    assert.equal(production.code, 0, production.stdout);
    const target = join(workspace, PROJECT, 'target');
    api.addRun({
      workflow: 'dbt-prod.yml',
      branch: 'main',
      conclusion: 'success',
      headSha: 'a'.repeat(40),
      artifacts: [
        {
          name: 'dbt-orchestrator',
          files: {
            'target/manifest.json': readFileSync(join(target, 'manifest.json')),
            'target/orchestrator.json': readFileSync(join(target, 'orchestrator.json')),
            'target/run_results.json': readFileSync(join(target, 'run_results.json')),
          },
        },
      ],
    });

    // The PR checkout: one model changed, a fresh runner (no local store, no target/).
    editFile(join(workspace, PROJECT), 'models/staging/stg_orders.sql', (t) => t.replace('status,', 'status,\n    upper(status) as status_code,'));
    rmSync(join(workspace, PROJECT, '.dbt-orchestrator'), { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
    const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { repo: { full_name: 'octo/jaffle' } } } }));
    results.newRun();
    pr = await runBundledAction({ workspace, inputs: prInputs(), serviceEnv: results.env(), runId: results.run.runId, extraEnv: prEnv(eventPath) });
    results.newRun();
    secondPush = await runBundledAction({ workspace, inputs: prInputs(), serviceEnv: results.env(), runId: results.run.runId, extraEnv: prEnv(eventPath) });
  });
  after(async () => {
    await results.close();
    await api.close();
  });

  it('builds only the modified node and its children', () => {
    assert.equal(pr.code, 0, `${pr.stdout}\n${pr.stderr}`);
    assert.match(pr.stdout, /comparing with and deferring to run #\d+ of dbt-prod\.yml on main/);
    const report = JSON.parse(readFileSync(join(workspace, PROJECT, 'target/orchestrator.json'), 'utf8')) as Report;
    const built = report.nodes
      .filter((n) => n.decision === 'run' && !['test', 'unit_test'].includes(n.resourceType))
      .map((n) => n.uniqueId)
      .sort();
    assert.deepEqual(built, [
      'model.jaffle_shop.customers',
      'model.jaffle_shop.fct_daily_revenue',
      'model.jaffle_shop.orders',
      'model.jaffle_shop.stg_orders',
      'snapshot.jaffle_shop.orders_snapshot',
    ]);
    assert.ok(report.nodes.every((n) => n.status !== 'error' && n.status !== 'fail'));
  });

  it('writes into the PR schema and resolves unchanged parents to production', () => {
    const tables = JSON.parse(duckdb(join(workspace, PROJECT), "select table_schema || '.' || table_name from information_schema.tables order by 1")).map((r: string[]) => r[0]);
    assert.ok(tables.includes('ci.stg_orders') && tables.includes('ci.orders') && tables.includes('ci.customers'), tables.join(', '));
    // stg_payments and the seeds were not rebuilt for the PR: orders read them from production (main).
    assert.ok(!tables.includes('ci.stg_payments') && !tables.some((t: string) => t.startsWith('ci_raw.')), tables.join(', '));
    const columns = JSON.parse(duckdb(join(workspace, PROJECT), "select column_name from information_schema.columns where table_schema = 'ci' and table_name = 'stg_orders'")).map((r: string[]) => r[0]);
    assert.ok(columns.includes('status_code'));
  });

  it('keeps one sticky comment listing exactly the modified node and why', () => {
    assert.equal(secondPush.code, 0, secondPush.stdout);
    const comments = api.comments(7);
    assert.equal(comments.length, 1, 'the second push updated the comment instead of adding one');
    const body = comments[0].body ?? '';
    assert.match(body, /<!-- dbt-orchestrator:pr-comment/);
    const modifiedSection = body.slice(body.indexOf('Modified'));
    const rows = modifiedSection.split('\n').filter((l) => /^\| .*stg_orders|^\| .*`(orders|customers|fct_daily_revenue)`/.test(l));
    assert.equal(rows.length, 1, modifiedSection);
    assert.match(rows[0], /stg_orders/);
    assert.match(rows[0], /code changed/);
    assert.match(body, /dbt-prod\.yml/);
    // The job summary says the same.
    assert.match(pr.summary, /## Modified compared with run #\d+ of dbt-prod\.yml on main[\s\S]*\| model `stg_orders` \| code changed \|/);
    assert.doesNotMatch(pr.summary.slice(pr.summary.indexOf('## Modified')), /`orders`/);
  });
});

describe('PR check without a production run', () => {
  it('state-missing: fail stops before any SQL, skip runs nothing, build-all warns and builds everything', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'pr-missing-'));
    cpSync(copyExample(), join(workspace, PROJECT), { recursive: true });
    const results = await startFakeActionsServer({ workspace });
    const api = await startFakeGitHubApi({ owner: 'octo', repo: 'jaffle' });
    // The production workflow exists but has never succeeded.
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'failure', headSha: 'b'.repeat(40) });
    try {
      const inputs = { ...BASE_INPUTS, select: 'state:modified+', defer: 'true', 'state-from': 'production', 'production-workflow': 'dbt-prod.yml', 'github-token': api.token };
      const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'octo/jaffle' };
      const failing = await runBundledAction({ workspace, inputs: { ...inputs, 'state-missing': 'fail' }, serviceEnv: results.env(), runId: results.run.runId, extraEnv: env });
      assert.notEqual(failing.code, 0);
      assert.ok(failing.commands.some((c) => c.command === 'error' && /no successful run of dbt-prod\.yml on main/.test(c.message)), failing.stdout);
      assert.equal(existsSync(join(workspace, PROJECT, 'jaffle_shop.duckdb')), false, 'SQL ran although the state was missing');
      results.newRun();
      const skipped = await runBundledAction({ workspace, inputs: { ...inputs, 'state-missing': 'skip' }, serviceEnv: results.env(), runId: results.run.runId, extraEnv: env });
      assert.equal(skipped.code, 0, skipped.stdout);
      assert.equal(skipped.outputs.status, 'skipped');
      assert.ok(skipped.commands.some((c) => c.command === 'warning' && /skipping the run \(state-missing: skip\)/.test(c.message)));
      assert.equal(existsSync(join(workspace, PROJECT, 'jaffle_shop.duckdb')), false);
      results.newRun();
      const all = await runBundledAction({ workspace, inputs, serviceEnv: results.env(), runId: results.run.runId, extraEnv: env });
      assert.equal(all.code, 0, all.stdout);
      assert.ok(all.commands.some((c) => c.command === 'warning' && /no production state .*building every selected node/.test(c.message)), all.stdout);
      assert.equal(Number(all.outputs.built), 44);
    } finally {
      await results.close();
      await api.close();
    }
  });
});
