// The set of nodes we execute-or-reuse must be exactly what dbt itself executes for the same arguments.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExample, DBT, editFile, orchestrate, runResults } from './helpers/project.js';

function dbt(project: string, args: string[]): void {
  execFileSync(DBT, [...args, '--project-dir', project, '--profiles-dir', project], { cwd: project, stdio: 'pipe', env: process.env });
}

function dbtExecuted(project: string, args: string[]): string[] {
  try {
    dbt(project, args);
  } catch {
    // A failing node still leaves run_results.json; the set is what matters here.
  }
  return runResults(project)
    .results.map((r) => r.unique_id)
    .sort();
}

async function ourSelected(project: string, args: string[]): Promise<string[]> {
  const run = await orchestrate(project, args);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return runResults(project)
    .results.map((r) => r.unique_id)
    .sort();
}

describe('selection parity with dbt', () => {
  let theirs: string;
  let ours: string;

  before(() => {
    theirs = copyExample();
    ours = copyExample();
    dbt(theirs, ['deps']);
  });

  const cases: string[][] = [
    ['build'],
    ['build', '-s', 'tag:daily'],
    ['build', '--selector', 'smoke'],
    ['build', '-s', 'stg_orders+', '--exclude', 'customers'],
    ['build', '-s', '+customers', '--exclude', 'resource_type:unit_test'],
    ['build', '-s', 'path:models/marts', 'config.materialized:incremental'],
    ['seed'],
    ['run', '-s', 'stg_orders+'],
    ['snapshot'],
    ['test', '-s', 'orders'],
  ];
  for (const args of cases) {
    it(args.join(' '), async () => {
      const expected = dbtExecuted(theirs, args);
      assert.ok(expected.length > 0, 'dbt executed nothing: the case proves nothing');
      assert.deepEqual(await ourSelected(ours, args), expected);
    });
  }
});

describe('state:modified+ against a saved manifest', () => {
  it('plan lists exactly what dbt selects, with our reasons', async () => {
    const project = copyExample();
    const build = await orchestrate(project, ['build']);
    assert.equal(build.code, 0, build.stderr);
    const prod = join(project, '..', 'prod-state');
    mkdirSync(prod, { recursive: true });
    cpSync(join(project, 'target/manifest.json'), join(prod, 'manifest.json'));
    editFile(project, 'models/staging/stg_orders.sql', (t) => t.replace('status,', 'status,\n    lower(status) as status_lower,'));

    const plan = await orchestrate(project, ['plan', '-s', 'state:modified+', '--state', prod, '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const nodes = JSON.parse(plan.stdout).nodes as Array<{ uniqueId: string; decision: string; reason: string }>;
    const listed = JSON.parse(
      `[${execFileSync(DBT, ['ls', '-s', 'state:modified+', '--state', prod, '--resource-types', 'model', 'seed', 'snapshot', 'test', 'unit_test', '--output', 'json', '--output-keys', 'unique_id', '--project-dir', project, '--profiles-dir', project], { cwd: project, encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join(',')}]`,
    ).map((n: { unique_id: string }) => n.unique_id);
    assert.deepEqual(nodes.map((n) => n.uniqueId).sort(), [...listed].sort());
    const stgOrders = nodes.find((n) => n.uniqueId === 'model.jaffle_shop.stg_orders')!;
    assert.deepEqual([stgOrders.decision, stgOrders.reason], ['run', 'code changed']);
    // The plan ran nothing: the relation still has the old columns.
    assert.doesNotMatch(readFileSync(join(project, 'target/run_results.json'), 'utf8'), /status_lower/);
  });
});

describe('hash:modified+ sees what state:modified cannot', () => {
  it('a changed var value selects its readers and their children', async () => {
    const project = copyExample();
    const build = await orchestrate(project, ['build']);
    assert.equal(build.code, 0, build.stderr);
    const prod = join(project, '..', 'prod-hash-state');
    mkdirSync(prod, { recursive: true });
    for (const f of ['manifest.json', 'orchestrator.json']) cpSync(join(project, 'target', f), join(prod, f));
    const vars = ['--vars', '{start_date: "2017-06-01"}'];

    const byDbt = await orchestrate(project, ['plan', '-s', 'state:modified+', '--state', prod, '--json', ...vars]);
    assert.equal(byDbt.code, 0, byDbt.stderr);
    assert.deepEqual(JSON.parse(byDbt.stdout).nodes, [], 'dbt state:modified does not see var values');

    const byHash = await orchestrate(project, ['plan', '-s', 'hash:modified+', '--state', prod, '--json', ...vars]);
    assert.equal(byHash.code, 0, byHash.stderr);
    const nodes = JSON.parse(byHash.stdout).nodes as Array<{ uniqueId: string; resourceType: string; reason: string }>;
    const models = nodes.filter((n) => ['model', 'snapshot'].includes(n.resourceType)).map((n) => n.uniqueId).sort();
    assert.deepEqual(models, ['model.jaffle_shop.customers', 'model.jaffle_shop.fct_daily_revenue', 'model.jaffle_shop.orders', 'model.jaffle_shop.stg_orders', 'snapshot.jaffle_shop.orders_snapshot']);
    assert.equal(nodes.find((n) => n.uniqueId === 'model.jaffle_shop.stg_orders')!.reason, 'var `start_date` changed');
    assert.ok(nodes.some((n) => n.resourceType === 'test'), 'tests of the selected nodes come along');

    const missing = await orchestrate(project, ['plan', '-s', 'hash:modified+']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /hash:modified compares against the orchestrator\.json/);
  });
});
