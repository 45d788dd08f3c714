import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { LocalStore, defaultStoreDir, openLocalStore, slotFileStem } from '../src/store/local.js';
import type { StoredResult } from '../src/types.js';

const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dbt-orch-store-'));
  roots.push(root);
  return root;
}

/** A store in a fresh temp dir whose warnings are collected instead of printed. */
async function newStore(): Promise<{ store: LocalStore; dir: string; warnings: string[] }> {
  const dir = join(await tempRoot(), '.dbt-orchestrator');
  const warnings: string[] = [];
  const store = await openLocalStore(dir, { warn: (message) => warnings.push(message) });
  return { store, dir, warnings };
}

function hashOf(n: number): string {
  return `${n.toString(16).padStart(2, '0')}${'a'.repeat(62)}`;
}

function makeResult(n: number, overrides: Partial<StoredResult> = {}): StoredResult {
  const uniqueId = `model.shop.m${n}`;
  return {
    hash: hashOf(n),
    uniqueId,
    status: 'success',
    slot: `"db"."main"."m${n}"`,
    relationName: `"db"."main"."m${n}"`,
    inputs: [{ key: 'code', digest: `d${n}` }],
    result: {
      unique_id: uniqueId,
      status: 'success',
      timing: [{ name: 'execute', started_at: '2025-01-01T00:00:00Z', completed_at: '2025-01-01T00:00:01Z' }],
      thread_id: 'Thread-1',
      execution_time: 1.5,
      adapter_response: { _message: 'OK' },
      message: 'OK',
      failures: null,
    },
    recordedAt: '2025-01-01T00:00:02Z',
    runId: 'run-1',
    ...overrides,
  };
}

