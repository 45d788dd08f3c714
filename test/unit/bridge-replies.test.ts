// Bridge replies at the door (src/dbt/replies.ts): each reply kind has one parser that accepts what
// python/dbt_bridge/ really sends (the shapes below are built as the Python code builds them, extra fields
// included) and turns anything else into a reason naming the field. No dbt runs here; test/bridge-replies.test.ts
// runs the same parsers against the real bridge.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseBridgeEvent,
  parseBridgeReply,
  parseBuildResult,
  parseColumnsReply,
  parseCompileResult,
  parseCountsReply,
  parseDbtNodeResult,
  parseFreshnessResult,
  parseListResult,
  parseNoResult,
  parseParseResult,
  parseProtocolLine,
  parseRecordedRelationsResult,
  parseRelationsResult,
  parseRunStatusReply,
} from '../../src/dbt/replies.js';
import type { Parsed, ShapeParser } from '../../src/util/json-file.js';

function accepts<T>(parse: ShapeParser<T>, value: unknown): T {
  const parsed = parse(value, 'result');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  assert.equal(parsed.value, value, 'the value itself comes back, typed');
  return parsed.value;
}

function reason<T>(parsed: Parsed<T>): string {
  assert.equal(parsed.ok, false, 'expected a reason');
  return (parsed as { reason: string }).reason;
}

const rejects = <T>(parse: ShapeParser<T>, value: unknown): string => reason(parse(value, 'result'));

/** results.py result_item: dbt's RunResultOutput.to_dict(omit_none=False) plus unique_id. */
function nodeResult(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'success',
    timing: [
      { name: 'compile', started_at: '2026-05-01T10:00:00.100000Z', completed_at: '2026-05-01T10:00:00.200000Z' },
      { name: 'execute', started_at: '2026-05-01T10:00:00.200000Z', completed_at: '2026-05-01T10:00:00.300000Z' },
    ],
    thread_id: 'Thread-1 (worker)',
    execution_time: 0.21,
    adapter_response: { _message: 'OK', rows_affected: 3 },
    message: 'OK',
    failures: null,
    unique_id: 'model.p.orders',
    compiled: true,
    compiled_code: 'select 1',
    relation_name: '"dev"."main"."orders"',
    batch_results: null,
    ...extra,
  };
}

/** results.py refused_result: a node the bridge did not hand to dbt. */
const refused = { unique_id: 'model.p.a', status: 'error', timing: [], thread_id: 'dbt-orchestrator', execution_time: 0.0, adapter_response: {}, message: 'not built: x', failures: null, compiled: null, compiled_code: null, relation_name: null };

/** project_state.py parse. */
function parseReply(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    manifestPath: '/p/target/manifest.json',
    dbtVersion: '1.12.6',
    adapterVersion: '1.10.0',
    target: { profileName: 'p', targetName: 'dev', adapterType: 'duckdb', database: 'dev', schema: 'main', threads: 4 },
    envVarsByUniqueId: { 'model.p.a': ['FX_REGION'] },
    projectEnvVarsHash: null,
    profileEnvVarsHash: 'e3b0c4',
    envVarDigests: { FX_REGION: 'ab12' },
    vars: { global: { start_year: 2020 }, byPackage: { p: { x: [1] } }, cli: {} },
    projectName: 'p',
    packagesInstallPath: 'dbt_packages',
    rereadFiles: ['p://models/a.sql'],
    partialParseGuard: true,
    ...extra,
  };
}

