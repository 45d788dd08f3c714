// Reuse and invalidation end to end on the real example project with real dbt. One cold build per file
// (the baseline); every spec starts from its own copy of that built state (project, .duckdb file, target/,
// result store), makes one change, runs the CLI, and asserts the exact set of nodes that ran and why.
// Specs are independent, so they run two at a time. Rules that depend only on what dbt parses (macro,
// package macro, ephemeral, seed, YAML config, test config, var changes) are checked on real parses
// without building: hash-rules.test.ts.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { expectedWithTests } from '../helpers/expected.js';
import { copyBuilt } from '../helpers/fixtures.js';
import { validateRunResults } from '../helpers/schema.js';
import { copyExample, duckdb, editFile, executedIds, orchestrate, report, runResults, type CliRun } from '../helpers/project.js';

const P = 'jaffle_shop';
const model = (name: string): string => `model.${P}.${name}`;
const seed = (name: string): string => `seed.${P}.${name}`;
const snapshot = (name: string): string => `snapshot.${P}.${name}`;

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function assertRebuilt(project: string, rebuilt: string[]): void {
  assert.deepEqual(executedIds(project), expectedWithTests(project, rebuilt));
}

function reasonOf(project: string, uniqueId: string): string {
  return report(project).nodes.find((n) => n.uniqueId === uniqueId)!.reason;
}

describe('reuse on the example project', { concurrency: 2 }, () => {
  /** The example project after one cold `build --threads 4`; never changed by a spec. */
  let baseline: string;
  let coldRun: CliRun;
  let selectedCount = 0;
  /** A private copy of the built baseline. */
  const built = (): string => copyBuilt(baseline);

  before(async () => {
    baseline = copyExample();
    coldRun = await orchestrate(baseline, ['build', '--threads', '4']);
    assertOk(coldRun);
    selectedCount = runResults(baseline).results.length;
  });

  it('cold build builds every node and writes a schema-valid run_results.json', () => {
    const doc = runResults(baseline);
    const validation = validateRunResults(doc);
    assert.ok(validation.valid, validation.errors.join('\n'));
    assert.ok(selectedCount >= 40, `expected the whole project, got ${selectedCount}`);
    assert.ok(doc.results.every((r) => ['success', 'pass'].includes(r.status)), JSON.stringify(doc.results.map((r) => r.status)));
    assert.equal(report(baseline).totals.reused, 0);
  });

  it('an immediate re-run executes nothing and reports every node reused', async () => {
    const project = built();
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
    const project = built();
    editFile(project, 'models/staging/stg_customers.sql', (t) => t.replace('full_name,', 'full_name,\n    length(first_name) as first_name_length,'));
    assertOk(await orchestrate(project, ['build']));
    assertRebuilt(project, [model('stg_customers'), model('customers')]);
    assert.equal(reasonOf(project, model('stg_customers')), 'code changed');
    assert.equal(reasonOf(project, model('customers')), 'upstream `stg_customers` changed');
  });

  it('env var change rebuilds only the nodes reading it', async () => {
    const project = built();
    assertOk(await orchestrate(project, ['build'], { JAFFLE_REGION: 'us' }));
    assertRebuilt(project, [model('orders'), model('customers')]);
    assert.equal(reasonOf(project, model('orders')), 'env var `JAFFLE_REGION` changed');
  });

  it('a dropped table is rebuilt with reason "relation missing", nothing else', async () => {
    const project = built();
    duckdb(project, 'drop table main.customers');
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), [model('customers')]);
    assert.equal(reasonOf(project, model('customers')), 'relation missing');
  });

  it('a seed above dbt\'s 1 MiB checksum limit still rebuilds when one byte changes', async () => {
    const project = built();
    const row = (i: number): string => `${i},${'x'.repeat(500)}\n`;
    const rows = Array.from({ length: 2200 }, (_, i) => row(i)).join('');
    writeFileSync(join(project, 'seeds/big_seed.csv'), `id,payload\n${rows}`);
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), [seed('big_seed')]);
    editFile(project, 'seeds/big_seed.csv', (t) => t.replace(`1000,${'x'.repeat(500)}`, `1000,${'y'.repeat(500)}`));
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), [seed('big_seed')]);
    assert.equal(reasonOf(project, seed('big_seed')), 'code changed');
  });

  it('--full-refresh rebuilds every selected model, seed and snapshot with that reason', async () => {
    const project = built();
    assertOk(await orchestrate(project, ['build', '--full-refresh', '-s', 'stg_orders+']));
    for (const id of [model('stg_orders'), model('orders'), model('fct_daily_revenue'), snapshot('orders_snapshot')]) {
      assert.equal(reasonOf(project, id), 'full refresh requested', id);
    }
  });

  it('--no-reuse builds everything and still records results', async () => {
    const project = built();
    assertOk(await orchestrate(project, ['build', '--no-reuse']));
    assert.ok(report(project).nodes.filter((n) => n.decision !== 'ephemeral').every((n) => n.decision === 'run' && n.reason === 'reuse disabled (--no-reuse)'));
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), []);
  });

  it('target schema change rebuilds everything into the other schema', async () => {
    const project = built();
    assertOk(await orchestrate(project, ['build', '--target', 'ci']));
    const nodes = report(project).nodes.filter((n) => n.decision !== 'ephemeral');
    assert.equal(nodes.length, runResults(project).results.length);
    assert.equal(nodes.length, selectedCount, 'the whole project, as in the default target');
    assert.ok(nodes.every((n) => n.decision === 'run' && n.status !== 'reused'));
    assert.equal(reasonOf(project, seed('raw_orders')), 'no previous result');
    // The default target is still intact and reusable.
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), []);
  });
});
