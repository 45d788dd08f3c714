// Reasons: the difference between two hash records as sentences a person understands.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedInputs, describeChanges } from '../../src/plan/reasons.js';
import type { HashInput } from '../../src/types.js';

const nameOf = (id: string): string => id.split('.').pop()!;
const input = (key: string, digest = 'd1', value?: string): HashInput => (value === undefined ? { key, digest } : { key, digest, value });

/** The sentence for one input key that changed digest. */
function changed(key: string): string {
  return describeChanges([input(key, 'before')], [input(key, 'after')], nameOf);
}

describe('describeChanges', () => {
  it('names each kind of input in words', () => {
    const cases: Array<[string, string]> = [
      ['code', 'code changed'],
      ['config', 'config changed'],
      ['relation', 'target relation changed'],
      ['columns', 'columns or contract changed'],
      ['resource', 'node identity changed'],
      ['macro:macro.p.cents_to_dollars', 'macro `cents_to_dollars` changed'],
      ['upstream:model.p.stg_orders', 'upstream `stg_orders` changed'],
      ['var:start_date', 'var `start_date` changed'],
      ['vars:*', 'vars changed'],
      ['env:JAFFLE_REGION', 'env var `JAFFLE_REGION` changed'],
      ['target', 'target changed'],
      ['versions', 'dbt or adapter version changed'],
      ['project-env', 'env vars read by dbt_project.yml changed'],
      ['meta:tags', 'metadata changed (tags)'],
      ['event-time', 'event-time changed'],
    ];
    for (const [key, sentence] of cases) assert.equal(changed(key), sentence, key);
  });

  it('says a macro is now called or no longer called when the closure gains or loses it', () => {
    assert.equal(describeChanges([], [input('macro:macro.p.money')], nameOf), 'macro `money` now called');
    assert.equal(describeChanges([input('macro:macro.p.money')], [], nameOf), 'macro `money` no longer called');
  });

  it('says an upstream was added or removed', () => {
    assert.equal(describeChanges([], [input('upstream:model.p.a')], nameOf), 'upstream `a` added');
    assert.equal(describeChanges([input('upstream:model.p.a')], [], nameOf), 'upstream `a` removed');
  });

  it('shows both data states of a source whose data moved on', () => {
    const before = [input('data:source.p.raw.orders', 'x', 'max_loaded_at 2026-01-01T00:00:00Z')];
    const after = [input('data:source.p.raw.orders', 'y', 'max_loaded_at 2026-01-02T00:00:00Z')];
    assert.equal(describeChanges(before, after, nameOf), '`orders` max_loaded_at 2026-01-01T00:00:00Z → 2026-01-02T00:00:00Z');
  });

  it('says a source now has a data state when it had none', () => {
    assert.equal(describeChanges([], [input('data:source.p.raw.orders', 'y', 'max_loaded_at T')], nameOf), '`orders` data max_loaded_at T');
  });

  it('names the most specific cause first: code before the upstream it ripples through', () => {
    const before = [input('upstream:model.p.a', '1'), input('code', '1')];
    const after = [input('upstream:model.p.a', '2'), input('code', '2')];
    assert.equal(describeChanges(before, after, nameOf), 'code changed; upstream `a` changed');
  });

  it('shows at most three sentences and counts the rest', () => {
    const keys = ['code', 'config', 'var:a', 'var:b', 'env:E'];
    const text = describeChanges(keys.map((k) => input(k, '1')), keys.map((k) => input(k, '2')), nameOf);
    assert.equal(text, 'code changed; config changed; var `a` changed (+2 more)');
    assert.equal(describeChanges(keys.map((k) => input(k, '1')), keys.map((k) => input(k, '2')), nameOf, 5).includes('(+'), false);
  });

  it('says one sentence once, however many keys give it', () => {
    const before = [input('vars:*', '1'), input('vars:x', '1')];
    const after = [input('vars:*', '2'), input('vars:x', '2')];
    assert.equal(describeChanges(before, after, nameOf), 'vars changed');
  });

  it('falls back to "inputs changed" when the records are equal (only the scheme moved)', () => {
    assert.equal(describeChanges([input('code')], [input('code')], nameOf), 'inputs changed');
  });
});

describe('changedInputs', () => {
  it('lists changed, added and removed keys, the value alone not counting', () => {
    const before = [input('code', '1'), input('var:gone', '1'), input('data:s', 'd', 'old text')];
    const after = [input('code', '2'), input('env:NEW', '1'), input('data:s', 'd', 'new text')];
    assert.deepEqual(changedInputs(before, after), [
      { key: 'code', change: 'changed' },
      { key: 'var:gone', change: 'removed' },
      { key: 'env:NEW', change: 'added' },
    ]);
  });

  it('orders keys of the same kind by name, and unknown kinds last', () => {
    const after = [input('zzz'), input('var:b'), input('var:a')];
    assert.deepEqual(changedInputs([], after).map((c) => c.key), ['var:a', 'var:b', 'zzz']);
  });
});
