// The pure parts of sharding (issue 14): plan.json parsed at the door, --shard/--shards checked, the order
// a sharded run keeps (edges through reused nodes), the wait rules over the status table, shard.json parsed at
// the door, and the merge of shard results into one outcome per planned node.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import type { ManifestNode } from '../../src/dbt/manifest.js';
import { buildGraph } from '../../src/graph/graph.js';
import { runSetParents } from '../../src/shard/edges.js';
import { runMerge } from '../../src/shard/merge.js';
import { mergeOutcomes, missingShards, type ShardInput } from '../../src/shard/merge-outcomes.js';
import { parsePlanFile, parseShardArg, parseShardCount, planFileText, refuseSingleWriter, type ShardPlanFile } from '../../src/shard/plan-file.js';
import { parseShardResultFile, SHARD_RESULT_KIND, type ShardResultFile } from '../../src/shard/shard-file.js';
import { buildShardPlan } from '../../src/shard/plan.js';
import type { ShardFacts } from '../../src/shard/facts.js';
import { HeartbeatWatch, readiness } from '../../src/shard/status.js';
import type { NodeOutcome, StoredResult } from '../../src/types.js';

function node(id: string, type: string, parents: string[] = []): ManifestNode {
  return { unique_id: id, resource_type: type, name: id.split('.').pop()!, package_name: 'p', depends_on: { nodes: parents }, config: { materialized: 'table' } } as unknown as ManifestNode;
}

// a -> a_test; a -> b (reused) -> c; a -> d; x (independent)
const graph = buildGraph(
  new Map(
    [node('model.p.a', 'model'), node('test.p.a_test', 'test', ['model.p.a']), node('model.p.b', 'model', ['model.p.a']), node('model.p.c', 'model', ['model.p.b']), node('model.p.d', 'model', ['model.p.a']), node('model.p.x', 'model')].map((n) => [n.unique_id, n]),
  ),
);
const RUN = ['model.p.a', 'test.p.a_test', 'model.p.c', 'model.p.d', 'model.p.x'];

function planInput(g: typeof graph) {
  const facts: ShardFacts = {
    graph: g,
    target: { profileName: 'p', targetName: 'ci', adapterType: 'postgres', database: 'db', schema: 'main', threads: 1 },
    projectName: 'p',
    dbtVersion: '1.10.0',
    codeHashes: new Map([...g.nodes.keys()].map((id) => [id, `code-${id}`])),
    lastSeconds: new Map([['model.p.a', 30]]),
    slots: new Map([...g.nodes.keys()].map((id) => [id, `slot-${id}`])),
  };
  const plan = [...g.nodes.keys()].map((id) => ({ uniqueId: id, name: id.split('.').pop()!, resourceType: g.nodes.get(id)!.resource_type, decision: id === 'model.p.b' ? 'reuse' : 'run', reason: 'r', hash: `hash-${id}` }));
  return { plan, facts, shards: 2, threads: 1, runId: '0123abcd-0000-4000-8000-000000000000', now: new Date('2026-12-01T00:00:00Z'), command: 'build', select: [], exclude: [], fullRefresh: false };
}

function planFor(shards = 2): ShardPlanFile {
  return buildShardPlan({ ...planInput(graph), shards });
}

