// PR impact, the pure parts: the column diff, which relations are compared and counted, how the bridge's
// replies become the report, the deadline, downstream and exposures, file links, the markdown sections and
// the action inputs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTargets, impactTargets, modifiedIds, rowImpacts, schemaImpacts, withDeadline, type ImpactInput } from '../../src/impact/collect.js';
import { downstreamOf, fileUrl } from '../../src/impact/downstream.js';
import { diffColumns, hasChanges } from '../../src/impact/schema-diff.js';
import { parseImpactSettings } from '../../src/github/impact-settings.js';
import { impactBlocks, rowChange } from '../../src/report/impact-markdown.js';
import type { NodeOutcome } from '../../src/types.js';
import { graphOf, model, modelId } from '../helpers/nodes.js';

const col = (name: string, type: string) => ({ name, type });

describe('diffColumns', () => {
  it('finds added, removed and retyped columns, names case-insensitively', () => {
    const diff = diffColumns([col('ID', 'INTEGER'), col('status', 'VARCHAR'), col('old', 'DATE')], [col('id', 'INTEGER'), col('status', 'INTEGER'), col('status_code', 'VARCHAR')]);
    assert.deepEqual(diff.added, [col('status_code', 'VARCHAR')]);
    assert.deepEqual(diff.removed, [col('old', 'DATE')]);
    assert.deepEqual(diff.retyped, [{ name: 'status', from: 'VARCHAR', to: 'INTEGER' }]);
  });

  it('ignores case and spacing of types but not a length or precision change', () => {
    assert.equal(hasChanges(diffColumns([col('a', 'DECIMAL(18, 3)')], [col('a', 'decimal(18,3)')])), false);
    assert.deepEqual(diffColumns([col('a', 'character varying(10)')], [col('a', 'character varying(20)')]).retyped, [{ name: 'a', from: 'character varying(10)', to: 'character varying(20)' }]);
  });
});

function outcome(name: string, status = 'success', decision: NodeOutcome['decision'] = 'run'): NodeOutcome {
  return { uniqueId: modelId(name), resourceType: 'model', name, decision, reason: '', hash: 'h', attempts: 1, status };
}

function input(production: ImpactInput['production']): ImpactInput {
  const graph = graphOf(model('a'), model('b', { deps: [modelId('a')] }), model('c', { deps: [modelId('b')] }), model('e', { materialized: 'ephemeral' }));
  for (const n of graph.nodes.values()) n.schema = 'ci';
  return { nodes: graph.nodes, children: graph.children, hashed: [], outcomes: [outcome('a'), outcome('b'), outcome('c'), outcome('e'), outcome('x', 'error')], production };
}

const prodNodes = Object.fromEntries(['a', 'b', 'c'].map((n) => [modelId(n), { unique_id: modelId(n), resource_type: 'model', database: 'db', schema: 'main', alias: n, name: n, config: {} }]));

