// The warehouse record (dbt_orchestrator_records) is the final word on what a relation holds: whatever
// happens to the result store, and whatever is run outside dbt-orchestrator, a reuse never serves a
// stale table. Real dbt, real DuckDB and real PostgreSQL; after each repair the warehouse equals a fresh
// plain `dbt build` of the same code.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyBuilt } from './helpers/fixtures.js';
import { copyExample, DBT, editFile, REPO, report, type CliRun } from './helpers/project.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { assertEqualsPlainBuild, duckdbWarehouse, postgresWarehouse, type Warehouse } from './helpers/warehouses.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;
const STORE = '.dbt-orchestrator';

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function decision(w: Warehouse, uniqueId: string): { decision: string; reason: string } {
  const node = report(w.project).nodes.find((n) => n.uniqueId === uniqueId);
  assert.ok(node, `${uniqueId} not in orchestrator.json`);
  return node;
}

function assertRebuilt(w: Warehouse, ids: string[], reason?: RegExp): void {
  for (const id of ids) {
    const d = decision(w, id);
    assert.equal(d.decision, 'run', `${id} was ${d.decision} (${d.reason})`);
    if (reason) assert.match(d.reason, reason, id);
  }
}

// B versions of the code: tests keep passing; ORDERS_FEWER also changes the row count, ORDERS_REGION only values.
const STG_SHIFT = (text: string): string => text.replace('    order_date,\n', "    cast(order_date + interval '1 day' as date) as order_date,\n");
const ORDERS_FEWER = (text: string): string => text.replace(/left join payments using \(order_id\)\s*$/, "left join payments using (order_id)\nwhere orders.status <> 'returned'\n");
const ORDERS_REGION = (text: string): string => text.replace('"JAFFLE_REGION", "eu"', '"JAFFLE_REGION", "us"');

interface Setup {
  name: string;
  /** Starts the warehouse and builds the example into it once (the file's shared baseline). */
  start(): Promise<void>;
  /** A private copy of the built baseline: project, target/, store and warehouse (each test gets its own). */
  copy(): Warehouse;
  stop(): void;
}

let pg: PostgresServer | undefined;
// The hash covers the target database's name, so every PostgreSQL test works in a database of the same name,
// re-created from the built baseline (a template) before each test.
const PG_WORK = `drift_${process.pid}`;
const PG_BASE = `${PG_WORK}_base`;
let duckBase = '';
let pgBase = '';

async function buildBaseline(w: Warehouse): Promise<void> {
  assertOk(await w.orchestrate(['build']));
}

const SETUPS: Setup[] = [
  {
    name: 'DuckDB',
    start: async () => {
      duckBase = copyExample();
      await buildBaseline(duckdbWarehouse(duckBase));
    },
    copy: () => duckdbWarehouse(copyBuilt(duckBase)),
    stop: () => undefined,
  },
  {
    name: 'PostgreSQL',
    start: async () => {
      pg = await startPostgres();
      pgBase = copyExample();
      await buildBaseline(postgresWarehouse(pgBase, pg, pg.createDatabase(PG_WORK)));
      pg.query('postgres', `create database ${PG_BASE} template ${PG_WORK}`);
    },
    copy: () => {
      pg!.query('postgres', `drop database if exists ${PG_WORK} with (force)`);
      pg!.query('postgres', `create database ${PG_WORK} template ${PG_BASE}`);
      return postgresWarehouse(copyBuilt(pgBase), pg!, PG_WORK);
    },
    stop: () => pg?.stop(),
  },
];