describe('the order a sharded run keeps', () => {
  it('a run node waits for the run nodes that gate it, through reused nodes, and for the data tests of its parents', () => {
    const parents = runSetParents(graph, RUN);
    assert.deepEqual(parents.get('model.p.c'), ['model.p.a', 'test.p.a_test']);
    assert.deepEqual(parents.get('model.p.d'), ['model.p.a', 'test.p.a_test']);
    assert.deepEqual(parents.get('test.p.a_test'), ['model.p.a']);
    assert.deepEqual(parents.get('model.p.x'), []);
  });

  // jaffle_shop's shape: customers reads orders, a relationships test reads both, a unit test tests customers.
  const shop = buildGraph(
    new Map(
      [
        node('model.p.orders', 'model'),
        node('model.p.customers', 'model', ['model.p.orders']),
        node('test.p.rel', 'test', ['model.p.customers', 'model.p.orders']),
        node('unit_test.p.customers.ut', 'unit_test', ['model.p.customers']),
        node('model.p.report', 'model', ['model.p.customers']),
      ].map((n) => [n.unique_id, n]),
    ),
  );

  it('a test on several nodes gates only what descends from all of them, and a unit test runs before its model: no cycle', () => {
    const parents = runSetParents(shop, [...shop.nodes.keys()]);
    assert.deepEqual(parents.get('model.p.customers'), ['model.p.orders', 'unit_test.p.customers.ut']);
    assert.deepEqual(parents.get('unit_test.p.customers.ut'), ['model.p.orders']);
    assert.deepEqual(parents.get('test.p.rel'), ['model.p.customers', 'model.p.orders']);
    assert.deepEqual(parents.get('model.p.report'), ['model.p.customers', 'test.p.rel']);
    // The cut needs an acyclic order: planning all of it succeeds.
    assert.doesNotThrow(() => buildShardPlan({ ...planInput(shop), shards: 2 }));
  });
});

describe('plan.json at the door', () => {
  it('a plan written by buildShardPlan parses back; its matrix is usable as strategy.matrix', () => {
    const plan = planFor(2);
    const parsed = parsePlanFile(JSON.stringify(plan), 'plan.json');
    assert.deepEqual(parsed.matrix, { include: [{ shard: '1/2', index: 1, name: 'shard-1-of-2' }, { shard: '2/2', index: 2, name: 'shard-2-of-2' }] });
    assert.deepEqual(parsed.shardPlans.flatMap((s) => s.nodes).sort(), RUN.slice().sort());
    assert.equal(parsed.nodes.find((n) => n.uniqueId === 'model.p.b')?.shard, null);
    assert.equal(parsed.nodes.find((n) => n.uniqueId === 'model.p.a')?.codeHash, 'code-model.p.a');
  });

  const broken: Array<[string, (p: Record<string, unknown>) => unknown, RegExp]> = [
    ['not JSON', () => undefined, /not JSON/],
    ['another kind of file', (p) => ({ ...p, kind: 'x' }), /not a dbt-orchestrator shard plan/],
    ['a newer format', (p) => ({ ...p, format: 2 }), /plan format 2 is not supported/],
    ['a node in two shards', (p) => ({ ...p, shardPlans: (p.shardPlans as Array<{ nodes: string[] }>).map((s) => ({ ...s, nodes: [...s.nodes, 'model.p.x'] })) }), /model\.p\.x is (in shards 1 and 2|listed twice in shard 1)/],
    ['a shard count that does not match the shard list', (p) => ({ ...p, shards: 3 }), /"shardPlans" must list 3 shards|without a shard from 1 to 3/],
  ];
  for (const [what, edit, message] of broken) {
    it(`refuses ${what} with an InputError naming --plan and how to write one`, () => {
      const value = edit(planFor(2) as unknown as Record<string, unknown>);
      const text = value === undefined ? '{nope' : JSON.stringify(value);
      assert.throws(() => parsePlanFile(text, 'plan.json'), (e: unknown) => e instanceof InputError && message.test(e.message) && /--plan: plan\.json: /.test(e.message) && /plan --shards N --json/.test(e.message));
    });
  }

  it('--shard I/N must be in range and match the plan; --shards is 1..256', () => {
    assert.deepEqual(parseShardArg('2/3'), { index: 2, shards: 3 });
    assert.throws(() => parseShardArg('0/3'), /shard 0 is out of range/);
    assert.throws(() => parseShardArg('4/3'), /shard 4 is out of range: shards are numbered 1 to 3/);
    assert.throws(() => parseShardArg('two'), /expected I\/N/);
    assert.throws(() => parseShardArg('1/2', { shards: 3 }), /cuts the build into 3 shards, not 2/);
    assert.equal(parseShardCount('256'), 256);
    assert.throws(() => parseShardCount('257'), /at most 256 jobs/);
    assert.throws(() => parseShardCount('0'), /from 1 to 256/);
  });

  it('DuckDB is refused for sharding, naming why; PostgreSQL is not', () => {
    assert.throws(() => refuseSingleWriter('duckdb', '--shards'), /--shards: .*one file that allows one writer at a time/);
    assert.doesNotThrow(() => refuseSingleWriter('postgres', '--shards'));
  });
});

