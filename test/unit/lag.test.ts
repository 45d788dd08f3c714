// The lag keep rule (plan/lag.ts): pure, given the node's tolerance, what its slot holds and the clock. Hashing
// applies it while linking parents to children; the plan reads the same rule on the final hashes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/graph/graph.js';
import { linkHashes } from '../../src/hash/link.js';
import { keepWithinLag, lagKeepRule, lagKept, type LagRule } from '../../src/plan/lag.js';
import type { HashInput, NodeHash, SlotState } from '../../src/types.js';
import { model, modelId } from '../helpers/nodes.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const A = modelId('a');
const B = modelId('b');

function state(hash: string, codeHash: string, recordedAt = '2026-06-01T11:00:00Z'): SlotState {
  return { slot: 'db.main.a', hash, codeHash, uniqueId: A, recordedAt, runId: 'run-1' };
}

function rule(slotState: SlotState | undefined, overrides: Partial<LagRule> = {}, toleranceSeconds = 6 * 3600, relationExists = true): LagRule {
  return { enabled: true, now: NOW, candidates: new Map([[A, { toleranceSeconds, slotState, relationExists }]]), ...overrides };
}

const hash = (h: string, code: string): NodeHash => ({ uniqueId: A, hash: h, codeHash: code, inputs: [] });

describe('lag keep rule', () => {
  it('keeps a node whose code is unchanged while its table is younger than the tolerance, and says why', () => {
    const kept = keepWithinLag(rule(state('old', 'code')), hash('new', 'code'));
    assert.deepEqual(kept?.effective, { hash: 'old', codeHash: 'code' });
    assert.match(kept!.reason, /^within lag tolerance 6h \(new upstream data; built 2026-06-01T11:00:00Z\)$/);
  });

  it('does not keep when the code changed, the table is too old, the relation is gone, or reuse is off', () => {
    assert.equal(keepWithinLag(rule(state('old', 'code')), hash('new', 'other-code')), undefined, 'code changed');
    assert.equal(keepWithinLag(rule(state('old', 'code', '2026-06-01T05:00:00Z')), hash('new', 'code')), undefined, 'older than 6h');
    assert.equal(keepWithinLag(rule(state('old', 'code'), {}, 6 * 3600, false), hash('new', 'code')), undefined, 'relation missing');
    assert.equal(keepWithinLag(rule(state('old', 'code'), { enabled: false }), hash('new', 'code')), undefined, '--no-reuse / --full-refresh');
    assert.equal(keepWithinLag(rule(undefined), hash('new', 'code')), undefined, 'never built');
    assert.equal(keepWithinLag(rule(state('same', 'code')), hash('same', 'code')), undefined, 'unchanged: an ordinary reuse, not a lag keep');
  });

  it('children see the kept hash when hashing applies the rule, and the plan reads the same decision from the final hashes', () => {
    const nodes = [model('a'), model('b', { deps: [A] })];
    const graph = buildGraph(new Map(nodes.map((n) => [n.unique_id, n])));
    const own = new Map<string, HashInput[]>([
      [A, [{ key: 'code', digest: 'code-a' }]],
      [B, [{ key: 'code', digest: 'code-b' }]],
    ]);
    const plain = linkHashes(graph, own, { upstreamOverride: new Map(), dataStates: new Map() });
    const a = plain.get(A)!;
    // A's table was built from older data: same code hash, another full hash.
    const lag = rule(state('hash-of-the-table', a.codeHash));
    const hashes = linkHashes(graph, own, { upstreamOverride: new Map(), dataStates: new Map(), keep: lagKeepRule(lag) });
    assert.equal(hashes.get(B)!.inputs.find((i) => i.key === `upstream:${A}`)!.digest, 'hash-of-the-table');
    assert.deepEqual([...lagKept(lag, hashes).keys()], [A]);
  });
});
