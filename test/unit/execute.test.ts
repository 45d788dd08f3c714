// Execution rounds against an in-memory BuildRunner that replays scripted dbt outcomes: what is retried,
// what is skipped and because of whom, what is recorded, and what a crash or a cancel leaves behind.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildArgs, BuildResult, BridgeEvent } from '../../src/dbt/protocol.js';
import { executeRunSet, type BuildRunner, type ExecuteOptions } from '../../src/execute/execute.js';
import { isSuccess as isSuccessStatus } from '../../src/status.js';
import type { ProjectGraph } from '../../src/graph/graph.js';
import { dataTest, dbtResult, graphOf, model, modelId, testId } from '../helpers/nodes.js';

const A = modelId('a');
const B = modelId('b');
const C = modelId('c');
const X = modelId('x');
const T = testId('t_a');

/** a → b → c, x alone, t_a tests a. */
const GRAPH = graphOf(model('a'), model('b', { deps: [A] }), model('c', { deps: [B] }), model('x'), dataTest('t_a', [A]));
const RUN_SET = [A, T, B, C, X];

/** dbt's outcome per node, one map per invocation; a node missing from a map is not reported. */
type Script = Array<Record<string, string>>;

interface ScriptedRunner extends BuildRunner {
  calls: BuildArgs[];
}

function scripted(script: Script, how: { events?: boolean; reply?: boolean; crashIn?: number } = {}): ScriptedRunner {
  const calls: BuildArgs[] = [];
  return {
    calls,
    async build(args: BuildArgs, onEvent: (event: BridgeEvent) => void): Promise<BuildResult> {
      const round = calls.push(args) - 1;
      const outcome = script[round] ?? {};
      const results = [];
      for (const id of args.uniqueIds) {
        const status = outcome[id];
        if (status === undefined) continue;
        const result = dbtResult(id, status, status === 'error' ? `${id} broke` : null);
        results.push(result);
        if (how.events === false) continue;
        if (status !== 'skipped') onEvent({ event: 'node_start', id: round, uniqueId: id, startedAt: '2026-06-01T00:00:00Z' });
        onEvent({ event: 'node_finish', id: round, uniqueId: id, result });
      }
      if (how.crashIn === round) throw new Error('connection lost');
      return { success: results.every((r) => isSuccessStatus(r.status)), results: how.reply === false ? [] : results, elapsedTime: 1 };
    },
  };
}

interface Recorder {
  log: string[];
  sleeps: number[];
}

function execute(runner: BuildRunner, overrides: Partial<ExecuteOptions> & { graph?: ProjectGraph } = {}): { run: ReturnType<typeof executeRunSet>; rec: Recorder } {
  const rec: Recorder = { log: [], sleeps: [] };
  const run = executeRunSet({
    graph: GRAPH,
    runSet: RUN_SET,
    threads: 4,
    fullRefresh: false,
    retries: 0,
    retryDelaySeconds: 5,
    runner,
    hooks: {
      onNodeStart: (id, attempt) => rec.log.push(`start ${id} #${attempt}`),
      onNodeFinish: (id, result, attempt) => rec.log.push(`finish ${id} ${result.status} #${attempt}`),
      onRetry: (ids, delay, round) => rec.log.push(`retry ${ids.join(',')} in ${delay}s round ${round}`),
      recordSuccess: async (id) => void rec.log.push(`record ${id}`),
      invalidate: async (id) => void rec.log.push(`invalidate ${id}`),
    },
    sleep: async (ms) => void rec.sleeps.push(ms),
    ...overrides,
  });
  return { run, rec };
}

const allOk: Record<string, string> = { [A]: 'success', [T]: 'pass', [B]: 'success', [C]: 'success', [X]: 'success' };

