// The re-run rules of one shard's loop (src/shard/shard-loop.ts, pure): a node an earlier attempt of the
// run finished is reused at its turn only while nothing it reads is rebuilt; a test parent only orders it;
// a node with a parent in another shard is proven again when that parent is final.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutedNode } from '../../src/execute/execute.js';
import { runShardLoop, syntheticResult, type ShardLoopDeps } from '../../src/shard/shard-loop.js';
import type { StatusRow } from '../../src/shard/status.js';

/** One shard (1) of a run whose nodes are given with their parents; `remote` are parents in shard 2, all succeeded. */
function loop(nodes: Record<string, string[]>, proven: string[], options: { remote?: string[]; reproveFails?: Record<string, string>; tests?: string[] } = {}) {
  const batches: string[][] = [];
  const reproved: string[][] = [];
  const rows: StatusRow[] = [
    { uniqueId: 'shard:2', shard: '2', status: 'finished', message: '1' },
    ...(options.remote ?? []).map((id) => ({ uniqueId: id, shard: '2', status: 'success', message: '' })),
  ];
  const written: Array<{ uniqueId: string; status: string; message: string }> = [];
  const deps: ShardLoopDeps = {
    nodes: Object.keys(nodes),
    parents: new Map(Object.entries(nodes)),
    shardOf: new Map([...Object.keys(nodes).map((id): [string, number] => [id, 1]), ...(options.remote ?? []).map((id): [string, number] => [id, 2])]),
    shard: 1,
    nameOf: (id) => id,
    runBatch: async (ids) => {
      batches.push([...ids]);
      return new Map(ids.map((id): [string, ExecutedNode] => [id, { uniqueId: id, attempts: 1, result: syntheticResult(id, 'success', ''), attemptErrors: [] }]));
    },
    readStatus: async () => rows,
    writeStatus: async (r) => void written.push(...r),
    now: () => 0,
    sleep: async () => undefined,
    pollMs: 1,
    heartbeatTimeoutMs: 1000,
    waitTimeoutMs: 1000,
    cancelled: () => false,
    earlier: {
      proven: new Set(proven),
      ordersOnly: (id) => (options.tests ?? []).includes(id),
      reprove: async (ids) => {
        reproved.push([...ids]);
        return new Map(ids.flatMap((id): Array<[string, string]> => (options.reproveFails?.[id] ? [[id, options.reproveFails[id]!]] : [])));
      },
      onReused: () => undefined,
    },
  };
  return runShardLoop(deps).then((result) => ({ ...result, batches, reproved, written }));
}

describe('a re-run of a shard', () => {
  it('reuses a chain the earlier attempt finished without invoking dbt for it, and marks each success in the status table', async () => {
    const r = await loop({ a: [], b: ['a'], c: ['b'] }, ['a', 'b', 'c']);
    assert.deepEqual([...r.reused].sort(), ['a', 'b', 'c']);
    assert.deepEqual(r.batches, []);
    assert.deepEqual(r.written.map((w) => [w.uniqueId, w.status, w.message]), [['a', 'success', 'reused'], ['b', 'success', 'reused'], ['c', 'success', 'reused']]);
  });

  it('rebuilds a finished node whose parent in the shard is rebuilt, naming that parent', async () => {
    const r = await loop({ a: [], b: ['a'], c: ['b'], x: [] }, ['b', 'c', 'x']);
    assert.deepEqual([...r.reused], ['x']);
    assert.deepEqual(r.batches, [['a', 'b', 'c']]);
    assert.equal(r.rebuiltAfterEarlier.get('b'), 'upstream `a` is rebuilt');
    assert.equal(r.rebuiltAfterEarlier.get('c'), 'upstream `b` is rebuilt');
  });

  it('runs a test again and reuses the node that waits for it only once the test passed', async () => {
    const r = await loop({ a: [], a_test: ['a'], b: ['a', 'a_test'] }, ['a', 'b'], { tests: ['a_test'] });
    assert.deepEqual(r.batches, [['a_test']]);
    assert.deepEqual([...r.reused].sort(), ['a', 'b']);
  });

  it('proves a node with a parent in another shard again, and rebuilds it when that proof fails', async () => {
    const r = await loop({ a: ['remote'], b: ['remote'] }, ['a', 'b'], { remote: ['remote'], reproveFails: { b: 'relation missing' } });
    assert.deepEqual(r.reproved, [['a', 'b']]);
    assert.deepEqual([...r.reused], ['a']);
    assert.deepEqual(r.batches, [['b']]);
    assert.equal(r.rebuiltAfterEarlier.get('b'), 'relation missing');
  });
});
