// The shard cut (pure): every node in exactly one shard, small weakly connected components never split,
// every cross-shard edge listed as a wait, and the simulated makespan never below the lower bound.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutIntoShards, type CutOptions, type ShardNode } from '../src/shard/cut.js';

const options = (overrides: Partial<CutOptions> = {}): CutOptions => ({ shards: 2, threads: 1, crossShardDelaySeconds: 5, affinitySlackSeconds: 0, ...overrides });
const node = (id: string, seconds: number, ...parents: string[]): ShardNode => ({ id, seconds, parents });

function chain(prefix: string, length: number, seconds = 1): ShardNode[] {
  return Array.from({ length }, (_, i) => node(`${prefix}${i}`, seconds, ...(i > 0 ? [`${prefix}${i - 1}`] : [])));
}

describe('cutIntoShards', () => {
  it('puts every node in exactly one shard', () => {
    const nodes = [...chain('a', 5), ...chain('b', 3), node('c', 2, 'a4', 'b2')];
    const cut = cutIntoShards(nodes, options({ shards: 3 }));
    const placed = cut.shards.flat().sort();
    assert.deepEqual(placed, nodes.map((n) => n.id).sort());
    for (const n of nodes) assert.ok(cut.shards[cut.shardOf.get(n.id)!]!.includes(n.id));
  });

  it('keeps each component that fits a fair share on one shard: no waits', () => {
    const nodes = [...chain('a', 4, 2), ...chain('b', 4, 2)];
    const cut = cutIntoShards(nodes, options());
    assert.deepEqual(cut.waits, []);
    assert.equal(new Set(['a0', 'a1', 'a2', 'a3'].map((id) => cut.shardOf.get(id))).size, 1);
    assert.notEqual(cut.shardOf.get('a0'), cut.shardOf.get('b0'));
    assert.equal(cut.estimatedMakespan, 8);
  });

  it('spreads a component larger than a fair share and lists every cross-shard edge as a wait', () => {
    const fan = [node('root', 1), ...Array.from({ length: 8 }, (_, i) => node(`leaf${i}`, 4, 'root'))];
    const cut = cutIntoShards(fan, options({ shards: 4 }));
    assert.ok(new Set(cut.shardOf.values()).size > 1, 'the fan is spread');
    const crossing = fan.flatMap((n) => n.parents.filter((p) => cut.shardOf.get(p) !== cut.shardOf.get(n.id)).map((p) => `${p}>${n.id}`));
    assert.deepEqual(cut.waits.map((w) => `${w.parent}>${w.node}`).sort(), crossing.sort());
    for (const w of cut.waits) assert.equal(w.parentShard, cut.shardOf.get(w.parent));
  });

  it('never claims a makespan below max(critical path, work / slots)', () => {
    const nodes = [...chain('a', 10, 3), ...Array.from({ length: 20 }, (_, i) => node(`x${i}`, 1 + (i % 4)))];
    for (const shards of [1, 2, 3, 5]) {
      const cut = cutIntoShards(nodes, options({ shards, threads: 2 }));
      assert.equal(cut.lowerBound, Math.max(30, nodes.reduce((s, n) => s + n.seconds, 0) / (shards * 2)));
      assert.ok(cut.estimatedMakespan >= cut.lowerBound - 1e-9, `${shards}: ${cut.estimatedMakespan} < ${cut.lowerBound}`);
    }
  });

  it('a cross-shard child starts only after the wait (parent end + delay)', () => {
    // Two heavy children of one root, one slot per shard: the second child runs on the other shard after the delay.
    const cut = cutIntoShards([node('root', 1), node('x', 10, 'root'), node('y', 10, 'root')], options({ shards: 2, crossShardDelaySeconds: 3 }));
    assert.equal(cut.waits.length, 1);
    assert.equal(cut.estimatedMakespan, 1 + 3 + 10);
  });

  it('refuses a cycle and bad counts', () => {
    assert.throws(() => cutIntoShards([node('a', 1, 'b'), node('b', 1, 'a')], options()), /cycle/);
    assert.throws(() => cutIntoShards([node('a', 1)], options({ shards: 0 })), /shards/);
  });
});