describe('executeRunSet', () => {
  it('runs the whole run set in one dbt invocation when nothing fails', async () => {
    const runner = scripted([allOk]);
    const { run, rec } = execute(runner, { threads: 3, fullRefresh: true });
    const final = await run;
    assert.deepEqual(runner.calls, [{ uniqueIds: RUN_SET, threads: 3, fullRefresh: true }]);
    assert.deepEqual([...final.values()].map((n) => [n.uniqueId, n.result.status, n.attempts]), RUN_SET.map((id) => [id, allOk[id], 1]));
    assert.deepEqual(rec.sleeps, []);
  });

  it('invalidates a node\'s record when it starts and records each success as it finishes', async () => {
    const { run, rec } = execute(scripted([allOk]), { runSet: [A] });
    await run;
    assert.deepEqual(rec.log, [`invalidate ${A}`, `start ${A} #1`, `finish ${A} success #1`, `record ${A}`]);
  });

  it('records a success dbt reported only in its reply (no event)', async () => {
    const { run, rec } = execute(scripted([allOk], { events: false }), { runSet: [A, X] });
    const final = await run;
    assert.deepEqual(rec.log, [`record ${A}`, `record ${X}`]);
    assert.equal(final.get(A)!.attempts, 1);
  });

  it('records nothing for a failure', async () => {
    const { run, rec } = execute(scripted([{ [X]: 'error' }]), { runSet: [X] });
    await run;
    assert.ok(!rec.log.some((l) => l.startsWith('record')), rec.log.join('\n'));
  });

  it('retries an error after the delay, together with the nodes it blocked, and nothing else', async () => {
    const runner = scripted([
      { [A]: 'error', [T]: 'skipped', [B]: 'skipped', [C]: 'skipped', [X]: 'success' },
      { [A]: 'success', [T]: 'pass', [B]: 'success', [C]: 'success' },
    ]);
    const { run, rec } = execute(runner, { retries: 1, retryDelaySeconds: 7 });
    const final = await run;
    assert.deepEqual(runner.calls.map((c) => c.uniqueIds), [RUN_SET, [A, T, B, C]]);
    assert.deepEqual(rec.sleeps, [7000]);
    assert.ok(rec.log.includes(`retry ${A} in 7s round 2`), rec.log.join('\n'));
    assert.deepEqual([final.get(A)!.attempts, final.get(A)!.result.status], [2, 'success']);
    // Nodes dbt skipped in round 1 ran once.
    assert.deepEqual([final.get(B)!.attempts, final.get(B)!.result.status], [1, 'success']);
    assert.equal(final.get(X)!.attempts, 1);
  });

  it('gives up after the configured retries: the error stays and what it blocked is skipped because of it', async () => {
    const failing = { [A]: 'error', [T]: 'skipped', [B]: 'skipped', [C]: 'skipped' };
    const runner = scripted([{ ...failing, [X]: 'success' }, failing, failing]);
    const final = await execute(runner, { retries: 2 }).run;
    assert.equal(runner.calls.length, 3);
    assert.deepEqual([final.get(A)!.attempts, final.get(A)!.result.status], [3, 'error']);
    for (const id of [T, B, C]) {
      const node = final.get(id)!;
      assert.deepEqual([node.result.status, node.attempts, node.skippedBecauseOf], ['skipped', 0, A], id);
      assert.equal(node.result.message, 'skipped: upstream `a` failed');
    }
  });

  it('never retries a failing test (a test failure is data, not a flake)', async () => {
    const runner = scripted([{ [A]: 'success', [T]: 'fail', [B]: 'skipped', [C]: 'skipped', [X]: 'success' }]);
    const final = await execute(runner, { retries: 3 }).run;
    assert.equal(runner.calls.length, 1);
    assert.equal(final.get(T)!.result.status, 'fail');
    assert.equal(final.get(B)!.skippedBecauseOf, T);
    assert.equal(final.get(C)!.skippedBecauseOf, T);
  });

  it('does not retry a node also blocked by a final failure', async () => {
    // b reads a (errors: retryable) and y, whose test fails (final): b cannot run either way, so only a reruns.
    const Y = modelId('y');
    const TY = testId('t_y');
    const graph = graphOf(model('a'), model('y'), dataTest('t_y', [Y]), model('b', { deps: [A, Y] }));
    const runner = scripted([{ [A]: 'error', [Y]: 'success', [TY]: 'fail', [B]: 'skipped' }, { [A]: 'success' }]);
    const final = await execute(runner, { graph, runSet: [A, Y, TY, B], retries: 1 }).run;
    assert.deepEqual(runner.calls[1].uniqueIds, [A]);
    assert.equal(final.get(A)!.result.status, 'success');
    assert.deepEqual([final.get(B)!.result.status, final.get(B)!.skippedBecauseOf], ['skipped', TY]);
  });

  it('a crash of dbt: every node it never started is not-run (no failure of its own), naming the crash', async () => {
    const runner = scripted([{ [A]: 'success' }], { crashIn: 0 });
    const final = await execute(runner, { runSet: [A, B, X] }).run;
    assert.equal(final.get(A)!.result.status, 'success');
    for (const id of [B, X]) {
      assert.equal(final.get(id)!.result.status, 'not-run', id);
      assert.equal(final.get(id)!.result.message, 'not run: dbt stopped before this node started (connection lost)');
    }
  });

  it('an error reported in dbt\'s reply counts like a crash for the nodes it did not reach', async () => {
    const runner: BuildRunner = { build: async () => ({ success: false, results: [], elapsedTime: 0, error: 'adapter exploded' }) };
    const final = await execute(runner, { runSet: [X] }).run;
    assert.equal(final.get(X)!.result.message, 'dbt stopped before starting this node: adapter exploded');
  });

  it('a cancelled run starts no retry round: what would have rerun is not-run', async () => {
    let cancelled = false;
    const runner = scripted([{ [A]: 'error', [T]: 'skipped', [B]: 'skipped', [C]: 'skipped', [X]: 'success' }]);
    const { run, rec } = execute(runner, { retries: 2, sleep: async () => void (cancelled = true), cancelled: () => cancelled });
    const final = await run;
    assert.equal(runner.calls.length, 1);
    assert.equal(rec.sleeps.length, 0);
    for (const id of [T, B, C]) assert.deepEqual([final.get(id)!.result.status, final.get(id)!.result.message], ['not-run', 'not run: the run was stopped before this node started'], id);
    assert.equal(final.get(A)!.result.status, 'error');
  });

  it('an already cancelled run does not retry at all', async () => {
    const runner = scripted([{ [X]: 'error' }]);
    const final = await execute(runner, { runSet: [X], retries: 2, cancelled: () => true }).run;
    assert.equal(runner.calls.length, 1);
    assert.equal(final.get(X)!.attempts, 1);
  });

  it('ignores results of nodes it did not ask for (on-run-start/end hooks)', async () => {
    const runner: BuildRunner = {
      build: async (_args, onEvent) => {
        onEvent({ event: 'node_finish', id: 0, uniqueId: 'operation.p.hook', result: dbtResult('operation.p.hook', 'success') });
        return { success: true, results: [dbtResult('operation.p.hook', 'success'), dbtResult(X, 'success')], elapsedTime: 0 };
      },
    };
    const { run, rec } = execute(runner, { runSet: [X] });
    const final = await run;
    assert.deepEqual([...final.keys()], [X]);
    assert.deepEqual(rec.log, [`record ${X}`]);
  });

  it('does not report dbt\'s skips as finished attempts', async () => {
    const { run, rec } = execute(scripted([{ [A]: 'error', [T]: 'skipped', [B]: 'skipped', [C]: 'skipped', [X]: 'success' }]));
    await run;
    assert.ok(!rec.log.some((l) => / skipped /.test(l)), rec.log.join('\n'));
  });
});

describe('isSuccess (src/status.ts), as the executor uses it', () => {
  it('success, pass and warn succeed; error, fail and skipped do not', () => {
    assert.deepEqual(['success', 'pass', 'warn', 'no-op', 'error', 'fail', 'skipped'].map(isSuccessStatus), [true, true, true, true, false, false, false]);
  });
});
