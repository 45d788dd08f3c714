// The one vocabulary of statuses (src/status.ts): which final status counts as success, failure, built,
// not run; how it is written in run_results.json; and that the executor, the plan, the reports and the exit
// code follow the same rules. Pure code, no dbt.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManifestNode } from '../src/dbt/manifest.js';
import type { DbtNodeResult } from '../src/dbt/protocol.js';
import { attemptsMessage, executeRunSet } from '../src/execute/execute.js';
import { buildGraph } from '../src/graph/graph.js';
import { planNodes } from '../src/plan/plan.js';
import { computeTotals } from '../src/report/orchestrator-json.js';
import { normalizeDbtResult, RUN_RESULT_STATUSES } from '../src/report/run-results.js';
import { countStatuses, isFailure, isNotRun, isPastErrorAfter, isRetryable, isStale, isSuccess, runFailed, runResultsStatus, statusLabel } from '../src/status.js';
import type { NodeOutcome, StoredResult } from '../src/types.js';

function result(uniqueId: string, status: string, message: string | null = null): DbtNodeResult {
  return { unique_id: uniqueId, status, timing: [], thread_id: 't', execution_time: 1, adapter_response: {}, message, failures: null };
}

function outcome(status: string, extra: Partial<NodeOutcome> = {}): NodeOutcome {
  return { uniqueId: `model.p.${status}`, resourceType: 'model', name: status, decision: 'run', reason: 'r', hash: 'h', attempts: 1, status, ...extra };
}

describe('status rules', () => {
  it('success, pass, warn and no-op are successes; error, fail, runtime error, partial success and unknown statuses are failures', () => {
    for (const s of ['success', 'pass', 'warn', 'no-op']) assert.ok(isSuccess(s) && !isFailure(s), s);
    for (const s of ['error', 'fail', 'runtime error', 'partial success', 'something new']) assert.ok(isFailure(s) && !isSuccess(s), s);
    for (const s of ['skipped', 'reused', 'not-run', 'interrupted']) assert.ok(!isFailure(s) && !isSuccess(s), s);
  });

  it('only errors are retried', () => {
    assert.deepEqual(['error', 'fail', 'warn', 'runtime error', 'skipped'].filter(isRetryable), ['error']);
  });

  it('not-run and interrupted are written in run_results.json with v6 statuses', () => {
    assert.equal(runResultsStatus('not-run'), 'skipped');
    assert.equal(runResultsStatus('interrupted'), 'error');
    for (const s of [...RUN_RESULT_STATUSES, 'not-run', 'interrupted', 'bogus']) assert.ok((RUN_RESULT_STATUSES as readonly string[]).includes(runResultsStatus(s)), s);
    const written = normalizeDbtResult(result('model.p.a', 'not-run', 'not run: the run was stopped before this node started'));
    assert.equal(written.status, 'skipped');
    assert.equal(written.message, 'not run: the run was stopped before this node started');
    assert.ok(isNotRun('not-run') && isNotRun('interrupted'));
  });

  it('counts: warnings are built and counted, skipped-by-failure is told apart, not-run is not a failure', () => {
    const counts = countStatuses([
      outcome('success'),
      outcome('warn'),
      outcome('no-op'),
      outcome('error'),
      outcome('skipped', { decision: 'skip', skippedBecauseOf: 'model.p.error' }),
      outcome('skipped', { decision: 'skip' }),
      outcome('not-run'),
      outcome('interrupted'),
      outcome('reused', { decision: 'reuse' }),
    ]);
    assert.deepEqual(counts, { built: 3, warned: 1, reused: 1, failed: 1, skipped: 2, skippedByFailure: 1, notRun: 2 });
    assert.ok(runFailed(counts));
    assert.ok(!runFailed(countStatuses([outcome('warn'), outcome('not-run'), outcome('skipped', { decision: 'skip' })])));
    assert.ok(runFailed(countStatuses([outcome('skipped', { decision: 'skip', skippedBecauseOf: 'x' })])));
  });

  it('the report totals use the same rules (no-op is built, not failed; not-run has its own count)', () => {
    const totals = computeTotals([outcome('no-op'), outcome('warn'), outcome('not-run'), outcome('fail')].map((o) => ({ outcome: o, inputs: [], relationName: null })), 0);
    assert.equal(totals.succeeded, 2);
    assert.equal(totals.warned, 1);
    assert.equal(totals.failed, 1);
    assert.equal(totals.notRun, 1);
    assert.equal(totals.succeeded + totals.failed + totals.reused + totals.skipped + totals.notRun, totals.selected);
  });

  it('console labels', () => {
    assert.deepEqual(['success', 'pass', 'warn', 'error', 'fail', 'skipped', 'reused', 'no-op', 'not-run'].map(statusLabel), ['OK', 'PASS', 'WARN', 'ERROR', 'FAIL', 'SKIP', 'REUSE', 'NO-OP', 'NOT RUN']);
  });
});

