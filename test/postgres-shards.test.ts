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
import { copyExample, DBT, orchestrate, type CliRun } from './helpers/project.js';
import { validateRunResults } from './helpers/schema.js';
import { fanModel, leaf, LEAVES, spawnCli, writeShardedProject } from './helpers/sharded-project.js';
import { openStore } from '../src/store/store.js';
import { assertWarehouseEqualsPlainBuild } from './helpers/warehouse.js';

const FAST = ['--poll-interval', '0.5'];

interface Plan {
  runId: string;
  shards: number;
  matrix: { include: Array<{ shard: string; index: number; name: string }> };
  nodes: Array<{ uniqueId: string; decision: string; shard: number | null; hash: string }>;
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

/**
 * `dbt-orchestrator merge --plan P <shard dirs>` in the project: it reads files, and after a successful merge
 * deletes the run's status rows through dbt (so it gets the warehouse's env and the profile).
 */
async function merge(project: string, planPath: string, env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (c, _e, done) => (add(c.toString()), done()) });
  const argv = ['merge', '--plan', planPath, '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, ...[1, 2, 3].map((i) => shardDir(project, i))];
  const code = await main({ argv, env: { ...process.env, ...env }, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: project });
  return { code, stdout, stderr };
}

const STATUS_TABLE = 'main.dbt_orchestrator_run_status';

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

  it('three shards started at once build exactly what one process builds; the merge writes one schema-valid run_results.json and one store, and the status table keeps no rows of finished runs', async () => {
    const db = pg.createDatabase('shards_ok');
    const env = pg.env(db);
    const project = writeShardedProject();
    const { path, plan } = await writePlan(project, env);
    // The status table as earlier builds left it: a run 40 days old (past the 35 days a re-run may need it) and a recent one.
    pg.query(db, `create schema if not exists main; create table ${STATUS_TABLE} (run_id varchar(512), unique_id varchar(512), shard varchar(512), status varchar(512), message varchar(4000), updated_at varchar(512))`);
    const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    pg.query(db, `insert into ${STATUS_TABLE} values ('old-run', 'model.fan.x', '1', 'success', '', '${iso(40)}'), ('old-run', 'shard:1', '1', 'finished', '3', '${iso(40)}'), ('recent-run', 'model.fan.x', '1', 'success', '', '${iso(2)}')`);
    assert.deepEqual(plan.matrix.include.map((m) => m.shard), ['1/3', '2/3', '3/3']);
    const crossing = plan.shardPlans.flatMap((s) => s.waitsFor);
    assert.ok(crossing.length > 0, 'the cut has no cross-shard edge: the test would not test ordering');
    assert.ok(plan.shardPlans.every((s) => s.nodes.length > 0), JSON.stringify(plan.shardPlans.map((s) => s.nodes.length)));

    const shards = await Promise.all(runShards(project, path, env).map((s) => s.done));
    shards.forEach((s) => assertOk(s));
    const merged = await merge(project, path, env);
    assertOk(merged);
    assert.match(merged.stdout, new RegExp(`Deleted the status rows of run ${plan.runId}`));
    assert.deepEqual(pg.query(db, `select run_id, count(*)::int from ${STATUS_TABLE} group by run_id order by run_id`), [['recent-run', 1]], "the merge deleted this run's rows, a shard's begin the old run's");

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
    assertOk(await merge(project, path, env), 1);
    const sharded = statuses(readJson<Results>(join(project, 'target', 'run_results.json')));
    assert.equal(sharded[fanModel('solo_2')], 'success', 'independent work went on');

    // The same code built by one process in its own database: identical node set and statuses.
    const single = writeShardedProject();
    writeFileSync(join(single, 'models', 'hub.sql'), readFileSync(join(project, 'models', 'hub.sql')));
    const singleRun = await orchestrate(single, ['build'], pg.env(pg.createDatabase('single_fail')));
    assertOk(singleRun, 1);
    assert.deepEqual(sharded, statuses(readJson<Results>(join(single, 'target', 'run_results.json'))));
  });

  it("a re-run of a killed shard rebuilds only what the warehouse does not prove the killed attempt finished (a finished relation altered since is rebuilt), and completes the build", async () => {
    const db = pg.createDatabase('shards_kill');
    const env = pg.env(db);
    const project = writeShardedProject();
    // Every leaf first takes an advisory lock of its own, which this test holds for shard 2's leaves: shard 2
    // (one thread) builds a leaf only when the test lets it, so it is killed amid its share at a point the test
    // chooses, however fast or slow the machine is (the cut is made before, from the same code).
    const lockOf = (i: number): number => 7000 + i;
    const leafOfLock = (key: number): string => fanModel(leaf(key - 7000));
    for (let i = 1; i <= LEAVES; i++) writeFileSync(join(project, 'models', `${leaf(i)}.sql`), `select h.id, h.amount + ${i} as amount from {{ ref('hub') }} h cross join (select pg_advisory_xact_lock_shared(${lockOf(i)})) s where h.id % ${1 + (i % 4)} = 0\n`);
    const { path, plan } = await writePlan(project, env);
    const mine = plan.shardPlans[1]!.nodes;
    assert.ok(mine.filter((id) => id.startsWith('model.')).length >= 4, `shard 2 has enough models to be killed amid: ${mine.join(', ')}`);
    const gated = Array.from({ length: LEAVES }, (_, i) => i + 1).filter((i) => mine.includes(fanModel(leaf(i))));
    assert.ok(gated.length >= 3, `shard 2 has leaves to finish two of and be killed on the next: ${mine.join(', ')}`);
    const recorded = (): string[] =>
      (pg.query(db, `select unique_id from main.dbt_orchestrator_records where run_id = '${plan.runId}'`) as string[][]).map((r) => r[0]!).filter((id) => mine.includes(id)).sort();
    const locks = await pg.holdLocks(db, gated.map(lockOf));
    const [one, two, three] = runShards(project, path, env, [1, 2, 3], ['--heartbeat-timeout', '120']);
    try {
      // Shard 2 asks for its leaves' locks one at a time (one thread): the test lets exactly two leaves through,
      // and kills shard 2 waiting for a third once both are reported and recorded (so its share is unfinished).
      const passed: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          try {
            const waits = (pg.query(db, "select objid::int from pg_locks where locktype = 'advisory' and not granted") as number[][]).map((r) => r[0]!);
            const key = waits.find((k) => gated.some((i) => lockOf(i) === k) && !passed.includes(leafOfLock(k)));
            if (key === undefined) return;
            if (passed.length < 2) {
              passed.push(leafOfLock(key));
              locks.release(key).catch(reject);
            } else if (passed.every((id) => new RegExp(`^OK model ${id.split('.').pop()}$`, 'm').test(two!.stdout()) && recorded().includes(id))) {
              clearInterval(timer);
              process.kill(-two!.child.pid!, 'SIGKILL');
              resolve();
            }
          } catch (error) {
            clearInterval(timer);
            reject(error);
          }
        }, 100);
        void two!.done.then(() => {
          clearInterval(timer);
          reject(new Error(`shard 2 ended before it was killed:\n${two!.stdout()}`));
        });
      });
    } finally {
      await locks.releaseAll();
    }
    const killed = await two!.done;
    assert.equal(killed.code, null, 'shard 2 was killed');
    assert.ok(!existsSync(join(shardDir(project, 2), 'shard.json')), 'the killed shard wrote no result');

    // What the killed attempt finished: the relations it recorded in this run (each one it also reported OK).
    const finished = recorded();
    const reportedOk = new Set([...killed.stdout.matchAll(/^OK \w+ (\S+)$/gm)].map((m) => fanModel(m[1]!)));
    assert.ok(finished.every((id) => reportedOk.has(id)), `recorded ${finished.join(', ')}; reported OK ${[...reportedOk].join(', ')}`);
    assert.ok(finished.length < mine.length, 'shard 2 was killed before it finished its share');
    // One finished relation is altered outside (dropped and re-created with other rows): a leaf nothing else reads.
    const readByOthers = new Set([1, 6, 11, 12].map((i) => fanModel(leaf(i))));
    const altered = finished.find((id) => id.includes('.leaf_') && !readByOthers.has(id));
    assert.ok(altered, `no finished leaf without children among ${finished.join(', ')}`);
    const table = `main.${altered.split('.').pop()}`;
    pg.query(db, `drop table ${table}; create table ${table} as select -1 as id, -1 as amount`);

    const again = spawnCli(project, ['build', '--shard', '2/3', '--plan', path, ...FAST], env);
    const results = await Promise.all([one!.done, again.done, three!.done]);
    results.forEach((r) => assertOk(r));

    type Report = { nodes: Array<{ uniqueId: string; status: string; reason: string }> };
    const rerun = readJson<Report>(join(shardDir(project, 2), 'orchestrator.json')).nodes;
    const reusedIds = rerun.filter((n) => n.status === 'reused').map((n) => n.uniqueId).sort();
    assert.deepEqual(reusedIds, finished.filter((id) => id !== altered), 'reused: exactly what the killed attempt finished and the warehouse still proves');
    assert.ok(rerun.filter((n) => n.status === 'reused').every((n) => n.reason === 'finished by an earlier attempt of this run; its warehouse record still matches'), JSON.stringify(rerun));
    const built = rerun.filter((n) => n.status === 'success' || n.status === 'pass').map((n) => n.uniqueId).sort();
    assert.deepEqual(built, mine.filter((id) => !reusedIds.includes(id)).sort(), 'built: everything else of shard 2');
    assert.match(rerun.find((n) => n.uniqueId === altered)!.reason, /^finished by an earlier attempt of this run, built again: relation changed outside dbt-orchestrator/);
    assert.deepEqual(statuses(readJson<Results>(join(shardDir(project, 2), 'run_results.json'))), Object.fromEntries(rerun.map((n) => [n.uniqueId, n.status]).sort()));

    const mergedRun = await merge(project, path, env);
    assertOk(mergedRun);
    const doc = readJson<Results>(join(project, 'target', 'run_results.json'));
    const ids = doc.results.map((r) => r.unique_id);
    assert.equal(ids.length, new Set(ids).size, 'the merge reports every node once');
    assert.deepEqual([...ids].sort(), plan.nodes.filter((n) => n.decision !== 'ephemeral').map((n) => n.uniqueId).sort());
    assert.deepEqual(Object.entries(statuses(doc)).filter(([, st]) => st === 'reused').map(([id]) => id), reusedIds);
    // The merged store keeps the reused nodes as built in this run, so the next run reuses them.
    const store = await openStore(join(project, '.dbt-orchestrator'), { warn: () => undefined });
    for (const id of reusedIds) assert.equal((await store.getResult(plan.nodes.find((n) => n.uniqueId === id)!.hash))?.runId, plan.runId, id);
    assert.deepEqual(pg.query(db, `select count(*)::int from ${STATUS_TABLE} where run_id = '${plan.runId}'`), [[0]], "the merge deleted the run's status rows");
    assert.deepEqual(pg.query(db, `select count(*)::int from ${table} where id = -1`), [[0]], 'the altered relation was rebuilt');
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
