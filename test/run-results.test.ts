import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { DbtNodeResult } from '../src/dbt/protocol.js';
import {
  RUN_RESULTS_SCHEMA_VERSION,
  buildRunResults,
  customEnvFrom,
  writeRunResults,
  type RunResultsV6,
} from '../src/report/run-results.js';
import type { NodeOutcome, RunInfo, StoredResult } from '../src/types.js';
import { runResultsSchemaFromDbt, validateRunResults } from './helpers/schema.js';

const info: RunInfo = {
  runId: 'run-42',
  command: 'build',
  startedAt: '2025-03-01T10:00:00.000000Z',
  finishedAt: '2025-03-01T10:01:00.000000Z',
  elapsedSeconds: 60.25,
  dbtVersion: '1.12.3',
  adapterType: 'duckdb',
  args: { select: ['+orders'], threads: 4, full_refresh: false },
};

function dbtResult(uniqueId: string, status: string, extra: Partial<DbtNodeResult> = {}): DbtNodeResult {
  return {
    unique_id: uniqueId,
    status,
    timing: [
      { name: 'compile', started_at: '2025-03-01T10:00:01Z', completed_at: '2025-03-01T10:00:02Z' },
      { name: 'execute', started_at: '2025-03-01T10:00:02Z', completed_at: '2025-03-01T10:00:04Z' },
    ],
    thread_id: 'Thread-1 (worker)',
    execution_time: 3.5,
    adapter_response: { _message: 'OK', code: 'OK', rows_affected: 10 },
    message: 'OK',
    failures: null,
    ...extra,
  };
}

function executed(name: string, type: string, result: DbtNodeResult): NodeOutcome {
  return {
    uniqueId: result.unique_id,
    resourceType: type,
    name,
    decision: 'run',
    reason: 'no previous result',
    hash: `hash-${name}`,
    result,
    attempts: 1,
    status: result.status,
  };
}

const stored: StoredResult = {
  hash: 'hash-customers',
  uniqueId: 'model.shop.customers',
  status: 'success',
  slot: '"db"."main"."customers"',
  relationName: '"db"."main"."customers"',
  inputs: [{ key: 'code', digest: 'abc' }],
  result: dbtResult('model.shop.customers', 'success', {
    execution_time: 12.75,
    relation_name: '"db"."main"."customers"',
    compiled: true,
  }),
  recordedAt: '2025-02-28T09:00:00Z',
  runId: 'run-41',
};

const outcomes: NodeOutcome[] = [
  executed(
    'stg_orders',
    'model',
    // Extra keys a newer dbt might send must be dropped (results items have additionalProperties false).
    {
      ...dbtResult('model.shop.stg_orders', 'success', {
        compiled: true,
        compiled_code: 'select 1',
        relation_name: '"db"."main"."stg_orders"',
        batch_results: null,
      }),
      node: { big: 'object' },
    } as DbtNodeResult,
  ),
  executed('orders', 'model', dbtResult('model.shop.orders', 'error', { message: 'Database Error: boom' })),
  executed('not_null_orders_id', 'test', dbtResult('test.shop.not_null_orders_id.abc', 'fail', { failures: 3 })),
  executed('unique_orders_id', 'test', dbtResult('test.shop.unique_orders_id.def', 'pass', { failures: 0 })),
  executed('accepted_values', 'test', dbtResult('test.shop.accepted_values.ghi', 'warn', { failures: 1 })),
  {
    uniqueId: 'model.shop.customers',
    resourceType: 'model',
    name: 'customers',
    decision: 'reuse',
    reason: 'inputs unchanged',
    hash: 'hash-customers',
    reusedFrom: stored,
    attempts: 0,
    status: 'reused',
  },
  {
    uniqueId: 'model.shop.order_items',
    resourceType: 'model',
    name: 'order_items',
    decision: 'skip',
    reason: 'upstream failed',
    hash: 'hash-order_items',
    skippedBecauseOf: 'model.shop.orders',
    attempts: 0,
    status: 'skipped',
  },
];

function build(): RunResultsV6 {
  return buildRunResults(outcomes, info, { env: { TEAM: 'data' }, invocationCommand: 'dbt-orchestrator build -s +orders' });
}

function assertValid(doc: unknown): void {
  const { valid, errors } = validateRunResults(doc);
  assert.ok(valid, `run_results.json is not valid against the v6 schema:\n${errors.join('\n')}`);
}

describe('run-results v6 schema (generated from the installed dbt-core)', () => {
  it('is the v6 schema and allows status "reused"', () => {
    const schema = runResultsSchemaFromDbt() as { $id: string; $schema: string; properties: { results: { items: { properties: { status: { anyOf: Array<{ enum: string[] }> } } } } } };
    assert.equal(schema.$id, RUN_RESULTS_SCHEMA_VERSION);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    const statuses = schema.properties.results.items.properties.status.anyOf.flatMap((s: { enum: string[] }) => s.enum);
    assert.ok(statuses.includes('reused'));
  });
});

