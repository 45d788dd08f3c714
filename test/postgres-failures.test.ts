// Retries and skips on PostgreSQL (real server, real dbt-postgres): a model that errors once and succeeds on
// its second attempt, and a model that always errors. Each test has its own database on one cluster.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';
import { copyExample, decisionOf, orchestrate, report, runResults } from './helpers/project.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

function executeTiming(project: string, uniqueId: string): { started: number; completed: number } {
  const result = runResults(project).results.find((r) => r.unique_id === uniqueId) as unknown as {
    timing: Array<{ name: string; started_at: string; completed_at: string }>;
  };
  const execute = result.timing.find((t) => t.name === 'execute') ?? result.timing[0];
  return { started: Date.parse(execute.started_at), completed: Date.parse(execute.completed_at) };
}

// PostgreSQL rolls back the failed attempt's transaction (a counter table written by a hook would vanish with
// it), but nextval() is never rolled back: the sequence counts attempts. The first one divides by zero.
// The divisor depends on a volatile call, so the planner cannot fold the division before execution.
const FLAKY = `{{ config(materialized='table') }}
select 1 / (case when nextval('public.flaky_attempts') < 2 then 0 else 1 end) as id
`;

// An independent branch beside the failing one: the seeds, the staging views and their tests (all three views,
// so that every relationships test between them has both its parents built). The singular test also reads
// orders, which is not selected.
const INDEPENDENT = ['+path:models/staging', '--exclude', 'assert_order_amount_matches_payments'];

describe('retries and skips on PostgreSQL', () => {
  let pg: PostgresServer;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg.stop());

  it('a model that errors once is retried and succeeds; its dependents run after it, the other branch is not delayed', async () => {
    const db = pg.createDatabase('flaky');
    pg.query(db, 'create sequence public.flaky_attempts');
    const project = copyExample();
    addFile(project, 'models/flaky/flaky.sql', FLAKY);
    addFile(project, 'models/flaky/flaky_child.sql', "select id from {{ ref('flaky') }}\n");
    const run = await orchestrate(project, ['build', '--target', 'postgres', '--select', 'flaky+', ...INDEPENDENT, '--retries', '2', '--retry-delay', '1'], pg.env(db));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /RETRY {2}flaky in 1s/);

    const flaky = decisionOf(project, model('flaky'));
    assert.equal(flaky.attempts, 2);
    assert.equal(flaky.status, 'success');
    assert.deepEqual(pg.query(db, 'select id from main.flaky'), [[1]]);
    assert.deepEqual(pg.query(db, 'select last_value from public.flaky_attempts'), [[2]], 'the model ran exactly twice');
    const child = decisionOf(project, model('flaky_child'));
    assert.equal(child.status, 'success');
    assert.equal(child.attempts, 1);
    assert.ok(executeTiming(project, model('flaky_child')).started >= executeTiming(project, model('flaky')).completed);
    // The independent branch finished in the first round, before the retry started.
    const retryStarted = executeTiming(project, model('flaky')).started;
    for (const id of [model('stg_orders'), 'seed.jaffle_shop.raw_orders']) {
      assert.equal(decisionOf(project, id).attempts, 1, id);
      assert.ok(executeTiming(project, id).completed <= retryStarted, `${id} waited for the retry`);
    }
  });

  it('a model that always errors skips exactly its dependents; a re-run retries only those', async () => {
    const db = pg.createDatabase('broken');
    const project = copyExample();
    addFile(project, 'models/broken/broken.sql', "{{ config(materialized='table') }}\nselect 1 / 0 as id\n");
    addFile(project, 'models/broken/broken_child.sql', "select id from {{ ref('broken') }}\n");
    addFile(project, 'models/broken/broken_grandchild.sql', "select id from {{ ref('broken_child') }}\n");
    const args = ['build', '--target', 'postgres', '--select', 'broken+', ...INDEPENDENT, '--retries', '1'];
    const run = await orchestrate(project, args, pg.env(db));
    assert.equal(run.code, 1, run.stdout + run.stderr);

    const broken = decisionOf(project, model('broken'));
    assert.equal(broken.status, 'error');
    assert.equal(broken.attempts, 2);
    assert.equal(decisionOf(project, model('broken_child')).reason, 'skipped: upstream `broken` failed');
    const skipped = report(project).nodes.filter((n) => n.status === 'skipped').map((n) => n.uniqueId).sort();
    assert.deepEqual(skipped, [model('broken_child'), model('broken_grandchild')]);
    const others = report(project).nodes.filter((n) => !n.uniqueId.includes('broken'));
    assert.ok(others.length >= 20, JSON.stringify(others.map((n) => n.uniqueId)));
    assert.ok(others.every((n) => ['success', 'pass'].includes(n.status)), JSON.stringify(others.filter((n) => !['success', 'pass'].includes(n.status))));

    const rerun = await orchestrate(project, args, pg.env(db));
    assert.equal(rerun.code, 1);
    const notReused = report(project).nodes.filter((n) => n.status !== 'reused').map((n) => n.uniqueId).sort();
    assert.deepEqual(notReused, [model('broken'), model('broken_child'), model('broken_grandchild')]);
  });
});