describe('bridge events and the reply envelope at the door', () => {
  it('ready, fatal, node_start and node_finish parse as the bridge sends them', () => {
    for (const event of [
      { event: 'ready', dbtVersion: '1.10.15', python: '3.11.7' },
      { event: 'fatal', kind: 'dbt_missing', message: 'cannot import dbt' },
      { event: 'node_start', id: 7, uniqueId: 'model.p.orders', startedAt: '2026-05-01T10:00:00Z' },
      { event: 'node_finish', id: 7, uniqueId: 'model.p.orders', result: nodeResult() },
    ]) {
      assert.deepEqual(parseBridgeEvent(event, 'event'), { ok: true, value: event });
    }
  });

  it('an unknown event, a fatal of an unknown kind or a node_finish with a malformed result is a reason naming the field', () => {
    assert.equal(reason(parseBridgeEvent({ event: 'node_skip', id: 1 }, 'event')), 'event is not an event the dbt bridge sends (event the string "node_skip")');
    assert.equal(reason(parseBridgeEvent({ event: 'fatal', kind: 'oops', message: 'x' }, 'event')), 'fatal.kind is not one of "dbt_missing", "dbt_unsupported", "profile", "project", "parse", "selection", "database", "internal" (got the string "oops")');
    assert.equal(reason(parseBridgeEvent({ event: 'ready', dbtVersion: 1.1 }, 'event')), 'ready.dbtVersion is not a string (got number 1.1)');
    assert.equal(
      reason(parseBridgeEvent({ event: 'node_finish', id: 7, uniqueId: 'model.p.orders', result: nodeResult({ status: null }) }, 'event')),
      'node_finish.result.status is not a string (got null)',
    );
    assert.equal(reason(parseBridgeEvent({ event: 'node_start', id: '7', uniqueId: 'm', startedAt: 't' }, 'event')), 'node_start.id is not a whole number (got the string "7")');
  });

  it('a protocol line is an event when it has "event", else a reply; a line that is not JSON is the reason', () => {
    assert.deepEqual(parseProtocolLine('{"event": "node_start", "id": 2, "uniqueId": "m", "startedAt": "t"}'), { kind: 'event', parsed: { ok: true, value: { event: 'node_start', id: 2, uniqueId: 'm', startedAt: 't' } } });
    assert.deepEqual(parseProtocolLine('{"id": 2, "ok": true, "result": null}'), { kind: 'reply', parsed: { ok: true, value: { id: 2, ok: true, result: null } } });
    assert.deepEqual(parseProtocolLine('{"event": null}'), { kind: 'event', parsed: { ok: false, reason: 'event is not an event the dbt bridge sends (event null)' } });
    assert.deepEqual(parseProtocolLine('[1]'), { kind: 'reply', parsed: { ok: false, reason: 'reply has no "ok": true or false (got a list)' } });
    assert.deepEqual(parseProtocolLine('{"id": 2, "ok": tru'), { kind: 'invalid', reason: 'dbt bridge wrote an invalid protocol line: {"id": 2, "ok": tru' });
  });

  it('replies: ok with any result, an error of a known kind; id null is the reply to a line that was no request', () => {
    for (const reply of [
      { id: 3, ok: true, result: { uniqueIds: [] } },
      { id: 4, ok: true, result: null },
      { id: 5, ok: false, error: { kind: 'selection', message: 'no such selector' } },
      { id: null, ok: false, error: { kind: 'internal', message: 'bad request line: x' } },
    ]) {
      assert.deepEqual(parseBridgeReply(reply, 'reply'), { ok: true, value: reply });
    }
    assert.equal(reason(parseBridgeReply({ id: 3, result: {} }, 'reply')), 'reply has no "ok": true or false (got an object)');
    assert.equal(reason(parseBridgeReply({ id: 3, ok: false, error: 'boom' }, 'reply')), 'reply.error is not an object (got the string "boom")');
    assert.equal(reason(parseBridgeReply({ id: 3, ok: false, error: { kind: 'disk', message: 'x' } }, 'reply')), 'reply.error.kind is not one of "dbt_missing", "dbt_unsupported", "profile", "project", "parse", "selection", "database", "internal" (got the string "disk")');
    assert.equal(reason(parseBridgeReply({ id: 'x', ok: true, result: 1 }, 'reply')), 'reply.id is not a whole number (got the string "x")');
  });
});

