// A dbt build sharded over N processes against one real PostgreSQL server (issue 14): a generated project
// whose fan-out the cut spreads over three shards, so edges cross shards. Each rule is one test with its
// own database and project copy; the shards run as separate concurrent processes, as on a matrix.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { copyExample, orchestrate, type CliRun } from './helpers/project.js';
import { validateRunResults } from './helpers/schema.js';
import { fanModel, leaf, spawnCli, writeShardedProject } from './helpers/sharded-project.js';
import { assertWarehouseEqualsPlainBuild } from './helpers/warehouse.js';

const FAST = ['--poll-interval', '0.5'];

interface Plan {
  runId: string;
  shards: number;
  matrix: { include: Array<{ shard: string; index: number; name: string }> };
  nodes: Array<{ uniqueId: string; decision: string; shard: number | null }>;
  shardPlans: Array<{ index: number; nodes: string[]; waitsFor: Array<{ node: string; parent: string; parentShard: number }> }>;
}

function assertOk(run: CliRun | { code: number | null; stdout: string; stderr: string }, code = 0): void {
  assert.equal(run.code, code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

async function writePlan(project: string, env: Record<string, string>, extra: string[] = []): Promise<{ path: string; plan: Plan }> {
  const run = await orchestrate(project, ['plan', '--shards', '3', '--json', '--threads', '1', ...extra], env);
  assertOk(run);
  const path = join(project, 'plan.json');
  writeFileSync(path, run.stdout);
  return { path, plan: JSON.parse(run.stdout) as Plan };
}

/** `dbt-orchestrator merge --plan P <shard dirs>` in the project (it needs no dbt and no profile). */
async function merge(project: string, planPath: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (c, _e, done) => (add(c.toString()), done()) });
  const argv = ['merge', '--plan', planPath, '--project-dir', project, ...[1, 2, 3].map((i) => shardDir(project, i))];
  const code = await main({ argv, env: process.env, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: project });
  return { code, stdout, stderr };
}

const shardDir = (project: string, i: number): string => join(project, 'target', `shard-${i}-of-3`);

