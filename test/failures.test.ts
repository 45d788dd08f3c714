// Retries, skips and failure handling with real dbt: a model that errors once then succeeds, a model that
// always errors, a failing test, and an interrupted run.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateRunResults } from './helpers/schema.js';
import { copyExample, DBT, decisionOf, orchestrate, REPO, report, runResults } from './helpers/project.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

function timingOf(project: string, uniqueId: string): { started: number; completed: number } {
  const result = runResults(project).results.find((r) => r.unique_id === uniqueId) as unknown as {
    timing: Array<{ name: string; started_at: string; completed_at: string }>;
  };
  const execute = result.timing.find((t) => t.name === 'execute') ?? result.timing[0];
  return { started: Date.parse(execute.started_at), completed: Date.parse(execute.completed_at) };
}

// Errors on its first execution and succeeds on the second: the pre-hook runs outside the model's
// transaction, so the attempt counter survives the failed attempt.
const FLAKY = `{{ config(materialized='table', pre_hook=before_begin("create table if not exists main.flaky_attempts (n integer); insert into main.flaky_attempts values (1)")) }}
select case when (select count(*) from main.flaky_attempts) < 2 then error('flaky: first attempt fails') else 1 end as id
`;

describe('retries and skips', () => {
  it('a model that errors once is retried, then its dependents run; independent branches are not delayed', async () => {
    const project = copyExample();
    addFile(project, 'models/flaky/flaky.sql', FLAKY);
    addFile(project, 'models/flaky/flaky_child.sql', "select id from {{ ref('flaky') }}\n");
    const run = await orchestrate(project, ['build', '--threads', '4', '--retries', '2', '--retry-delay', '1']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /RETRY {2}flaky in 1s/);

    const flaky = decisionOf(project, model('flaky'));
    assert.equal(flaky.attempts, 2);
    assert.equal(flaky.status, 'success');
    const child = decisionOf(project, model('flaky_child'));
    assert.equal(child.status, 'success');
    assert.equal(child.attempts, 1);
    // The child ran after the successful second attempt of its parent.
    assert.ok(timingOf(project, model('flaky_child')).started >= timingOf(project, model('flaky')).completed);
    // Every independent node finished in the first round, before the retry even started.
    const retryStarted = timingOf(project, model('flaky')).started;
    for (const id of [model('customers'), model('fct_daily_revenue'), 'snapshot.jaffle_shop.orders_snapshot']) {
      assert.equal(decisionOf(project, id).attempts, 1, id);
      assert.ok(timingOf(project, id).completed <= retryStarted, `${id} waited for the retry`);
    }
    assert.ok(validateRunResults(runResults(project)).valid);
  });

  it('a model that always errors skips only its dependents, records the rest, and exits 1', async () => {
    const project = copyExample();
    addFile(project, 'models/broken/broken.sql', "{{ config(materialized='table') }}\nselect error('always broken') as id\n");
    addFile(project, 'models/broken/broken_child.sql', "select id from {{ ref('broken') }}\n");
    const run = await orchestrate(project, ['build', '--retries', '1']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const broken = decisionOf(project, model('broken'));
    assert.equal(broken.status, 'error');
    assert.equal(broken.attempts, 2);
    const child = decisionOf(project, model('broken_child'));
    assert.equal(child.status, 'skipped');
    assert.equal(child.reason, 'skipped: upstream `broken` failed');
    const others = report(project).nodes.filter((n) => !n.uniqueId.includes('broken') && n.decision !== 'ephemeral');
    assert.ok(others.length > 40);
    assert.ok(others.every((n) => ['success', 'pass'].includes(n.status)), JSON.stringify(others.filter((n) => !['success', 'pass'].includes(n.status))));
    assert.ok(validateRunResults(runResults(project)).valid);

    // Everything that succeeded was recorded: the re-run only retries the failure and what it blocked.
    const rerun = await orchestrate(project, ['build']);
    assert.equal(rerun.code, 1);
    const notReused = report(project).nodes.filter((n) => n.status !== 'reused' && n.decision !== 'ephemeral').map((n) => n.uniqueId).sort();
    assert.deepEqual(notReused, [model('broken'), model('broken_child')]);
  });

  it('a failing test is not retried and skips the dependents of the model it tests', async () => {
    const project = copyExample();
    addFile(project, 'tests/no_order_one.sql', "select * from {{ ref('stg_orders') }} where order_id = 1\n");
    const run = await orchestrate(project, ['build', '--retries', '2']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const failing = report(project).nodes.find((n) => n.name === 'no_order_one')!;
    assert.equal(failing.status, 'fail');
    assert.equal(failing.attempts, 1);
    assert.equal(decisionOf(project, model('stg_orders')).status, 'success');
    for (const name of ['orders', 'customers', 'fct_daily_revenue']) {
      assert.equal(decisionOf(project, model(name)).status, 'skipped', name);
      assert.equal(decisionOf(project, model(name)).reason, 'skipped: upstream `no_order_one` failed');
    }
    assert.equal(decisionOf(project, 'snapshot.jaffle_shop.orders_snapshot').status, 'skipped');
    for (const name of ['stg_customers', 'stg_payments']) assert.equal(decisionOf(project, model(name)).status, 'success', name);
  });
});

describe('interruption', () => {
  it('SIGINT stops the run with exit 130 and keeps every finished node', async () => {
    const project = copyExample();
    // A Python model (dbt-duckdb runs it in the bridge process) that runs until the interrupt. It first waits
    // until the warehouse records its finished parent stg_orders (the bridge writes records in the background as
    // nodes finish) and says so in a file: the interrupt comes after that, however slow the machine is.
    const waiting = join(project, 'slow-is-waiting');
    addFile(
      project,
      'models/slow/slow.py',
      [
        'import time',
        '',
        'def recorded(session):',
        '    try:',
        `        return session.execute("select count(*) from main.dbt_orchestrator_records where unique_id = '${model('stg_orders')}'").fetchone()[0] > 0`,
        '    except Exception:  # no record written yet, not even the table',
        '        return False',
        '',
        'def model(dbt, session):',
        '    give_up = time.monotonic() + 60  # then the spec fails on the reuse of stg_orders, instead of hanging',
        '    while not recorded(session) and time.monotonic() < give_up:',
        '        time.sleep(0.05)',
        `    open(${JSON.stringify(waiting)}, "w").close()`,
        '    time.sleep(60)',
        '    return dbt.ref("stg_orders").df()',
        '',
      ].join('\n'),
    );
    // dbt cannot cancel the sleep: the bridge leaves after its interrupt grace (10 s), shortened for the test
    // (the seam in python/dbt_bridge/lifecycle.py); what the spec checks was written before the interrupt.
    const child = spawn(process.execPath, [join(REPO, 'dist/cli.js'), 'build', '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, '--threads', '1'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DBT_ORCHESTRATOR_TEST_INTERRUPT_GRACE_SECONDS: '1' },
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(waiting) && /START {2}model slow/.test(stdout)) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`the build ended before the slow model was waiting:\n${stdout}`));
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stdout);

    const plan = await orchestrate(project, ['plan', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const nodes = JSON.parse(plan.stdout).nodes as Array<{ uniqueId: string; decision: string }>;
    assert.equal(nodes.find((n) => n.uniqueId === model('stg_orders'))!.decision, 'reuse');
    assert.equal(nodes.find((n) => n.uniqueId === model('slow'))!.decision, 'run');
  });
});