describe('node results (run_results.json items) at the door', () => {
  it("dbt's own item, a refused node and the event fallback's item (results.py) all parse", () => {
    accepts(parseDbtNodeResult, nodeResult());
    accepts(parseDbtNodeResult, refused);
    // result_from_event: no compiled_code for a node that did not compile, timestamps may be absent
    accepts(parseDbtNodeResult, nodeResult({ compiled: null, compiled_code: null, timing: [{ name: 'execute', started_at: null, completed_at: null }], failures: 2, message: null }));
    // dbt 1.12's extra field, and fields a future dbt adds, are not checked
    accepts(parseDbtNodeResult, nodeResult({ overload_results: [{ x: 1 }], something_new: 1 }));
  });

  it('what run_results.json and the store dereference is checked, with the path of the field', () => {
    assert.equal(rejects(parseDbtNodeResult, nodeResult({ timing: {} })), 'result.timing is not a list (got an object)');
    assert.equal(rejects(parseDbtNodeResult, nodeResult({ timing: [{ name: 'x', started_at: 5, completed_at: null }] })), 'result.timing[0].started_at is not a string (got number 5)');
    assert.equal(rejects(parseDbtNodeResult, nodeResult({ execution_time: '0.2' })), 'result.execution_time is not a number (got the string "0.2")');
    assert.equal(rejects(parseDbtNodeResult, nodeResult({ adapter_response: undefined })), 'result.adapter_response is not an object (got undefined)');
    assert.equal(rejects(parseDbtNodeResult, nodeResult({ thread_id: null })), 'result.thread_id is not a string (got null)');
    assert.equal(rejects(parseDbtNodeResult, [nodeResult()]), 'result is not an object (got a list)');
  });
});

