import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { DbtNodeResult } from '../src/dbt/protocol.js';
import {
  buildOrchestratorReport,
  writeOrchestratorReport,
  type ReportNodeInput,
} from '../src/report/orchestrator-json.js';
import type { NodeOutcome, RunInfo, StoredResult } from '../src/types.js';

const run: RunInfo = {
  runId: 'run-7',
  command: 'build',
  startedAt: '2025-03-01T10:00:00Z',
  finishedAt: '2025-03-01T10:00:30Z',
  elapsedSeconds: 30,
  dbtVersion: '1.12.3',
  adapterType: 'duckdb',
  args: {},
};

function dbtResult(uniqueId: string, status: string, executionTime: number): DbtNodeResult {
  return {
    unique_id: uniqueId,
    status,
    timing: [{ name: 'execute', started_at: '2025-03-01T10:00:01Z', completed_at: '2025-03-01T10:00:02Z' }],
    thread_id: 'Thread-1',
    execution_time: executionTime,
    adapter_response: {},
    message: status === 'error' ? 'boom' : 'OK',
    failures: status === 'fail' ? 2 : null,
    relation_name: `"db"."main"."${uniqueId.split('.')[2]}"`,
  };
}

function ran(name: string, status: string, executionTime: number, type = 'model'): ReportNodeInput {
  const uniqueId = `${type}.shop.${name}`;
  const outcome: NodeOutcome = {
    uniqueId,
    resourceType: type,
    name,
    decision: 'run',
    reason: 'no previous result',
    hash: `h-${name}`,
    result: dbtResult(uniqueId, status, executionTime),
    attempts: 1,
    status,
  };
  return { outcome, inputs: [{ key: 'code', digest: `d-${name}` }], relationName: type === 'test' ? null : `"db"."main"."${name}"` };
}

function reused(name: string, originalExecutionTime: number): ReportNodeInput {
  const uniqueId = `model.shop.${name}`;
  const stored: StoredResult = {
    hash: `h-${name}`,
    uniqueId,
    status: 'success',
    slot: `"db"."main"."${name}"`,
    relationName: `"db"."main"."${name}"`,
    inputs: [],
    result: dbtResult(uniqueId, 'success', originalExecutionTime),
    recordedAt: '2025-02-01T00:00:00Z',
    runId: 'run-1',
  };
  const outcome: NodeOutcome = {
    uniqueId,
    resourceType: 'model',
    name,
    decision: 'reuse',
    reason: 'inputs unchanged',
    hash: stored.hash,
    reusedFrom: stored,
    attempts: 0,
    status: 'reused',
  };
  return { outcome, inputs: [{ key: 'code', digest: `d-${name}` }], relationName: stored.relationName };
}

function skipped(name: string, because: string): ReportNodeInput {
  const outcome: NodeOutcome = {
    uniqueId: `model.shop.${name}`,
    resourceType: 'model',
    name,
    decision: 'skip',
    reason: `upstream \`${because}\` failed`,
    hash: `h-${name}`,
    skippedBecauseOf: `model.shop.${because}`,
    attempts: 0,
    status: 'skipped',
  };
  return { outcome, inputs: [], relationName: `"db"."main"."${name}"` };
}

/** A node we sent to dbt but dbt skipped itself (an upstream in the same invocation failed). */
function skippedByDbt(name: string): ReportNodeInput {
  return ran(name, 'skipped', 0);
}

const nodes: ReportNodeInput[] = [
  ran('stg_orders', 'success', 1.1),
  ran('orders', 'error', 2.2),
  ran('not_null_orders_id', 'fail', 0.3, 'test'),
  ran('unique_orders_id', 'pass', 0.1, 'test'),
  ran('accepted_values', 'warn', 0.2, 'test'),
  reused('customers', 12.5),
  reused('payments', 0.1),
  reused('stg_payments', 0.2),
  skipped('order_items', 'orders'),
  skippedByDbt('finance'),
];