describe('waiting across shards', () => {
  const remote = (status?: string, rootCause?: string) => ({ id: 'model.p.a', local: false, shard: 2, status, rootCause });
  it('a node is ready when every parent succeeded, or runs in the same batch', () => {
    assert.deepEqual(readiness([remote('success'), { id: 'l', local: true, shard: 1, inBatch: true }], () => undefined), { kind: 'ready' });
  });
  it('a failed parent skips the node naming it; a skipped parent passes on the node it was skipped for', () => {
    assert.deepEqual(readiness([remote('error')], () => undefined), { kind: 'skip', because: 'model.p.a', shard: 2 });
    assert.deepEqual(readiness([remote('skipped', 'model.p.root')], () => undefined), { kind: 'skip', because: 'model.p.root', shard: 2 });
  });
  it('a parent not yet finished is waited for while its shard beats, and given up when its shard is gone', () => {
    assert.deepEqual(readiness([remote()], () => undefined), { kind: 'wait' });
    assert.deepEqual(readiness([remote()], () => 'shard 2 stopped reporting'), { kind: 'give-up', parent: 'model.p.a', why: 'shard 2 stopped reporting' });
  });
  it('a heartbeat is stale when its counter stops moving, whatever the clocks say', () => {
    const watch = new HeartbeatWatch(0);
    const beat = (n: number) => [{ uniqueId: 'shard:2', shard: '2', status: 'heartbeat', message: String(n) }];
    watch.observe(beat(1), 0);
    watch.observe(beat(2), 5_000);
    assert.equal(watch.problem(2, 10_000, 10_000, 60_000), undefined);
    watch.observe(beat(2), 20_000);
    assert.match(watch.problem(2, 20_000, 10_000, 60_000) ?? '', /shard 2 stopped reporting \(no heartbeat for 15s/);
    assert.equal(watch.problem(3, 30_000, 10_000, 60_000), undefined);
    assert.match(watch.problem(3, 61_000, 10_000, 60_000) ?? '', /shard 3 never started/);
    watch.observe([{ uniqueId: 'shard:2', shard: '2', status: 'finished', message: '9' }], 21_000);
    assert.match(watch.problem(2, 21_000, 10_000, 60_000) ?? '', /shard 2 finished without a result/);
  });
});

describe('the merge of shard results', () => {
  const plan = planFor(2);
  const shardOf = (id: string) => plan.nodes.find((n) => n.uniqueId === id)!.shard!;
  const outcome = (id: string, status: string): NodeOutcome => ({ uniqueId: id, resourceType: 'model', name: id, decision: 'run', reason: 'r', hash: `hash-${id}`, attempts: 1, status });
  const stored = (id: string): StoredResult => ({ hash: `hash-${id}`, uniqueId: id, status: 'success', slot: `slot-${id}`, relationName: null, inputs: [], result: { unique_id: id, status: 'success', timing: [], thread_id: 't', execution_time: 1, adapter_response: {}, message: null, failures: null, compiled: null, compiled_code: null, relation_name: null }, recordedAt: 'now', runId: plan.runId });

  it('one outcome per selected node, in plan order: reused from the plan, run nodes from their shard', () => {
    const inputs = new Map([1, 2].map((s) => [s, { outcomes: RUN.filter((id) => shardOf(id) === s).map((id) => outcome(id, 'success')), stored: [] }]));
    const merged = mergeOutcomes(plan, inputs, new Map());
    assert.deepEqual(merged.map((o) => o.uniqueId), plan.nodes.map((n) => n.uniqueId));
    assert.equal(merged.find((o) => o.uniqueId === 'model.p.b')?.status, 'reused');
    assert.ok(merged.filter((o) => o.uniqueId !== 'model.p.b').every((o) => o.status === 'success'));
  });

  it('a shard that left nothing: its nodes are not-run, named as such; a killed shard still counts what its store holds', () => {
    const lost = plan.shardPlans.find((s) => s.nodes.length > 1)!;
    const other = lost.index === 1 ? 2 : 1;
    const inputs = new Map<number, ShardInput>([[other, { outcomes: RUN.filter((id) => shardOf(id) === other).map((id) => outcome(id, 'success')), stored: [] }]]);
    assert.deepEqual(missingShards(plan, inputs), [lost.index]);
    const none = mergeOutcomes(plan, inputs, new Map());
    for (const id of lost.nodes) {
      const o = none.find((x) => x.uniqueId === id)!;
      assert.equal(o.status, 'not-run');
      assert.match(o.result?.message ?? '', new RegExp(`not run: shard ${lost.index} of 2 reported no result \\(cancelled or crashed\\)`));
    }
    inputs.set(lost.index, { stored: [stored(lost.nodes[0]!)] });
    const partial = mergeOutcomes(plan, inputs, new Map());
    assert.equal(partial.find((o) => o.uniqueId === lost.nodes[0])?.status, 'success');
    assert.equal(partial.find((o) => o.uniqueId === lost.nodes[1])?.status, 'not-run');
  });
});

describe('shard.json at the door', () => {
  const plan = planFor(2);
  const outcome = (id: string): NodeOutcome => ({ uniqueId: id, resourceType: 'model', name: id, decision: 'run', reason: 'r', hash: `hash-${id}`, attempts: 1, status: 'success' });
  const file = (outcomes: unknown[]): ShardResultFile =>
    ({ kind: SHARD_RESULT_KIND, format: 1, runId: plan.runId, shard: 1, shards: 2, attemptId: 'a', startedAt: '2026-12-01T00:00:00Z', finishedAt: '2026-12-01T00:01:00Z', exitCode: 0, outcomes }) as ShardResultFile;

  it('a shard result as run-shard writes it parses to the same value', () => {
    const value = file(plan.shardPlans[0]!.nodes.map(outcome));
    assert.deepEqual(parseShardResultFile(value, 'shard.json'), { ok: true, value });
  });

  it('an outcome the reports could not read is a reason naming the outcome and the field', () => {
    const { status: _status, ...noStatus } = outcome('model.p.a');
    const reason = (value: unknown): string => {
      const parsed = parseShardResultFile(value, 'shard.json');
      assert.equal(parsed.ok, false);
      return (parsed as { reason: string }).reason;
    };
    assert.equal(reason(file([noStatus])), 'shard.json is not a shard result of dbt-orchestrator (outcomes[0] has no "status" string)');
    assert.match(reason(file([{ ...outcome('model.p.a'), result: { unique_id: 'model.p.a', status: 'success' } }])), /outcomes\[0\] result: field "timing" is not an array/);
    assert.match(reason({ ...file([]), kind: 'x' }), /no "kind": "dbt-orchestrator-shard-result"/);
    assert.match(reason({ ...file([]), finishedAt: 5 }), /no "finishedAt" string/);
  });

  it('the merge refuses a malformed shard.json as bad input (exit 2) before writing anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-door-'));
    writeFileSync(join(root, 'plan.json'), planFileText(plan));
    const shardDir = join(root, 'shard-1-of-2');
    mkdirSync(shardDir);
    writeFileSync(join(shardDir, 'shard.json'), JSON.stringify(file([{ uniqueId: 'model.p.a' }])));
    const lines: string[] = [];
    const result = await runMerge(
      { planPath: join(root, 'plan.json'), shardDirs: [shardDir], storeDir: join(root, 'store'), outDir: join(root, 'out') },
      { output: { line: (l) => lines.push(l), warn: (l) => lines.push(l) }, now: () => new Date(), env: {}, cwd: root },
    );
    assert.equal(result.exitCode, 2);
    assert.equal(result.error, `merge: ${join(shardDir, 'shard.json')} is not a shard result of dbt-orchestrator (outcomes[0] has no "resourceType" string)`);
    assert.equal(result.report, undefined);
    assert.deepEqual(lines, []);
    assert.equal(existsSync(join(root, 'out')), false);
    assert.equal(existsSync(join(root, 'store')), false);
  });
});