/** Every file under `dir`, relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const paths = await readdir(dir, { recursive: true });
  const isFile = await Promise.all(paths.map(async (path) => (await stat(join(dir, path))).isFile()));
  return paths.filter((_, index) => isFile[index]).sort();
}

describe('LocalStore', () => {
  it('defaults to <project>/.dbt-orchestrator', () => {
    assert.equal(defaultStoreDir('/p'), join('/p', '.dbt-orchestrator'));
  });

  it('round-trips a recorded result and its slot', async () => {
    const { store, dir, warnings } = await newStore();
    const result = makeResult(1);
    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(await store.getSlot(result.slot), undefined);

    await store.record(result);

    assert.deepEqual(await store.getResult(result.hash), result);
    assert.deepEqual(await store.getSlot(result.slot), {
      slot: result.slot,
      hash: result.hash,
      uniqueId: result.uniqueId,
      recordedAt: result.recordedAt,
      runId: result.runId,
    });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'store.json'), 'utf8')), { format: 1 });
    assert.deepEqual(await listFiles(dir), [
      join('results', result.hash.slice(0, 2), `${result.hash}.json`),
      join('slots', `${slotFileStem(result.slot)}.json`),
      'store.json',
    ]);
    // A second instance (a later run) reads the same data.
    assert.deepEqual(await new LocalStore(dir).getResult(result.hash), result);
    assert.deepEqual(warnings, []);
  });

  it('writes pretty JSON with a trailing newline and leaves no temp files', async () => {
    const { store, dir } = await newStore();
    for (let n = 0; n < 5; n++) await store.record(makeResult(n));
    const files = await listFiles(dir);
    assert.equal(files.filter((file) => file.endsWith('.tmp')).length, 0, files.join('\n'));
    assert.equal(files.length, 5 + 5 + 1);
    const text = await readFile(join(dir, files[0]), 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.includes('\n  "hash": '));
  });

  it('keeps results immutable: re-recording a hash keeps the first result but moves the slot', async () => {
    const { store } = await newStore();
    const first = makeResult(1);
    const again = makeResult(1, { runId: 'run-2', recordedAt: '2025-02-01T00:00:00Z' });
    await store.record(first);
    await store.record(again);
    assert.equal((await store.getResult(first.hash))?.runId, 'run-1');
    assert.equal((await store.getSlot(first.slot))?.runId, 'run-2');
  });

  it('treats a result file with invalid JSON as absent, with one warning naming the file', async () => {
    const { store, warnings } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await writeFile(store.resultPath(result.hash), '{"hash": ', 'utf8');

    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /invalid JSON/);
    assert.ok(warnings[0].includes(store.resultPath(result.hash)));
  });

  it('treats a result file with the wrong shape as absent', async () => {
    const { store, warnings } = await newStore();
    const result = makeResult(1);
    await mkdir(join(store.resultPath(result.hash), '..'), { recursive: true });
    await writeFile(store.resultPath(result.hash), JSON.stringify({ ...result, inputs: 'nope' }), 'utf8');
    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /inputs/);
  });

  it('treats a result whose hash differs from its file name as absent', async () => {
    const { store, warnings } = await newStore();
    const result = makeResult(1);
    const other = makeResult(2);
    await store.record(result);
    // A valid result, but filed under the wrong hash (copied by hand, or a bug elsewhere).
    await writeFile(store.resultPath(result.hash), JSON.stringify(other), 'utf8');

    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /holds hash/);
  });

  it('overwrites a corrupt result file when the hash is recorded again', async () => {
    const { store } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await writeFile(store.resultPath(result.hash), 'garbage', 'utf8');
    await store.record(result);
    assert.deepEqual(await store.getResult(result.hash), result);
  });

  it('treats a corrupt slot file as absent, with one warning', async () => {
    const { store, warnings } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await writeFile(store.slotPath(result.slot), JSON.stringify({ slot: result.slot, hash: 42 }), 'utf8');

    assert.equal(await store.getSlot(result.slot), undefined);
    assert.equal(await store.getSlot(result.slot), undefined);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /"hash" is not a string/);
    assert.ok(warnings[0].includes(store.slotPath(result.slot)));
  });

  it('treats a slot file holding another slot key as absent', async () => {
    const { store, warnings } = await newStore();
    const a = makeResult(1);
    const b = makeResult(2);
    await store.record(a);
    await store.record(b);
    await writeFile(store.slotPath(a.slot), await readFile(store.slotPath(b.slot)));
    assert.equal(await store.getSlot(a.slot), undefined);
    assert.equal(warnings.length, 1);
  });

  it('clears a slot and keeps the result', async () => {
    const { store } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await store.clearSlot(result.slot);
    assert.equal(await store.getSlot(result.slot), undefined);
    assert.deepEqual(await store.getResult(result.hash), result);
    // Clearing an empty slot is a no-op.
    await store.clearSlot(result.slot);
    await store.clearSlot('"db"."main"."never_recorded"');
  });

  it('reads nothing (one warning) and refuses to write when the store dir is a file', async () => {
    const file = join(await tempRoot(), 'not-a-dir');
    await writeFile(file, 'hello', 'utf8');
    const warnings: string[] = [];
    const store = await openLocalStore(file, { warn: (message) => warnings.push(message) });
    const result = makeResult(1);

    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(await store.getSlot(result.slot), undefined);
    assert.deepEqual(await store.prune(), { removedResults: 0, removedSlots: 0, removedTempFiles: 0 });
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /not a directory/);

    await assert.rejects(store.record(result), /not a directory/);
    assert.equal(await readFile(file, 'utf8'), 'hello');
  });

  it('never throws on reads from an unreadable store (a new LocalStore on a file path)', async () => {
    const file = join(await tempRoot(), 'file');
    await writeFile(file, '', 'utf8');
    const warnings: string[] = [];
    const store = new LocalStore(file, { warn: (message) => warnings.push(message) });
    assert.equal(await store.getResult(hashOf(1)), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /not a directory/);
  });

  const isRoot = process.getuid?.() === 0;
  it('treats an unreadable result file as absent, with a warning', { skip: isRoot && 'root reads anything' }, async () => {
    const { store, warnings } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await chmod(store.resultPath(result.hash), 0o000);
    assert.equal(await store.getResult(result.hash), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cannot read/);
  });

  it('ignores a store written in another format and refuses to write into it', async () => {
    const { dir, warnings } = await newStore();
    const seeded = new LocalStore(dir);
    await seeded.record(makeResult(1));
    await writeFile(join(dir, 'store.json'), JSON.stringify({ format: 2 }), 'utf8');

    const store = new LocalStore(dir, { warn: (message) => warnings.push(message) });
    assert.equal(await store.getResult(hashOf(1)), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /format 2/);
    await assert.rejects(store.record(makeResult(2)), /another store format/);
  });

  it('rejects recording an invalid result (a programming error, not a cache problem)', async () => {
    const { store } = await newStore();
    await assert.rejects(store.record({ ...makeResult(1), hash: '../../etc' }), /malformed hash/);
    await assert.rejects(store.record({ ...makeResult(1), result: null as never }), /invalid result/);
  });

  it('lands all of 50 concurrent record() calls', async () => {
    const { store, dir, warnings } = await newStore();
    const results = Array.from({ length: 50 }, (_, n) => makeResult(n));
    await Promise.all(results.map((result) => store.record(result)));

    for (const result of results) {
      assert.deepEqual(await store.getResult(result.hash), result);
      assert.equal((await store.getSlot(result.slot))?.hash, result.hash);
    }
    const files = await listFiles(dir);
    assert.equal(files.length, 50 + 50 + 1);
    assert.deepEqual(warnings, []);
  });

  it('prunes results no slot references, keeping keepHashes', async () => {
    const { store, dir } = await newStore();
    const live = makeResult(1);
    const kept = makeResult(2);
    const dead = makeResult(3);
    const cleared = makeResult(4);
    for (const result of [live, kept, dead, cleared]) await store.record(result);
    // `dead`'s slot now holds another hash; `cleared`'s slot holds nothing.
    await store.record(makeResult(5, { slot: dead.slot }));
    await store.clearSlot(cleared.slot);

    const summary = await store.prune({ keepHashes: [kept.hash] });

    assert.equal(summary.removedResults, 2);
    assert.equal((await store.getResult(live.hash))?.hash, live.hash);
    assert.equal((await store.getResult(kept.hash))?.hash, kept.hash);
    assert.equal((await store.getResult(hashOf(5)))?.hash, hashOf(5));
    assert.equal(await store.getResult(dead.hash), undefined);
    assert.equal(await store.getResult(cleared.hash), undefined);
    // Only the shards still holding results remain.
    const shards = await readdir(join(dir, 'results'));
    assert.deepEqual(shards.sort(), [...new Set([live, kept, makeResult(5)].map((r) => r.hash.slice(0, 2)))].sort());
  });

  it('prune removes corrupt files and stale temp files, but not fresh temp files', async () => {
    const { store, dir } = await newStore();
    const result = makeResult(1);
    await store.record(result);
    await writeFile(store.resultPath(result.hash), 'corrupt', 'utf8');
    const stale = join(dir, 'slots', '.x.json.1.abc.tmp');
    const fresh = join(dir, 'slots', '.y.json.1.def.tmp');
    await writeFile(stale, '{}', 'utf8');
    await writeFile(fresh, '{}', 'utf8');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(stale, old, old);

    const summary = await store.prune();
    assert.deepEqual(summary, { removedResults: 1, removedSlots: 0, removedTempFiles: 1 });
    await assert.rejects(stat(stale));
    await stat(fresh);
  });
});