const ephemeral = [{ uniqueId: 'model.shop.eph', name: 'eph', hash: 'h-eph', inputs: [{ key: 'code', digest: 'x' }] }];

describe('buildOrchestratorReport', () => {
  const report = buildOrchestratorReport({ run, nodes, ephemeral });

  it('counts totals by decision and final status', () => {
    assert.deepEqual(report.totals, {
      selected: 10,
      run: 6,
      reused: 3,
      skipped: 2,
      succeeded: 3,
      warned: 1,
      failed: 2,
      notRun: 0,
      ephemeral: 1,
      savedSeconds: 12.8,
    });
    const t = report.totals;
    assert.equal(t.succeeded + t.failed + t.reused + t.skipped, t.selected);
  });

  it('sums time saved from the reused nodes original execution time, rounded to ms', () => {
    assert.equal(report.totals.savedSeconds, 12.8);
    assert.equal(report.timeSpentSeconds, 3.9);
  });

  it('has zero time saved and spent for an empty run', () => {
    const empty = buildOrchestratorReport({ run, nodes: [] });
    assert.equal(empty.totals.savedSeconds, 0);
    assert.equal(empty.timeSpentSeconds, 0);
    assert.deepEqual(empty.totals, { selected: 0, run: 0, reused: 0, skipped: 0, succeeded: 0, warned: 0, failed: 0, notRun: 0, ephemeral: 0, savedSeconds: 0 });
  });

  it('describes an executed node with its timing', () => {
    const node = report.nodes[0];
    assert.deepEqual(node, {
      uniqueId: 'model.shop.stg_orders',
      name: 'stg_orders',
      resourceType: 'model',
      hash: 'h-stg_orders',
      inputs: [{ key: 'code', digest: 'd-stg_orders' }],
      decision: 'run',
      reason: 'no previous result',
      status: 'success',
      attempts: 1,
      timing: [{ name: 'execute', started_at: '2025-03-01T10:00:01Z', completed_at: '2025-03-01T10:00:02Z' }],
      executionTime: 1.1,
      relationName: '"db"."main"."stg_orders"',
      message: 'OK',
      failures: null,
    });
    assert.equal(report.nodes[2].failures, 2);
    assert.equal(report.nodes[2].relationName, '"db"."main"."not_null_orders_id"');
  });

  it('describes a reused node with zero time now and where its result came from', () => {
    const node = report.nodes[5];
    assert.equal(node.decision, 'reuse');
    assert.equal(node.status, 'reused');
    assert.deepEqual(node.timing, []);
    assert.equal(node.executionTime, 0);
    assert.deepEqual(node.reusedFrom, {
      hash: 'h-customers',
      runId: 'run-1',
      recordedAt: '2025-02-01T00:00:00Z',
      executionTime: 12.5,
    });
  });

  it('describes a skipped node with its failing upstream', () => {
    const node = report.nodes[8];
    assert.equal(node.decision, 'skip');
    assert.equal(node.status, 'skipped');
    assert.equal(node.skippedBecauseOf, 'model.shop.orders');
    assert.equal(node.reusedFrom, undefined);
  });

  it('lists ephemeral models last, as compiled into their dependents', () => {
    const node = report.nodes.at(-1)!;
    assert.equal(report.nodes.length, 11);
    assert.equal(node.uniqueId, 'model.shop.eph');
    assert.equal(node.decision, 'ephemeral');
    assert.equal(node.reason, 'compiled into dependents');
    assert.deepEqual(node.inputs, [{ key: 'code', digest: 'x' }]);
  });

  it('writes the report as pretty JSON atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dbt-orch-report-'));
    try {
      const path = join(dir, 'orchestrator.json');
      await writeOrchestratorReport(path, report);
      const text = await readFile(path, 'utf8');
      assert.ok(text.startsWith('{\n  "schemaVersion": 1,'));
      assert.ok(text.endsWith('}\n'));
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(report)));
      assert.deepEqual(await readdir(dir), ['orchestrator.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