describe('impact targets', () => {
  it('compares every relation rebuilt with success against production\'s relation of the node, modified first', () => {
    const targets = impactTargets(input({ nodes: prodNodes }), new Set([modelId('b')]));
    assert.deepEqual(targets.map((t) => [t.name, t.modified, `${t.pr.schema}.${t.pr.identifier}`, t.production && `${t.production.schema}.${t.production.identifier}`]), [
      ['b', true, 'ci.b', 'main.b'],
      ['a', false, 'ci.a', 'main.a'],
      ['c', false, 'ci.c', 'main.c'],
    ]);
  });

  it('without production\'s orchestrator.json, the modified nodes are the roots of what ran', () => {
    assert.deepEqual([...modifiedIds({ ...input({ nodes: prodNodes }), outcomes: [outcome('a'), outcome('b'), outcome('c')] })], [modelId('a')]);
  });

  it('counts rows of the modified nodes and their direct children only', () => {
    const i = input({ nodes: prodNodes });
    const modified = new Set([modelId('a')]);
    assert.deepEqual(countTargets(impactTargets(i, modified), modified, i.children).map((t) => t.name), ['a', 'b']);
  });

  it('turns the catalog reply into changes, a new relation, or a reason', () => {
    const i = input({ nodes: { [modelId('a')]: prodNodes[modelId('a')]!, [modelId('b')]: prodNodes[modelId('b')]! } });
    const targets = impactTargets(i, new Set([modelId('a')]));
    const rel = (schema: string, identifier: string, columns: Array<{ name: string; type: string }> | null, error: string | null = null) => ({ database: 'db', schema, identifier, columns, error });
    const impacts = schemaImpacts(targets, {
      method: 'catalog',
      relations: [rel('ci', 'a', [col('id', 'INTEGER'), col('n', 'VARCHAR')]), rel('main', 'a', [col('id', 'INTEGER')]), rel('ci', 'b', null, 'permission denied'), rel('ci', 'c', [col('id', 'INTEGER')])],
    });
    assert.deepEqual(impacts.map((s) => [s.name, s.comparison.kind]), [['a', 'compared'], ['b', 'unavailable'], ['c', 'new']]);
    assert.deepEqual(impacts[0]!.comparison.kind === 'compared' && impacts[0]!.comparison.diff.added, [col('n', 'VARCHAR')]);
  });

  it('a count missing from the reply, or no reply at all, is timed out', () => {
    const targets = impactTargets(input({ nodes: prodNodes }), new Set([modelId('a')])).slice(0, 1);
    const answered = rowImpacts(targets, { relations: [{ database: 'db', schema: 'main', identifier: 'a', rows: 5 }, { database: 'db', schema: 'ci', identifier: 'a', timedOut: true }] });
    assert.deepEqual([answered[0]!.production, answered[0]!.pr], [{ kind: 'rows', rows: 5 }, { kind: 'timed-out' }]);
    assert.deepEqual(rowImpacts(targets, undefined)[0]!.pr, { kind: 'timed-out' });
  });
});

describe('withDeadline', () => {
  it('gives up on work that does not settle in time and says so once', async () => {
    let told = 0;
    const never = new Promise<number>(() => undefined);
    assert.equal(await withDeadline(never, 20, () => told++), undefined);
    assert.equal(told, 1);
    assert.equal(await withDeadline(Promise.resolve(7), 1000, () => told++), 7);
    assert.equal(told, 1);
  });
});

describe('downstream and links', () => {
  it('lists the rebuilt descendants and tests of the modified nodes and the exposures they reach', () => {
    const childMap = { 'model.p.a': ['model.p.b', 'test.p.t'], 'model.p.b': ['exposure.p.dash'], 'model.p.z': ['exposure.p.other'] };
    const run = [
      { uniqueId: 'model.p.a', name: 'a', resourceType: 'model', decision: 'run', status: 'success' },
      { uniqueId: 'model.p.b', name: 'b', resourceType: 'model', decision: 'run', status: 'success' },
      { uniqueId: 'test.p.t', name: 't', resourceType: 'test', decision: 'run', status: 'pass' },
      { uniqueId: 'model.p.z', name: 'z', resourceType: 'model', decision: 'run', status: 'success' },
    ];
    const d = downstreamOf(['model.p.a'], childMap, run, { 'exposure.p.dash': 'Dashboard' });
    assert.deepEqual(d.rebuilt.map((n) => n.name), ['b']);
    assert.equal(d.tests, 1);
    assert.deepEqual(d.exposures, [{ uniqueId: 'exposure.p.dash', name: 'Dashboard' }]);
  });

  it('links a project file at the head commit, never a package file or without a commit', () => {
    const ctx = { serverUrl: 'https://github.com', repository: 'o/r', headSha: 'a'.repeat(40), projectDir: 'dbt/my project', projectName: 'p' };
    assert.equal(fileUrl(ctx, { original_file_path: 'models/a.sql', package_name: 'p' }), `https://github.com/o/r/blob/${'a'.repeat(40)}/dbt/my%20project/models/a.sql`);
    assert.equal(fileUrl({ ...ctx, projectDir: '.' }, { original_file_path: 'models/a.sql', package_name: 'p' }), `https://github.com/o/r/blob/${'a'.repeat(40)}/models/a.sql`);
    assert.equal(fileUrl(ctx, { original_file_path: 'models/a.sql', package_name: 'dbt_utils' }), undefined);
    assert.equal(fileUrl({ ...ctx, headSha: undefined }, { original_file_path: 'models/a.sql', package_name: 'p' }), undefined);
  });
});

