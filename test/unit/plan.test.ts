// The planner: for each selected node, run or reuse, and the reason a person reads. Pure: every fact
// (hash, slot state, stored results, existing relations, the clock) is given.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNodes, relationKey, type NodeFacts, type PlanOptions } from '../../src/plan/plan.js';
import type { HashInput, NodeHash, SlotState, StoredResult } from '../../src/types.js';
import { dataTest, dbtResult, model, modelId, seed, testId } from '../helpers/nodes.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const BUILT_AT = '2026-06-01T10:00:00Z'; // two hours before NOW
const RELATION = { database: 'db', schema: 'main', identifier: 'a' };

function hashOf(uniqueId: string, hash: string, inputs: HashInput[] = [{ key: 'code', digest: hash }]): NodeHash {
  return { uniqueId, hash, codeHash: `code-${hash}`, inputs };
}

function slotState(uniqueId: string, hash: string, recordedAt = BUILT_AT): SlotState {
  return { slot: 'db.main.a', hash, uniqueId, recordedAt, runId: 'run-1' };
}

function stored(uniqueId: string, hash: string, status = 'success', inputs: HashInput[] = [{ key: 'code', digest: hash }]): StoredResult {
  return { hash, uniqueId, status, slot: 'db.main.a', relationName: '"db"."main"."a"', inputs, result: dbtResult(uniqueId, status), recordedAt: BUILT_AT, runId: 'run-1' };
}

/** A table model whose stored state matches its current hash `h1` and whose relation exists: reused. */
function unchanged(overrides: Partial<NodeFacts> = {}): NodeFacts {
  const id = modelId('a');
  return {
    node: model('a'),
    hash: hashOf(id, 'h1'),
    slot: { key: 'db.main.a', relation: RELATION },
    slotState: slotState(id, 'h1'),
    stored: stored(id, 'h1'),
    previous: stored(id, 'h1'),
    unknownUpstream: [],
    ...overrides,
  };
}

function options(overrides: Partial<PlanOptions> = {}): PlanOptions {
  return { reuse: true, fullRefresh: false, existingRelations: new Set([relationKey(RELATION)]), nameOf: (id) => id.split('.').pop()!, now: NOW, ...overrides };
}

function decide(facts: NodeFacts, opts: Partial<PlanOptions> = {}): { decision: string; reason: string } {
  const [d] = planNodes([facts], options(opts));
  return { decision: d.decision, reason: d.reason };
}

