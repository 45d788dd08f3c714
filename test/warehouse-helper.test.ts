// The warehouse comparison helper itself: it must see a difference when there is one (a check that
// cannot fail is a defect), mask only what legitimately depends on build time, and, end to end, pass
// after an orchestrated build of the example and fail once a single cell of it is changed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyExample, orchestrate, REPO } from './helpers/project.js';
import { assertWarehouseEqualsPlainBuild, compareWarehouses, duckdbOf, execSql, snapshotWarehouse, type DuckDbWarehouse } from './helpers/warehouse.js';

function database(...statements: string[]): DuckDbWarehouse {
  const w: DuckDbWarehouse = { kind: 'duckdb', path: join(mkdtempSync(join(tmpdir(), 'wh-')), 'shop.duckdb') };
  execSql(w, 'create schema raw', ...statements);
  return w;
}

const BASE = [
  "create table raw.items as select * from (values (1, 'gold tier', 2.5), (2, 'silver', 1.0)) t(id, label, price)",
  'create view main.item_ids as select id from raw.items',
];

describe('warehouse comparison helper', () => {
  it('equal databases compare equal, whatever the row order', () => {
    const a = database(...BASE);
    const b = database(
      "create table raw.items as select * from (values (2, 'silver', 1.0), (1, 'gold tier', 2.5)) t(id, label, price)",
      'create view main.item_ids as select id from raw.items',
    );
    assert.deepEqual(compareWarehouses(snapshotWarehouse(a), snapshotWarehouse(b)), []);
  });

  it('a changed cell, a missing row, a missing relation, a changed column type and a view turned table are all reported', () => {
    const a = snapshotWarehouse(database(...BASE));
    const cases: Array<[string, string[], RegExp]> = [
      ['changed cell', ["create table raw.items as select * from (values (1, 'gold  tier', 2.5), (2, 'silver', 1.0)) t(id, label, price)", BASE[1]], /raw\.items: 2 rows vs 2 .*gold  tier/],
      ['missing row', ["create table raw.items as select * from (values (1, 'gold tier', 2.5)) t(id, label, price)", BASE[1]], /raw\.items: 2 rows vs 1/],
      ['missing relation', [BASE[0]], /main\.item_ids: unexpected/],
      ['column type', ["create table raw.items as select id, label, cast(price as double) as price from (values (1, 'gold tier', 2.5), (2, 'silver', 1.0)) t(id, label, price)", BASE[1]], /raw\.items: columns/],
      ['view vs table', [BASE[0], 'create table main.item_ids as select id from raw.items'], /main\.item_ids: a view, the plain build has a table/],
    ];
    for (const [name, statements, expected] of cases) {
      const differences = compareWarehouses(a, snapshotWarehouse(database(...statements)));
      assert.ok(differences.some((d) => expected.test(d)), `${name}: ${JSON.stringify(differences)}`);
    }
  });

  it('exclude and ignoreColumns drop exactly what they name; snapshot meta columns are masked, current rows compared', () => {
    const snapshotTable = (validFrom: string, history: boolean): string =>
      `create table raw.snap as select * from (values (1, 'a', 'scd-${validFrom}', timestamp '${validFrom}', timestamp '${validFrom}', cast(null as timestamp))` +
      (history ? `, (1, 'old', 'x', timestamp '2000-01-01', timestamp '2000-01-01', timestamp '2000-01-02')` : '') +
      ') t(id, v, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to)';
    const a = database(...BASE, snapshotTable('2026-01-01', true), 'create table main.orchestrator_state as select 1 as x');
    const b = database(...BASE, snapshotTable('2026-06-01', false));
    const exclude = [/^main\.orchestrator_/];
    assert.deepEqual(compareWarehouses(snapshotWarehouse(a, { exclude }), snapshotWarehouse(b, { exclude })), []);
    assert.notDeepEqual(compareWarehouses(snapshotWarehouse(a), snapshotWarehouse(b)), [], 'without the exclusion the extra table shows');
    assert.notDeepEqual(
      compareWarehouses(snapshotWarehouse(a, { exclude, snapshotRows: 'all' }), snapshotWarehouse(b, { exclude, snapshotRows: 'all' })),
      [],
      'with all snapshot rows the history row shows',
    );
    const c = database(BASE[0].replace("'silver'", "'bronze'"), BASE[1]);
    assert.deepEqual(compareWarehouses(snapshotWarehouse(database(...BASE), { ignoreColumns: ['label'] }), snapshotWarehouse(c, { ignoreColumns: ['label'] })), []);
    assert.deepEqual(compareWarehouses(snapshotWarehouse(database(...BASE), { schemas: ['main'] }), snapshotWarehouse(c, { schemas: ['main'] })), []);
  });

  it('end to end: an orchestrated build equals a plain dbt build, and one changed cell fails the assertion', async () => {
    const project = copyExample();
    const run = await orchestrate(project, ['build']);
    assert.equal(run.code, 0, run.stderr);
    assertWarehouseEqualsPlainBuild(project, { warehouse: duckdbOf(project) });
    execSql(duckdbOf(project), "update main.customers set first_name = 'Stale' where customer_id = (select min(customer_id) from main.customers)");
    assert.throws(() => assertWarehouseEqualsPlainBuild(project, { warehouse: duckdbOf(project) }), /main\.customers: .*Stale/);
  });

  it('a plain build one test process memoised is read back by another of the same run, not built again; PLAIN_BUILD_MEMO=0 always builds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plain-memo-'));
    const code = "import('./test/helpers/plain-memo.ts').then(({ memoised }) => process.stdout.write(JSON.stringify(memoised('k', () => { process.stdout.write('built '); return [['main', 1]]; }))))";
    const inProcess = (env: NodeJS.ProcessEnv): string => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: REPO, encoding: 'utf8', env: { ...process.env, DBT_TEST_PLAIN_MEMO: dir, ...env } });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout;
    };
    assert.equal(inProcess({}), 'built [["main",1]]');
    assert.deepEqual(readdirSync(dir), ['k.json']);
    assert.equal(inProcess({}), '[["main",1]]');
    assert.equal(inProcess({ PLAIN_BUILD_MEMO: '0' }), 'built [["main",1]]');
  });
});
