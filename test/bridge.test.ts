// The dbt bridge against real dbt (dbt-duckdb) on a tiny fixture project written to a temp dir.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BridgeError, DbtBridge, bridgeScriptPath, type BuildEvent } from '../src/dbt/bridge.js';
import { locateDbt } from '../src/dbt/locate.js';
import type { BuildResult, DbtCommonArgs } from '../src/dbt/protocol.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const timings: Record<string, number> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round(performance.now() - t0);
  }
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

function fixture(root: string): void {
  writeTree(root, {
    'dbt_project.yml': `name: fixture
version: '1.0'
profile: fixture
config-version: 2
vars:
  start_year: 2020
models:
  fixture:
    +materialized: table
`,
    'profiles.yml': `fixture:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "${join(root, 'dev.duckdb')}"
      schema: main
      threads: 2
    other:
      type: duckdb
      path: "${join(root, 'other.duckdb')}"
      schema: main
      threads: 1
`,
    'selectors.yml': `selectors:
  - name: staging_only
    definition:
      method: path
      value: models/staging
`,
    'seeds/raw_orders.csv': 'id,amount\n1,10\n2,20\n3,30\n',
    'models/staging/stg_orders.sql': `select id, amount, '{{ env_var("FX_REGION", "eu") }}' as region from {{ ref('raw_orders') }}\n`,
    'models/eph.sql': `{{ config(materialized='ephemeral') }}\nselect id, amount from {{ ref('stg_orders') }} where amount > 5\n`,
    'models/orders.sql': `select id, amount * 2 as doubled from {{ ref('eph') }}\n`,
    'models/broken.sql': `select no_such_column from {{ ref('stg_orders') }}\n`,
    'models/after_broken.sql': `select * from {{ ref('broken') }}\n`,
    'models/marts/dim_v1.sql': 'select 1 as id\n',
    'models/marts/dim_v2.sql': 'select 2 as id\n',
    'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests: [not_null]
  - name: dim
    latest_version: 2
    versions:
      - v: 1
      - v: 2
unit_tests:
  - name: test_doubled
    model: orders
    given:
      - input: ref('eph')
        format: sql
        rows: |
          select 1 as id, 2 as amount
    expect:
      rows:
        - {id: 1, doubled: 4}
`,
    // A singular test whose fqn ([fixture, orders]) equals the model orders' fqn.
    'tests/orders.sql': `select * from {{ ref('orders') }} where doubled < 0\n`,
  });
}

const located = locateDbt({ projectDir: repo, env: process.env, cwd: repo });
const ids = {
  seed: 'seed.fixture.raw_orders',
  stg: 'model.fixture.stg_orders',
  eph: 'model.fixture.eph',
  orders: 'model.fixture.orders',
  broken: 'model.fixture.broken',
  afterBroken: 'model.fixture.after_broken',
  dimV1: 'model.fixture.dim.v1',
  dimV2: 'model.fixture.dim.v2',
  unit: 'unit_test.fixture.orders.test_doubled',
  singular: 'test.fixture.orders',
};
// Everything `dbt build` executes in the fixture (the ephemeral model is compiled into orders).
const BUILDABLE = new Set(['model', 'seed', 'snapshot', 'test', 'unit_test']);

describe('dbt bridge (real dbt)', { timeout: 120_000 }, () => {
  let dir: string;
  let project: string;
  let args: DbtCommonArgs;
  let bridge: DbtBridge;
  let notNullId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
    project = join(dir, 'project');
    fixture(project);
    args = { projectDir: project, profilesDir: project };
    bridge = await timed('start+ready', () =>
      DbtBridge.start({
        python: located.python,
        bridgeScript: bridgeScriptPath(),
        projectDir: project,
        env: { ...process.env, FX_REGION: 'us', DO_NOT_TRACK: '1' },
        logFile: join(dir, 'dbt.log'),
      }),
    );
  });

  after(async () => {
    await bridge?.close();
    rmSync(dir, { recursive: true, force: true });
    console.log('bridge timings (ms):', JSON.stringify(timings));
  });

  test('starts and reports versions', () => {
    assert.match(bridge.dbtVersion, /^\d+\.\d+\.\d+/);
    assert.match(bridge.pythonVersion, /^3\.\d+/);
  });

  test('parse: target, versions, env vars, vars', async () => {
    const parse = await timed('parse', () => bridge.parse(args));
    assert.equal(parse.manifestPath, join(project, 'target', 'manifest.json'));
    assert.deepEqual(parse.target, { profileName: 'fixture', targetName: 'dev', adapterType: 'duckdb', database: 'dev', schema: 'main', threads: 2 });
    assert.equal(parse.dbtVersion, bridge.dbtVersion);
    assert.match(parse.adapterVersion, /^\d+\.\d+/);
    assert.deepEqual(parse.envVarsByUniqueId[ids.stg], ['FX_REGION']);
    assert.equal(parse.envVarsByUniqueId[ids.orders], undefined);
    assert.match(parse.envVarDigests.FX_REGION!, /^[0-9a-f]{64}$/);
    assert.match(parse.projectEnvVarsHash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(parse.vars.global.start_year, 2020);
    assert.equal(parse.projectName, 'fixture');
    assert.equal(parse.packagesInstallPath, 'dbt_packages');
  });

  test('ls: select, exclude, selectors.yml selector, indirect selection', async () => {
    const staging = await timed('ls', () => bridge.ls({ ...args, select: ['staging'] }));
    assert.deepEqual(staging.uniqueIds, [ids.stg]);
    const models = await bridge.ls({ ...args, select: ['resource_type:model'], exclude: ['broken+', 'marts'], indirectSelection: 'empty' });
    assert.deepEqual(new Set(models.uniqueIds), new Set([ids.stg, ids.eph, ids.orders]));
    const bySelector = await bridge.ls({ ...args, selector: 'staging_only' });
    assert.deepEqual(bySelector.uniqueIds, [ids.stg]);
    const eager = await bridge.ls({ select: ['orders,resource_type:model'] }); // common args default to the parse's
    assert.ok(eager.uniqueIds.includes(ids.unit) && eager.uniqueIds.some((id) => id.startsWith('test.fixture.not_null_orders_id')));
    const empty = await bridge.ls({ select: ['orders,resource_type:model'], indirectSelection: 'empty' });
    assert.deepEqual(empty.uniqueIds, [ids.orders]);
    notNullId = eager.uniqueIds.find((id) => id.startsWith('test.fixture.not_null_orders_id'))!;
  });

  test('ls: unknown selector, bad method, state: without --state → selection errors', async () => {
    await assert.rejects(bridge.ls({ ...args, selector: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof BridgeError);
      assert.equal(e.kind, 'selection');
      assert.match(e.message, /Could not find selector named nope/);
      return true;
    });
    await assert.rejects(bridge.ls({ ...args, select: ['bogus_method:x'] }), { name: 'BridgeError', kind: 'selection' });
    await assert.rejects(bridge.ls({ ...args, select: ['state:modified'] }), { kind: 'selection', message: /no comparison manifest/ });
  });

  test('relations before any build: empty, missing schema is not an error', async () => {
    const { relations } = await timed('relations', () =>
      bridge.relations({ ...args, schemas: [{ database: 'dev', schema: 'main' }, { database: 'dev', schema: 'no_such_schema' }] }),
    );
    assert.deepEqual(relations, []);
  });

  test('build of an exact subset: events in order, statuses, skipped children', async () => {
    const requested = [ids.seed, ids.stg, ids.broken, ids.afterBroken, ids.orders, ids.unit, notNullId];
    const events: BuildEvent[] = [];
    const result = await timed(`build(${requested.length} nodes)`, () =>
      bridge.build({ ...args, uniqueIds: requested, threads: 2, fullRefresh: false }, (e) => events.push(e)),
    );
    assert.equal(result.success, false);
    assert.equal(result.error, undefined);
    const status = Object.fromEntries(result.results.map((r) => [r.unique_id, r.status]));
    assert.deepEqual(status, {
      [ids.seed]: 'success',
      [ids.stg]: 'success',
      [ids.broken]: 'error',
      [ids.afterBroken]: 'skipped',
      [ids.orders]: 'success',
      [ids.unit]: 'pass',
      [notNullId]: 'pass',
    });
    assert.match(result.results.find((r) => r.unique_id === ids.broken)!.message ?? '', /no_such_column/);
    assert.equal(result.results.find((r) => r.unique_id === ids.stg)!.compiled_code?.includes("'us' as region"), true);

    // every node starts, then finishes; parents finish before children start; ids match the request
    const position = (kind: string, id: string) => events.findIndex((e) => e.event === kind && e.uniqueId === id);
    for (const id of requested) {
      assert.ok(position('node_start', id) >= 0 && position('node_start', id) < position('node_finish', id), id);
    }
    assert.ok(position('node_finish', ids.seed) < position('node_start', ids.stg));
    assert.ok(position('node_finish', ids.stg) < position('node_start', ids.broken));
    assert.ok(position('node_finish', ids.broken) < position('node_start', ids.afterBroken));
    assert.ok(position('node_finish', ids.unit) < position('node_start', ids.orders));
    assert.ok(events.every((e) => e.id !== undefined && requested.includes(e.uniqueId)));
    // node_finish carries the same item as the final results
    for (const e of events) {
      if (e.event !== 'node_finish') continue;
      assert.deepEqual(e.result, result.results.find((r) => r.unique_id === e.uniqueId));
    }
    assert.match((events[0] as Extract<BuildEvent, { event: 'node_start' }>).startedAt, /Z$/);
  });

  test('relations after a build, in the same process', async () => {
    const { relations } = await bridge.relations({ ...args, schemas: [{ database: 'dev', schema: 'main' }] });
    const names = new Set(relations.map((r) => r.identifier));
    for (const name of ['raw_orders', 'stg_orders', 'orders']) assert.ok(names.has(name), name);
    assert.ok(!names.has('broken') && !names.has('eph'));
    assert.ok(relations.every((r) => r.database === 'dev' && r.schema === 'main' && r.type === 'table'));
  });

  test('exact selection: the build set is the requested set, never more', async () => {
    const cases: string[][] = [
      [ids.orders], // shares its fqn with the singular test `orders`, has a unit test and a data test
      [ids.singular],
      [ids.dimV1], // a versioned model, without its sibling version
      [ids.stg, ids.dimV2],
    ];
    const { uniqueIds: all } = await bridge.ls({ ...args, select: ['fqn:*'], indirectSelection: 'empty' });
    const everything = all.filter((id) => isBuildable(id) && id !== ids.eph);
    cases.push(everything.filter((id) => id !== ids.afterBroken), everything);
    for (const requested of cases) {
      const started: string[] = [];
      const result = await bridge.build({ ...args, uniqueIds: requested, threads: 4, fullRefresh: false }, (e) => {
        if (e.event === 'node_start') started.push(e.uniqueId);
      });
      assert.deepEqual(new Set(built(result)), new Set(requested), JSON.stringify(requested));
      assert.deepEqual(new Set(started), new Set(requested));
    }
  });

  test('a second bridge: env flags cannot change a build; a dbt crash is success=false + error', async () => {
    const b = await DbtBridge.start({
      python: located.python,
      bridgeScript: bridgeScriptPath(),
      projectDir: project,
      env: { ...process.env, DO_NOT_TRACK: '1', DBT_EXCLUDE_RESOURCE_TYPES: 'unit_test', DBT_INDIRECT_SELECTION: 'eager', DBT_DEFER: 'true' },
    });
    try {
      await b.parse({ ...args, target: 'other' });
      // the unit test is requested without its model: dbt build would silently not run it
      const events: BuildEvent[] = [];
      const result = await b.build({ uniqueIds: [ids.seed, ids.unit], threads: 1, fullRefresh: false }, (e) => events.push(e));
      assert.deepEqual(new Set(built(result)), new Set([ids.seed, ids.unit]), result.error);
      assert.equal(result.results.find((r) => r.unique_id === ids.unit)?.status, 'pass');
      assert.deepEqual(events.filter((e) => e.event === 'node_finish').map((e) => e.uniqueId), [ids.seed, ids.unit]);
      // The first bridge holds the DuckDB file of target dev: opening it fails inside dbt.
      await b.parse(args);
      const crashed = await b.build({ uniqueIds: [ids.seed], threads: 1, fullRefresh: false });
      assert.equal(crashed.success, false);
      assert.match(crashed.error ?? '', /lock/i);
    } finally {
      await b.close();
    }
  });

  test('build edge cases: no ids; unknown id → selection error', async () => {
    const none = await bridge.build({ ...args, uniqueIds: [], threads: 1, fullRefresh: false });
    assert.deepEqual(none.results, []);
    assert.equal(none.success, true);
    await assert.rejects(bridge.build({ ...args, uniqueIds: ['model.fixture.nope'], threads: 1, fullRefresh: false }), { kind: 'selection' });
  });

  test('profile and project errors', async () => {
    const other = mkdtempSync(join(dir, 'profiles-'));
    writeFileSync(join(other, 'profiles.yml'), 'someone_else:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: x.duckdb}\n');
    await assert.rejects(bridge.parse({ ...args, profilesDir: other }), (e: unknown) => {
      assert.ok(e instanceof BridgeError);
      assert.equal(e.kind, 'profile');
      assert.match(e.message, /Could not find profile named 'fixture'/);
      return true;
    });
    await assert.rejects(bridge.parse({ ...args, target: 'nope' }), { kind: 'profile', message: /does not have a target named 'nope'/ });
    const empty = mkdtempSync(join(dir, 'empty-'));
    await assert.rejects(bridge.parse({ projectDir: empty, profilesDir: project }), { kind: 'project', message: /No dbt_project.yml found/ });
    // a failed parse drops the manifest: later requests say so instead of using a stale one
    await assert.rejects(bridge.ls({ ...args }), { kind: 'internal', message: /parse/ });
  });

  test('a Python without dbt → dbt_missing', async () => {
    const python = execFileSync('sh', ['-c', 'command -v python3'], { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }).toString().trim();
    await assert.rejects(
      DbtBridge.start({ python, bridgeScript: bridgeScriptPath(), projectDir: project, env: { PATH: process.env.PATH, HOME: process.env.HOME } }),
      (e: unknown) => {
        assert.ok(e instanceof BridgeError);
        assert.equal(e.kind, 'dbt_missing');
        assert.match(e.message, /dbt/);
        return true;
      },
    );
    await assert.rejects(DbtBridge.start({ python: join(dir, 'no-python'), bridgeScript: bridgeScriptPath(), projectDir: project }), { kind: 'dbt_missing' });
  });

  test('a bridge that dies rejects pending requests with its exit status', async () => {
    const b = await DbtBridge.start({ python: located.python, bridgeScript: bridgeScriptPath(), projectDir: project });
    const pending = b.parse(args);
    process.kill(b.pid!, 'SIGKILL');
    await assert.rejects(pending, { kind: 'internal', message: /exited unexpectedly \(signal SIGKILL\)/ });
    await assert.rejects(b.ls({}), { kind: 'internal' });
    await b.close();
  });
});

function isBuildable(id: string): boolean {
  return BUILDABLE.has(id.split('.')[0]!);
}

function built(result: BuildResult): string[] {
  return result.results.map((r) => r.unique_id).filter((id) => !id.startsWith('operation.'));
}
