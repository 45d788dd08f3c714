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
  /** The sticky comment as the first push (default `impact: schema`) left it. */
  let firstComment: string;
  const HEAD_SHA = 'c'.repeat(40);

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
    // An exposure on a mart, in production and in the PR alike: the comment names it as affected.
    writeFileSync(
      join(workspace, PROJECT, 'models/marts/exposures.yml'),
      'version: 2\nexposures:\n  - name: revenue_dashboard\n    type: dashboard\n    owner: {name: Finance}\n    depends_on: [ref(\'fct_daily_revenue\')]\n',
    );
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

    // The PR checkout: one model changed (a column added, another retyped), a fresh runner (no local store, no target/).
    editFile(join(workspace, PROJECT), 'models/staging/stg_orders.sql', (t) =>
      t.replace('status,', 'status,\n    upper(status) as status_code,').replace('    customer_id,', '    cast(customer_id as hugeint) as customer_id,'),
    );
    rmSync(join(workspace, PROJECT, '.dbt-orchestrator'), { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
    const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: HEAD_SHA, repo: { full_name: 'octo/jaffle' } } } }));
    results.newRun();
    pr = await runBundledAction({ workspace, inputs: prInputs(), serviceEnv: results.env(), runId: results.run.runId, extraEnv: prEnv(eventPath) });
    firstComment = api.comments(7)[0]?.body ?? '';
    results.newRun();
    secondPush = await runBundledAction({ workspace, inputs: { ...prInputs(), impact: 'rows' }, serviceEnv: results.env(), runId: results.run.runId, extraEnv: prEnv(eventPath) });
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
    const modifiedStart = body.indexOf('Modified');
    const modifiedSection = body.slice(modifiedStart, body.indexOf('\n#### ', modifiedStart));
    const rows = modifiedSection.split('\n').filter((l) => /^\| .*stg_orders|^\| .*`(orders|customers|fct_daily_revenue)`/.test(l));
    assert.equal(rows.length, 1, modifiedSection);
    assert.match(rows[0], /stg_orders/);
    assert.match(rows[0], /code changed/);
    assert.match(body, /dbt-prod\.yml/);
    // The job summary says the same; the production run and the node's file are links.
    assert.match(pr.summary, /## Modified compared with \[run #\d+ of dbt-prod\.yml on main[^\]]*\]\(http[^)]*\/actions\/runs\/\d+\)[\s\S]*\| model \[`stg_orders`\]\(https:\/\/github\.com\/octo\/jaffle\/blob\/c{40}\/jaffle_shop\/models\/staging\/stg_orders\.sql\) \| code changed \|/);
    const summaryModified = pr.summary.slice(pr.summary.indexOf('## Modified'));
    assert.doesNotMatch(summaryModified.slice(0, summaryModified.indexOf('\n#### ')), /`orders`/);
  });
  it('the comment shows the added and the retyped column of the modified model, its file linked at the head commit, no row counts by default', () => {
    const file = `https://github.com/octo/jaffle/blob/${HEAD_SHA}/jaffle_shop/models/staging/stg_orders.sql`;
    for (const text of [firstComment, pr.summary]) {
      const schema = text.slice(text.indexOf('#### 🧬 Schema changes against production'));
      assert.ok(text.includes('#### 🧬 Schema changes against production'), text);
      const row = schema.split('\n').find((l) => l.startsWith(`| model [\`stg_orders\`](${file}) |`));
      assert.ok(row, schema);
      assert.match(row, /➕ added `status_code` `VARCHAR`/);
      assert.match(row, /🔁 `customer_id` `(BIGINT|INTEGER)` → `HUGEINT`/);
      assert.doesNotMatch(text, /Row counts/);
    }
    assert.match(firstComment, /🏭 Production state: \[run #\d+ of dbt-prod\.yml on main[^\]]*\]\(http[^)]*\/actions\/runs\/\d+\)/);
    // A fresh runner reused nothing: no "0.00 s saved" line.
    assert.doesNotMatch(firstComment, /saved/);
  });

  it('with impact: rows, the comment adds the row counts of the modified model and its direct children, PR vs production', () => {
    const body = api.comments(7)[0]?.body ?? '';
    const counts = body.slice(body.indexOf('#### 🔢 Row counts against production'));
    assert.ok(body.includes('#### 🔢 Row counts against production'), body);
    const project = join(workspace, PROJECT);
    const count = (relation: string): number => Number(JSON.parse(duckdb(project, `select count(*) from ${relation}`))[0][0]);
    const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { name: string; resource_type: string; config: { materialized?: string } }>; child_map: Record<string, string[]> };
    const children = manifest.child_map['model.jaffle_shop.stg_orders']!
      .map((id) => manifest.nodes[id])
      .filter((n) => n && ['model', 'snapshot'].includes(n.resource_type) && n.config.materialized !== 'ephemeral')
      .map((n) => n!.name);
    assert.ok(children.length > 0);
    for (const name of ['stg_orders', ...children]) {
      const row = counts.split('\n').find((l) => l.includes(`\`${name}\``));
      assert.ok(row, `${name}: ${counts}`);
      if (name !== 'stg_orders') continue;
      const n = count('ci.stg_orders').toLocaleString('en-US');
      assert.match(row, new RegExp(`\\| ${count('main.stg_orders').toLocaleString('en-US')} \\| ${n} \\|`));
    }
    const listed = counts.split('\n\n')[1]!.split('\n').filter((l) => l.startsWith('| model') || l.startsWith('| snapshot'));
    assert.equal(listed.length, 1 + children.length, counts);
  });

  it('lists the downstream nodes collapsed and names the exposure they feed', () => {
    const body = api.comments(7)[0]?.body ?? '';
    const downstream = body.slice(body.indexOf('#### ⬇️ Downstream of the change'));
    assert.match(downstream, /<details><summary>\d+ nodes rebuilt because of the change \(and \d+ tests\)<\/summary>[\s\S]*`orders`[\s\S]*`fct_daily_revenue`[\s\S]*<\/details>/);
    assert.doesNotMatch(downstream.slice(0, downstream.indexOf('</details>')), /`stg_orders`/);
    assert.match(downstream, /📣 Exposures affected: \[`revenue_dashboard`\]\(https:\/\/github\.com\/octo\/jaffle\/blob\/c{40}\/jaffle_shop\/models\/marts\/exposures\.yml\)/);
    assert.match(secondPush.summary, /#### ⬇️ Downstream of the change[\s\S]*📣 Exposures affected: \[`revenue_dashboard`\]/);
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