describe('command results at the door', () => {
  it('deps and shutdown reply with null, nothing else', () => {
    assert.deepEqual(parseNoResult(null, 'result'), { ok: true, value: null });
    assert.equal(rejects(parseNoResult, {}), 'result is not null (got an object)');
  });

  it('parse: the target, env digests and vars as project_state.py builds them; older bridges without rereadFiles too', () => {
    accepts(parseParseResult, parseReply());
    accepts(parseParseResult, parseReply({ rereadFiles: undefined, partialParseGuard: undefined, target: { ...(parseReply().target as object), database: null } }));
    assert.equal(rejects(parseParseResult, parseReply({ target: { profileName: 'p', targetName: 'dev', adapterType: 'duckdb', database: null, schema: null, threads: 1 } })), 'result.target.schema is not a string (got null)');
    assert.equal(rejects(parseParseResult, parseReply({ envVarsByUniqueId: { 'model.p.a': 'FX' } })), 'result.envVarsByUniqueId["model.p.a"] is not a list (got the string "FX")');
    assert.equal(rejects(parseParseResult, parseReply({ vars: { global: {}, byPackage: { p: 3 }, cli: {} } })), 'result.vars.byPackage["p"] is not an object (got number 3)');
    assert.equal(rejects(parseParseResult, parseReply({ target: { ...(parseReply().target as object), threads: 1.5 } })), 'result.target.threads is not a whole number (got number 1.5)');
  });

  it('ls: unique_ids and warnings (warnings absent from older bridges)', () => {
    accepts(parseListResult, { uniqueIds: ['model.p.a', 'test.p.t'], warnings: ['The selection criterion "x" does not match any enabled nodes'] });
    accepts(parseListResult, { uniqueIds: [] });
    assert.equal(rejects(parseListResult, { uniqueIds: ['model.p.a', null] }), 'result.uniqueIds[1] is not a string (got null)');
    assert.equal(rejects(parseListResult, { ids: [] }), 'result.uniqueIds is not a list (got undefined)');
  });

  it('relations, with and without records (warehouse.py, warehouse_records.py read_schema)', () => {
    accepts(parseRelationsResult, { relations: [{ database: 'dev', schema: 'main', identifier: 'orders', type: 'table' }, { database: null, schema: 'main', identifier: 'v', type: null }] });
    assert.equal(rejects(parseRelationsResult, { relations: [{ database: 'dev', schema: 'main', identifier: null, type: 'table' }] }), 'result.relations[0].identifier is not a string (got null)');
    const recorded = {
      relations: [
        { database: null, schema: 'main', identifier: 'orders', type: 'table', catalogId: 'c1', contentId: '3:99', records: [{ hash: 'ab', uniqueId: 'model.p.orders', kind: 'table', runId: 'r1', recordedAt: '2026-05-01T10:00:00Z', matches: true }] },
        { database: null, schema: 'main', identifier: 'raw', type: 'table', catalogId: 'c2', contentId: '', records: [] },
      ],
      schemas: [{ database: null, schema: 'main', recordsTable: true, recordsError: null }],
    };
    accepts(parseRecordedRelationsResult, recorded);
    const record = (extra: Record<string, unknown>): unknown => ({ ...recorded, relations: [{ ...recorded.relations[0], records: [{ ...recorded.relations[0]!.records[0], ...extra }] }] });
    accepts(parseRecordedRelationsResult, record({ uniqueId: null, kind: null, runId: null, recordedAt: null }));
    assert.equal(rejects(parseRecordedRelationsResult, record({ matches: 'yes' })), 'result.relations[0].records[0].matches is not true or false (got the string "yes")');
    assert.equal(rejects(parseRecordedRelationsResult, record({ hash: null })), 'result.relations[0].records[0].hash is not a string (got null)');
    assert.equal(rejects(parseRecordedRelationsResult, { relations: [] }), 'result.schemas is not a list (got undefined)');
  });

  it('freshness: checked, unchecked and failed sources (warehouse.py freshness)', () => {
    accepts(parseFreshnessResult, {
      results: [
        { uniqueId: 'source.p.raw.a', status: 'pass', maxLoadedAt: '2026-05-01T09:00:00+00:00', snapshottedAt: '2026-05-01T10:00:00+00:00', ageSeconds: 3600.5, error: null },
        { uniqueId: 'source.p.raw.b', status: 'unchecked', maxLoadedAt: null, snapshottedAt: null, ageSeconds: null, error: null },
        { uniqueId: 'source.p.raw.c', status: 'runtime error', maxLoadedAt: null, snapshottedAt: null, ageSeconds: null, error: 'no such table' },
      ],
    });
    assert.equal(rejects(parseFreshnessResult, { results: [{ uniqueId: 'source.p.raw.a', status: 'pass', maxLoadedAt: null, snapshottedAt: null, ageSeconds: '1h', error: null }] }), 'result.results[0].ageSeconds is not a number (got the string "1h")');
  });

  it('compile: compiled SQL, or null with the exception type (compile_sql.py)', () => {
    accepts(parseCompileResult, { results: [{ uniqueId: 'model.p.a', compiledCode: 'select 1', error: null }, { uniqueId: 'model.p.x', compiledCode: null, error: 'unknown node' }] });
    assert.equal(rejects(parseCompileResult, { results: [{ uniqueId: 'model.p.a', compiledCode: 1, error: null }] }), 'result.results[0].compiledCode is not a string (got number 1)');
  });

  it('impact: columns per relation (catalog or adapter) and row counts, timed out or failed (impact.py)', () => {
    accepts(parseColumnsReply, {
      method: 'catalog',
      relations: [
        { database: 'dev', schema: 'main', identifier: 'orders', columns: [{ name: 'id', type: 'INTEGER' }], error: null },
        { database: null, schema: 'gone', identifier: 'x', columns: null, error: 'permission denied' },
      ],
    });
    assert.equal(rejects(parseColumnsReply, { method: 'guess', relations: [] }), 'result.method is not one of "catalog", "adapter" (got the string "guess")');
    assert.equal(rejects(parseColumnsReply, { method: 'adapter', relations: [{ database: null, schema: 'main', identifier: 'o', columns: [{ name: 'id' }], error: null }] }), 'result.relations[0].columns[0].type is not a string (got undefined)');
    accepts(parseCountsReply, {
      relations: [
        { database: null, schema: 'main', identifier: 'a', rows: 3 },
        { database: null, schema: 'main', identifier: 'b', timedOut: true },
        { database: null, schema: 'main', identifier: 'c', error: 'no such table' },
      ],
    });
    assert.equal(rejects(parseCountsReply, { relations: [{ database: null, schema: 'main', identifier: 'a', rows: '3' }] }), 'result.relations[0].rows is not a whole number (got the string "3")');
  });

  it('build: results, and the error and record warnings when there are any (build.py)', () => {
    accepts(parseBuildResult, { success: true, results: [], elapsedTime: 0.0 });
    accepts(parseBuildResult, { success: false, results: [nodeResult(), refused], elapsedTime: 1.25, recordWarnings: ['main: orders: locked'], error: 'Database Error' });
    assert.equal(rejects(parseBuildResult, { success: 'false', results: [], elapsedTime: 0 }), 'result.success is not true or false (got the string "false")');
    assert.equal(rejects(parseBuildResult, { success: true, results: [nodeResult({ unique_id: 5 })], elapsedTime: 0 }), 'result.results[0].unique_id is not a string (got number 5)');
    assert.equal(rejects(parseBuildResult, { success: true, results: [], elapsedTime: 0, recordWarnings: 'x' }), 'result.recordWarnings is not a list (got the string "x")');
  });

  it('run_status: each op has its own reply (run_status.py command)', () => {
    accepts(parseRunStatusReply('begin'), { table: '"dev"."main"."dbt_orchestrator_run_status"', cleanupError: null });
    accepts(parseRunStatusReply('begin'), { table: '"dev"."main"."dbt_orchestrator_run_status"', cleanupError: 'permission denied' });
    assert.equal(rejects(parseRunStatusReply('begin'), { table: 't' }), 'result.cleanupError is not a string (got undefined)');
    accepts(parseRunStatusReply('delete_run'), { table: 't' });
    accepts(parseRunStatusReply('delete_run'), { table: 't', error: 'relation does not exist' });
    assert.equal(rejects(parseRunStatusReply('delete_run'), { table: 't', error: null }), 'result.error is not a string (got null)');
    const read = accepts(parseRunStatusReply('read'), {
      rows: [
        { uniqueId: 'model.p.a', shard: '1', status: 'success', message: '', updatedAt: '2026-05-01T10:00:00Z' },
        { uniqueId: 'shard:2', shard: '2', status: 'heartbeat', message: '14', updatedAt: '2026-05-01T10:00:00Z' },
        { uniqueId: 'model.p.b', shard: null, status: 'error', message: null, updatedAt: null },
      ],
      errors: [],
    });
    assert.equal(read.rows.length, 3);
    accepts(parseRunStatusReply('write'), {});
    accepts(parseRunStatusReply('finish'), { errors: ['heartbeat: connection lost'] });
    assert.equal(rejects(parseRunStatusReply('read'), { rows: [{ uniqueId: 'model.p.a', shard: 1, status: 'success', message: '' }], errors: [] }), 'result.rows[0].shard is not a string (got number 1)');
    assert.equal(rejects(parseRunStatusReply('read'), { rows: [{ uniqueId: 'model.p.a', shard: '1', status: null, message: '' }], errors: [] }), 'result.rows[0].status is not a string (got null)');
    assert.equal(rejects(parseRunStatusReply('finish'), {}), 'result.errors is not a list (got undefined)');
    assert.equal(rejects(parseRunStatusReply('write'), null), 'result is not an object (got null)');
  });
});
