// The pure parts of explain and savings: diff rendering, the secret-name rule, what a record keeps, the
// store's format check for old and new records, the run log's sum.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../src/explain/diff.js';
import { looksSecret } from '../src/explain/secret.js';
import { explainTexts } from '../src/explain/texts.js';
import type { ManifestNode } from '../src/dbt/manifest.js';
import { savedPhrase, savedSeconds, totalOf } from '../src/report/savings.js';
import { checkStoredResult } from '../src/store/parse.js';
import { appendRun, readRuns, RUN_RECORD_FORMAT, type RunRecord } from '../src/store/runs.js';
import type { NodeOutcome, StoredResult } from '../src/types.js';

describe('unifiedDiff', () => {
  it('equal texts give no lines', () => {
    assert.deepEqual(unifiedDiff('a\nb\n', 'a\nb\n'), []);
  });

  it('one changed line: a hunk with three lines of context each side', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
    const after = before.replace('5', 'five');
    assert.deepEqual(unifiedDiff(before, after, { oldLabel: 'old', newLabel: 'new' }), ['--- old', '+++ new', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8']);
  });

  it('distant changes make two hunks; an insertion counts 0 old lines', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const after = [...lines.slice(0, 1), 'new', ...lines.slice(1, 18), 'x'];
    const diff = unifiedDiff(lines.join('\n'), after.join('\n'));
    assert.deepEqual(diff.filter((l) => l.startsWith('@@')), ['@@ -1,4 +1,5 @@', '@@ -16,5 +17,4 @@']);
    assert.deepEqual(diff.slice(-3), ['-l19', '-l20', '+x']);
  });

  it('from nothing: every line added', () => {
    assert.deepEqual(unifiedDiff('', 'a\nb'), ['--- before', '+++ after', '@@ -0,0 +1,2 @@', '+a', '+b']);
  });
});

describe('looksSecret', () => {
  it('names a secret by word or glued on, in any case style', () => {
    for (const name of ['password', 'db_password', 'dbPassword', 'API_KEY', 'apikey', 'snowflake_private_key', 'github_token', 'client_secret', 'aws_credentials', 'auth_header']) {
      assert.equal(looksSecret(name), true, name);
    }
  });

  it('leaves ordinary names shown', () => {
    for (const name of ['start_date', 'region', 'probe_label', 'keyboard_layout', 'schema_suffix', 'monkey_count']) {
      assert.equal(looksSecret(name), false, name);
    }
  });
});

describe('explainTexts (what a record keeps)', () => {
  const node = { unique_id: 'model.p.m', resource_type: 'model', package_name: 'p', raw_code: 'select {{ var("region") }}', config: {} } as unknown as ManifestNode;
  const vars = { global: { region: 'eu', db_password: 'hunter2' }, byPackage: {}, cli: {} };
  const macros = { 'macro.p.m1': { macro_sql: '{% macro m1() %}1{% endmacro %}' } } as never;

  it('code and macros; no var value (not even a harmless-looking one), no env var', () => {
    const keys = ['code', 'macro:macro.p.m1', 'var:region', 'var:db_password', 'env:REGION'].map((key) => ({ key, digest: 'd' }));
    assert.deepEqual(explainTexts(node, keys, { macros, vars }), {
      code: 'select {{ var("region") }}',
      'macro:macro.p.m1': '{% macro m1() %}1{% endmacro %}',
    });
  });

  it('a seed keeps no code text (its CSV is data)', () => {
    const seed = { ...node, resource_type: 'seed', raw_code: '' } as ManifestNode;
    assert.deepEqual(explainTexts(seed, [{ key: 'code', digest: 'd' }], { macros, vars }), {});
  });
});

describe('checkStoredResult with texts', () => {
  const record: StoredResult = {
    hash: 'ab',
    uniqueId: 'model.p.m',
    status: 'success',
    slot: 's',
    relationName: null,
    inputs: [{ key: 'code', digest: 'd' }],
    result: { unique_id: 'model.p.m', status: 'success', timing: [], execution_time: 1, thread_id: 't', message: null, failures: null, adapter_response: {} } as never,
    recordedAt: '2026-01-01T00:00:00.000Z',
    runId: 'r',
  };

  it('a record from before explain (no texts) is valid', () => {
    assert.equal(checkStoredResult(record), undefined);
  });

  it('a record with texts is valid; a non-string text is not', () => {
    assert.equal(checkStoredResult({ ...record, texts: { code: 'select 1' } }), undefined);
    assert.equal(checkStoredResult({ ...record, texts: { code: 1 } }), 'texts["code"] is not a string');
    assert.equal(checkStoredResult({ ...record, texts: [] }), 'field "texts" is not an object');
  });
});

describe('savings', () => {
  const outcome = (status: string, executionTime?: number): NodeOutcome =>
    ({
      uniqueId: `n${Math.random()}`,
      resourceType: 'model',
      name: 'n',
      decision: status === 'reused' ? 'reuse' : 'run',
      reason: '',
      hash: 'h',
      attempts: 0,
      status,
      reusedFrom: executionTime === undefined ? undefined : ({ hash: 'h', runId: 'r', recordedAt: '', result: { execution_time: executionTime } } as StoredResult),
    }) as NodeOutcome;

  it('sums the reused nodes’ recorded execution times, rounded to milliseconds', () => {
    assert.equal(savedSeconds([outcome('reused', 1.1), outcome('reused', 2.2), outcome('success')]), 3.3);
  });

  it('is not shown when zero', () => {
    assert.equal(savedPhrase(0), '');
    assert.equal(savedPhrase(3.3), '3.30 s saved by reuse');
  });

  it('the run log keeps the newest N, oldest first, and totals them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runs-'));
    const record = (i: number): RunRecord => ({
      format: RUN_RECORD_FORMAT,
      runId: `run-${i}`,
      command: 'build',
      startedAt: `2026-01-0${i}T00:00:00.000Z`,
      finishedAt: `2026-01-0${i}T00:01:00.000Z`,
      elapsedSeconds: 60,
      selected: 10,
      built: i,
      reused: 10 - i,
      failed: 0,
      skipped: 0,
      savedSeconds: 1.5,
    });
    for (const i of [1, 2, 3, 4]) await appendRun(dir, record(i), 3);
    const runs = await readRuns(dir);
    assert.deepEqual(runs.map((r) => r.runId), ['run-2', 'run-3', 'run-4']);
    assert.deepEqual(totalOf(runs), { runs: 3, built: 9, reused: 21, failed: 0, savedSeconds: 4.5 });
    assert.deepEqual((await readRuns(dir, { last: 1 })).map((r) => r.runId), ['run-4']);
  });
});