// WAREHOUSE_ADAPTERS=DuckDB (or PostgreSQL) runs one half, e.g. to split the file across CI jobs.
const only = process.env.WAREHOUSE_ADAPTERS?.split(',').map((a) => a.trim().toLowerCase());
for (const setup of SETUPS.filter((s) => !only || only.includes(s.name.toLowerCase()))) {
  describe(`warehouse records on ${setup.name}`, () => {
    before(() => setup.start());
    after(() => setup.stop());

    // Every test starts from its own copy of one cold build of the example (what `orchestrate build` left).
    const built = async (): Promise<Warehouse> => setup.copy();

    it('a run whose store writes were all lost (read-only, full or crashed store), then the code reverted, rebuilds what that run changed', async () => {
      const w = await built();
      const saved = mkdtempSync(join(tmpdir(), 'store-'));
      cpSync(join(w.project, STORE), saved, { recursive: true });
      const original = readFileSync(join(w.project, 'models/staging/stg_orders.sql'), 'utf8');
      editFile(w.project, 'models/staging/stg_orders.sql', STG_SHIFT);
      assertOk(await w.orchestrate(['build']));
      // Every store write of that run is lost: the store is what it was before it.
      rmSync(join(w.project, STORE), { recursive: true });
      cpSync(saved, join(w.project, STORE), { recursive: true });
      writeFileSync(join(w.project, 'models/staging/stg_orders.sql'), original);

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, [model('stg_orders')], /warehouse holds another version/);
      assertRebuilt(w, [model('orders'), model('customers'), model('fct_daily_revenue')]);
      assertEqualsPlainBuild(w);
    });

    it('a plain `dbt run -s orders` outside the orchestrator, then the code reverted: orders and its dependents rebuild', async () => {
      const w = await built();
      const original = readFileSync(join(w.project, 'models/marts/core/orders.sql'), 'utf8');
      editFile(w.project, 'models/marts/core/orders.sql', ORDERS_FEWER);
      w.dbt(['run', '-s', 'orders']);
      writeFileSync(join(w.project, 'models/marts/core/orders.sql'), original);

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, [model('orders')], /relation changed outside dbt-orchestrator/);
      assertRebuilt(w, [model('customers')], /upstream `orders` rebuilt/);
      assertEqualsPlainBuild(w);
      // And then the warehouse vouches again.
      assertOk(await w.orchestrate(['build']));
      assert.equal(report(w.project).totals.run, 0);
      assert.ok(report(w.project).totals.reused >= 44);
    });

    it('a table re-created outside with the same columns and row count but other values is detected', async () => {
      const w = await built();
      const original = readFileSync(join(w.project, 'models/marts/core/orders.sql'), 'utf8');
      editFile(w.project, 'models/marts/core/orders.sql', ORDERS_REGION);
      w.dbt(['run', '-s', 'orders']);
      writeFileSync(join(w.project, 'models/marts/core/orders.sql'), original);

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, [model('orders')], /relation changed outside dbt-orchestrator/);
      assertEqualsPlainBuild(w);
    });

    it('a view redefined outside with the same name and columns (CREATE OR REPLACE VIEW) is detected', async () => {
      const w = await built();
      const node = (JSON.parse(readFileSync(join(w.project, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { schema: string; alias: string }> }).nodes[model('stg_orders')]!;
      const view = `${node.schema}.${node.alias}`;
      // Same columns and types, no rows: the view keeps its name (and on PostgreSQL its oid; a view has no relfilenode).
      w.query(`create table ${node.schema}.outside_copy as select * from ${view}`);
      w.query(`create or replace view ${view} as select * from ${node.schema}.outside_copy where 1 = 0`);

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, [model('stg_orders')], /relation changed outside dbt-orchestrator/);
      w.query(`drop table ${node.schema}.outside_copy`);
      assertEqualsPlainBuild(w);
    });

    it('toggling code A → B → A rebuilds at each step', async () => {
      const w = await built();
      const original = readFileSync(join(w.project, 'models/marts/core/orders.sql'), 'utf8');
      for (const code of [ORDERS_REGION(original), original]) {
        writeFileSync(join(w.project, 'models/marts/core/orders.sql'), code);
        assertOk(await w.orchestrate(['build']));
        assertRebuilt(w, [model('orders'), model('customers')]);
      }
      assertEqualsPlainBuild(w);
    });

    it('an out-of-band re-seed (seed file edited, `dbt seed`, file restored) is detected', async () => {
      const w = await built();
      const path = join(w.project, 'seeds/raw_orders.csv');
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, original.replace(/,shipped,/g, ',placed,'));
      w.dbt(['seed', '-s', 'raw_orders']);
      writeFileSync(path, original);

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, ['seed.jaffle_shop.raw_orders'], /relation changed outside dbt-orchestrator/);
      assertRebuilt(w, [model('orders')], /upstream `raw_orders` rebuilt/);
      assertEqualsPlainBuild(w);
    });

    it('an out-of-band snapshot (taken from changed code) is detected', async () => {
      const w = await built();
      const path = join(w.project, 'models/staging/stg_orders.sql');
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, original.replace('    loaded_at\n', "    loaded_at + interval '1 day' as loaded_at\n"));
      w.dbt(['run', '-s', 'stg_orders']);
      w.dbt(['snapshot']);
      writeFileSync(path, original);
      w.dbt(['run', '-s', 'stg_orders']); // stg_orders is back as recorded: only the snapshot moved

      const run = await w.orchestrate(['build']);
      assertOk(run);
      assertRebuilt(w, ['snapshot.jaffle_shop.orders_snapshot'], /relation changed outside dbt-orchestrator/);
    });

    it('a kill -9 of the dbt process between a node\'s SQL and its record leaves that node to be rebuilt', async () => {
      const w = await built();
      editFile(w.project, 'models/marts/core/orders.sql', ORDERS_REGION);
      // Records are held back 60 s; dbt is killed as soon as the engine has seen orders succeed.
      const killed = await killAfter(w, 'model orders', { DBT_ORCHESTRATOR_TEST_RECORD_DELAY: '60' });
      assert.ok(killed, 'orders never finished');

      assertOk(await w.orchestrate(['build']));
      assertRebuilt(w, [model('orders')], /no record in the warehouse/);
      assertEqualsPlainBuild(w);
    });
  });
}

/** Runs the CLI as its own process; kills its dbt process (-9) when `node` finished; true if it did. */
function killAfter(w: Warehouse, node: string, env: Record<string, string>): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src/bin.ts'), 'build', '--project-dir', w.project, '--profiles-dir', w.project, '--dbt', DBT, ...w.targetArgs],
      { cwd: REPO, env: { ...process.env, ...w.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && new RegExp(`OK +${node} `).test(out)) {
        killed = true;
        const bridge = execChildren(child.pid!);
        for (const pid of bridge) process.kill(pid, 'SIGKILL');
      }
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('exit', () => resolve(killed));
  });
}

function execChildren(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}
