// Savings, measured, on the real example project with real dbt: the warehouse time a run avoided is the
// sum of the reused nodes' execution times in their stored results; every run is appended to the store's
// run log, which `stats` lists, and which the cache-bound prune keeps.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { duration } from '../src/report/live.js';
import { LocalStore } from '../src/store/local.js';
import { readRuns } from '../src/store/runs.js';
import { Writable } from 'node:stream';
import { main } from '../src/cli.js';
import { copyExample, editFile, orchestrate, type CliRun } from './helpers/project.js';

/** `dbt-orchestrator stats …` on the project (stats takes no dbt options). */
async function stats(project: string, args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]): Writable => new Writable({ write: (chunk, _enc, done) => (into.push(chunk.toString()), done()) });
  const code = await main({ argv: ['stats', '--project-dir', project, ...args], env: process.env, stdout: sink(out), stderr: sink(err), cwd: project });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

interface Node {
  uniqueId: string;
  decision: string;
  reusedFrom?: { hash: string };
}

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function orchestratorJson(project: string): { totals: Record<string, number>; nodes: Node[] } {
  return JSON.parse(readFileSync(join(project, 'target/orchestrator.json'), 'utf8'));
}

/** The execution time the store recorded for a result, read from the result file itself. */
function storedExecutionTime(project: string, hash: string): number {
  const record = JSON.parse(readFileSync(join(project, '.dbt-orchestrator/results', hash.slice(0, 2), `${hash}.json`), 'utf8'));
  return record.result.execution_time;
}

describe('savings, measured', () => {
  let project: string;
  let cold: CliRun;
  let warm: CliRun;
  let warmReport: { totals: Record<string, number>; nodes: Node[] };

  before(async () => {
    project = copyExample();
    cold = await orchestrate(project, ['build']);
    assertOk(cold);
    editFile(project, 'models/staging/stg_customers.sql', (t) => t.replace('full_name,', 'full_name,\n    1 as one,'));
    warm = await orchestrate(project, ['build']);
    assertOk(warm);
    warmReport = orchestratorJson(project);
  });

  it('totals.savedSeconds is the sum of the reused nodes’ recorded execution times', () => {
    const reused = warmReport.nodes.filter((n) => n.decision === 'reuse');
    assert.ok(reused.length > 10, `expected most nodes reused, got ${reused.length}`);
    const expected = reused.reduce((sum, n) => sum + storedExecutionTime(project, n.reusedFrom!.hash), 0);
    assert.ok(expected > 0);
    assert.equal(warmReport.totals.savedSeconds, Math.round(expected * 1000) / 1000);
    assert.equal(warmReport.totals.reused, reused.length);
  });

  it('the console recap says how much was saved, and zero when nothing was reused', () => {
    assert.match(warm.stdout, new RegExp(`^Done: \\d+ built, 0 warned, ${warmReport.totals.reused} reused, 0 failed, 0 skipped$`, 'm'));
    assert.match(warm.stdout, new RegExp(`^Time: .* wall, .* running nodes, ${duration(warmReport.totals.savedSeconds).replace('.', '\\.')} saved by reuse$`, 'm'));
    assert.ok(warmReport.totals.savedSeconds > 0);
    assert.match(cold.stdout, /^Done: \d+ built, 0 warned, 0 reused, 0 failed, 0 skipped$/m);
    assert.match(cold.stdout, /^Time: .* 0\.0s saved by reuse$/m);
  });

  it('each run is in the run log with its counts and savings', async () => {
    const runs = await readRuns(join(project, '.dbt-orchestrator'));
    assert.equal(runs.length, 2);
    assert.deepEqual(
      runs.map((r) => [r.command, r.reused, r.failed, r.savedSeconds]),
      [
        ['build', 0, 0, 0],
        ['build', warmReport.totals.reused, 0, warmReport.totals.savedSeconds],
      ],
    );
    assert.equal(runs[1].built, warmReport.totals.succeeded);
  });

  it('stats lists the runs and their total; --json and --last agree', async () => {
    const text = await stats(project, []);
    assertOk(text);
    const lines = text.stdout.trim().split('\n');
    assert.equal(lines[0], 'Last 2 runs (of 2 recorded):');
    assert.match(lines[1], /^STARTED\s+COMMAND\s+BUILT\s+REUSED\s+FAILED\s+SAVED$/);
    assert.match(lines[3], new RegExp(`^\\S+\\s+build\\s+\\d+\\s+${warmReport.totals.reused}\\s+0\\s+`));
    assert.match(lines[4], /^Total: \d+ built, \d+ reused, 0 failed; .+ of warehouse time saved by reuse$/);

    const json = await stats(project, ['--json', '--last', '1']);
    assertOk(json);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.recorded, 2);
    assert.equal(doc.runs.length, 1);
    assert.equal(doc.total.savedSeconds, warmReport.totals.savedSeconds);
  });

  it('stats rejects a bad --last with exit 2', async () => {
    const run = await stats(project, ['--last', '0']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--last/);
  });

  it('pruning the store for the cache keeps the run log', async () => {
    await new LocalStore(join(project, '.dbt-orchestrator')).prune({});
    assert.equal((await readRuns(join(project, '.dbt-orchestrator'))).length, 2);
  });
});
