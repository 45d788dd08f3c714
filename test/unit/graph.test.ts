// The project DAG: dependency order, and which nodes dbt build gates on a node succeeding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockedClosure, blockedDirectlyBy, topologicalOrder } from '../../src/graph/graph.js';
import { dataTest, ephemeral, graphOf, model, modelId, seed, seedId, testId, unitTest, unitTestId } from '../helpers/nodes.js';

const A = modelId('a');
const B = modelId('b');
const C = modelId('c');

describe('buildGraph', () => {
  it('keeps only parents that are in the graph, once each, sorted', () => {
    const graph = graphOf(model('a'), model('b', { deps: [A, 'model.other.missing', A] }), model('c', { deps: [B, A] }));
    assert.deepEqual(graph.parents.get(B), [A]);
    assert.deepEqual(graph.parents.get(C), [A, B]);
  });

  it('lists every node\'s children sorted, leaves with none', () => {
    const graph = graphOf(model('c', { deps: [A] }), model('b', { deps: [A] }), model('a'));
    assert.deepEqual(graph.children.get(A), [B, C]);
    assert.deepEqual(graph.children.get(B), []);
  });
});

describe('topologicalOrder', () => {
  it('puts every node after all of its parents', () => {
    const graph = graphOf(model('c', { deps: [B, A] }), model('b', { deps: [A] }), model('a'), seed('s'), model('d', { deps: [seedId('s'), C] }));
    const order = topologicalOrder(graph);
    assert.equal(order.length, 5);
    for (const [id, parents] of graph.parents) for (const p of parents) assert.ok(order.indexOf(p) < order.indexOf(id), `${p} before ${id}`);
  });

  it('is the same whatever order the manifest lists nodes in', () => {
    const nodes = [model('c', { deps: [B] }), model('b', { deps: [A] }), model('a'), model('z')];
    assert.deepEqual(topologicalOrder(graphOf(...nodes)), topologicalOrder(graphOf(...[...nodes].reverse())));
  });

  it('throws on a cycle, naming its path', () => {
    const graph = graphOf(model('a', { deps: [C] }), model('b', { deps: [A] }), model('c', { deps: [B] }));
    assert.throws(() => topologicalOrder(graph), /dependency cycle: model\.p\.a -> model\.p\.c -> model\.p\.b -> model\.p\.a/);
  });
});

describe('blockedDirectlyBy: what dbt build gates on a node', () => {
  it('a failing model blocks its children and their tests', () => {
    const graph = graphOf(model('a'), model('b', { deps: [A] }), dataTest('t_a', [A]), model('c', { deps: [B] }));
    assert.deepEqual(blockedDirectlyBy(graph, A), [B, testId('t_a')]);
  });

  it('a failing data test blocks the non-test children of the model it tests, not its sibling tests', () => {
    const graph = graphOf(model('a'), dataTest('t1', [A]), dataTest('t2', [A]), model('b', { deps: [A] }));
    assert.deepEqual(blockedDirectlyBy(graph, testId('t1')), [B]);
  });

  it('a failing relationship test blocks the children of both models it tests', () => {
    const graph = graphOf(model('a'), model('b'), dataTest('rel', [A, B]), model('c', { deps: [A] }), model('d', { deps: [B] }));
    assert.deepEqual(blockedDirectlyBy(graph, testId('rel')), [C, modelId('d')]);
  });

  it('a failing unit test blocks the model it tests (it runs before it)', () => {
    const graph = graphOf(model('a'), unitTest('u', A), model('b', { deps: [A] }));
    assert.deepEqual(blockedDirectlyBy(graph, unitTestId('a', 'u')), [A]);
  });

  it('looks through an ephemeral model: a failure upstream blocks what compiles it in, tests included', () => {
    const E = modelId('e');
    const graph = graphOf(model('a'), ephemeral('e', { deps: [A] }), model('b', { deps: [E] }), dataTest('t_e', [E]));
    assert.deepEqual(blockedDirectlyBy(graph, A), [E, B, testId('t_e')].sort());
  });

  it('a failing test looks through the tested model\'s ephemeral children to their readers', () => {
    const E = modelId('e');
    const graph = graphOf(model('a'), ephemeral('e', { deps: [A] }), model('b', { deps: [E] }), dataTest('t_a', [A]));
    assert.deepEqual(blockedDirectlyBy(graph, testId('t_a')), [B, E].sort());
  });

  it('a node blocks nothing when nothing depends on it', () => {
    assert.deepEqual(blockedDirectlyBy(graphOf(model('a')), A), []);
  });
});

describe('blockedClosure', () => {
  it('follows blocking transitively and leaves the roots out', () => {
    const graph = graphOf(model('a'), model('b', { deps: [A] }), model('c', { deps: [B] }), dataTest('t_c', [C]), model('x'));
    assert.deepEqual([...blockedClosure(graph, [A])].sort(), [B, C, testId('t_c')].sort());
  });

  it('leaves out a root even when another root blocks it', () => {
    const graph = graphOf(model('a'), model('b', { deps: [A] }), model('c', { deps: [B] }));
    assert.deepEqual([...blockedClosure(graph, [A, B])], [C]);
  });

  it('through a failing test: the tested model\'s children and everything below them', () => {
    const graph = graphOf(model('a'), dataTest('t', [A]), model('b', { deps: [A] }), model('c', { deps: [B] }), dataTest('t_b', [B]));
    assert.deepEqual([...blockedClosure(graph, [testId('t')])].sort(), [B, C, testId('t_b')].sort());
  });
});
