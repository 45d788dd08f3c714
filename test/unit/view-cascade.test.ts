// On PostgreSQL a rebuilt table or view drops the views that read it (dbt's materializations replace with
// `drop … cascade`): such views must be rebuilt in the same run, never kept for reuse.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyWarehouse } from '../../src/warehouse/records.js';
import type { Decision } from '../../src/types.js';
import { ephemeral, graphOf, model, modelId } from '../helpers/nodes.js';

const T = modelId('t');
const V = modelId('v');
const W = modelId('w');
const X = modelId('x');
const E = modelId('e');

// t (table, rebuilt) → v (view) → w (view); t → e (ephemeral) → x (view); w and x reused by their hashes.
const graph = graphOf(model('t'), model('v', { materialized: 'view', deps: [T] }), model('w', { materialized: 'view', deps: [V] }), ephemeral('e', { deps: [T] }), model('x', { materialized: 'view', deps: [E] }));
const planned: Decision[] = [
  { uniqueId: T, decision: 'run', reason: 'relation missing' },
  { uniqueId: V, decision: 'reuse', reason: 'unchanged' },
  { uniqueId: W, decision: 'reuse', reason: 'unchanged' },
  { uniqueId: X, decision: 'reuse', reason: 'unchanged' },
];
const nameOf = (id: string): string => id.split('.').pop()!;

describe('views under a rebuilt relation', () => {
  it('are rebuilt too where a rebuild drops dependent views (through views and ephemeral models)', () => {
    const decided = applyWarehouse(planned, () => undefined, graph, nameOf, { rebuildDropsDependentViews: true });
    assert.deepEqual(decided.map((d) => [nameOf(d.uniqueId), d.decision]), [['t', 'run'], ['v', 'run'], ['w', 'run'], ['x', 'run']]);
    assert.equal(decided[1]!.reason, 'upstream `t` is rebuilt, which drops the views that read it');
    assert.equal(decided[2]!.reason, 'upstream `v` is rebuilt, which drops the views that read it');
  });

  it('are kept where the adapter replaces relations without dropping their dependents (DuckDB)', () => {
    const decided = applyWarehouse(planned, () => undefined, graph, nameOf);
    assert.deepEqual(decided.map((d) => d.decision), ['run', 'reuse', 'reuse', 'reuse']);
  });
});
