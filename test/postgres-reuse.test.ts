// Reuse on PostgreSQL (real server, real dbt-postgres): the example project on its `postgres` target, one
// throwaway cluster for the file. A cold build builds everything, a no-change run reuses everything, a code
// edit rebuilds exactly the edited model and what depends on it, and the warehouse then holds what a fresh
// plain `dbt build` of the same code produces.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { copyExample, editFile, executedIds, orchestrate, report, runResults, type CliRun } from './helpers/project.js';
import { assertWarehouseEqualsPlainBuild } from './helpers/warehouse.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;
const TARGET = ['--target', 'postgres'];

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

/** The given relations plus every data/unit test attached to one of them, from dbt's manifest. */
function withTests(project: string, relations: string[]): string[] {
  const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8'));
  const nodes: Record<string, { resource_type: string; depends_on?: { nodes?: string[] } }> = { ...manifest.nodes, ...(manifest.unit_tests ?? {}) };
  const set = new Set(relations);
  const tests = Object.entries(nodes)
    .filter(([, n]) => ['test', 'unit_test'].includes(n.resource_type) && (n.depends_on?.nodes ?? []).some((d) => set.has(d)))
    .map(([id]) => id);
  return [...relations, ...tests].sort();
}

describe('reuse on PostgreSQL', () => {
  let pg: PostgresServer;
  let project: string;
  let db: string;
  let cold: CliRun;
  const build = (): Promise<CliRun> => orchestrate(project, ['build', ...TARGET], pg.env(db));

  before(async () => {
    pg = await startPostgres();
    db = pg.createDatabase('reuse');
    project = copyExample();
    cold = await build();
  });
  after(() => pg.stop());

  it('a cold build builds every node into PostgreSQL', () => {
    assertOk(cold);
    const { totals } = report(project);
    assert.equal(totals.reused, 0);
    assert.equal(totals.run, totals.selected);
    assert.ok(totals.selected >= 40, JSON.stringify(totals));
    const relations = pg.query(db, "select table_schema || '.' || table_name from information_schema.tables where table_schema like 'main%' and table_name <> 'dbt_orchestrator_records' order by 1").map((r) => r[0]);
    assert.deepEqual(relations, [
      'main.customers', 'main.fct_daily_revenue', 'main.orders', 'main.stg_customers', 'main.stg_orders', 'main.stg_payments',
      'main_raw.raw_customers', 'main_raw.raw_orders', 'main_raw.raw_payments', 'main_snapshots.orders_snapshot',
    ]);
  });

  it('a run with nothing changed reuses every node and executes no SQL', async () => {
    const run = await build();
    assertOk(run);
    assert.deepEqual(executedIds(project), []);
    assert.deepEqual([...new Set(runResults(project).results.map((r) => r.status))], ['reused']);
    assert.doesNotMatch(run.stdout, /^START/m);
  });

  it('a code edit rebuilds exactly the model and its descendants; the warehouse equals a fresh plain dbt build', async () => {
    editFile(project, 'models/staging/stg_customers.sql', (t) => t.replace('full_name,', 'full_name,\n    length(first_name) as first_name_length,'));
    assertOk(await build());
    assert.deepEqual(executedIds(project), withTests(project, [model('stg_customers'), model('customers')]));
    const reasons = Object.fromEntries(report(project).nodes.map((n) => [n.uniqueId, n.reason]));
    assert.equal(reasons[model('stg_customers')], 'code changed');
    assert.equal(reasons[model('customers')], 'upstream `stg_customers` changed');
    const columns = pg.query(db, "select column_name from information_schema.columns where table_schema = 'main' and table_name = 'stg_customers'").map((r) => r[0]);
    assert.ok(columns.includes('first_name_length'), columns.join(', '));
    assertWarehouseEqualsPlainBuild(project, { warehouse: pg.warehouse(db), target: 'postgres' });
  });

  it('a table and a view dropped in PostgreSQL are rebuilt with reason "relation missing", nothing else', async () => {
    pg.query(db, 'drop table main.customers');
    pg.query(db, 'drop view main.stg_payments');
    assertOk(await build());
    assert.deepEqual(executedIds(project), [model('customers'), model('stg_payments')]);
    for (const name of ['customers', 'stg_payments']) assert.equal(report(project).nodes.find((n) => n.uniqueId === model(name))?.reason, 'relation missing', name);
    assert.equal(pg.query(db, 'select count(*) from main.customers')[0][0], 30);
  });
});
