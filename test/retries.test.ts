// Retries that work for every node dbt can build: a node fails on its first attempt (its gate file is
// missing) and succeeds on the second, with real dbt and DuckDB. The bridge reuses one in-memory manifest
// for every invocation, so anything the first attempt compiled must not leak into the retry.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { failureAnnotations } from '../src/report/annotations.js';
import { renderPrComment } from '../src/report/comment.js';
import type { OrchestratorReport } from '../src/report/orchestrator-json.js';
import { renderSummary } from '../src/report/summary.js';
import { copyBuilt } from './helpers/fixtures.js';
import { addFile, gate, orchestrateWithRetryHook } from './helpers/flaky.js';
import { copyExample, decisionOf, duckdb, editFile, orchestrate, report, runResults } from './helpers/project.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;
const RETRY = ['--retries', '2', '--retry-delay', '0'];

function resultOf(project: string, uniqueId: string): { status: string; message: string | null; compiled_code: string | null } {
  return runResults(project).results.find((r) => r.unique_id === uniqueId) as never;
}

// One cold build of the example per file; every test edits its own copy (copyBuilt), so only the nodes it
// touches (and their children) build, the flaky one included.
let baseline: string;
before(async () => {
  baseline = copyExample();
  const cold = await orchestrate(baseline, ['build']);
  assert.equal(cold.code, 0, cold.stdout + cold.stderr);
});