describe('impact markdown', () => {
  const view = {
    impact: {
      schema: {
        available: true as const,
        method: 'catalog' as const,
        nodes: [
          { uniqueId: 'model.p.a', name: 'a', relation: 'ci.a', productionRelation: 'main.a', modified: true, comparison: { kind: 'compared' as const, diff: { added: [col('n|x', 'VARCHAR')], removed: [], retyped: [{ name: 'id', from: 'INTEGER', to: 'BIGINT' }] } } },
          { uniqueId: 'model.p.b', name: 'b', relation: 'ci.b', modified: true, comparison: { kind: 'compared' as const, diff: { added: [], removed: [], retyped: [] } } },
          { uniqueId: 'model.p.c', name: 'c', relation: 'ci.c', modified: false, comparison: { kind: 'compared' as const, diff: { added: [], removed: [], retyped: [] } } },
        ],
      },
      rows: { available: true as const, timeoutSeconds: 30, nodes: [{ uniqueId: 'model.p.a', name: 'a', modified: true, production: { kind: 'rows' as const, rows: 200 }, pr: { kind: 'timed-out' as const } }] },
    },
    linkOf: (id: string) => (id === 'model.p.a' ? 'https://example.test/a.sql' : undefined),
    resourceTypeOf: () => 'model',
  };

  it('shows added and retyped columns in one row, escaped, with the node linked; unchanged modified nodes in one line', () => {
    const [schema] = impactBlocks(view);
    assert.match(schema!, /\| model \[`a`\]\(https:\/\/example\.test\/a\.sql\) \| ➕ added `n\\\|x` `VARCHAR`<br>🔁 `id` `INTEGER` → `BIGINT` \|/);
    assert.match(schema!, /No column changes: \[?`b`/);
    assert.doesNotMatch(schema!, /`c`/);
  });

  it('reports a timed-out count as timed out, and the change of two counts', () => {
    assert.match(impactBlocks(view)[1]!, /\| 200 \| ⏱️ timed out \(30 s\) \|/);
    assert.equal(rowChange({ production: { kind: 'rows', rows: 200 }, pr: { kind: 'rows', rows: 150 } }), '−50 (−25.0 %)');
    assert.equal(rowChange({ production: { kind: 'rows', rows: 3 }, pr: { kind: 'rows', rows: 3 } }), 'no change');
  });

  it('collapses the downstream nodes and names the exposures', () => {
    const blocks = impactBlocks({ downstream: { rebuilt: [{ uniqueId: 'model.p.b', name: 'b', resourceType: 'model', decision: 'run', status: 'success' }], tests: 2, exposures: [{ uniqueId: 'exposure.p.d', name: 'd' }] } });
    assert.match(blocks[0]!, /<details><summary>1 node rebuilt because of the change \(and 2 tests\)<\/summary>[\s\S]*model `b`[\s\S]*<\/details>\n\n📣 Exposures affected: `d`/);
  });
});

describe('impact inputs', () => {
  it('schema by default, rows on request, off, and a clear error otherwise', () => {
    assert.deepEqual(parseImpactSettings('', ''), { rows: false, timeoutSeconds: 120 });
    assert.deepEqual(parseImpactSettings('rows', '30'), { rows: true, timeoutSeconds: 30 });
    assert.equal(parseImpactSettings('off', ''), undefined);
    assert.throws(() => parseImpactSettings('counts', ''), /Input 'impact': 'counts' is not one of 'schema'/);
    assert.throws(() => parseImpactSettings('rows', '1m'), /Input 'impact-timeout'/);
  });
});