function runShards(project: string, planPath: string, env: Record<string, string>, indexes = [1, 2, 3], extra: string[] = []) {
  return indexes.map((i) => spawnCli(project, ['build', '--shard', `${i}/3`, '--plan', planPath, ...FAST, ...extra], env));
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

type Results = { results: Array<{ unique_id: string; status: string }> };
const statuses = (doc: Results): Record<string, string> => Object.fromEntries(doc.results.map((r) => [r.unique_id, r.status]).sort());

describe('a build sharded over three processes on PostgreSQL', () => {
  let pg: PostgresServer;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg.stop());

  it('three shards started at once build exactly what one process builds; the merge writes one schema-valid run_results.json and one store', async () => {
    const db = pg.createDatabase('shards_ok');
    const env = pg.env(db);
    const project = writeShardedProject();
    const { path, plan } = await writePlan(project, env);
    assert.deepEqual(plan.matrix.include.map((m) => m.shard), ['1/3', '2/3', '3/3']);
    const crossing = plan.shardPlans.flatMap((s) => s.waitsFor);
    assert.ok(crossing.length > 0, 'the cut has no cross-shard edge: the test would not test ordering');
    assert.ok(plan.shardPlans.every((s) => s.nodes.length > 0), JSON.stringify(plan.shardPlans.map((s) => s.nodes.length)));

    const shards = await Promise.all(runShards(project, path, env).map((s) => s.done));
    shards.forEach((s) => assertOk(s));
    const merged = await merge(project, path);
    assertOk(merged);

    const doc = readJson<Results>(join(project, 'target', 'run_results.json'));
    assert.deepEqual(validateRunResults(doc).errors, []);
    const planned = plan.nodes.filter((n) => n.decision !== 'ephemeral').map((n) => n.uniqueId).sort();
    assert.deepEqual(Object.keys(statuses(doc)), planned);
    assert.deepEqual([...new Set(Object.values(statuses(doc)))].sort(), ['pass', 'success']);
    assertWarehouseEqualsPlainBuild(project, { warehouse: pg.warehouse(db), target: 'postgres' });

    // One store: the next single-runner build of the same code reuses every node.
    const next = await orchestrate(project, ['build'], env);
    assertOk(next);
    assert.deepEqual([...new Set(readJson<Results>(join(project, 'target', 'run_results.json')).results.map((r) => r.status))], ['reused']);
  });

  it('a failing node in shard 1 skips exactly its dependents in shards 2 and 3, as one process skips them', async () => {
    const project = writeShardedProject();
    writeFileSync(join(project, 'models', 'hub.sql'), 'select g as id, g * 10 / (g - g) as amount from generate_series(1, 20) as g\n');
    const db = pg.createDatabase('shards_fail');
    const env = pg.env(db);
    const { path, plan } = await writePlan(project, env);
    const hub = fanModel('hub');
    assert.equal(plan.nodes.find((n) => n.uniqueId === hub)?.shard, 1, 'the cut puts the fan-out root on shard 1');
    const shards = await Promise.all(runShards(project, path, env).map((s) => s.done));
    assert.deepEqual(shards.map((s) => s.code), [1, 1, 1], shards.map((s) => s.stdout + s.stderr).join('\n----\n'));
    for (const i of [2, 3]) {
      const own = readJson<{ outcomes: Array<{ uniqueId: string; status: string; skippedBecauseOf?: string }> }>(join(shardDir(project, i), 'shard.json')).outcomes;
      const skipped = own.filter((o) => o.status === 'skipped');
      assert.ok(skipped.length > 0, `shard ${i} skipped nothing`);
      assert.ok(skipped.every((o) => o.skippedBecauseOf === hub), JSON.stringify(skipped));
    }
    assertOk(await merge(project, path), 1);
    const sharded = statuses(readJson<Results>(join(project, 'target', 'run_results.json')));
    assert.equal(sharded[fanModel('solo_2')], 'success', 'independent work went on');

    // The same code built by one process in its own database: identical node set and statuses.
    const single = writeShardedProject();
    writeFileSync(join(single, 'models', 'hub.sql'), readFileSync(join(project, 'models', 'hub.sql')));
    const singleRun = await orchestrate(single, ['build'], pg.env(pg.createDatabase('single_fail')));
    assertOk(singleRun, 1);
    assert.deepEqual(sharded, statuses(readJson<Results>(join(single, 'target', 'run_results.json'))));
  });

  it('killing shard 2 mid-run and re-running it completes the build', async () => {
    const db = pg.createDatabase('shards_kill');
    const env = pg.env(db);
    const project = writeShardedProject();
    const { path, plan } = await writePlan(project, env);
    assert.ok(plan.shardPlans[1]!.nodes.length >= 2, 'shard 2 has more than one node to be killed amid');
    const [one, two, three] = runShards(project, path, env, [1, 2, 3], ['--heartbeat-timeout', '120']);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/^OK /m.test(two!.stdout())) {
          clearInterval(timer);
          process.kill(-two!.child.pid!, 'SIGKILL');
          resolve();
        }
      }, 100);
    });
    const killed = await two!.done;
    assert.equal(killed.code, null, 'shard 2 was killed');
    assert.ok(!existsSync(join(shardDir(project, 2), 'shard.json')), 'the killed shard wrote no result');
    const again = spawnCli(project, ['build', '--shard', '2/3', '--plan', path, ...FAST], env);
    const results = await Promise.all([one!.done, again.done, three!.done]);
    results.forEach((r) => assertOk(r));
    assertOk(await merge(project, path));
    const merged = statuses(readJson<Results>(join(project, 'target', 'run_results.json')));
    assert.deepEqual([...new Set(Object.values(merged))].sort(), ['pass', 'success']);
    assertWarehouseEqualsPlainBuild(project, { warehouse: pg.warehouse(db), target: 'postgres' });
  });

  it('a shard refuses bad input with exit 2 before any SQL: I/N out of range, another shard count, a plan of other code', async () => {
    const db = pg.createDatabase('shards_bad');
    const env = pg.env(db);
    const project = writeShardedProject();
    const { path } = await writePlan(project, env);
    const out = await orchestrate(project, ['build', '--shard', '4/3', '--plan', path], env);
    assertOk(out, 2);
    assert.match(out.stderr, /shard 4 is out of range: shards are numbered 1 to 3/);
    const count = await orchestrate(project, ['build', '--shard', '1/2', '--plan', path], env);
    assertOk(count, 2);
    assert.match(count.stderr, /cuts the build into 3 shards, not 2/);
    writeFileSync(join(project, 'models', 'solo_1.sql'), 'select 2 as id\n');
    const stale = await orchestrate(project, ['build', '--shard', '1/3', '--plan', path], env);
    assertOk(stale, 2);
    assert.match(stale.stderr, /was made from other code .*: solo_1, solo_2 changed since; re-run `dbt-orchestrator plan --shards 3 --json`/);
    const tables = pg.query(db, "select table_name from information_schema.tables where table_schema = 'main'");
    assert.deepEqual(tables, [], 'nothing was built or written');
  });
});

describe('sharding on DuckDB', () => {
  it('is refused with exit 2 and why (one writer per database file), before any SQL', async () => {
    const project = copyExample();
    const run = await orchestrate(project, ['plan', '--shards', '2', '--json']);
    assertOk(run, 2);
    assert.match(run.stderr, /--shards: sharding needs a server warehouse .*duckdb, whose database is one file that allows one writer at a time/);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(join(project, 'jaffle_shop.duckdb')), 'no database file was opened');
  });
});

export { leaf };