describe('a flaky node succeeds on its second attempt', () => {
  it('a model reading an ephemeral model: the retry compiles the ephemeral CTE again', async () => {
    const project = copyBuilt(baseline);
    const g = gate(project, 'orders');
    editFile(project, 'models/marts/core/orders.sql', (sql) => `${sql.trimEnd()}\nwhere ${g.sql}\n`);
    const run = await orchestrateWithRetryHook(project, ['build', ...RETRY], () => g.open());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const orders = decisionOf(project, model('orders'));
    assert.equal(orders.status, 'success', run.stdout);
    assert.equal(orders.attempts, 2);
    assert.match(resultOf(project, model('orders')).compiled_code ?? '', /__dbt__cte__int_order_payments as \(/);
    // The children of the retried model ran after it.
    assert.equal(decisionOf(project, model('customers')).status, 'success');
    // The failed first attempt is kept.
    const node = report(project).nodes.find((n) => n.uniqueId === model('orders')) as unknown as { attemptErrors: Array<{ attempt: number; message: string }> };
    assert.equal(node.attemptErrors.length, 1);
    assert.equal(node.attemptErrors[0].attempt, 1);
    assert.match(node.attemptErrors[0].message, /orders\.csv/);
    assert.ok(runResults(project).results.every((r) => ['success', 'pass', 'skipped', 'error', 'fail', 'warn', 'reused'].includes(r.status)));

    // The warehouse holds what a plain dbt build of the same code produces.
    const plain = copyBuilt(baseline);
    editFile(plain, 'models/marts/core/orders.sql', (sql) => `${sql.trimEnd()}\nwhere ${g.sql}\n`);
    const built = await orchestrate(plain, ['build', '--no-reuse']);
    assert.equal(built.code, 0, built.stdout);
    const rows = (p: string): string => duckdb(p, 'select * from main.orders order by order_id');
    assert.equal(rows(project), rows(plain));
  });

  it('an incremental model reading an ephemeral model, retried on an incremental run', async () => {
    const project = copyBuilt(baseline);
    const g = gate(project, 'incremental');
    g.open();
    const sql = (comment: string): string => `{{ config(materialized='incremental', unique_key='order_id') }}
select o.order_id, o.order_date, p.total_cents
from {{ ref('stg_orders') }} o join {{ ref('int_order_payments') }} p using (order_id)
where ${g.sql}
{% if is_incremental() %} and o.order_date >= (select max(order_date) from {{ this }}) {% endif %}
-- ${comment}
`;
    addFile(project, 'models/marts/finance/order_totals.sql', sql('v1'));
    const first = await orchestrate(project, ['build']);
    assert.equal(first.code, 0, first.stdout);
    const before = duckdb(project, 'select * from main.order_totals order by order_id');

    addFile(project, 'models/marts/finance/order_totals.sql', sql('v2'));
    rmSync(g.path);
    const run = await orchestrateWithRetryHook(project, ['build', '-s', 'order_totals', ...RETRY], () => g.open());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const node = decisionOf(project, model('order_totals'));
    assert.equal(node.status, 'success');
    assert.equal(node.attempts, 2);
    const compiled = resultOf(project, model('order_totals')).compiled_code ?? '';
    assert.match(compiled, /select max\(order_date\) from/);
    assert.match(compiled, /__dbt__cte__int_order_payments as \(/);
    assert.equal(duckdb(project, 'select * from main.order_totals order by order_id'), before);
  });

  it('a snapshot reading an ephemeral model', async () => {
    const project = copyBuilt(baseline);
    const g = gate(project, 'snap');
    addFile(
      project,
      'snapshots/payments_snapshot.sql',
      `{% snapshot payments_snapshot %}
{{ config(unique_key='order_id', strategy='check', check_cols=['total_cents'], target_schema='snapshots') }}
select * from {{ ref('int_order_payments') }} where ${g.sql}
{% endsnapshot %}
`,
    );
    const run = await orchestrateWithRetryHook(project, ['build', ...RETRY], () => g.open());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const snap = decisionOf(project, 'snapshot.jaffle_shop.payments_snapshot');
    assert.equal(snap.status, 'success', run.stdout);
    assert.equal(snap.attempts, 2);
    const counts = JSON.parse(duckdb(project, 'select (select count(*) from snapshots.payments_snapshot), (select count(distinct order_id) from main.stg_payments)'));
    assert.equal(counts[0][0], counts[0][1]);
  });

  it('a data test reading an ephemeral model', async () => {
    const project = copyBuilt(baseline);
    const g = gate(project, 'test');
    addFile(project, 'tests/payments_not_negative.sql', `select * from {{ ref('int_order_payments') }} where total_cents < 0 and ${g.sql}\n`);
    const run = await orchestrateWithRetryHook(project, ['build', ...RETRY], () => g.open());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const test = decisionOf(project, 'test.jaffle_shop.payments_not_negative');
    assert.equal(test.status, 'pass', run.stdout);
    assert.equal(test.attempts, 2);
  });
});

describe('attempts that fail differently', () => {
  it('keeps every attempt error in orchestrator.json and shows the first and the last in run_results.json', async () => {
    const project = copyBuilt(baseline);
    const a = gate(project, 'first');
    const b = gate(project, 'second');
    editFile(project, 'models/marts/core/orders.sql', (sql) => `${sql.trimEnd()}\nwhere ${a.sql} and ${b.sql}\n`);
    const run = await orchestrateWithRetryHook(project, ['build', '-s', '+orders', '--retries', '1'], () => a.open());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const node = report(project).nodes.find((n) => n.uniqueId === model('orders')) as unknown as {
      status: string;
      attempts: number;
      message: string;
      attemptErrors: Array<{ attempt: number; status: string; message: string }>;
    };
    assert.equal(node.status, 'error');
    assert.equal(node.attempts, 2);
    assert.deepEqual(node.attemptErrors.map((e) => e.attempt), [1, 2]);
    assert.match(node.attemptErrors[0].message, /first\.csv/);
    assert.match(node.attemptErrors[1].message, /second\.csv/);
    const message = resultOf(project, model('orders')).message ?? '';
    assert.match(message, /attempt 1 of 2[^]*first\.csv/);
    assert.match(message, /attempt 2 of 2[^]*second\.csv/);
    assert.equal(node.message, message);

    // Every surface built from orchestrator.json shows both.
    const full = report(project) as unknown as OrchestratorReport;
    const surfaces = {
      console: run.stdout,
      summary: renderSummary(full),
      annotation: failureAnnotations(full, { projectDir: '.', manifestNodes: {} }).map((a) => a.message).join('\n'),
      comment: renderPrComment({ report: full, modified: [] }),
    };
    for (const [surface, text] of Object.entries(surfaces)) {
      assert.match(text, /first\.csv/, surface);
      assert.match(text, /second\.csv/, surface);
    }
  });
});
