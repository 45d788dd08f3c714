// Reuse and invalidation on the real example project with real dbt: one project copy, a cold build,
// then one mutation per hash input, each asserting the exact set of nodes that rebuilt.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { validateRunResults } from './helpers/schema.js';
import { appendFile, copyExample, duckdb, editFile, executedIds, orchestrate, report, runResults, type CliRun } from './helpers/project.js';

const P = 'jaffle_shop';
const model = (name: string): string => `model.${P}.${name}`;
const seed = (name: string): string => `seed.${P}.${name}`;
const snapshot = (name: string): string => `snapshot.${P}.${name}`;

function manifestNodes(project: string): Record<string, { resource_type: string; depends_on?: { nodes?: string[] } }> {
  const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8'));
  return { ...manifest.nodes, ...(manifest.unit_tests ?? {}) };
}

/** The rebuilt relations plus every data/unit test attached to one of them (read from dbt's manifest). */
function expectedWithTests(project: string, rebuilt: string[]): string[] {
  const set = new Set(rebuilt);
  const tests = Object.entries(manifestNodes(project))
    .filter(([, n]) => (n.resource_type === 'test' || n.resource_type === 'unit_test') && (n.depends_on?.nodes ?? []).some((d) => set.has(d)))
    .map(([id]) => id);
  return [...rebuilt, ...tests].sort();
}

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function assertRebuilt(project: string, rebuilt: string[]): void {
  assert.deepEqual(executedIds(project), expectedWithTests(project, rebuilt));
}

function reasonOf(project: string, uniqueId: string): string {
  return report(project).nodes.find((n) => n.uniqueId === uniqueId)!.reason;
}