describe('no-op', () => {
  const node = (id: string, parents: string[] = []): ManifestNode => ({ unique_id: id, name: id.split('.').pop()!, resource_type: 'model', depends_on: { nodes: parents }, config: { materialized: 'table' } }) as unknown as ManifestNode;

  it('the executor records a no-op result as a success and does not retry it or skip its children', async () => {
    const graph = buildGraph(new Map([['model.p.a', node('model.p.a')], ['model.p.b', node('model.p.b', ['model.p.a'])]]));
    const recorded: string[] = [];
    const executed = await executeRunSet({
      graph,
      runSet: ['model.p.a', 'model.p.b'],
      threads: 1,
      fullRefresh: false,
      retries: 2,
      retryDelaySeconds: 0,
      sleep: async () => undefined,
      // dbt reports no-op for nodes with nothing to do (its NoOpRunner); a scripted reply stands for that here.
      runner: { build: async (args) => ({ success: true, results: args.uniqueIds.map((id) => result(id, 'no-op', 'NO-OP')), elapsedTime: 0 }) },
      hooks: { recordSuccess: async (id) => void recorded.push(id), invalidate: async () => undefined },
    });
    assert.deepEqual(recorded.sort(), ['model.p.a', 'model.p.b']);
    assert.equal(executed.get('model.p.a')!.attempts, 1);
    assert.equal(executed.get('model.p.b')!.result.status, 'no-op');
  });

  it('a stored no-op result is reused by the plan', () => {
    const stored = { hash: 'h1', status: 'no-op', result: result('model.p.a', 'no-op') } as unknown as StoredResult;
    const facts = [{ node: node('model.p.a'), hash: { uniqueId: 'model.p.a', hash: 'h1', codeHash: 'c1', inputs: [] }, slot: { key: 'test:a', relation: null }, slotState: { slot: 'test:a', hash: 'h1', uniqueId: 'model.p.a', recordedAt: new Date().toISOString(), runId: 'r' }, stored, previous: stored, unknownUpstream: [] }];
    const [decision] = planNodes(facts as never, { reuse: true, fullRefresh: false, existingRelations: new Set(), nameOf: (id: string) => id, now: new Date(), lagReused: new Map() } as never);
    assert.equal(decision.decision, 'reuse', decision.reason);
  });
});

describe('source freshness statuses', () => {
  it('warn, error and runtime error are stale; only error and runtime error fail on-stale: fail', () => {
    const statuses = ['pass', 'warn', 'error', 'runtime error'];
    assert.deepEqual(statuses.map(isStale), [false, true, true, true]);
    assert.deepEqual(statuses.map(isPastErrorAfter), [false, false, true, true]);
  });
});

describe('attempt messages', () => {
  it('keeps dbt message when every attempt failed the same way', () => {
    assert.equal(attemptsMessage([{ attempt: 1, status: 'error', message: 'boom' }, { attempt: 2, status: 'error', message: 'boom' }], 'boom'), 'boom');
  });

  it('shows the first and the last attempt when they differ', () => {
    const text = attemptsMessage(
      [
        { attempt: 1, status: 'error', message: 'IO Error: no file' },
        { attempt: 2, status: 'error', message: 'lock' },
        { attempt: 3, status: 'error', message: 'Catalog Error: x' },
      ],
      'Catalog Error: x',
    );
    assert.equal(text, 'attempt 1 of 3:\nIO Error: no file\n\nattempt 3 of 3:\nCatalog Error: x');
  });
});
