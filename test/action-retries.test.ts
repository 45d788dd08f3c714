// The bundled action (dist/index.js, Node 24, loopback cache/artifact services) on the failure path:
// a retry of a model reading an ephemeral model succeeds; attempts that fail differently show the first
// and the last error in the annotation and the job summary; the final error counts failed and skipped
// nodes apart. Build dist first: node scripts/build.mjs.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runBundledAction, type ActionRun } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample } from './helpers/project.js';

const INPUTS = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' };

/**
 * A model reading the ephemeral int_order_payments whose attempt n runs `failure(n)` (null: succeeds). The
 * pre-hook runs outside the model's transaction, so the attempt counter survives a failed attempt.
 */
function flakyModel(failures: Array<string | null>): string {
  const cases = failures.map((f, i) => `when ${i + 1} then ${f === null ? '1' : `error('${f}')`}`).join(' ');
  return `{{ config(materialized='table', pre_hook=before_begin("create table if not exists main.flaky_attempts (n integer); insert into main.flaky_attempts values (1)")) }}
select p.order_id, case (select count(*) from main.flaky_attempts) ${cases} end as ok
from {{ ref('int_order_payments') }} p
`;
}

async function runWith(files: Record<string, string>, inputs: Record<string, string>): Promise<{ run: ActionRun; project: string }> {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(workspace, 'jaffle_shop', path), text);
  const server = await startFakeActionsServer({ workspace });
  try {
    const run = await runBundledAction({ workspace, inputs: { ...INPUTS, ...inputs }, serviceEnv: server.env(), runId: server.run.runId });
    return { run, project: join(workspace, 'jaffle_shop') };
  } finally {
    await server.close();
  }
}

function nodeOf(project: string, name: string): { status: string; attempts: number; attemptErrors?: Array<{ message: string }> } {
  const report = JSON.parse(readFileSync(join(project, 'target/orchestrator.json'), 'utf8')) as { nodes: Array<{ name: string; status: string; attempts: number }> };
  return report.nodes.find((n) => n.name === name)!;
}

describe('retries in the action', () => {
  it('a model reading an ephemeral model fails once and succeeds on the retry; the step passes', async () => {
    const { run, project } = await runWith({ 'models/marts/core/flaky_payments.sql': flakyModel(['flaky: first attempt fails', null]) }, { retries: '1' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.status, 'success');
    assert.equal(run.outputs.failed, '0');
    const node = nodeOf(project, 'flaky_payments');
    assert.equal(node.status, 'success');
    assert.equal(node.attempts, 2);
    assert.match(node.attemptErrors![0].message, /flaky: first attempt fails/);
  });

  it('attempts that fail differently: the annotation and the summary show the first and the last error', async () => {
    const { run, project } = await runWith({ 'models/marts/core/flaky_payments.sql': flakyModel(['first failure', 'second failure']) }, { retries: '1' });
    assert.notEqual(run.code, 0);
    assert.equal(nodeOf(project, 'flaky_payments').attempts, 2);
    const annotation = run.commands.find((c) => c.command === 'error' && c.properties.includes('flaky_payments.sql'));
    assert.ok(annotation, run.stdout);
    assert.match(annotation.message, /first failure/);
    assert.match(annotation.message, /second failure/);
    assert.match(run.summary, /first failure/);
    assert.match(run.summary, /second failure/);
  });
});

describe('counts in the action', () => {
  it('the final error counts the failed node and the nodes skipped because of it apart', async () => {
    const { run } = await runWith(
      {
        'models/marts/core/broken.sql': "{{ config(materialized='table') }}\nselect error('broken on purpose') as id\n",
        'models/marts/core/broken_child.sql': "select id from {{ ref('broken') }}\n",
        'models/marts/core/broken_grandchild.sql': "select id from {{ ref('broken_child') }}\n",
      },
      {},
    );
    assert.notEqual(run.code, 0);
    assert.equal(run.outputs.failed, '1');
    assert.equal(run.outputs.skipped, '2');
    const final = run.commands.filter((c) => c.command === 'error' && c.properties === '').map((c) => c.message);
    assert.ok(final.includes('1 dbt node failed, 2 skipped because of it; see the job summary'), JSON.stringify(final));
  });
});
