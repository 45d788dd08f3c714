// Which sources a project node writes, and the edges handed to the graph and to dbt (pure; the real-dbt
// behaviour is in sources-over-seeds.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManifestNode } from '../src/dbt/manifest.js';
import { buildGraph, topologicalOrder } from '../src/graph/graph.js';
import { linkProducedSources, producedSources, producerParentsForDbt } from '../src/graph/produced-sources.js';

function node(unique_id: string, fields: Partial<ManifestNode> = {}): ManifestNode {
  const [resource_type, , name] = unique_id.split('.');
  return {
    unique_id,
    resource_type,
    name: fields.name ?? unique_id.split('.').pop()!,
    package_name: 'shop',
    fqn: ['shop', name],
    path: '',
    original_file_path: '',
    database: 'shop',
    schema: 'main',
    config: {},
    ...fields,
  };
}

function graphOf(...list: ManifestNode[]) {
  return buildGraph(new Map(list.map((n) => [n.unique_id, n])));
}

const SEED = node('seed.shop.raw_customers', { schema: 'raw', alias: 'raw_customers' });
const SOURCE = node('source.shop.ecom.raw_customers', { schema: 'RAW', identifier: 'Raw_Customers', name: 'raw_customers', source_name: 'ecom' });
const STG = node('model.shop.stg_customers', { depends_on: { nodes: ['source.shop.ecom.raw_customers'] } });
const TEST = node('test.shop.source_not_null', { depends_on: { nodes: ['source.shop.ecom.raw_customers'] } });

describe('sources written by project nodes', () => {
  it('a source naming a seed\'s relation (case-insensitively) is produced by it; others are not', () => {
    const other = node('source.shop.ecom.events', { schema: 'raw', identifier: 'events', name: 'events' });
    assert.deepEqual([...producedSources(graphOf(SEED, SOURCE, STG, other))], [[SOURCE.unique_id, SEED.unique_id]]);
    const elsewhere = { ...SOURCE, database: 'other_db' };
    assert.deepEqual([...producedSources(graphOf(SEED, elsewhere, STG))], []);
  });

  it('an ephemeral model has no relation and produces nothing', () => {
    const ephemeral = node('model.shop.raw_customers', { schema: 'raw', config: { materialized: 'ephemeral' } });
    assert.deepEqual([...producedSources(graphOf(ephemeral, SOURCE, STG))], []);
  });

  it('a node reading the source it writes gets no edge (it would be a cycle)', () => {
    const selfReader = node('model.shop.raw_customers', { schema: 'raw', depends_on: { nodes: [SOURCE.unique_id] } });
    const graph = graphOf(selfReader, SOURCE);
    assert.deepEqual([...linkProducedSources(graph)], []);
    assert.doesNotThrow(() => topologicalOrder(graph));
  });

  it('the graph gets producer → source, so the producer is ordered first and its readers below it', () => {
    const graph = graphOf(STG, SOURCE, SEED, TEST);
    linkProducedSources(graph);
    assert.deepEqual(graph.parents.get(SOURCE.unique_id), [SEED.unique_id]);
    assert.deepEqual(graph.children.get(SEED.unique_id), [SOURCE.unique_id]);
    const order = topologicalOrder(graph);
    assert.ok(order.indexOf(SEED.unique_id) < order.indexOf(SOURCE.unique_id));
    assert.ok(order.indexOf(SOURCE.unique_id) < order.indexOf(STG.unique_id));
  });

  it('dbt gets the producer as an extra parent of every reader (tests too) not already depending on it', () => {
    const already = node('model.shop.with_ref', { depends_on: { nodes: [SOURCE.unique_id, SEED.unique_id] } });
    const graph = graphOf(STG, SOURCE, SEED, TEST, already);
    const produced = linkProducedSources(graph);
    assert.deepEqual(producerParentsForDbt(graph, produced), {
      [STG.unique_id]: [SEED.unique_id],
      [TEST.unique_id]: [SEED.unique_id],
    });
  });
});
