// Counts a user can trust after Ctrl-C: nodes that never started are "not-run" (run_results.json:
// skipped, with a message saying so), the node dbt was running is "interrupted", and neither is counted
// as a failure. Real dbt, the built CLI (node scripts/build.mjs) in a child process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { addFile } from './helpers/flaky.js';
import { copyExample, DBT, report, REPO, runResults } from './helpers/project.js';

const model = (name: string): string => `model.jaffle_shop.${name}`;

async function interruptWhen(project: string, pattern: RegExp): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(REPO, 'dist/cli.js'), 'build', '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, '--threads', '1'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
    // dbt cannot cancel the sleeping Python model below: the bridge leaves after its interrupt grace (10 s),
    // shortened for the test (the seam in python/dbt_bridge/lifecycle.py); nothing here needs the bridge later.
    env: { ...process.env, NO_COLOR: '1', DBT_ORCHESTRATOR_TEST_INTERRUPT_GRACE_SECONDS: '1' },
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never saw ${pattern}:\n${stdout}`)), 400_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (pattern.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill('SIGINT');
  const code = await exited;
  return { code, stdout };
}

describe('interrupted run', () => {
  it('nodes that never started are not-run, the running one is interrupted, and neither counts as failed', async () => {
    const project = copyExample();
    addFile(project, 'models/slow/slow.py', 'import time\n\ndef model(dbt, session):\n    time.sleep(60)\n    return dbt.ref("stg_orders").df()\n');
    addFile(project, 'models/slow/slow_child.sql', "select * from {{ ref('slow') }}\n");
    const run = await interruptWhen(project, /START {2}model slow \(/);
    assert.equal(run.code, 130, run.stdout);

    const nodes = report(project).nodes;
    const child = nodes.find((n) => n.uniqueId === model('slow_child'))!;
    assert.equal(child.status, 'not-run');
    assert.equal(nodes.find((n) => n.uniqueId === model('slow'))!.status, 'interrupted');
    assert.ok(!nodes.some((n) => n.status === 'error'), JSON.stringify(nodes.filter((n) => n.status === 'error').map((n) => n.uniqueId)));
    const totals = report(project).totals as Record<string, number>;
    assert.equal(totals.failed, 0);
    assert.ok(totals.notRun >= 2, JSON.stringify(totals));
    assert.equal(totals.succeeded + totals.failed + totals.reused + totals.skipped + totals.notRun, totals.selected);

    const written = runResults(project).results.find((r) => r.unique_id === model('slow_child')) as unknown as { status: string; message: string };
    assert.equal(written.status, 'skipped');
    assert.match(written.message, /^not run: the run was stopped before this node started$/);
    assert.match(run.stdout, /^NOT RUN model slow_child \(not run: the run was stopped before this node started\)$/m);
    assert.match(run.stdout, new RegExp(`^Done: \\d+ built, 0 warned, 0 reused, 0 failed, 0 skipped, ${totals.notRun} not run$`, 'm'));
  });
});
