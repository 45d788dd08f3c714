// Reuse after comment/whitespace-only edits, the orchestration (plan/code-equivalence.ts), pure: hashing, the
// store and dbt's compile are given as functions over a two-node graph parent → child. The real-dbt behaviour
// is specified in test/code-equivalence.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EffectiveHash } from '../../src/hash/link.js';
import { EQUIVALENT_REASON, hashWithEquivalence, type EquivalenceDeps } from '../../src/plan/code-equivalence.js';
import type { NodeHash, SlotState, StoredResult } from '../../src/types.js';
import { dbtResult, model, modelId } from '../helpers/nodes.js';

const P = modelId('parent');
const C = modelId('child');

function slot(id: string, hash: string): SlotState {
  return { slot: id, hash, uniqueId: id, recordedAt: '2026-06-01T10:00:00Z', runId: 'run-1', codeHash: `code-${hash}` };
}

function record(id: string, hash: string, equivalence: string, compiledDigest = 'sql-1', extra: Partial<StoredResult> = {}): StoredResult {
  return { hash, uniqueId: id, status: 'success', slot: id, relationName: id, inputs: [], result: dbtResult(id, 'success'), recordedAt: '2026-06-01T10:00:00Z', runId: 'run-1', equivalence, compiledDigest, ...extra };
}

interface World {
  /** The parent's hash now, and its equivalence digest. */
  parent: { hash: string; equivalence: string };
  store: StoredResult[];
  compiledSql: Record<string, string>;
}

/** The child's code is unchanged: its hash is a function of what it sees of the parent. */
function deps(world: World, calls: { hash: number; compiled: string[][] }): EquivalenceDeps {
  const slots = new Map([
    [P, slot(P, 'p-old')],
    [C, slot(C, 'c-of-p-old')],
  ]);
  return {
    executable: new Set([P, C]),
    nodeOf: (id) => model(id.split('.').pop()!),
    slotState: (id) => slots.get(id),
    relationExists: () => true,
    hash(effective: (id: string, hash: NodeHash) => EffectiveHash | undefined): Map<string, NodeHash> {
      calls.hash += 1;
      const parent: NodeHash = { uniqueId: P, hash: world.parent.hash, codeHash: `code-${world.parent.hash}`, inputs: [], equivalence: world.parent.equivalence };
      const seen = effective(P, parent)?.hash ?? parent.hash;
      const child: NodeHash = { uniqueId: C, hash: `c-of-${seen}`, codeHash: `code-c-of-${seen}`, inputs: [], equivalence: `ce-of-${seen}` };
      effective(C, child);
      return new Map([
        [P, parent],
        [C, child],
      ]);
    },
    getResult: async (hash) => world.store.find((r) => r.hash === hash),
    compile: async (ids) => {
      calls.compiled.push(ids);
      return new Map(ids.map((id) => [id, world.compiledSql[id] ?? null]));
    },
    compiledDigest: (sql) => sql ?? undefined,
    warn: () => undefined,
  };
}

const BUILT = [record(P, 'p-old', 'pe'), record(C, 'c-of-p-old', 'ce-of-p-old')];

describe('comment/whitespace-only edits: which nodes are compiled and reused', () => {
  it('nothing changed: one hashing, no store read, no compile', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    let reads = 0;
    const d = deps({ parent: { hash: 'p-old', equivalence: 'pe' }, store: BUILT, compiledSql: {} }, calls);
    const result = await hashWithEquivalence({ ...d, getResult: async (h) => (reads++, d.getResult(h)) });
    assert.deepEqual([calls.hash, calls.compiled.length, reads, result.reused.size], [1, 0, 0, 0]);
  });

  it('a real code change (other equivalence digest) compiles nothing and reuses nothing', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe-other' }, store: BUILT, compiledSql: {} }, calls));
    assert.equal(calls.compiled.length, 0);
    assert.equal(result.reused.size, 0);
    assert.equal(result.hashes.get(C)!.hash, 'c-of-p-new', 'the child sees the new parent: it rebuilds');
  });

  it('same normal form and same compiled SQL: the parent is reused and its child sees the build its relation holds', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store: BUILT, compiledSql: { [P]: 'sql-1' } }, calls));
    assert.deepEqual(calls.compiled, [[P]], 'only the edited node is compiled, once');
    assert.deepEqual([...result.reused], [[P, EQUIVALENT_REASON]]);
    assert.equal(result.hashes.get(C)!.hash, 'c-of-p-old', 'the child is unchanged');
    assert.deepEqual(
      result.records.map((r) => [r.uniqueId, r.hash, r.equivalentOf]),
      [[P, 'p-new', 'p-old']],
    );
  });

  it('same normal form but other compiled SQL: rebuilt, and so is its child', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store: BUILT, compiledSql: { [P]: 'sql-2' } }, calls));
    assert.equal(result.reused.size, 0);
    assert.equal(result.hashes.get(C)!.hash, 'c-of-p-new');
    assert.deepEqual(result.records, []);
  });

  it('a node that does not compile is not reused', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store: BUILT, compiledSql: {} }, calls));
    assert.equal(result.reused.size, 0);
  });

  it('a compile request that fails as a whole: warned, nothing reused', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const warnings: string[] = [];
    const d = deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store: BUILT, compiledSql: { [P]: 'sql-1' } }, calls);
    const result = await hashWithEquivalence({ ...d, compile: async () => Promise.reject(new Error('dbt died')), warn: (m) => warnings.push(m) });
    assert.equal(result.reused.size, 0);
    assert.match(warnings.join('\n'), /could not compile 1 node\(s\).*dbt died.*they rebuild/);
  });

  it('a record without digests (written before this feature) is no candidate', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const old = [{ ...BUILT[0]!, equivalence: undefined, compiledDigest: undefined }, BUILT[1]!];
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store: old, compiledSql: { [P]: 'sql-1' } }, calls));
    assert.deepEqual([calls.compiled.length, result.reused.size], [0, 0]);
  });

  it('checked before for exactly these inputs: reused without compiling', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const store = [...BUILT, record(P, 'p-new', 'pe', 'sql-1', { equivalentOf: 'p-old' })];
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store, compiledSql: {} }, calls));
    assert.deepEqual(calls.compiled, []);
    assert.deepEqual([...result.reused.keys()], [P]);
    assert.deepEqual(result.records, [], 'nothing new to record');
  });

  it('a check recorded against another build does not count', async () => {
    const calls = { hash: 0, compiled: [] as string[][] };
    const store = [...BUILT, record(P, 'p-new', 'pe', 'sql-1', { equivalentOf: 'p-older' })];
    const result = await hashWithEquivalence(deps({ parent: { hash: 'p-new', equivalence: 'pe' }, store, compiledSql: { [P]: 'sql-2' } }, calls));
    assert.deepEqual(calls.compiled, [[P]]);
    assert.equal(result.reused.size, 0);
  });
});
