// Seeds read through source() (dbt-labs' jaffle-shop layout: test/fixtures/shop) with real dbt and DuckDB.
// dbt has no edge from a seed to the source naming its table; the engine adds it, so a seed's changes
// reach every reader down the chain (views, tables, a snapshot, an incremental model), dbt orders the
// readers after the seed inside its one invocation, and the warehouse equals a fresh plain build.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { appendFile, copyExample, editFile, executedIds, orchestrate, report, REPO, type CliRun } from './helpers/project.js';
import { assertWarehouseEqualsPlainBuild, duckdbOf, snapshotWarehouse } from './helpers/warehouse.js';

const FIXTURE = join(REPO, 'test/fixtures/shop');
const model = (name: string): string => `model.shop.${name}`;
const seed = (name: string): string => `seed.shop.${name}`;
const snapshot = (name: string): string => `snapshot.shop.${name}`;
const source = (name: string): string => `source.shop.ecom.${name}`;

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

/** The rebuilt nodes plus every data test on them or on the given sources (read from dbt's manifest). */
function withTests(project: string, rebuilt: string[], sources: string[] = []): string[] {
  const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; depends_on?: { nodes?: string[] } }> };
  const parents = new Set([...rebuilt, ...sources]);
  const tests = Object.entries(manifest.nodes)
    .filter(([, n]) => n.resource_type === 'test' && (n.depends_on?.nodes ?? []).some((d) => parents.has(d)))
    .map(([id]) => id);
  return [...rebuilt, ...tests].sort();
}

function reasonOf(project: string, id: string): string {
  return report(project).nodes.find((n) => n.uniqueId === id)!.reason;
}

const warehouse = (project: string) => duckdbOf(project, 'shop.duckdb');
// A cold plain `dbt build` of this layout fails (dbt runs the views before the seeds): its users seed first.
const PLAIN = { steps: [['seed'], ['build']] };

describe('seeds read through source()', () => {
  let built: string;

  before(async () => {
    built = copyExample(FIXTURE);
    // Cold build: with the producer edges dbt loads each seed before the views that read it.
    assertOk(await orchestrate(built, ['build']));
  });

  /** An independent copy of the cold-built project (database, store and target included). */
  function clone(): string {
    const dest = join(mkdtempSync(join(tmpdir(), 'shop-')), basename(built));
    cpSync(built, dest, { recursive: true, filter: (src) => basename(src) !== 'logs' });
    rmSync(join(dest, 'target/partial_parse.msgpack'), { force: true });
    return dest;
  }

  it('a no-change re-run reuses everything', async () => {
    const project = clone();
    assertOk(await orchestrate(project, ['build']));
    assert.deepEqual(executedIds(project), []);
  });

  it('edited seed rows rebuild the views, tables and snapshot that read the seed through source()', async () => {
    const project = clone();
    editFile(project, 'seeds/raw_customers.csv', (t) => t.replace('2,Brook,silver', '2,Brook,gold'));
    assertOk(await orchestrate(project, ['build']));
    const rebuilt = [seed('raw_customers'), model('stg_customers'), model('customers'), snapshot('customers_snapshot'), model('customer_history')];
    assert.deepEqual(executedIds(project), withTests(project, rebuilt, [source('raw_customers')]));
    assert.equal(reasonOf(project, model('stg_customers')), 'upstream `ecom.raw_customers` changed');
    assertWarehouseEqualsPlainBuild(project, { warehouse: warehouse(project), ...PLAIN });
  });

  it('appended seed rows reach the tables and the incremental model below', async () => {
    const project = clone();
    appendFile(project, 'seeds/raw_orders.csv', '6,2,2026-02-01,999,2026-02-01 10:00:00\n');
    assertOk(await orchestrate(project, ['build']));
    const rebuilt = [seed('raw_orders'), model('stg_orders'), model('customers'), model('order_facts')];
    assert.deepEqual(executedIds(project), withTests(project, rebuilt, [source('raw_orders')]));
    assert.equal(snapshotWarehouse(warehouse(project))['main.order_facts'].rows.length, 6);
    assertWarehouseEqualsPlainBuild(project, { warehouse: warehouse(project), ...PLAIN });
  });

  it('--full-refresh rebuilds every seed and its readers in one dbt invocation without a missing-table error', async () => {
    const project = clone();
    const run = await orchestrate(project, ['build', '--full-refresh']);
    assertOk(run);
    const nodes = report(project).nodes;
    assert.ok(nodes.every((n) => n.decision === 'run' && ['success', 'pass'].includes(n.status)), JSON.stringify(nodes.map((n) => [n.uniqueId, n.status])));
    assertWarehouseEqualsPlainBuild(project, { warehouse: warehouse(project), ...PLAIN });
  });

  it('a producer outside the selection: readers follow what its table holds, not its file', async () => {
    const project = clone();
    editFile(project, 'seeds/raw_customers.csv', (t) => t.replace('3,Cyd,bronze', '3,Cyd,silver'));
    // The seed's table still holds the old rows: its readers are up to date.
    assertOk(await orchestrate(project, ['build', '-s', 'stg_customers+']));
    assert.deepEqual(executedIds(project), []);
    assertOk(await orchestrate(project, ['build', '-s', 'raw_customers']));
    assert.deepEqual(executedIds(project), [seed('raw_customers')]);
    // Now it holds the new rows, built in another run: the readers rebuild.
    assertOk(await orchestrate(project, ['build', '-s', 'stg_customers+']));
    assert.deepEqual(executedIds(project), withTests(project, [model('stg_customers'), model('customers')]));
  });
});