describe('buildRunResults', () => {
  it('produces a document valid against the official v6 schema', () => {
    assertValid(build());
  });

  it('rejects a document with status "bogus" (the validator really validates)', () => {
    const doc = build();
    (doc.results[0] as { status: string }).status = 'bogus';
    const { valid, errors } = validateRunResults(doc);
    assert.equal(valid, false);
    assert.ok(errors.some((error) => error.startsWith('/results/0/status')), errors.join('\n'));
  });

  it('rejects a results item with an unknown key or a missing required key', () => {
    const extra = build();
    (extra.results[0] as unknown as Record<string, unknown>).reused_from = {};
    assert.equal(validateRunResults(extra).valid, false);
    const missing = build();
    delete (missing.results[0] as Partial<RunResultsV6['results'][0]>).compiled_code;
    assert.equal(validateRunResults(missing).valid, false);
  });

  it('fills the metadata and args', () => {
    const doc = build();
    assert.deepEqual(doc.metadata, {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: '1.12.3',
      generated_at: info.finishedAt,
      invocation_id: 'run-42',
      invocation_started_at: info.startedAt,
      env: { TEAM: 'data' },
    });
    assert.equal(doc.elapsed_time, 60.25);
    assert.deepEqual(doc.args, {
      select: ['+orders'],
      threads: 4,
      full_refresh: false,
      which: 'build',
      invocation_command: 'dbt-orchestrator build -s +orders',
    });
    const defaults = buildRunResults([], info);
    assert.equal(defaults.args.invocation_command, 'dbt-orchestrator build');
    assert.deepEqual(defaults.metadata.env, {});
    assertValid(defaults);
  });

  it('keeps one result per outcome in order', () => {
    const doc = build();
    assert.deepEqual(
      doc.results.map((r) => [r.unique_id, r.status]),
      outcomes.map((o) => [o.uniqueId, o.status]),
    );
  });

  it('copies executed results and normalises them to the schema', () => {
    const [success, error, fail, pass, warn] = build().results;
    assert.deepEqual(success, {
      status: 'success',
      timing: outcomes[0].result!.timing,
      thread_id: 'Thread-1 (worker)',
      execution_time: 3.5,
      adapter_response: { _message: 'OK', code: 'OK', rows_affected: 10 },
      message: 'OK',
      failures: null,
      unique_id: 'model.shop.stg_orders',
      compiled: true,
      compiled_code: 'select 1',
      relation_name: '"db"."main"."stg_orders"',
      batch_results: null,
    });
    assert.equal(error.status, 'error');
    assert.equal(error.message, 'Database Error: boom');
    assert.equal(error.compiled, null);
    assert.equal(error.compiled_code, null);
    assert.equal(error.relation_name, null);
    assert.equal(fail.status, 'fail');
    assert.equal(fail.failures, 3);
    assert.equal(pass.status, 'pass');
    assert.equal(pass.failures, 0);
    assert.equal(warn.status, 'warn');
    assert.equal(warn.failures, 1);
  });

  it('reports reused nodes with zero time for this run and the original run under adapter_response._reused', () => {
    const reused = build().results[5];
    assert.equal(reused.status, 'reused');
    assert.equal(reused.message, 'reused: inputs unchanged (built 2025-02-28T09:00:00Z by run run-41)');
    assert.deepEqual(reused.timing, []);
    assert.equal(reused.execution_time, 0);
    assert.equal(reused.relation_name, '"db"."main"."customers"');
    assert.equal(reused.compiled, true);
    assert.deepEqual(reused.adapter_response, {
      _reused: {
        hash: 'hash-customers',
        run_id: 'run-41',
        recorded_at: '2025-02-28T09:00:00Z',
        status: 'success',
        thread_id: 'Thread-1 (worker)',
        execution_time: 12.75,
        timing: stored.result.timing,
        adapter_response: { _message: 'OK', code: 'OK', rows_affected: 10 },
        message: 'OK',
        failures: null,
      },
    });
  });

  it('reports nodes skipped by us with the failing upstream by name', () => {
    const skipped = build().results[6];
    assert.deepEqual(skipped, {
      status: 'skipped',
      timing: [],
      thread_id: 'main',
      execution_time: 0,
      adapter_response: {},
      message: 'skipped: upstream `orders` failed',
      failures: null,
      unique_id: 'model.shop.order_items',
      compiled: null,
      compiled_code: null,
      relation_name: null,
    });
  });

  it('stays valid for odd inputs: unknown dbt status, executed node without a result', () => {
    const odd: NodeOutcome[] = [
      executed('weird', 'model', dbtResult('model.shop.weird', 'exploded', { message: 'kaboom' })),
      { ...executed('lost', 'model', dbtResult('model.shop.lost', 'error')), result: undefined, reason: 'dbt crashed' },
      {
        ...executed('gone', 'model', dbtResult('model.shop.gone', 'skipped')),
        decision: 'skip',
        result: undefined,
        skippedBecauseOf: 'model.other.not_selected',
        status: 'skipped',
      },
    ];
    const doc = buildRunResults(odd, info);
    assertValid(doc);
    assert.equal(doc.results[0].status, 'error');
    assert.equal(doc.results[0].message, 'unknown dbt status `exploded`: kaboom');
    assert.equal(doc.results[1].status, 'error');
    assert.match(doc.results[1].message ?? '', /dbt crashed/);
    assert.equal(doc.results[2].message, 'skipped: upstream `model.other.not_selected` failed');
  });

  it('reads metadata.env from DBT_ENV_CUSTOM_ENV_ variables', () => {
    assert.deepEqual(customEnvFrom({ DBT_ENV_CUSTOM_ENV_TEAM: 'data', HOME: '/root', DBT_TARGET: 'x' }), {
      TEAM: 'data',
    });
  });
});

describe('writeRunResults', () => {
  it('writes the document atomically as pretty JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dbt-orch-rr-'));
    try {
      const path = join(dir, 'target', 'run_results.json');
      const doc = build();
      await writeRunResults(path, doc);
      const text = await readFile(path, 'utf8');
      assert.ok(text.endsWith('\n'));
      assert.deepEqual(JSON.parse(text), doc);
      assertValid(JSON.parse(text));
      assert.deepEqual(await readdir(join(dir, 'target')), ['run_results.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