describe('planNodes', () => {
  it('reuses a node whose inputs, result and relation are unchanged, saying since when', () => {
    assert.deepEqual(decide(unchanged()), { decision: 'reuse', reason: `unchanged since ${BUILT_AT}` });
  });

  it('--no-reuse runs everything', () => {
    assert.deepEqual(decide(unchanged(), { reuse: false }), { decision: 'run', reason: 'reuse disabled (--no-reuse)' });
  });

  it('--full-refresh runs models, seeds and snapshots', () => {
    assert.deepEqual(decide(unchanged(), { fullRefresh: true }), { decision: 'run', reason: 'full refresh requested' });
    assert.equal(decide(unchanged({ node: seed('a') }), { fullRefresh: true }).reason, 'full refresh requested');
  });

  it('--full-refresh reruns data tests too: they check the relations it rebuilt', () => {
    const test = unchanged({ node: dataTest('t', [modelId('a')]), slot: { key: 'test:x', relation: null } });
    assert.deepEqual(decide(test, { fullRefresh: true }), { decision: 'run', reason: 'full refresh requested' });
  });

  it('a node never recorded runs: no previous result', () => {
    assert.deepEqual(decide(unchanged({ slotState: undefined, stored: undefined, previous: undefined })), { decision: 'run', reason: 'no previous result' });
  });

  it('changed inputs run, and the reason names what changed', () => {
    const id = modelId('a');
    const before = [{ key: 'code', digest: '1' }, { key: 'var:start_date', digest: 'v1' }];
    const now = [{ key: 'code', digest: '1' }, { key: 'var:start_date', digest: 'v2' }];
    const facts = unchanged({ hash: hashOf(id, 'h2', now), slotState: slotState(id, 'h1'), stored: undefined, previous: stored(id, 'h1', 'success', before) });
    assert.deepEqual(decide(facts), { decision: 'run', reason: 'var `start_date` changed' });
  });

  it('changed inputs without the previous record still run, saying the record is unavailable', () => {
    const id = modelId('a');
    const facts = unchanged({ hash: hashOf(id, 'h2'), stored: undefined, previous: undefined });
    assert.deepEqual(decide(facts), { decision: 'run', reason: 'inputs changed (previous record unavailable)' });
  });

  it('an upstream not built by us makes a changed node run, naming that upstream', () => {
    const id = modelId('a');
    const facts = unchanged({ hash: hashOf(id, 'h2'), unknownUpstream: [modelId('up')] });
    assert.deepEqual(decide(facts), { decision: 'run', reason: 'upstream `up` was not built by dbt-orchestrator (content unknown)' });
  });

  it('the same inputs without a successful stored result run again', () => {
    const id = modelId('a');
    assert.deepEqual(decide(unchanged({ stored: undefined })), { decision: 'run', reason: 'no successful result for these inputs' });
    assert.equal(decide(unchanged({ stored: stored(id, 'h1', 'error') })).reason, 'no successful result for these inputs');
    assert.equal(decide(unchanged({ stored: stored(id, 'h1', 'fail') })).reason, 'no successful result for these inputs');
  });

  it('pass and warn results are reusable like success', () => {
    const id = modelId('a');
    assert.equal(decide(unchanged({ stored: stored(id, 'h1', 'pass') })).decision, 'reuse');
    assert.equal(decide(unchanged({ stored: stored(id, 'h1', 'warn') })).decision, 'reuse');
  });

  it('a relation missing from the warehouse is rebuilt although our records match', () => {
    assert.deepEqual(decide(unchanged(), { existingRelations: new Set() }), { decision: 'run', reason: 'relation missing' });
  });

  it('a node without a relation (a test) is reused without a warehouse check', () => {
    const test = unchanged({ node: dataTest('t', [modelId('a')]), hash: hashOf(testId('t'), 'h1'), slot: { key: 'test:x', relation: null } });
    assert.equal(decide(test, { existingRelations: new Set() }).decision, 'reuse');
  });

  it('a node built longer ago than max-age runs, saying when it was built', () => {
    assert.deepEqual(decide(unchanged(), { maxAgeSeconds: 3600 }), { decision: 'run', reason: `older than max-age 1h (built ${BUILT_AT})` });
    assert.equal(decide(unchanged(), { maxAgeSeconds: 3 * 3600 }).decision, 'reuse');
  });

  it('a node kept within its lag tolerance is reused with the lag reason, even though its hash changed', () => {
    const id = modelId('a');
    const facts = unchanged({ hash: hashOf(id, 'h2') });
    const lagReused = new Map([[id, 'within lag tolerance 6h']]);
    assert.deepEqual(decide(facts, { lagReused }), { decision: 'reuse', reason: 'within lag tolerance 6h' });
  });

  it('max-age still wins over lag tolerance', () => {
    const id = modelId('a');
    const lagReused = new Map([[id, 'within lag tolerance 6h']]);
    assert.equal(decide(unchanged({ hash: hashOf(id, 'h2') }), { lagReused, maxAgeSeconds: 60 }).reason, `older than max-age 1m (built ${BUILT_AT})`);
  });

  it('decides every node, in the order given', () => {
    const b = unchanged({ node: model('b'), slotState: undefined });
    const decisions = planNodes([b, unchanged()], options());
    assert.deepEqual(decisions.map((d) => [d.uniqueId, d.decision]), [[modelId('b'), 'run'], [modelId('a'), 'reuse']]);
  });
});

describe('relationKey', () => {
  it('is database.schema.identifier, lowercased, with an empty database when there is none', () => {
    assert.equal(relationKey({ database: 'DB', schema: 'Main', identifier: 'Orders' }), 'db.main.orders');
    assert.equal(relationKey({ database: null, schema: 'main', identifier: 'a' }), '.main.a');
  });
});
