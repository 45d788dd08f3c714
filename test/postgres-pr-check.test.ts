// The PR check on PostgreSQL (real server, real dbt-postgres): production built into schema `main`, then a PR
// checkout with one model changed runs `state:modified+ --defer --state <production>` on the `postgres_ci`
// target: only the changed model and its children are built into `ci`, unselected parents resolve to `main`.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { copyExample, DBT, editFile, orchestrate, report, type CliRun } from './helpers/project.js';
import { runEngine, type EngineResult } from '../src/engine/run.js';
import { validateOptions } from '../src/options.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;

describe('PR check with state:modified+ and deferral on PostgreSQL', () => {
  let pg: PostgresServer;
  let db: string;
  let pr: string;
  let run: CliRun;
  /** The same PR check again, in process (after the tests above read the first run), with the PR impact asked for. */
  let again: (impact: { rows: boolean; timeoutSeconds: number }, line?: (text: string) => void) => Promise<EngineResult>;
  const relationsIn = (schema: string): string[] =>
    pg.query(db, `select table_name from information_schema.tables where table_schema = '${schema}' and table_name <> 'dbt_orchestrator_records' order by 1`).map((r) => String(r[0]));

  before(async () => {
    pg = await startPostgres();
    db = pg.createDatabase('pr_check');
    // Production: the `postgres` target (schema main); its manifest is the state the PR compares with.
    const production = copyExample();
    const built = await orchestrate(production, ['build', '--target', 'postgres'], pg.env(db));
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const state = mkdtempSync(join(tmpdir(), 'pg-prod-state-'));
    for (const file of ['manifest.json', 'orchestrator.json', 'run_results.json']) copyFileSync(join(production, 'target', file), join(state, file));

    // The PR checkout: one model changed, a fresh runner (no store, no target/).
    pr = copyExample(production);
    editFile(pr, 'models/staging/stg_orders.sql', (t) =>
      t.replace('status,', 'status,\n    upper(status) as status_code,').replace('    customer_id,', '    cast(customer_id as bigint) as customer_id,'),
    );
    // Sources are never deferred: the PR reads production's raw schema.
    const args = ['build', '--target', 'postgres_ci', '--vars', '{raw_schema: main_raw}', '--select', 'state:modified+', '--defer', '--state', state];
    run = await orchestrate(pr, args, pg.env(db));
    const options = validateOptions({ command: 'build', projectDir: pr, profilesDir: pr, dbt: DBT, target: 'postgres_ci', vars: '{raw_schema: main_raw}', select: ['state:modified+'], defer: true, state }, pr);
    const deps = (line: (text: string) => void) => ({
      output: { line, warn: () => undefined },
      env: { ...process.env, ...pg.env(db) },
      cwd: pr,
      now: () => new Date(),
      sleep: async () => undefined,
    });
    again = (impact, line = () => undefined) => runEngine({ ...options, impact }, deps(line));
  });
  after(() => pg.stop());

  it('builds only the modified model and its children', () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const nodes = report(pr).nodes;
    const built = nodes.filter((n) => n.decision === 'run' && !['test', 'unit_test'].includes(n.resourceType)).map((n) => n.uniqueId).sort();
    assert.deepEqual(built, [model('customers'), model('fct_daily_revenue'), model('orders'), model('stg_orders'), 'snapshot.jaffle_shop.orders_snapshot']);
    assert.ok(nodes.every((n) => !['error', 'fail', 'skipped'].includes(n.status)), JSON.stringify(nodes.filter((n) => n.status !== 'success' && n.status !== 'pass')));
  });

  it('writes into the ci schema and resolves unselected parents to production', () => {
    assert.deepEqual(relationsIn('ci'), ['customers', 'fct_daily_revenue', 'orders', 'stg_orders']);
    assert.deepEqual(relationsIn('ci_snapshots'), ['orders_snapshot']);
    assert.deepEqual(relationsIn('ci_raw'), [], 'seeds are not rebuilt for the PR');
    const columns = pg.query(db, "select column_name from information_schema.columns where table_schema = 'ci' and table_name = 'stg_orders'").map((r) => r[0]);
    assert.ok(columns.includes('status_code'), columns.join(', '));
    // orders reads stg_payments (through the ephemeral int_order_payments) and customers reads stg_customers:
    // neither exists in ci, so the rows below only come out equal to production's when they were read from main.
    for (const table of ['orders', 'customers']) {
      const sql = (schema: string): string => `select * from ${schema}.${table} order by 1`;
      const rows = pg.query(db, sql('ci'));
      assert.ok(rows.length > 0, `ci.${table} is empty`);
      assert.deepEqual(rows, pg.query(db, sql('main')), `ci.${table} differs from main.${table}`);
    }
    const results = (JSON.parse(readFileSync(join(pr, 'target/run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; compiled_code: string | null }> }).results;
    const orders = results.find((r) => r.unique_id === model('orders'))?.compiled_code ?? '';
    assert.match(orders, /"main"\."stg_payments"/, `orders was not compiled against production's stg_payments:\n${orders}`);
    assert.match(orders, /"ci"\."stg_orders"/, `orders was not compiled against the PR's stg_orders:\n${orders}`);
  });

  it('PR impact: the added and the retyped column from the PostgreSQL catalog, and row counts PR vs production', async () => {
    const impactRun = await again({ rows: true, timeoutSeconds: 60 });
    assert.equal(impactRun.exitCode, 0, impactRun.error);
    const schema = impactRun.impact?.schema;
    assert.ok(schema?.available, JSON.stringify(schema));
    assert.equal(schema.method, 'catalog');
    const stg = schema.nodes.find((n) => n.uniqueId === model('stg_orders'));
    assert.ok(stg?.modified && stg.comparison.kind === 'compared', JSON.stringify(stg));
    assert.deepEqual(stg.comparison.diff.added, [{ name: 'status_code', type: 'text' }]);
    assert.deepEqual(stg.comparison.diff.retyped, [{ name: 'customer_id', from: 'integer', to: 'bigint' }]);
    assert.deepEqual(stg.comparison.diff.removed, []);
    const rows = impactRun.impact?.rows;
    assert.ok(rows?.available, JSON.stringify(rows));
    const count = (relation: string): number => Number(pg.query(db, `select count(*) from ${relation}`)[0]![0]);
    const stgRows = rows.nodes.find((n) => n.uniqueId === model('stg_orders'));
    assert.deepEqual([stgRows?.production, stgRows?.pr], [{ kind: 'rows', rows: count('main.stg_orders') }, { kind: 'rows', rows: count('ci.stg_orders') }]);
    // Direct children of stg_orders are counted; customers (a grandchild) is not.
    assert.ok(rows.nodes.some((n) => n.uniqueId === model('orders')));
    assert.ok(!rows.nodes.some((n) => n.uniqueId === model('customers')));
  });

  it('PR impact: a count that outlives the timeout is reported timed out; the run and its schema changes stand', async () => {
    // A new view whose count waits for a lock this test holds until the run reports its end (the impact comes
    // before): the count cannot answer within the 1 s impact timeout, however fast or slow the machine is. Its
    // request outlives the timeout, so the bridge is stopped; once the lock is free the stopped bridge exits.
    writeFileSync(join(pr, 'models/slow_count.sql'), "{{ config(materialized='view') }}\nselect 1 as id from (select pg_advisory_xact_lock_shared(4242)) as s\n");
    const lock = await pg.holdLocks(db, [4242]);
    let released: Promise<void> | undefined;
    const slowRun = await again({ rows: true, timeoutSeconds: 1 }, (text) => {
      if (/Done: /.test(text)) released ??= lock.releaseAll();
    }).finally(() => (released ??= lock.releaseAll()));
    await released;
    assert.equal(slowRun.exitCode, 0, slowRun.error);
    const slow = slowRun.outcomes.find((o) => o.uniqueId === model('slow_count'));
    assert.equal(slow?.status, 'success');
    const rows = slowRun.impact?.rows;
    assert.ok(rows?.available, JSON.stringify(rows));
    // Answered, the count of the view would be 1 row.
    const slowAt = rows.nodes.findIndex((n) => n.uniqueId === model('slow_count'));
    assert.deepEqual(rows.nodes[slowAt]?.pr, { kind: 'timed-out' });
    // Counts are separate requests: those that finished before the slow one keep their numbers.
    for (const n of rows.nodes.slice(0, slowAt)) assert.equal(n.pr.kind, 'rows', JSON.stringify(n));
    const schema = slowRun.impact?.schema;
    assert.ok(schema?.available && schema.nodes.some((n) => n.uniqueId === model('slow_count') && n.comparison.kind === 'new'), JSON.stringify(schema));
  });
});