describe('reuse on the example project', () => {
  let project: string;
  let selectedCount = 0;

  before(() => {
    project = copyExample();
  });

  it('cold build builds every node and writes a schema-valid run_results.json', async () => {
    const run = await orchestrate(project, ['build', '--threads', '4']);
    assertOk(run);
    const doc = runResults(project);
    const validation = validateRunResults(doc);
    assert.ok(validation.valid, validation.errors.join('\n'));
    selectedCount = doc.results.length;
    assert.ok(selectedCount >= 40, `expected the whole project, got ${selectedCount}`);
    assert.ok(doc.results.every((r) => ['success', 'pass'].includes(r.status)), JSON.stringify(doc.results.map((r) => r.status)));
    assert.equal(report(project).totals.reused, 0);
  });

  it('an immediate re-run executes nothing and reports every node reused', async () => {
    const run = await orchestrate(project, ['build', '--threads', '4']);
    assertOk(run);
    const doc = runResults(project);
    assert.ok(validateRunResults(doc).valid);
    assert.equal(doc.results.length, selectedCount);
    assert.deepEqual([...new Set(doc.results.map((r) => r.status))], ['reused']);
    assert.deepEqual(executedIds(project), []);
    assert.doesNotMatch(run.stdout, /^START/m);
  });

  it('model SQL change rebuilds the model and its descendants', async () => {
    editFile(project, 'models/staging/stg_customers.sql', (t) => t.replace('full_name,', 'full_name,\n    length(first_name) as first_name_length,'));
    assertOk(await orchestrate(project, ['build']));
    assertRebuilt(project, [model('stg_customers'), model('customers')]);
    assert.equal(reasonOf(project, model('stg_customers')), 'code changed');
    assert.equal(reasonOf(project, model('customers')), 'upstream `stg_customers` changed');
  });

  it('nested macro change rebuilds every model whose macro closure reaches it', async () => {
    editFile(project, 'macros/cents_to_dollars.sql', (t) => t.replace('-%}', '-%}\n    {#- v2 -#}'));
    assertOk(await orchestrate(project, ['build']));
    // stg_payments and fct_daily_revenue call it directly, orders through money(); customers is downstream.
    assertRebuilt(project, [model('stg_payments'), model('orders'), model('customers'), model('fct_daily_revenue')]);
    assert.match(reasonOf(project, model('orders')), /^macro `cents_to_dollars` changed/);
  });

  it('package macro change rebuilds its callers', async () => {
    editFile(project, 'packages/jaffle_utils/macros/surrogate_key.sql', (t) => t.replace("'_jaffle_null_'", "'_null_'"));
    assertOk(await orchestrate(project, ['build']));
    assertRebuilt(project, [model('stg_customers'), model('customers')]);
    assert.equal(reasonOf(project, model('stg_customers')), 'macro `surrogate_key` changed');
  });

  it('ephemeral model change reaches its dependents through the Merkle chain', async () => {
    editFile(project, 'models/intermediate/int_order_payments.sql', (t) => t.replace('count(*) as payment_count', 'count(payment_id) as payment_count'));
    assertOk(await orchestrate(project, ['build']));
    assertRebuilt(project, [model('orders'), model('customers')]);
    assert.equal(reasonOf(project, model('orders')), 'upstream `int_order_payments` changed');
  });

  it('seed CSV change rebuilds the seed and everything reading it', async () => {
    appendFile(project, 'seeds/raw_payments.csv', '88,80,gift_card,250\n');
    assertOk(await orchestrate(project, ['build']));
    assertRebuilt(project, [seed('raw_payments'), model('stg_payments'), model('orders'), model('customers'), model('fct_daily_revenue')]);
    assert.equal(reasonOf(project, seed('raw_payments')), 'code changed');
  });

  it('var change rebuilds only the nodes reading it', async () => {
    assertOk(await orchestrate(project, ['build', '--vars', '{start_date: "2017-06-01"}']));
    assertRebuilt(project, [model('stg_orders'), model('orders'), model('customers'), model('fct_daily_revenue'), snapshot('orders_snapshot')]);
    assert.equal(reasonOf(project, model('stg_orders')), 'var `start_date` changed');
  });

  it('env var change rebuilds only the nodes reading it', async () => {
    const vars = ['--vars', '{start_date: "2017-06-01"}'];
    assertOk(await orchestrate(project, ['build', ...vars], { JAFFLE_REGION: 'us' }));
    assertRebuilt(project, [model('orders'), model('customers')]);
    assert.equal(reasonOf(project, model('orders')), 'env var `JAFFLE_REGION` changed');
  });

  it('YAML config change rebuilds only that node', async () => {
    editFile(project, 'models/marts/finance/finance_models.yml', (t) => t.replace(/(- name: fct_daily_revenue\n)/, '$1    config:\n      meta: {owner: finance}\n'));
    assertOk(await orchestrate(project, ['build', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    assertRebuilt(project, [model('fct_daily_revenue')]);
    assert.equal(reasonOf(project, model('fct_daily_revenue')), 'config changed');
  });

  it('test config change reruns only that test', async () => {
    editFile(project, 'models/marts/core/core_models.yml', (t) =>
      t.replace('      - name: amount\n        data_tests:\n          - not_null', '      - name: amount\n        data_tests:\n          - not_null:\n              config:\n                severity: warn'),
    );
    assertOk(await orchestrate(project, ['build', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    assert.equal(executedIds(project).length, 1);
    assert.match(executedIds(project)[0], /^test\.jaffle_shop\.not_null_orders_amount\./);
  });

  it('a dropped table is rebuilt with reason "relation missing", nothing else', async () => {
    duckdb(project, 'drop table main.customers');
    assertOk(await orchestrate(project, ['build', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    assert.deepEqual(executedIds(project), [model('customers')]);
    assert.equal(reasonOf(project, model('customers')), 'relation missing');
  });

  it('a seed above dbt\'s 1 MiB checksum limit still rebuilds when one byte changes', async () => {
    const row = (i: number): string => `${i},${'x'.repeat(500)}\n`;
    const rows = Array.from({ length: 2200 }, (_, i) => row(i)).join('');
    writeFileSync(join(project, 'seeds/big_seed.csv'), `id,payload\n${rows}`);
    const vars = ['--vars', '{start_date: "2017-06-01"}'];
    assertOk(await orchestrate(project, ['build', ...vars], { JAFFLE_REGION: 'us' }));
    assert.deepEqual(executedIds(project), [seed('big_seed')]);
    editFile(project, 'seeds/big_seed.csv', (t) => t.replace(`1000,${'x'.repeat(500)}`, `1000,${'y'.repeat(500)}`));
    assertOk(await orchestrate(project, ['build', ...vars], { JAFFLE_REGION: 'us' }));
    assert.deepEqual(executedIds(project), [seed('big_seed')]);
    assert.equal(reasonOf(project, seed('big_seed')), 'code changed');
  });

  it('--full-refresh rebuilds every selected model, seed and snapshot with that reason', async () => {
    assertOk(await orchestrate(project, ['build', '--full-refresh', '-s', 'stg_orders+', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    for (const id of [model('stg_orders'), model('orders'), model('fct_daily_revenue'), snapshot('orders_snapshot')]) {
      assert.equal(reasonOf(project, id), 'full refresh requested', id);
    }
  });

  it('--no-reuse builds everything and still records results', async () => {
    const vars = ['--vars', '{start_date: "2017-06-01"}'];
    assertOk(await orchestrate(project, ['build', '--no-reuse', ...vars], { JAFFLE_REGION: 'us' }));
    assert.ok(report(project).nodes.filter((n) => n.decision !== 'ephemeral').every((n) => n.decision === 'run' && n.reason === 'reuse disabled (--no-reuse)'));
    assertOk(await orchestrate(project, ['build', ...vars], { JAFFLE_REGION: 'us' }));
    assert.deepEqual(executedIds(project), []);
  });

  it('target schema change rebuilds everything into the other schema', async () => {
    assertOk(await orchestrate(project, ['build', '--target', 'ci', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    const nodes = report(project).nodes.filter((n) => n.decision !== 'ephemeral');
    assert.equal(nodes.length, runResults(project).results.length);
    assert.ok(nodes.length > selectedCount, 'the big seed joined the project');
    assert.ok(nodes.every((n) => n.decision === 'run' && n.status !== 'reused'));
    assert.equal(reasonOf(project, seed('raw_orders')), 'no previous result');
    // The default target is still intact and reusable.
    assertOk(await orchestrate(project, ['build', '--vars', '{start_date: "2017-06-01"}'], { JAFFLE_REGION: 'us' }));
    assert.deepEqual(executedIds(project), []);
  });
});
